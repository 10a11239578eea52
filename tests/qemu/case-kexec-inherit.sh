#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# The inherited-state report (loader/inherit.h) on a machine that has
# something to inherit: QEMU's emulated Intel IOMMU with interrupt
# remapping (-device intel-iommu,intremap=on, intel_iommu=on) and -cpu max
# (la57), so the running Debian kernel turns on DMA remapping and 5-level
# paging. (x2APIC mode needs the IOMMU's eim=on, which QEMU allows only
# with KVM: under TCG the kernel says "Enabled IRQ remapping in xapic
# mode"; test-inherit covers x2APIC from a kernel log.) Inside
# the guest, `kexboot kexec -l --dry-run` against two targets:
#   - the LinuxBoot payload's own bzImage with its config (built without
#     an IOMMU driver or 5-level paging): both reported as not supported, on stderr
#     without --debug and in the JSON's "inherited" list;
#   - the Debian kernel with its config-<version> beside it: both supported.
# Then the Debian target is really loaded and booted, warnings and all.
# Last, the menu's load step: kexboot as PID 1 of the same machine boots the
# demo disk's GRUB entry for Debian 5.10, whose /boot/config-<version> says
# it is a 4-level kernel: the warning is on the console without
# kexboot.debug, and the target still boots (its decompressor leaves
# 5-level paging itself).
#   tests/qemu/case-kexec-inherit.sh SERIES
set -eu
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
from=$1
fdir=$(kernel_dir "$from")
kver=$(cat "$fdir/kver")
ere() { printf '%s' "$1" | sed 's/[].[+*?(){}|^$\\]/\\&/g'; }
for f in build/payload/bzImage build/payload/config; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload'" >&2; exit 1; }
done
w=$QEMU_DIR/kx
mkdir -p "$w"
kx_target_initrds "$w"
seed=$(printf '0%.0s' $(seq 64))
cat >"$w/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "LOADER up \$(uname -r) iommu=\$(ls /sys/class/iommu | tr '\n' ' ')"
/kexboot kexec -l --dry-run --rng-seed $seed /payload/bzImage --target-config /payload/config >/tmp/p.json 2>/tmp/p.err
echo "LOADER payload rc=\$?"
sed 's/^/PAYLOAD-ERR /' /tmp/p.err
echo "PAYLOAD-JSON \$(grep -o '"inherited": \[[^]]*\]' /tmp/p.json)"
/kexboot kexec -l --dry-run --rng-seed $seed /target/vmlinuz-$kver >/tmp/t.json 2>/tmp/t.err
echo "LOADER debian rc=\$?"
sed 's/^/DEBIAN-ERR /' /tmp/t.err
echo "DEBIAN-JSON \$(grep -o '"inherited": \[[^]]*\]' /tmp/t.json)"
/kexboot kexec -l --debug /target/vmlinuz-$kver --initrd /target/a.cpio --initrd /target/b.cpio \
	--initrd /target/c.cpio.gz --command-line "console=ttyS0 panic=-1 intel_iommu=on" 2>&1 | grep inherited | sed 's/^/LOAD-NOTE /'
/kexboot kexec -e
echo "LOADER exec failed rc=\$?"
poweroff -f
INIT
kx_cpio "$w/loader.cpio" <<SPEC
dir dev 755
nod dev/console 600 5 1
dir proc 755
dir sys 755
dir tmp 755
dir bin 755
dir target 755
dir payload 755
file init 755 $w/init
file bin/busybox 755 build/busybox/busybox
file kexboot 755 build/kexboot
file target/vmlinuz-$kver 644 $fdir/vmlinuz
file target/config-$kver 644 $fdir/config
file target/a.cpio 644 $w/a.cpio
file target/b.cpio 644 $w/b.cpio
file target/c.cpio.gz 644 $w/c.cpio.gz
file payload/bzImage 644 build/payload/bzImage
file payload/config 644 build/payload/config
SPEC

qemu_start "$fdir/vmlinuz" "$w/loader.cpio" "console=ttyS0 panic=-1 intel_iommu=on" \
	-cpu max -device intel-iommu,intremap=on
qemu_expect "LOADER up $(ere "$kver") iommu=dmar0" 120
qemu_expect "LOADER payload rc=0" 60
qemu_expect "PAYLOAD-ERR kexboot kexec: inherited: DMA remapping \(intel IOMMU\); the TARGET DOES NOT SUPPORT IT \(the target's config has no CONFIG_INTEL_IOMMU\)" 5
qemu_expect "PAYLOAD-ERR kexboot kexec: inherited: 5-level paging; the TARGET DOES NOT SUPPORT IT \(CONFIG_PGTABLE_LEVELS=4\)" 5
qemu_expect 'PAYLOAD-JSON .*"feature":"iommu","what":"DMA remapping \(intel IOMMU\)","support":"unsupported"' 5
qemu_expect 'PAYLOAD-JSON .*"feature":"la57","what":"5-level paging","support":"unsupported","basis":"CONFIG_PGTABLE_LEVELS=4"' 5
qemu_expect "LOADER debian rc=0" 60
qemu_expect 'DEBIAN-JSON .*"feature":"iommu","what":"DMA remapping \(intel IOMMU\)","support":"supported","basis":"CONFIG_INTEL_IOMMU=y"' 5
qemu_expect 'DEBIAN-JSON .*"feature":"la57","what":"5-level paging","support":"supported","basis":"CONFIG_PGTABLE_LEVELS=5"' 5
if grep -q 'DEBIAN-ERR.*inherited' "$QEMU_LOG"; then
	echo "  a supported feature was warned about without --debug" >&2
	exit 1
fi
qemu_expect "LOAD-NOTE kexboot kexec: inherited: DMA remapping \(intel IOMMU\); the target supports it" 60
qemu_expect "TARGET uname=$(ere "$kver")" 180
qemu_expect "TARGET done" 60
qemu_wait_exit 60
echo "  ok: the inherited state was reported for both targets, and the Debian target booted"

k510=$(awk '$1 == "5.10" {print $2}' build/kernels.txt)
qemu_start "$fdir/vmlinuz" build/kexboot.cpio \
	"console=ttyS0 panic=-1 intel_iommu=on kexboot.timeout=0 kexboot.default=\"Debian GNU/Linux, with Linux $k510\"" \
	-cpu max -device intel-iommu,intremap=on -drive file=build/demo.img,if=virtio,format=raw,snapshot=on
qemu_expect "kexboot: warning: inherited: 5-level paging; the TARGET DOES NOT SUPPORT IT \(CONFIG_PGTABLE_LEVELS=4\)" 240
qemu_expect "TARGET: uname $(ere "$k510")" 240
qemu_expect "TARGET: done" 60
qemu_wait_exit 60
echo "  ok: the menu's load step warned about 5-level paging for the 5.10 target, which booted"
