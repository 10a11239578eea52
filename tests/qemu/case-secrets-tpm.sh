#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# A TPM-sealed secret handed to the next kernel, only when the measured state
# is the one it was sealed to.
# The host seals 40 random bytes with tpm2-tools (scripts/tpm-seal.sh) into a
# swtpm's state, to the sha256 values PCR 8 and 9 hold after kexboot measured
# the disk's entry "sealed" (PCR 8: its command line; PCR 9: its kernel and
# initrd), before the separators, as scripts/tpm-predict.py computes them from
# the entry's files and command line; the payload carries the sealed file as
# /etc/kexboot/sealed/disk-key.tpm2. Then QEMU boots kexboot on that swtpm
# (tpm-tis) with a one-volume disk holding two entries with the same kernel
# and initrd: "sealed" and "other", whose command line differs.
#   sealed + kexboot.secrets=disk-key, through both load interfaces (kexboot.interface=segments, file):
#     the target has /.extra/credentials/disk-key, mode 0400, with the host's
#     SHA-256; kexboot's memory holds no copy before the jump (memscan)
#   other + kexboot.secrets=disk-key ("refused"): the entry is refused with
#     the TPM's reason, nothing is loaded
#   other without kexboot.secrets ("unlisted"): it boots without the secret,
#     kexboot says why, the target has no disk-key
#   tests/qemu/case-secrets-tpm.sh SERIES [segments|file|refused|unlisted]   (no mode: all four)
set -eu
if [ $# -eq 1 ]; then
	for m in segments file refused unlisted; do sh "$0" "$1" "$m" || exit 1; done
	exit
fi
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
series=$1 mode=$2
for f in build/kexboot.cpio build/kexboot build/target/base.cpio; do
	[ -f "$f" ] || { echo "  $f missing: run 'make all build/target/base.cpio'" >&2; exit 1; }
done
for t in swtpm tpm2_createprimary; do
	command -v "$t" >/dev/null || { echo "  $t missing (Debian packages swtpm, tpm2-tools)" >&2; exit 1; }
done
kdir=$(kernel_dir "$series")
w=$QEMU_DIR/sealed
mkdir -p "$w/esp/loader/entries" "$w/esp/k" "$w/tpm"
echo "a TPM-sealed secret, $mode ($series)"

cp build/target/base.cpio "$kdir/vmlinuz" "$w/esp/k/"
for e in sealed other; do
	cat >"$w/esp/loader/entries/$e.conf" <<CONF
title   $e
linux   /k/vmlinuz
initrd  /k/base.cpio
options console=ttyS0 panic=-1 entry=$e
CONF
done
scripts/disk-image.sh "$w/disk.img" "esp:$w/esp"

# What PCR 8 and 9 hold after the "sealed" entry's events, before kexboot's separators.
python3 scripts/tpm-predict.py --cmdline "console=ttyS0 panic=-1 entry=sealed" "$w/pcrs" \
	"$w/esp/k/vmlinuz" "$w/esp/k/base.cpio" | sed 's/^/  /'

# The seal, on a swtpm the host reaches with tpm2-tools; QEMU's swtpm then runs on the same state.
head -c 40 /dev/urandom >"$w/disk-key"
sum=$(sha256sum <"$w/disk-key" | cut -d' ' -f1)
kx_tpm_seal "$w/tpm" "$w/pcrs" "$w/disk-key" "$w/disk-key.tpm2"

kx_cpio "$w/extra.cpio" <<SPEC
dir etc 755
dir etc/kexboot 755
dir etc/kexboot/sealed 700
file etc/kexboot/sealed/disk-key.tpm2 600 $w/disk-key.tpm2
SPEC
cat build/kexboot.cpio "$w/extra.cpio" >"$w/initrd.cpio"

swtpm socket --tpm2 --tpmstate dir="$w/tpm" --ctrl type=unixio,path="$w/tpm/sock" --terminate \
	--log file="$w/swtpm.log" &
SWTPM_PID=$!
for _ in $(seq 100); do [ -S "$w/tpm/sock" ] && break; sleep 0.1; done
[ -S "$w/tpm/sock" ] || { echo "  swtpm did not start" >&2; exit 1; }

case $mode in
segments | file) args="kexboot.default=sealed kexboot.secrets=disk-key kexboot.interface=$mode kexboot.test.memscan" ;;
refused) args="kexboot.default=other kexboot.secrets=disk-key" ;;
unlisted) args="kexboot.default=other" ;;
*) echo "  unknown mode $mode" >&2; exit 2 ;;
esac
qemu_start "$kdir/vmlinuz" "$w/initrd.cpio" "console=ttyS0 panic=-1 kexboot.timeout=0 $args" \
	-drive file="$w/disk.img",if=virtio,format=raw,snapshot=on \
	-chardev socket,id=chrtpm,path="$w/tpm/sock" -tpmdev emulator,id=tpm0,chardev=chrtpm \
	-device tpm-tis,tpmdev=tpm0
