#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Enforce boots a signed UKI and refuses a changed one. Everything is made
# here: a throwaway CA and signer (tests/unit/authenticode-fixtures.sh), a
# UKI of Debian's 6.1 kernel and the target initrd signed with sbsign, a
# copy of it with one byte changed (its title: "... UKI 1" -> "... UKI 2"),
# an ESP holding both, and kexboot.cpio with an enforcing /init
# (build/enforce/kexboot, KEXBOOT_TRUST_POLICY=2) and the CA as the only
# Authenticode anchor appended. The changed UKI is refused with the reason
# and the menu comes back; the signed one boots with its embedded command
# line and no manifest. sbverify gives the same two verdicts on the same files.
# Needs: make build/enforce/kexboot (plus the usual all, target, tools).
set -eu
. tests/qemu/lib.sh
[ -x build/enforce/kexboot ] || { echo "build/enforce/kexboot missing: make build/enforce/kexboot" >&2; exit 1; }
k=$(kernel_dir "$1")
fx=$QEMU_DIR/fx
esp=$QEMU_DIR/esp
mkdir -p "$fx" "$esp/EFI/Linux"
UKI_LINUX=$k/vmlinuz UKI_INITRD=$PWD/build/target/base.cpio \
	UKI_CMDLINE="console=ttyS0 panic=-1 entry=signed-uki" UKI_OSREL='PRETTY_NAME="kexboot signed UKI 1"' \
	sh tests/unit/authenticode-fixtures.sh "$fx"
cp "$fx/uki-signed.efi" "$esp/EFI/Linux/signed.efi"
python3 - "$fx/uki-signed.efi" "$esp/EFI/Linux/changed.efi" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = d.find(b"kexboot signed UKI 1")
assert i > 0
d[i + len("kexboot signed UKI ")] = ord("2")
open(sys.argv[2], "wb").write(d)
PY
# sbverify (Debian sbsigntool) on the same two files, with the same CA: the same verdicts.
command -v sbverify >/dev/null || { echo "  sbverify missing (Debian package sbsigntool)" >&2; exit 1; }
sbverify --cert "$fx/ca.pem" "$esp/EFI/Linux/signed.efi" >/dev/null 2>&1 ||
	{ echo "  sbverify does not verify the signed UKI" >&2; exit 1; }
if sbverify --cert "$fx/ca.pem" "$esp/EFI/Linux/changed.efi" >/dev/null 2>&1; then
	echo "  sbverify verifies the changed UKI" >&2
	exit 1
fi
echo "  sbverify: signed.efi verifies, changed.efi does not"
scripts/disk-image.sh "$QEMU_DIR/disk.img" "esp:$esp:ESP" >/dev/null

# The payload: the usual archive, then one that replaces /init and adds the anchor.
cat >"$QEMU_DIR/extra.list" <<LIST
dir /etc/kexboot/trust 0755
dir /etc/kexboot/trust/uefi 0755
file /etc/kexboot/trust/uefi/test-ca.pem $fx/ca.pem 0644
file /init $PWD/build/enforce/kexboot 0755
LIST
build/tools/mkcpio "$QEMU_DIR/extra.list" "$QEMU_DIR/extra.cpio"
cat build/kexboot.cpio "$QEMU_DIR/extra.cpio" >"$QEMU_DIR/kexboot-enforce.cpio"

qemu_start "$k/vmlinuz" "$QEMU_DIR/kexboot-enforce.cpio" "console=ttyS0 panic=-1 kexboot.timeout=-1" \
	-drive "file=$QEMU_DIR/disk.img,if=virtio,format=raw,snapshot=on"
qemu_expect "kexboot [0-9.]+ - boot menu" 150
qemu_expect "kexboot signed UKI 2" 60
# The second entry: the changed copy.
qemu_send '\033[B'
sleep 1
qemu_send '\r'
qemu_expect "kexboot: could not boot 'kexboot signed UKI 2': refused by policy enforce: .*changed\.efi: Authenticode digest mismatch" 120
# Back in the menu: the first entry, signed, boots.
qemu_send '\033[A'
sleep 1
qemu_send '\r'
qemu_expect "kexboot: booting 'kexboot signed UKI 1'$" 120
qemu_expect "TARGET: uname 6\.1\." 240
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=signed-uki$" 60
qemu_wait_exit 120
