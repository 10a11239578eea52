#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Netboot (fault): the TFTP server process dies mid-transfer. A tap into a
# network namespace this case makes (no uplink: no packet leaves it), with
# dnsmasq inside answering DHCP (boot file pxelinux.0) and serving the TFTP
# tree of tests/qemu/tools/tftp-big-tree.sh: the Debian 6.1 kernel with a
# 64 MiB initrd. kexboot runs on Debian's 6.1 kernel (its modules drive the
# virtio NIC); the demo disk is attached (writable, a copy). The network
# entry is chosen; once kexboot's progress line shows the big initrd
# arriving, dnsmasq is killed with SIGKILL: from then on the guest's packets
# get ICMP port unreachable from the namespace's kernel (no socket on the
# port). kexboot gives up within its bound (retries of the TFTP timeout)
# with a reason naming the URL and saying the server is gone (port
# unreachable, unlike a cut link), nothing is loaded, the menu comes back, and
# the disk's Debian 6.1 entry boots with every digest checked. The disk is
# byte for byte the same afterwards.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
. tests/qemu/tapns-lib.sh
kdir=$(kernel_dir "$1")
for f in build/kexboot.cpio build/target/base.cpio build/demo.img build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make all target demo'" >&2; exit 1; }
done
tapns_need
tapns_up tftpkill 10.99.0.1/24

sh tests/qemu/tools/tftp-big-tree.sh "$kdir" "$NS_DIR/tftp" 64 16
chmod -R a+rX "$NS_DIR/tftp"
disk=$QEMU_DIR/demo.img
cp build/demo.img "$disk"
before=$(sha256sum <"$disk")

tapns_dnsmasq "$NS_DIR/dnsmasq.log" --dhcp-range=10.99.0.50,10.99.0.99,255.255.255.0,1h --dhcp-boot=pxelinux.0 \
	--enable-tftp --tftp-root="$NS_DIR/tftp"
echo "  dnsmasq (pid $NS_DNS_PID) in $NS: DHCP and TFTP from $NS_DIR/tftp"

big="TFTP Debian 6\.1 with a big initrd"
url="tftp://10\.99\.0\.1/deb/big\.cpio"
deb="Debian GNU/Linux \(Linux 6\.1\)"
qemu_start "$kdir/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1 kexboot.timeout=-1" \
	-drive file="$disk",if=virtio,format=raw \
	-netdev "$NS_NETDEV" -device virtio-net-pci,netdev=n0
tapns_trap
qemu_expect "$big" 180
sleep 2
# The menu numbers its rows ("  9   title"): each entry is chosen by its number.
n_big=$(menu_row "$big")
n_disk=$(menu_row "$deb")
echo "  rows: '$n_big' is the network entry, '$n_disk' the disk's Debian 6.1"
menu_pick "$n_big" "$big"
qemu_expect "kexboot: $url: [0-9.]+ (KiB|MiB) of 64\.0 MiB \([0-9]+%\)" 240
tapns_dnsmasq_stop KILL
killed_at=$(date +%s)
echo "  dnsmasq killed (SIGKILL)"
tr -d '\r' <"$QEMU_LOG" | grep -a "kexboot: tftp://10\.99\.0\.1/deb/big\.cpio: " | tail -n 1 | sed 's/^/  when killed: /'
grep -a "dnsmasq-tftp.*: sent " "$NS_DIR/dnsmasq.log" | sed "s/^/  dnsmasq: /"
# Not a cut link (qemu/netboot-tftpstop): the namespace's kernel answers the guest's ACKs with port unreachable.
qemu_expect "kexboot: could not boot '$big': $url: no answer in [0-9.]+ s; the TFTP server is gone \\(its host answers port unreachable\\) after [0-9]+ bytes" 120
echo "  the reason came $(($(date +%s) - killed_at)) s after dnsmasq was killed"
tr -d '\r' <"$QEMU_LOG" | grep -a "^kexboot: could not boot" | sed 's/^/  | /'
if tr -d '\r' <"$QEMU_LOG" | grep -Eaq "kexboot: loading |big\.cpio: 64\.0 MiB in"; then
	echo "  kexboot went on to load after the server died" >&2
	exit 1
fi
# The menu is back with the reason on its status line (a second occurrence: the console line was the first).
qemu_expect_more "could not boot '$big'" 1 60
sleep 2
menu_pick "$n_disk" "$deb"
qemu_expect_target "console=ttyS0 panic=-1 entry=bls-6.1"
after=$(sha256sum <"$disk")
[ "$before" = "$after" ] || { echo "  the disk changed" >&2; exit 1; }
echo "  disk unchanged"
echo "  ok: the TFTP server died mid-transfer: a bounded wait, the reason naming the URL, the menu back,"
echo "  and the disk's entry booted"
