#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: bls uki uki-cmdline
# TPM measurement end to end: swtpm on the host behind QEMU's tpm-tis;
# kexboot boots an entry and measures it before the jump; the target reads
# PCRs 8, 9, 11, 12 from sysfs. The host checks them against values it
# computes itself (python3 hashlib over the same files and command line) and
# against the event log kexboot printed (kexboot.debug: "kexboot:
# tpm-eventlog HEX" lines) as tpm2_eventlog replays it; the same log is in
# the target at /.kexboot/tpm-eventlog (the generated initrd).
# The argument (tests/run.sh passes the "kernels:" words) picks the entry; the kernel is always 6.1.
#   tests/qemu/case-tpm-measure.sh bls   the demo disk's BLS 6.1 entry: PCRs 8 and 9
#   tests/qemu/case-tpm-measure.sh uki   a UKI made here with objcopy over the host's systemd-stub
#        (systemd-boot-efi) with every section that stub version measures (.linux .osrel
#        .cmdline .initrd .splash .dtb .pcrpkey for 252) plus .uname (and the stub's own .sbat),
#        which a 252 stub does not measure: PCR 11 must be what `systemd-measure calculate`
#        of the same systemd predicts from the extracted section files, PCR 12 untouched.
#   tests/qemu/case-tpm-measure.sh uki-cmdline   the same UKI through a BLS entry (`uki`) whose
#        `options` replace its .cmdline: PCR 11 as above, PCR 12 the new command line as
#        systemd-stub measures one (UTF-16LE with its NUL), and the target booted with it.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
which=${1:-bls}
kd=$(kernel_dir 6.1)
case $which in
bls) pick="" entry=bls-6.1 ;; # the disk's own default (loader.conf)
uki) pick="" entry=uki-measured ;; # the only entry of a disk made here
uki-cmdline) pick="kexboot.default=uki-cmdline" entry=uki-cmdline ;; # the BLS entry over the same UKI
*) echo "  unknown entry $which" >&2; exit 2 ;;
esac

tpmdir=$QEMU_DIR/tpm
mkdir -p "$tpmdir"
swtpm socket --tpm2 --tpmstate dir="$tpmdir" --ctrl type=unixio,path="$tpmdir/sock" --terminate \
	--log file="$tpmdir/swtpm.log" &
SWTPM_PID=$!
for _ in $(seq 100); do [ -S "$tpmdir/sock" ] && break; sleep 0.1; done
[ -S "$tpmdir/sock" ] || { echo "  swtpm did not start" >&2; exit 1; }

tpmargs="-chardev socket,id=chrtpm,path=$tpmdir/sock -tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-tis,tpmdev=tpm0"
if [ "$which" = bls ]; then
	# shellcheck disable=SC2086
	menu_boot 6.1 "kexboot.timeout=0 kexboot.debug=1 $pick" $tpmargs
else
	stub=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
	[ -f "$stub" ] || { echo "  $stub missing (Debian package systemd-boot-efi)" >&2; exit 1; }
	measure=/usr/lib/systemd/systemd-measure
	[ -x "$measure" ] || { echo "  $measure missing (Debian package systemd)" >&2; exit 1; }
	u=$QEMU_DIR/ukisrc
	mkdir -p "$u" "$QEMU_DIR/esp/EFI/Linux"
	cat build/target/base.cpio build/target/payload1.cpio >"$u/initrd"
	printf 'PRETTY_NAME="kexboot measured UKI"\nID=debian\n' >"$u/osrel"
	printf 'console=ttyS0 panic=-1 entry=%s' uki-measured >"$u/cmdline"
	scripts/kernels.sh 6.1 | awk '{printf "%s", $2}' >"$u/uname"
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | openssl pkey -pubout >"$u/pcrpkey"
	# A 2x2 24-bit BMP for .splash and a minimal flattened devicetree for .dtb.
	python3 - "$u" <<'PY'
