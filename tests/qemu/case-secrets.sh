#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Secrets handed to the next kernel through kexboot's generated initrd.
# A Debian kernel boots kexboot's archive plus a second cpio that adds
#   /etc/kexboot/secrets/payload-key   a payload secret (random bytes)
#   /init                               a test-only wrapper: it puts a `user`
#                                       key (disk-key) and a `logon` key into
#                                       a keyring "kexboot" in the user keyring
#                                       (build/tests/qemu-addkey), deletes the
#                                       key bytes' file, and execs kexboot as
#                                       PID 1 (kexboot itself adds no key)
# A one-entry disk boots the same kernel with three initrds: a microcode-style
# early cpio, the target's base cpio and a gzip-compressed cpio; kexboot
# appends the generated one. The target prints the mode and SHA-256 of every
# file under /.extra/credentials/ and /.kexboot/; both secrets must arrive
# with the host's digests, mode 0400 (directories 0500), the logon key is
# reported by name and not handed over, the command line carries no secret,
# and kexboot.test.memscan finds neither secret's bytes in kexboot's memory
# before the jump.
#   tests/qemu/case-secrets.sh SERIES [segments|file]   (no mode: both, one after the other)
set -eu
if [ $# -eq 1 ]; then
	sh "$0" "$1" segments && sh "$0" "$1" file
	exit
fi
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
series=$1 mode=$2
for f in build/kexboot.cpio build/kexboot build/tests/qemu-addkey build/target/base.cpio build/target/payload2.cpio.gz; do
	[ -f "$f" ] || { echo "  $f missing: run 'make all build/tests/qemu-addkey build/target/base.cpio'" >&2; exit 1; }
done
grep -q credentials build/target/base.cpio ||
	{ echo "  build/target/base.cpio predates the credentials report: make build/target/base.cpio" >&2; exit 1; }
kdir=$(kernel_dir "$series")
w=$QEMU_DIR/secrets
mkdir -p "$w/esp/loader/entries" "$w/esp/k" "$w/uc"
echo "secrets through the $mode load ($series)"

# The entry: early (microcode-style) cpio, the target's base cpio, a compressed one.
head -c 4096 /dev/urandom >"$w/uc/GenuineIntel.bin"
kx_cpio "$w/esp/k/ucode.cpio" <<SPEC
dir kernel 755
dir kernel/x86 755
dir kernel/x86/microcode 755
file kernel/x86/microcode/GenuineIntel.bin 644 $w/uc/GenuineIntel.bin
SPEC
cp build/target/base.cpio build/target/payload2.cpio.gz "$kdir/vmlinuz" "$w/esp/k/"
cat >"$w/esp/loader/entries/secrets.conf" <<CONF
title   Secrets target
linux   /k/vmlinuz
initrd  /k/ucode.cpio
initrd  /k/base.cpio
initrd  /k/payload2.cpio.gz
options console=ttyS0 panic=-1 entry=secrets
CONF
scripts/disk-image.sh "$w/disk.img" "esp:$w/esp"

# The secrets: random bytes, digests kept on the host.
head -c 61 /dev/urandom >"$w/payload-key"
head -c 47 /dev/urandom >"$w/keyring-key"
head -c 32 /dev/urandom >"$w/logon-key"
psum=$(sha256sum <"$w/payload-key" | cut -d' ' -f1)
ksum=$(sha256sum <"$w/keyring-key" | cut -d' ' -f1)
cat >"$w/init" <<'INIT'
#!/bin/sh
/addkey kexboot user disk-key </keyring-key
/addkey kexboot logon kexboot:luks </logon-key
/bin/busybox rm -f /keyring-key /logon-key
exec /kexboot-pid1
INIT
kx_cpio "$w/extra.cpio" <<SPEC
file init 755 $w/init
file kexboot-pid1 755 build/kexboot
file addkey 755 build/tests/qemu-addkey
file keyring-key 600 $w/keyring-key
file logon-key 600 $w/logon-key
dir etc 755
dir etc/kexboot 755
dir etc/kexboot/secrets 700
file etc/kexboot/secrets/payload-key 600 $w/payload-key
SPEC
cat build/kexboot.cpio "$w/extra.cpio" >"$w/initrd.cpio"

qemu_start "$kdir/vmlinuz" "$w/initrd.cpio" \
	"console=ttyS0 panic=-1 kexboot.timeout=0 kexboot.keyring=kexboot kexboot.secrets=payload-key,disk-key kexboot.interface=$mode kexboot.test.memscan" \
	-drive file="$w/disk.img",if=virtio,format=raw,snapshot=on
qemu_expect "addkey: user key disk-key in keyring kexboot" 180
qemu_expect "addkey: logon key kexboot:luks in keyring kexboot" 30
qemu_expect "'kexboot:luks' is a logon key, which cannot be read back; not handed over" 240
qemu_expect "kexboot: handing over 2 secret\(s\): disk-key \(keyring\) payload-key \(payload\)" 60
# The interfaces' names, without spelling them: "..._file_..." is the file-descriptor load.
case $mode in
segments) qemu_expect "kexboot: loaded through [a-z]+_load \(kexboot.interface\)" 180 ;;
file) qemu_expect "kexboot: loaded through [a-z]+_file_[a-z]+ \(kexboot.interface\)" 180 ;;
esac
qemu_expect "kexboot: memscan: disk-key: not found" 120
qemu_expect "kexboot: memscan: payload-key: not found" 10
qemu_expect "kexboot: memscan: read [1-9][0-9]{5,} bytes of [1-9][0-9]* readable mapping\(s\)" 10
qemu_expect "kexboot: memscan: 2 secret\(s\) looked for, 0 found" 10
qemu_expect "TARGET: cmdline .*entry=secrets" 240
qemu_expect "TARGET: dir 500 /.extra/credentials" 30
qemu_expect "TARGET: file 400 $ksum  /.extra/credentials/disk-key" 30
qemu_expect "TARGET: file 400 $psum  /.extra/credentials/payload-key" 30
while read -r sum path; do
	case $path in /payload/two.bin) qemu_expect "TARGET: sha256 $sum  $path" 10 ;; esac
done <build/target/expected.sha256
qemu_expect "TARGET: done" 60
qemu_wait_exit 60
# No secret on any command line, and no third credential.
log=$(tr -d '\r' <"$QEMU_LOG")
if printf '%s\n' "$log" | grep -q "TARGET: file .*/.extra/credentials/kexboot"; then
	echo "  the logon key was handed over" >&2
	exit 1
fi
if printf '%s\n' "$log" | grep "TARGET: cmdline" | grep -q "disk-key\|payload-key"; then
	echo "  a secret's name reached the target's command line" >&2
	exit 1
fi
echo "  ok: both secrets delivered through the $mode load, none left in kexboot's memory"
