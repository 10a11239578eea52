#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the initrds a test target kernel boots with (deterministically):
#   OUT/base.cpio        BusyBox + tests/qemu/target/init (reports and powers off)
#   OUT/payload1.cpio    /payload/one.bin   (256 KiB, fixed pseudo-random bytes)
#   OUT/payload2.cpio.gz /payload/two.bin   (1 MiB), gzip-compressed cpio
#   OUT/expected.sha256  sha256sum lines of the payload files as the target will see them
# usage: scripts/target-initrd.sh OUT_DIR [MKCPIO] [BUSYBOX]
set -eu
out=$1
mkcpio=${2:-build/tools/mkcpio}
busybox=${3:-/bin/busybox}
mkdir -p "$out/src"

# Deterministic "random" payloads: a SHA-256 counter stream.
gen() { # gen FILE BYTES SEED
	python3 - "$1" "$2" "$3" <<'PY'
import hashlib, sys
path, n, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
out = bytearray(); i = 0
while len(out) < n:
    out += hashlib.sha256(seed + i.to_bytes(8, "little")).digest(); i += 1
open(path, "wb").write(bytes(out[:n]))
PY
}
gen "$out/src/one.bin" 262144 one
gen "$out/src/two.bin" 1048576 two

{
	for d in bin sbin dev proc sys payload; do echo "dir /$d 0755"; done
	echo "nod /dev/console 0600 c 5 1"
	echo "file /init tests/qemu/target/init 0755"
	echo "file /bin/busybox $busybox 0755"
	"$busybox" --list-full | LC_ALL=C sort | while read -r a; do
		case $a in bin/busybox | linuxrc) continue ;; esac
		echo "slink /$a /bin/busybox"
	done
} >"$out/base.list"
"$mkcpio" "$out/base.list" "$out/base.cpio"

printf 'dir /payload 0755\nfile /payload/one.bin %s 0644\n' "$out/src/one.bin" >"$out/payload1.list"
"$mkcpio" "$out/payload1.list" "$out/payload1.cpio"
printf 'dir /payload 0755\nfile /payload/two.bin %s 0644\n' "$out/src/two.bin" >"$out/payload2.list"
"$mkcpio" "$out/payload2.list" "$out/payload2.cpio"
gzip -n -9 -c "$out/payload2.cpio" >"$out/payload2.cpio.gz"
rm -f "$out/payload2.cpio"

(cd "$out/src" && sha256sum one.bin two.bin) |
	sed 's|  |  /payload/|' >"$out/expected.sha256"
