#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (e): the flashable payload, no disk, kexboot.url naming an iPXE
# script over HTTP (nginx on 127.0.0.1 through guestfwd, restrict=on:
# tests/qemu/netboot-lib.sh). boot.ipxe `set`s settings and `chain`s
# menu.ipxe (a relative URL); menu.ipxe offers a `menu` of three `item`s
# and two gaps, the second `item --default`, `choose --timeout 90000`.
# kexboot lists the three items as entries with the default selected
# (kexboot.timeout=30: the menu's countdown is fixed when it opens, before
# the network's entries arrive, so the script's timeout does not reach it); the case types Down, Enter and
# the third item boots: the Debian 6.1 kernel with three initrds fetched
# over HTTP (one through a path expanded from a setting), every byte checked
# by the target, the command line built from `set` and the chosen label.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
netboot_need
netboot_serve
mkdir -p "$NB_DIR/www/boot/ipxe"
cat >"$NB_DIR/www/boot/ipxe/boot.ipxe" <<'IPXE'
#!ipxe
dhcp
set base http://10.0.2.100/boot
set cons console=ttyS0 panic=-1
isset ${cons} || goto failed
chain menu.ipxe || goto failed
:failed
echo could not chain the menu
exit
IPXE
cat >"$NB_DIR/www/boot/ipxe/menu.ipxe" <<'IPXE'
#!ipxe
menu kexboot iPXE test menu
item --gap -- ---- Debian ----
item ipxe-one iPXE item one
item --default ipxe-two iPXE item two
item --gap
item ipxe-three iPXE item three
choose --timeout 90000 pick || goto failed
goto ${pick}
:ipxe-one
:ipxe-two
kernel ../vmlinuz ${cons} entry=${pick}
initrd ${base}/a.cpio
boot
:ipxe-three
kernel --name linux ../vmlinuz
initrd ${base}/a.cpio
initrd ../b.cpio
initrd --name c /boot/c.cpio
imgargs linux ${cons} entry=${pick}
boot linux
:failed
echo no choice
IPXE
chmod -R a+rX "$NB_DIR/www"
echo "payload netboots http://10.0.2.100/boot/ipxe/boot.ipxe"
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=30 kexboot.url=http://10.0.2.100/boot/ipxe/boot.ipxe" \
	-netdev "$NB_NETDEV" -device virtio-net-pci,netdev=n0
netboot_trap
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "kexboot: network: reading http://10.0.2.100/boot/ipxe/boot.ipxe" 120
qemu_expect "iPXE item one" 120
qemu_expect "iPXE item three" 30
# the script's default is selected: Down picks the item after it
qemu_expect "Booting in [0-9]+ s: 'iPXE item two'" 30
qemu_send '\033[B'
sleep 1
qemu_send '\r'
qemu_expect "kexboot: booting 'iPXE item three'" 60
qemu_expect "kexboot: loading .*vmlinuz with 3 initrd\(s\)" 120
qemu_expect "TARGET: uname 6\.1\." 180
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=ipxe-three$"
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: done"
qemu_wait_exit 60
for p in /boot/ipxe/boot.ipxe /boot/ipxe/menu.ipxe /boot/vmlinuz /boot/a.cpio /boot/b.cpio /boot/c.cpio; do
	netboot_fetched "$p" || { echo "  nginx did not serve $p:" >&2; cat "$NB_DIR/access.log" >&2; exit 1; }
	echo "  served: $p"
done
echo "  ok: a non-default iPXE menu item chosen on the console netbooted the 6.1 kernel with three initrds"
