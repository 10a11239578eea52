#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (b): no kexboot.url. QEMU's user network (restrict=on: nothing
# leaves the machine) answers DHCP with boot file pxelinux.0 and next-server
# 10.0.2.2, and serves a TFTP tree this case makes. kexboot looks for
# pxelinux.cfg/ beside the boot file in PXELINUX's order (UUID, 01-MAC,
# hex address, default): the tree has 01-52-54-00-12-34-56, which boots the
# Debian 6.1 kernel with the three target initrds over TFTP, and a decoy
# "default" that must not be read as the machine's config. Before the jump
# the lease is given back, the link goes down and virtio-net is unbound;
# the target then loads virtio-net (a fourth initrd carries the modules) and
# takes its own DHCP lease on the same NIC (target.dhcp).
set -eu
. tests/qemu/lib.sh
ver=$(cat VERSION)
bz=build/payload/bzImage
for f in "$bz" build/kernels.txt build/target/base.cpio build/target/payload1.cpio build/target/payload2.cpio.gz \
	build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload target build/kernels.txt'" >&2; exit 1; }
done
k=$(awk '$1 == "6.1" {print $3}' build/kernels.txt)
tftp=$QEMU_DIR/tftp
mkdir -p "$tftp/pxelinux.cfg" "$tftp/deb"
cp "$k/vmlinuz" "$tftp/deb/vmlinuz"
cp build/target/base.cpio "$tftp/deb/a.cpio"
cp build/target/payload1.cpio "$tftp/deb/b.cpio"
cp build/target/payload2.cpio.gz "$tftp/deb/c.cpio"
# virtio-net and what it needs, in load order (the Debian kernel has them as modules).
mods=$(ls -d "$k"/lib/modules/*/ | head -n 1)
order="virtio virtio_ring virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover virtio_net"
{
	echo "dir /lib 0755"
	echo "dir /lib/netmods 0755"
	echo "file /lib/netmods/order $QEMU_DIR/netmods.order 0644"
	for n in $order; do
		f=$(find "$mods/kernel" -name "$n.ko" | head -n 1)
		[ -n "$f" ] || { echo "  no $n.ko under $mods" >&2; exit 1; }
		echo "file /lib/netmods/$n.ko $f 0644"
	done
} >"$QEMU_DIR/netmods.list"
echo "$order" | tr ' ' '\n' >"$QEMU_DIR/netmods.order"
build/tools/mkcpio "$QEMU_DIR/netmods.list" "$tftp/deb/d.cpio"
cat >"$tftp/pxelinux.cfg/01-52-54-00-12-34-56" <<'CFG'
DEFAULT bymac
LABEL bymac
  MENU LABEL TFTP by MAC Debian 6.1
  KERNEL deb/vmlinuz
  INITRD deb/a.cpio,deb/b.cpio,deb/c.cpio,deb/d.cpio
  APPEND console=ttyS0 panic=-1 entry=tftp-mac target.dhcp
CFG
cat >"$tftp/pxelinux.cfg/default" <<'CFG'
DEFAULT decoy
LABEL decoy
  MENU LABEL Decoy default
  KERNEL deb/vmlinuz
  APPEND console=ttyS0 panic=-1 entry=decoy
CFG
echo "payload netboots from QEMU's DHCP + TFTP, no kexboot.url"
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=3" \
	-netdev "user,id=n0,restrict=on,tftp=$tftp,bootfile=pxelinux.0" \
	-device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "kexboot: network: asking DHCP where the boot config is \(1 wired link\(s\)\)" 120
qemu_expect "TFTP by MAC Debian 6\.1" 120
qemu_expect "kexboot: booting 'TFTP by MAC Debian 6\.1'" 60
qemu_expect "kexboot: loading tftp://10\.0\.2\.2/deb/vmlinuz with 4 initrd\(s\)" 180
qemu_expect "kexboot: network: took back [1-9][0-9]* change\(s\)$" 60
qemu_expect "kexboot: quiescing: released 1 device\(s\) from their drivers" 60
qemu_expect "TARGET: uname 6\.1\." 180
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=tftp-mac target.dhcp$"
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: dhcp lease 10\.0\.2\.15 on eth0" 60
qemu_expect "TARGET: done"
qemu_wait_exit 60
if tr -d '\r' <"$QEMU_LOG" | grep -q "Decoy default"; then
	echo "  the decoy pxelinux.cfg/default was read: the 01-MAC config should have ended the search" >&2
	exit 1
fi
echo "  ok: found pxelinux.cfg/01-52-54-00-12-34-56 by DHCP + TFTP and booted it, not the default;"
echo "  the target leased 10.0.2.15 again on the NIC kexboot gave back"
