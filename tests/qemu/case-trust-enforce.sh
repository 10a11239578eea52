#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Policy enforce, end to end. A second kexboot is built with
# KEXBOOT_TRUST_POLICY=2 into build/enforce/, with a root certificate and a
# password hash this case makes (openssl, `kexboot passwd-hash`). A disk
# (ESP, Boot Loader Spec entries, Debian's 6.1 kernel and the target
# initrds) holds seven entries, in menu order:
#   1 Signed            manifest + signature by a signer under the anchor
#   2 Flipped initrd    the same, but one byte of its second initrd flipped on disk
#   3 Other cmdline     signed for a different command line than the entry's
#   4 Unsigned          no .kexboot-sig
#   5 Untrusted signer  signed by a key under a root the payload does not trust
#   6 Named signature   a good .kexboot-sig beside the kernel, but the entry names
#                       another (`kexboot-sig /sigs/wrong.sig`, signed for another
#                       command line): the named one decides
#   7 Revoked           signed, but its second initrd (payload1.cpio with zeros
#                       appended) is listed in the payload's dbx (KEXBOOT_TRUST_DBX)
# Checked: the header says "trust: enforce" (kexboot.trust=off and
# kexboot.policy=off on the command line change nothing); `c` asks for the password (Esc
# cancels); `e` asks for it (a wrong one is refused, the right one opens the editor) and booting the
# edited line is refused; entries 2-7 are each refused with their reason
# and the menu comes back; entry 1 boots and the target sees its initrds.
# Then a boot with no disk: PID 1's rescue prompt asks for the password
# before the shell (wrong: refused; right: the shell answers), and in it
# `kexboot kexec -l` refuses to load (it neither verifies nor measures).
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
kexboot=build/kexboot
[ -x "$kexboot" ] || { echo "build/kexboot missing (make all)" >&2; exit 1; }
pki=$QEMU_DIR/pki stage=$QEMU_DIR/esp
mkdir -p "$pki" "$stage"

echo "== a PKI and a password, made now"
ec="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
(cd "$pki" &&
	openssl req -x509 $ec -keyout root.key -out root.pem -days 30 -subj "/CN=test root" &&
	openssl req -x509 $ec -keyout other-root.key -out other-root.pem -days 30 -subj "/CN=other root" &&
	openssl req $ec -keyout signer.key -out signer.csr -subj "/CN=test signer" &&
	openssl x509 -req -in signer.csr -CA root.pem -CAkey root.key -CAcreateserial -days 30 -out signer.pem &&
	openssl req $ec -keyout stranger.key -out stranger.csr -subj "/CN=stranger" &&
	openssl x509 -req -in stranger.csr -CA other-root.pem -CAkey other-root.key -CAcreateserial -days 30 \
		-out stranger.pem) >"$QEMU_DIR/pki.log" 2>&1
echo "letmein" | "$kexboot" passwd-hash --iterations 20000 >"$pki/password"
grep -q '^pbkdf2-sha256\$20000\$' "$pki/password"
# The dbx built into the payload lists the revoked entry's second initrd (other bytes than
# the others': cpio ignores trailing zeros).
mkdir -p "$stage/revoked"
{ cat build/target/payload1.cpio; head -c 512 /dev/zero; } >"$stage/revoked/payload1.cpio"
sha256sum "$stage/revoked/payload1.cpio" | awk '{print $1 "  revoked payload1.cpio"}' >"$pki/dbx"

echo "== kexboot built with KEXBOOT_TRUST_POLICY=2 into build/enforce"
mkdir -p build/enforce
# The dependency prefix and the kernel list of the main build (never re-made here).
cp -p build/deps.mk build/kernels.txt build/enforce/
nice -n 10 make -s -j2 BUILD=build/enforce KEXBOOT_TRUST_POLICY=2 KEXBOOT_TRUST_ANCHORS="$PWD/$pki/root.pem" \
	KEXBOOT_PASSWORD_HASH="$PWD/$pki/password" KEXBOOT_TRUST_DBX="$PWD/$pki/dbx" build/enforce/kexboot.cpio >"$QEMU_DIR/build.log" 2>&1 ||
	{ tail -n 20 "$QEMU_DIR/build.log" >&2; exit 1; }

