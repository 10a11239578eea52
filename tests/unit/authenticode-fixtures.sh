#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Makes the Authenticode fixtures of tests/unit/test-authenticode.c in DIR,
# all at test time: a throwaway CA and a signer it issued, an unrelated
# self-signed "other" key (openssl), a UKI (objcopy over the installed
# systemd-stub, made like scripts/demo-disk.sh does) and its sbsign-signed
# copies, and DIR/root/etc/kexboot/trust/uefi/test-ca.pem (the anchor).
#   uki.efi            unsigned
#   uki-signed.efi     signed by the signer (chains to the CA)
#   uki-other.efi      signed by the other key
#   uki-two.efi        signed by the other key, then by the signer (two signatures)
# Prints nothing on success; exits 77 when the stub or a tool is missing.
# A QEMU case makes a bootable one by naming the sections' contents:
#   UKI_LINUX=FILE UKI_INITRD=FILE UKI_CMDLINE=TEXT UKI_OSREL=TEXT
set -eu
dir=$1
stub=${KEXBOOT_UKI_STUB:-/usr/lib/systemd/boot/efi/linuxx64.efi.stub}
for t in openssl objcopy objdump sbsign; do
	command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 77; }
done
[ -f "$stub" ] || { echo "missing $stub" >&2; exit 77; }
mkdir -p "$dir/root/etc/kexboot/trust/uefi"
cd "$dir"
export OPENSSL_CONF=/dev/null
q() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; }

q openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
	-subj "/CN=kexboot test CA" -addext basicConstraints=critical,CA:TRUE \
	-addext keyUsage=critical,keyCertSign
q openssl req -new -newkey rsa:2048 -nodes -keyout signer.key -out signer.csr -subj "/CN=kexboot test signer"
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=codeSigning\n' >signer.ext
q openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
	-extfile signer.ext -out signer.pem
q openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 -subj "/CN=kexboot other signer"
cp ca.pem root/etc/kexboot/trust/uefi/test-ca.pem

# Section contents: by default .linux is any bytes (nothing boots it).
if [ -n "${UKI_LINUX:-}" ]; then cp "$UKI_LINUX" linux; else head -c 300000 /dev/urandom >linux; fi
if [ -n "${UKI_INITRD:-}" ]; then cp "$UKI_INITRD" initrd; else head -c 70000 /dev/urandom >initrd; fi
printf '%s' "${UKI_CMDLINE:-console=ttyS0 entry=uki-signed}" >cmdline
printf '%s\n' "${UKI_OSREL:-PRETTY_NAME=\"kexboot test UKI\"}" >osrel
align=$(objdump -p "$stub" | awk '/SectionAlignment/ {print strtonum("0x" $2)}')
end=$(objdump -h -w "$stub" | awk 'NR > 5 && NF >= 6 {e = strtonum("0x" $4) + strtonum("0x" $3); if (e > m) m = e} END {print m}')
off=$(( (end + align - 1) / align * align ))
args=""
for sec in osrel cmdline linux initrd; do
	args="$args --add-section .$sec=$sec --change-section-vma .$sec=$(printf 0x%x "$off")"
	size=$(stat -c %s "$sec")
	off=$(( (off + size + align - 1) / align * align ))
done
# shellcheck disable=SC2086
q objcopy $args "$stub" uki.efi
q sbsign --key signer.key --cert signer.pem --output uki-signed.efi uki.efi
q sbsign --key other.key --cert other.pem --output uki-other.efi uki.efi
q sbsign --key signer.key --cert signer.pem --output uki-two.efi uki-other.efi