import struct, sys
d = sys.argv[1]
px = bytes([0, 0, 255] * 2 + [0, 0]) * 2
bmp = b"BM" + struct.pack("<IHHI", 54 + len(px), 0, 0, 54) + struct.pack("<IiiHHIIiiII", 40, 2, 2, 1, 24, 0, len(px), 2835, 2835, 0, 0) + px
open(d + "/splash", "wb").write(bmp)
strings = b"compatible\0"
val = b"kexboot,measured-uki\0"
val += bytes(-len(val) % 4)
st = struct.pack(">II", 1, 0) + struct.pack(">III", 3, len(b"kexboot,measured-uki\0"), 0) + val + struct.pack(">II", 2, 9)
rsv = bytes(16)
off_rsv, off_st = 40, 56
off_str = off_st + len(st)
total = off_str + len(strings)
hdr = struct.pack(">10I", 0xd00dfeed, total, off_st, off_str, off_rsv, 17, 16, 0, len(strings), len(st))
open(d + "/dtb", "wb").write(hdr + rsv + st + strings)
PY
	align=$(objdump -p "$stub" | awk '/SectionAlignment/ {print strtonum("0x" $2)}')
	end=$(objdump -h -w "$stub" | awk 'NR > 5 && NF >= 6 {e = strtonum("0x" $4) + strtonum("0x" $3); if (e > m) m = e} END {print m}')
	off=$(( (end + align - 1) / align * align ))
	args=""
	for sec in osrel cmdline uname splash dtb pcrpkey linux initrd; do
		f=$u/$sec
		[ "$sec" = linux ] && f=$kd/vmlinuz
		args="$args --add-section .$sec=$f --change-section-vma .$sec=$(printf 0x%x "$off")"
		off=$(( (off + $(stat -c %s "$f") + align - 1) / align * align ))
	done
	uki=$QEMU_DIR/esp/EFI/Linux/measured.efi
	# shellcheck disable=SC2086
	objcopy $args "$stub" "$uki"
	if [ "$which" = uki-cmdline ]; then
		mkdir -p "$QEMU_DIR/esp/loader/entries"
		printf 'title uki-cmdline\nuki /EFI/Linux/measured.efi\noptions console=ttyS0 panic=-1 entry=%s\n' \
			"$entry" >"$QEMU_DIR/esp/loader/entries/uki-cmdline.conf"
	fi
	scripts/disk-image.sh "$QEMU_DIR/disk.img" "esp:$QEMU_DIR/esp:ESP" >/dev/null
	# shellcheck disable=SC2086
	qemu_start "$kd/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1 kexboot.timeout=0 kexboot.debug=1 $pick" \
		-drive "file=$QEMU_DIR/disk.img,if=virtio,format=raw,snapshot=on" $tpmargs
fi
trap 'qemu_stop; kill "$SWTPM_PID" 2>/dev/null || true' EXIT
qemu_expect "kexboot: TPM: [0-9]+ event\(s\) measured into PCRs " 300
qemu_expect "TARGET: cmdline .* entry=$entry$" 240
qemu_expect "TARGET: pcr-sha256 12 " 60
qemu_wait_exit 120

log=$QEMU_DIR/tpm-eventlog
tr -d '\r' <"$QEMU_LOG" | sed -n 's/^kexboot: tpm-eventlog \([0-9a-f]*\)$/\1/p' | tr -d '\n' | xxd -r -p >"$log"
[ -s "$log" ] || { echo "  kexboot printed no event log" >&2; exit 1; }
tpm2_eventlog "$log" >"$QEMU_DIR/eventlog.yaml" 2>"$QEMU_DIR/eventlog.err" ||
	{ echo "  tpm2_eventlog could not parse the log:" >&2; cat "$QEMU_DIR/eventlog.err" >&2; exit 1; }
echo "  tpm2_eventlog parsed $(stat -c %s "$log") bytes"
# The same log reached the target in the generated initrd, read-only, at its documented path.
sum=$(sha256sum "$log" | cut -d' ' -f1)
grep -Eq "^TARGET: file 400 $sum  /\.kexboot/tpm-eventlog" "$QEMU_LOG" ||
	{ echo "  the target has no /.kexboot/tpm-eventlog with the printed log's digest $sum" >&2; exit 1; }
echo "  /.kexboot/tpm-eventlog in the target: the same $(stat -c %s "$log") bytes, mode 0400"

# What the target read, what tpm2_eventlog replays, what the host computes.
tr -d '\r' <"$QEMU_LOG" | sed -n 's/^TARGET: pcr-sha256 \([0-9]*\) \([0-9A-Fa-f]*\)$/\1 \2/p' >"$QEMU_DIR/target.pcrs"
tmpd=$QEMU_DIR/uki
mkdir -p "$tmpd"
model=ok
# (Its verdict is kept: systemd-measure below still says what it predicts when the model disagrees.)
if python3 - "$which" "$kd/vmlinuz" build/target "$QEMU_DIR/target.pcrs" "$QEMU_DIR/eventlog.yaml" "$tmpd" \
	"${uki:-}" <<'PY'
import hashlib, re, struct, sys
which, vmlinuz, target, pcrs_file, yaml_file, tmpd, uki = sys.argv[1:8]
H = hashlib.sha256
def ext(p, data):
    return H(p + H(data).digest()).digest()
want = {n: bytes(32) for n in (8, 9, 11, 12)}
sep = bytes(4)
if which == "bls":
    cmdline = "console=ttyS0 panic=-1 entry=bls-6.1"
    want[8] = ext(want[8], b"kernel_cmdline: " + cmdline.encode())
    for f in [vmlinuz] + [target + "/" + n for n in ("base.cpio", "payload1.cpio", "payload2.cpio.gz")]:
        want[9] = ext(want[9], open(f, "rb").read())