echo "== the disk"
# The kernel the main build cached (build/kernels.txt), as the demo disk takes it (qemu_start uses $k).
kdir=$(awk -v s="$1" '$1 == s {print $3}' build/kernels.txt)
common="console=ttyS0 panic=-1"
mkdir -p "$stage/loader/entries"
cp build/target/base.cpio build/target/payload1.cpio "$stage/"
n=0
for e in signed flipped cmdline unsigned untrusted named revoked; do
	n=$((n + 1))
	mkdir -p "$stage/$e"
	cp "$kdir/vmlinuz" "$stage/$e/vmlinuz"
	initrd2=/payload1.cpio
	case $e in
	signed) title="Signed" ;;
	flipped) title="Flipped initrd" initrd2=/flipped/payload1.cpio ;;
	cmdline) title="Other cmdline" ;;
	unsigned) title="Unsigned" ;;
	untrusted) title="Untrusted signer" ;;
	named) title="Named signature" ;;
	revoked) title="Revoked" initrd2=/revoked/payload1.cpio ;;
	esac
	printf 'title   %s\nsort-key %s\nlinux   /%s/vmlinuz\ninitrd  /base.cpio\ninitrd  %s\noptions %s entry=%s\n' \
		"$title" "$n" "$e" "$initrd2" "$common" "$e" >"$stage/loader/entries/$n-$e.conf"
	if [ "$e" = named ]; then
		echo "kexboot-sig /sigs/wrong.sig" >>"$stage/loader/entries/$n-$e.conf"
		mkdir -p "$stage/sigs"
		"$kexboot" sign --key "$pki/signer.key" --cert "$pki/signer.pem" --kernel "$stage/$e/vmlinuz" \
			--initrd build/target/base.cpio --initrd build/target/payload1.cpio \
			--cmdline "$common entry=other" -o "$stage/sigs/wrong.sig" >/dev/null
	fi
	signer=signer signed_cmdline="$common entry=$e" signed_initrd2=build/target/payload1.cpio
	[ "$e" = revoked ] && signed_initrd2=$stage/revoked/payload1.cpio
	case $e in
	unsigned) continue ;;
	untrusted) signer=stranger ;;
	cmdline) signed_cmdline="$common entry=other" ;;
	esac
	"$kexboot" sign --key "$pki/$signer.key" --cert "$pki/$signer.pem" --kernel "$stage/$e/vmlinuz" \
		--initrd build/target/base.cpio --initrd "$signed_initrd2" --cmdline "$signed_cmdline" \
		-o "$stage/$e/vmlinuz.kexboot-sig" >/dev/null
done
# One flipped byte (well inside the payload file's data) in the flipped entry's second initrd.
cp build/target/payload1.cpio "$stage/flipped/payload1.cpio"
python3 - "$stage/flipped/payload1.cpio" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[4096] ^= 0x01; open(p, "wb").write(b)
PY
printf 'default 1-signed.conf\ntimeout 30\n' >"$stage/loader/loader.conf"
# The signature checks on the host first (the same trust_verify, by hand).
"$kexboot" verify --anchors "$pki" --kernel "$stage/signed/vmlinuz" --initrd build/target/base.cpio \
	--initrd build/target/payload1.cpio --cmdline "$common entry=signed" "$stage/signed/vmlinuz.kexboot-sig" |
	grep -q '^VERIFIED'
# The revoked entry is well signed: only the payload's dbx refuses it.
"$kexboot" verify --anchors "$pki" --kernel "$stage/revoked/vmlinuz" --initrd build/target/base.cpio \
	--initrd "$stage/revoked/payload1.cpio" --cmdline "$common entry=revoked" "$stage/revoked/vmlinuz.kexboot-sig" |
	grep -q '^VERIFIED'
