# SPDX-License-Identifier: GPL-2.0-or-later
# Pieces shared by the case-kexec-*.sh cases (sourced after lib.sh):
#   kx_cpio OUT < SPEC      write a newc cpio; SPEC lines:
#                             dir PATH MODE | file PATH MODE SRC | nod PATH MODE MAJ MIN
#   kx_target_initrds DIR   three initrds for the target (a.cpio with /init and
#                           busybox, b.cpio, c.cpio.gz) plus DIR/expected.sha256
# The target's /init prints "TARGET uname=", "TARGET cmdline=" and
# "TARGET sha256 <digest>  <file>" for every file under /payload, the first
# bytes of /proc/vmcore when there is one (crash kernels), then powers off.

kx_cpio() {
	python3 -c '
import os, sys
out = open(sys.argv[1], "wb")
ino = 1
def put(name, mode, data=b"", rmaj=0, rmin=0, nlink=1):
    global ino
    n = name.encode() + b"\0"
    f = [ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rmaj, rmin, len(n), 0]
    h = b"070701" + b"".join(b"%08x" % v for v in f) + n
    h += b"\0" * (-len(h) % 4)
    out.write(h + data + b"\0" * (-len(data) % 4))
    ino += 1
for line in sys.stdin:
    w = line.split()
    if not w:
        continue
    if w[0] == "dir":
        put(w[1], 0o040000 | int(w[2], 8), nlink=2)
    elif w[0] == "file":
        put(w[1], 0o100000 | int(w[2], 8), open(w[3], "rb").read())
    elif w[0] == "nod":
        put(w[1], 0o020000 | int(w[2], 8), rmaj=int(w[3]), rmin=int(w[4]))
    else:
        sys.exit("kx_cpio: bad spec line: " + line)
put("TRAILER!!!", 0)
' "$1"
}

kx_target_initrds() {
	d=$1
	mkdir -p "$d/t"
	cat >"$d/t/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
echo "TARGET uname=$(/bin/busybox uname -r)"
echo "TARGET cmdline=$(/bin/busybox cat /proc/cmdline)"
for f in /init /payload/*; do echo "TARGET sha256 $(/bin/busybox sha256sum "$f")"; done
if [ -e /proc/vmcore ]; then
	echo "TARGET vmcore magic=$(/bin/busybox head -c 4 /proc/vmcore | /bin/busybox tail -c 3)"
fi
echo "TARGET done"
/bin/busybox poweroff -f
INIT
	head -c 300001 /dev/urandom >"$d/t/a.bin"
	head -c 100003 /dev/urandom >"$d/t/b.bin"
	head -c 50000 /dev/urandom >"$d/t/c.bin"
	kx_cpio "$d/a.cpio" <<SPEC
dir dev 755
nod dev/console 600 5 1
dir proc 755
dir bin 755
dir payload 755
file init 755 $d/t/init
file bin/busybox 755 build/busybox/busybox
file payload/a.bin 644 $d/t/a.bin
SPEC
	kx_cpio "$d/b.cpio" <<SPEC
dir payload 755
file payload/b.bin 644 $d/t/b.bin
SPEC
	kx_cpio "$d/c.cpio" <<SPEC
dir payload 755
file payload/c.bin 644 $d/t/c.bin
SPEC
	gzip -9n <"$d/c.cpio" >"$d/c.cpio.gz"
	(cd "$d/t" && sha256sum init | sed 's| init$| /init|'
	 for f in a b c; do sha256sum $f.bin | sed "s| $f.bin\$| /payload/$f.bin|"; done) >"$d/expected.sha256"
}

# kx_tpm_seal TPMDIR PCRS SECRET OUT: seals SECRET with tpm2-tools (scripts/tpm-seal.sh) to
# the sha256 PCR 8 and 9 values in PCRS, on a swtpm the host runs on the state in TPMDIR for
# the time of the seal; QEMU's swtpm then runs on the same state, so only that TPM unseals it.
kx_tpm_seal() {
	swtpm socket --tpm2 --tpmstate dir="$1" --server type=unixio,path="$1/host" \
		--ctrl type=unixio,path="$1/host.ctrl" --flags startup-clear,not-need-init --log file="$1/swtpm-host.log" &
	SWTPM_PID=$!
	trap 'kill "$SWTPM_PID" 2>/dev/null || true' EXIT
	for _ in $(seq 100); do [ -S "$1/host" ] && break; sleep 0.1; done
	TPM2TOOLS_TCTI="swtpm:path=$1/host" sh scripts/tpm-seal.sh --pcrs 8,9 --values "$2" "$3" "$4" | sed 's/^/  /'
	kill "$SWTPM_PID"
	wait "$SWTPM_PID" 2>/dev/null || true
}