trap 'qemu_stop; kill "$SWTPM_PID" 2>/dev/null || true' EXIT

reason="the PCRs do not hold the state it was sealed to \(TPM_RC_POLICY_FAIL\)"
case $mode in
segments | file)
	qemu_expect "kexboot: handing over 1 secret\(s\): disk-key \(tpm\)" 300
	# The interfaces' names, without spelling them: "..._file_..." is the file-descriptor load.
	case $mode in
	segments) qemu_expect "kexboot: loaded through [a-z]+_load \(kexboot.interface\)" 180 ;;
	file) qemu_expect "kexboot: loaded through [a-z]+_file_[a-z]+ \(kexboot.interface\)" 180 ;;
	esac
	qemu_expect "kexboot: TPM: [0-9]+ event\(s\) measured into PCRs 8 9" 60
	qemu_expect "kexboot: memscan: disk-key: not found" 120
	qemu_expect "kexboot: memscan: 1 secret\(s\) looked for, 0 found" 10
	qemu_expect "TARGET: cmdline .*entry=sealed" 240
	qemu_expect "TARGET: file 400 $sum  /.extra/credentials/disk-key" 30
	qemu_expect "TARGET: done" 60
	qemu_wait_exit 60
	echo "  ok: the sealed secret unsealed and reached the target through the $mode load"
	;;
refused)
	qemu_expect "kexboot: could not boot 'other': sealed secret 'disk-key' not unsealed: $reason" 300
	# The menu comes back with the reason on its status line.
	qemu_expect_count "could not boot 'other': sealed secret 'disk-key' not unsealed" 2 60
	if tr -d '\r' <"$QEMU_LOG" | grep -q "kexboot: loaded through\|handing over\|TARGET: "; then
		echo "  the refused entry was loaded anyway" >&2
		exit 1
	fi
	echo "  ok: the entry whose command line differs is refused with the TPM's reason, nothing loaded"
	;;
unlisted)
	qemu_expect "kexboot: secrets: sealed 'disk-key' not unsealed, not handed over: $reason" 300
	qemu_expect "TARGET: cmdline .*entry=other" 300
	qemu_expect "TARGET: done" 60
	qemu_wait_exit 60
	if tr -d '\r' <"$QEMU_LOG" | grep -q "TARGET: .*/.extra/credentials/disk-key\|handing over"; then
		echo "  the secret reached the target" >&2
		exit 1
	fi
	# Nothing else either: no credential at all under any name, no file with the secret's digest,
	# and only kexboot's own note (the TPM log) in the generated initrd.
	if tr -d '\r' <"$QEMU_LOG" | grep -q "TARGET: .*/\.extra\|$sum"; then
		echo "  a credential (or the secret's bytes, by digest) reached the target" >&2
		exit 1
	fi
	qemu_expect "TARGET: file 400 [0-9a-f]{64}  /\.kexboot/tpm-eventlog" 1
	echo "  ok: not named by kexboot.secrets, the entry boots without the secret and kexboot says why"
	;;
esac