rm -f "$pki"/*.srl
scripts/disk-image.sh "$QEMU_DIR/trust.img" "esp:$stage:ESP"

echo "== boot"
# The policy is fixed at build time: words on the payload's command line that look like it change nothing.
qemu_start "$kdir/vmlinuz" build/enforce/kexboot.cpio "$common kexboot.timeout=60 kexboot.trust=off kexboot.policy=off" \
	-drive file="$QEMU_DIR/trust.img",if=virtio,format=raw,snapshot=on
qemu_expect "kexboot [0-9.]+ - boot menu.*\[trust: enforce\]" 150
qemu_expect "e: edit \(password\)  c: shell \(password\)"

echo "-- c asks for the password (Esc cancels it)"
qemu_send c
qemu_expect "Password for the rescue shell:"
qemu_send '\033'
sleep 2

echo "-- e asks for the password"
qemu_send e
qemu_expect "Password for the editor:"
qemu_send 'wrong\r'
qemu_expect "wrong password"
# (The screen is redrawn in place: the prompt's second appearance is on the same log line.)
qemu_send e
sleep 2
qemu_send 'letmein\r'
qemu_expect "Editing: Signed"
qemu_send '\005 init=/bin/sh'
sleep 1
qemu_send '\r'
qemu_expect "could not boot 'Signed': refused by policy enforce: vmlinuz.kexboot-sig: cmdline sha256 mismatch" 120

echo "-- the refused entries, one after the other"
for want in "Flipped initrd': refused by policy enforce: vmlinuz.kexboot-sig: initrd 2 sha256 mismatch" \
	"Other cmdline': refused by policy enforce: vmlinuz.kexboot-sig: cmdline sha256 mismatch" \
	"Unsigned': refused by policy enforce: unsigned: .*vmlinuz.kexboot-sig" \
	"Untrusted signer': refused by policy enforce: vmlinuz.kexboot-sig:6: unknown signer /CN=stranger" \
	"Named signature': refused by policy enforce: wrong.sig: cmdline sha256 mismatch" \
	"Revoked': refused by policy enforce: revoked: .*/revoked/payload1.cpio: sha256 $(cut -d' ' -f1 "$pki/dbx") is in the payload's dbx"; do
	qemu_send '\033[B'
	sleep 1
	qemu_send '\r'
	qemu_expect "kexboot: could not boot '$want" 120
done

echo "-- the signed entry boots"
qemu_send '\033[H'
sleep 1
qemu_send '\r'
qemu_expect "kexboot: Signed: verified \(vmlinuz.kexboot-sig: 1 signer\(s\)\)" 120
qemu_expect "TARGET: cmdline $common entry=signed$" 240
qemu_expect "TARGET: sha256 $(sed -n 's|  /payload/one.bin||p' build/target/expected.sha256)  /payload/one.bin"
qemu_wait_exit 180

echo "== no disk: PID 1's rescue prompt locks the shell too"
qemu_start "$kdir/vmlinuz" build/enforce/kexboot.cpio "$common"
qemu_expect "choose: \[r\] retry  \[s\] rescue shell" 150
qemu_send s
qemu_expect "the rescue shell is locked by policy enforce; password:"
qemu_send 'nope\r'
qemu_expect "kexboot: rescue shell refused: wrong password"
qemu_send s
sleep 1
qemu_send 'letmein\r'
qemu_expect "starting rescue shell on ttyS0" 60
qemu_expect "kexboot# "
qemu_send 'echo answer-$((6*7))\n'
qemu_expect "answer-42"
# The low-level loader runs no verify or measure stage: under enforce it loads nothing.
qemu_send 'kexboot kexec -l /nonexistent; echo kexec-rc=$?\n'
qemu_expect "kexboot kexec: refused by policy enforce: this loader neither verifies nor measures"
qemu_expect "kexec-rc=1"
qemu_send 'poweroff -f\n'
qemu_wait_exit 60