else:
    # The UKI's sections in the UKI specification's order, name with NUL then contents.
    d = open(uki, "rb").read()
    pe = struct.unpack_from("<I", d, 0x3c)[0]
    nsec, optsize = struct.unpack_from("<H", d, pe + 6)[0], struct.unpack_from("<H", d, pe + 20)[0]
    secs = {}
    for i in range(nsec):
        h = pe + 24 + optsize + 40 * i
        name = d[h:h + 8].rstrip(b"\0").decode()
        vsize, _, rawsize, rawoff = struct.unpack_from("<IIII", d, h + 8)
        secs.setdefault(name, d[rawoff:rawoff + min(vsize, rawsize)])
    # What the stub in the UKI measures (its .sdmagic says which systemd-stub): 252 and older
    # know only these (src/fundamental/tpm-pcr.h of v252), newer ones the UKI specification's list.
    m = re.search(rb"systemd-stub (\d+)", secs.get(".sdmagic", b""))
    stub = int(m.group(1)) if m else 0
    if stub and stub <= 252:
        order = [".linux", ".osrel", ".cmdline", ".initrd", ".splash", ".dtb", ".pcrpkey"]
    else:
        order = [".linux", ".osrel", ".cmdline", ".initrd", ".ucode", ".splash", ".dtb", ".uname", ".sbat",
                 ".pcrpkey", ".profile", ".dtbauto", ".hwids", ".efifw"]
    measured = [n for n in order if secs.get(n)]
    for name in measured:
        want[11] = ext(want[11], name.encode() + b"\0")
        want[11] = ext(want[11], secs[name])
        open(tmpd + "/" + name[1:], "wb").write(secs[name])
    open(tmpd + "/measured", "w").write(" ".join(n[1:] for n in measured))
    print("  UKI of systemd-stub %d: sections %s; measured: %s" % (stub, " ".join(sorted(secs)), " ".join(measured)))
    if which == "uki-cmdline":
        # A command line that is not the UKI's own: what systemd-stub measures, UTF-16LE with its NUL.
        cmdline = "console=ttyS0 panic=-1 entry=uki-cmdline"
        want[12] = ext(want[12], (cmdline + "\0").encode("utf-16-le"))
want[8] = ext(want[8], sep)
want[9] = ext(want[9], sep)
got = {int(n): bytes.fromhex(v) for n, v in (l.split() for l in open(pcrs_file))}
y = open(yaml_file).read()
tool = {}
m = re.search(r"\n  sha256:\n((?:    .*\n?)*)", y[y.index("\npcrs:"):])
for line in m.group(1).splitlines():
    n, v = line.split(":")
    tool[int(n)] = bytes.fromhex(v.strip()[2:])
bad = 0
for n in (8, 9, 11, 12):
    t = tool.get(n, bytes(32))
    ok = got.get(n) == want[n] == t
    print("  PCR %2d target %s host %s eventlog %s %s" % (n, got.get(n, b"?").hex()[:16], want[n].hex()[:16],
                                                       t.hex()[:16], "ok" if ok else "MISMATCH"))
    bad += not ok
sys.exit(1 if bad else 0)
PY
then :; else model=bad; fi
if [ "$which" != bls ]; then
	# systemd-measure of the same systemd as the stub predicts PCR 11 from the very files objcopy
	# put into the sections the stub measures; a section it has no option for is a failure.
	help=$("$measure" calculate --help)
	args=""
	for s in $(cat "$tmpd/measured"); do
		echo "$help" | grep -q -- "--$s=" ||
			{ echo "  $measure has no --$s: it cannot predict a PCR 11 with .$s" >&2; exit 1; }
		f=$u/$s
		[ "$s" = linux ] && f=$kd/vmlinuz
		cmp -s "$f" "$tmpd/$s" || { echo "  the UKI's .$s is not $f" >&2; exit 1; }
		args="$args --$s=$f"
	done
	# shellcheck disable=SC2086
	p=$("$measure" calculate $args --bank=sha256 --phase= | sed -n 's/^11:sha256=//p')
	t=$(awk '$1 == 11 {print tolower($2)}' "$QEMU_DIR/target.pcrs")
	[ -n "$p" ] && [ "$p" = "$t" ] ||
		{ echo "  systemd-measure predicts PCR 11 ${p:-(nothing)}, the target has $t" >&2; exit 1; }
	echo "  systemd-measure $("$measure" --version | sed -n '1s/systemd \([0-9]*\).*/\1/p') calculate$args: $p = the target's PCR 11"
fi
[ "$model" = ok ] || { echo "  the PCRs differ from the host model (above)" >&2; exit 1; }
