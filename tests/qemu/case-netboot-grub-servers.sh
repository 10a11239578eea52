#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot of a GRUB config that reads files on two servers: kexboot.url
# names grub.cfg on the first (10.0.2.100), which runs
# `if [ -f (http)/boot/grub/custom.cfg ]; then source ...; fi` (there: it
# exports a variable), the same test on a file that is not there, and
# `configfile (http,10.0.2.101)/grub/menu.cfg` on the second; that file
# sets root=(http,10.0.2.101), so its entry's kernel and two initrds come
# from the second server and the `(http)/...` initrd from the first
# ($net_default_server). Both are one nginx on 127.0.0.1 (two ports, each
# its own access log), reached through guestfwd with restrict=on
# (tests/qemu/netboot-lib.sh). The target checks every byte and the
# command line carries what the branches set; the logs show each file
# fetched once from the server that should have served it. With
# kexboot.debug, the config's `search --fs-uuid` (no file systems over a
# network) is shown with its file:line when the menu closes.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
netboot_need
p2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# relative paths in nginx's config are under its prefix, $NB_DIR
NB_EXTRA_CONF="server { listen 127.0.0.1:$p2; root www2; access_log access2.log; }"
netboot_serve
NB_NETDEV="$NB_NETDEV,guestfwd=tcp:10.0.2.101:80-cmd:busybox nc 127.0.0.1 $p2"
mkdir -p "$NB_DIR/www/boot/grub" "$NB_DIR/www2/grub" "$NB_DIR/www2/boot"
cat >"$NB_DIR/www/boot/grub/grub.cfg" <<'CFG'
set timeout=3
search --no-floppy --fs-uuid --set=root 1234-ABCD
if [ -f (http)/boot/grub/custom.cfg ]; then
  source (http)/boot/grub/custom.cfg
fi
if [ -f $prefix/absent.cfg ]; then
  set absent=yes
  export absent
fi
configfile (http,10.0.2.101)/grub/menu.cfg
menuentry 'Not reached' { linux /boot/vmlinuz }
CFG
printf 'set extra=from-custom\nexport extra\n' >"$NB_DIR/www/boot/grub/custom.cfg"
cat >"$NB_DIR/www2/grub/menu.cfg" <<'CFG'
set timeout=3
set root=(http,10.0.2.101)
menuentry 'Second server' {
  linux /boot/vmlinuz console=ttyS0 panic=-1 entry=grub-servers custom=$extra absent=$absent
  initrd /boot/a.cpio (http)/boot/b.cpio /boot/c.cpio
}
CFG
mv "$NB_DIR/www/boot/vmlinuz" "$NB_DIR/www/boot/a.cpio" "$NB_DIR/www/boot/c.cpio" "$NB_DIR/www2/boot/"
chmod -R a+rX "$NB_DIR/www" "$NB_DIR/www2"
echo "payload netboots http://10.0.2.100/boot/grub/grub.cfg, whose configfile names http://10.0.2.101/grub/menu.cfg"
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.debug kexboot.timeout=3 kexboot.url=http://10.0.2.100/boot/grub/grub.cfg" \
	-netdev "$NB_NETDEV" -device virtio-net-pci,netdev=n0
netboot_trap
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "kexboot: network: reading http://10.0.2.100/boot/grub/grub\.cfg" 120
# "more" only when a disk scan had shown problems of its own before the menu
qemu_expect "kexboot: [0-9]+ (more )?problem\(s\) while looking for entries:" 120
qemu_expect "  http://10\.0\.2\.100/boot/grub/grub\.cfg:2: search --fs-uuid 1234-ABCD: a config read over the network has no file systems to search; \\\$root stays 'http,10\.0\.2\.100'" 10
qemu_expect "kexboot: booting 'Second server'" 120
qemu_expect "kexboot: loading .*vmlinuz with 3 initrd\(s\)" 120
qemu_expect "TARGET: uname 6\.1\." 180
qemu_expect "TARGET: cmdline BOOT_IMAGE=/boot/vmlinuz console=ttyS0 panic=-1 entry=grub-servers custom=from-custom absent=$"
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: done"
qemu_wait_exit 60
! grep -q "Not reached" "$QEMU_LOG" || { echo "  the rest of grub.cfg ran after configfile" >&2; exit 1; }
# served LOG PATH STATUS: exactly one request for PATH in LOG, answered STATUS
served() {
	n=$(grep -c "\"GET $2 HTTP/1\.1\" $3 " "$NB_DIR/$1" || true)
	[ "$n" = 1 ] || { echo "  $1: $n requests for $2 with $3 (want 1):" >&2; cat "$NB_DIR/$1" >&2; exit 1; }
	echo "  $1: $2 $3 once"
}
# the network source reads a named config once to tell its language, the GRUB parser again
grep -q '"GET /boot/grub/grub.cfg HTTP/1\.1" 200 ' "$NB_DIR/access.log" ||
	{ echo "  access.log: grub.cfg not served" >&2; exit 1; }
served access.log /boot/grub/custom.cfg 200
served access.log /boot/grub/absent.cfg 404
served access.log /boot/b.cpio 200
served access2.log /grub/menu.cfg 200
for p in /boot/vmlinuz /boot/a.cpio /boot/c.cpio; do
	served access2.log "$p" 200
done
! grep -q '"GET /boot/vmlinuz ' "$NB_DIR/access.log" || { echo "  the kernel was asked of the first server" >&2; exit 1; }
cp "$NB_DIR/access2.log" "$QEMU_DIR/nginx-access2.log"
echo "  ok: a GRUB config's test -f, source and configfile across two servers, booted from the second"
