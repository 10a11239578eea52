#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: bls uki
# TPM measurement end to end: swtpm on the host behind QEMU's tpm-tis;
# kexboot boots an entry of the demo disk and measures it before the jump;
# the target reads PCRs 8, 9, 11, 12 from sysfs. The host checks them
# against values it computes itself (python3 hashlib over the same files and
# command line) and against the event log kexboot printed (kexboot.debug:
# "kexboot: tpm-eventlog HEX" lines) as tpm2_eventlog replays it; the same log
# is in the target at /.kexboot/tpm-eventlog (the generated initrd).
# The argument (tests/run.sh passes the "kernels:" words) picks the entry; the kernel is always 6.1.
#   tests/qemu/case-tpm-measure.sh bls   the BLS 6.1 entry: PCRs 8 and 9
#   tests/qemu/case-tpm-measure.sh uki   the UKI entry: PCR 11 (systemd-stub's sections), 12 untouched
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
which=${1:-bls}
kd=$(kernel_dir 6.1)
case $which in
bls) pick="" entry=bls-6.1 ;; # the disk's own default (loader.conf)
uki) pick="kexboot.default=0" entry=uki ;;
*) echo "  unknown entry $which" >&2; exit 2 ;;
esac

tpmdir=$QEMU_DIR/tpm
mkdir -p "$tpmdir"
swtpm socket --tpm2 --tpmstate dir="$tpmdir" --ctrl type=unixio,path="$tpmdir/sock" --terminate \
	--log file="$tpmdir/swtpm.log" &
SWTPM_PID=$!
for _ in $(seq 100); do [ -S "$tpmdir/sock" ] && break; sleep 0.1; done
[ -S "$tpmdir/sock" ] || { echo "  swtpm did not start" >&2; exit 1; }

menu_boot 6.1 "kexboot.timeout=0 kexboot.debug=1 $pick" \
	-chardev socket,id=chrtpm,path="$tpmdir/sock" -tpmdev emulator,id=tpm0,chardev=chrtpm \
	-device tpm-tis,tpmdev=tpm0
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
if [ "$which" = uki ]; then
	uki=$QEMU_DIR/debian-uki.efi
	# The demo disk's ESP is its first partition (scripts/demo-disk.sh): take the UKI back out of it.
	off=$(python3 -c 'import sys,struct
d=open(sys.argv[1],"rb").read(34*512)
e=d[1024:1024+128]
print(struct.unpack("<Q",e[32:40])[0]*512)' build/demo.img)
	mcopy -n -i "build/demo.img@@$off" ::/EFI/Linux/debian-uki.efi "$uki"
fi
python3 - "$which" "$kd/vmlinuz" build/target "$QEMU_DIR/target.pcrs" "$QEMU_DIR/eventlog.yaml" "$tmpd" \
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
    order = [".linux", ".osrel", ".cmdline", ".initrd", ".ucode", ".splash", ".dtb", ".uname", ".sbat",
             ".pcrpkey", ".profile", ".dtbauto", ".hwids", ".efifw"]
    known = bytes(32)  # the same model over only the sections systemd-measure 252 takes
    for name in order:
        if secs.get(name):
            want[11] = ext(want[11], name.encode() + b"\0")
            want[11] = ext(want[11], secs[name])
            if name in (".linux", ".osrel", ".cmdline", ".initrd", ".splash", ".dtb", ".pcrpkey"):
                known = ext(ext(known, name.encode() + b"\0"), secs[name])
            open(tmpd + "/" + name[1:], "wb").write(secs[name])
    open(tmpd + "/pcr11-252", "w").write(known.hex())
    print("  UKI sections measured: " + " ".join(n for n in order if secs.get(n)))
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
if [ "$which" = uki ]; then
	# systemd-measure predicts PCR 11 from the sections it knows (systemd 252 has no --uname/--sbat).
	args=""
	for s in linux osrel cmdline initrd splash dtb pcrpkey; do [ -f "$tmpd/$s" ] && args="$args --$s=$tmpd/$s"; done
	if [ ! -f "$tmpd/uname" ] && [ ! -f "$tmpd/sbat" ] || /usr/lib/systemd/systemd-measure calculate --help | grep -q -- --uname; then
		[ -f "$tmpd/uname" ] && args="$args --uname=$tmpd/uname"
		[ -f "$tmpd/sbat" ] && args="$args --sbat=$tmpd/sbat"
		# shellcheck disable=SC2086
		p=$(/usr/lib/systemd/systemd-measure calculate $args --bank=sha256 --phase= 2>/dev/null | sed -n 's/^11:sha256=//p')
		t=$(awk '$1 == 11 {print tolower($2)}' "$QEMU_DIR/target.pcrs")
		[ "$p" = "$t" ] || { echo "  systemd-measure predicts PCR 11 $p, the target has $t" >&2; exit 1; }
		echo "  systemd-measure predicts the target's PCR 11"
	else
		# This systemd-measure cannot take .uname/.sbat: it must agree with the host's model over
		# the sections it knows, and that model (with .uname/.sbat) agreed with the target above.
		# shellcheck disable=SC2086
		p=$(/usr/lib/systemd/systemd-measure calculate $args --bank=sha256 --phase= 2>/dev/null | sed -n 's/^11:sha256=//p')
		[ "$p" = "$(cat "$tmpd/pcr11-252")" ] ||
			{ echo "  systemd-measure computes $p over the sections it knows, the host model $(cat "$tmpd/pcr11-252")" >&2; exit 1; }
		echo "  systemd-measure $(/usr/lib/systemd/systemd-measure --version | sed -n '1s/systemd //p') has no --uname/--sbat: it agrees with the host's model over the other sections"
	fi
fi
