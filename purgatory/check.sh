#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build checks for the purgatory blob: no undefined symbols, no relocation
# the loader would have to apply (the blob is position independent; the only
# absolute relocations allowed are the offsets in .header, resolved at link
# time against base 0), no dynamic/GOT sections, header consistent with the
# binary, and a size budget.
# Usage: check.sh ELF BIN MAX_FILE_BYTES MAX_MEM_BYTES
set -eu
elf=$1 bin=$2 max_file=$3 max_mem=$4
fail() { echo "purgatory check: $*" >&2; exit 1; }

undef=$(nm -u "$elf")
[ -z "$undef" ] || fail "undefined symbols: $undef"

bad=$(readelf -SW "$elf" | grep -E '\.(got|plt|dynamic|dynsym|interp|rela\.dyn)' || true)
[ -z "$bad" ] || fail "unexpected sections: $bad"

# Relocations kept by --emit-relocs: absolute types only in .rela.header.
bad=$(readelf -rW "$elf" | awk '
	/^Relocation section/ { sec = $3; gsub(/\047/, "", sec); next }
	$3 ~ /^R_X86_64_(64|32|32S|16|8|RELATIVE|GLOB_DAT|JUMP_SLOT|GOTPCREL.*|GOT.*|COPY|IRELATIVE)$/ &&
	sec != ".rela.header" { print sec ": " $3 " " $5 }')
[ -z "$bad" ] || fail "relocations the loader cannot apply: $bad"

size=$(wc -c <"$bin")
hdr() { od -An -tu4 -j "$1" -N4 "$bin" | tr -d ' '; }
magic=$(od -An -tx8 -N8 "$bin" | tr -d ' ')
[ "$magic" = "3147525550424b58" ] || fail "bad magic $magic"
file_size=$(hdr 24)
mem_size=$(hdr 28)
entry=$(hdr 16)
args=$(hdr 20)
[ "$file_size" -eq "$size" ] || fail "header file_size $file_size != binary size $size"
[ "$mem_size" -ge "$file_size" ] || fail "mem_size $mem_size < file_size $file_size"
[ "$entry" -lt "$file_size" ] || fail "entry offset $entry outside the blob"
[ $((args % 8)) -eq 0 ] && [ $((args + 1528)) -le "$file_size" ] || fail "args offset $args bad"
stubs=$(hdr 32)
stub_size=$(hdr 36)
[ "$stub_size" -gt 0 ] && [ $((stubs + 32 * stub_size)) -le "$file_size" ] || fail "exception stubs at $stubs (x$stub_size) outside the blob"
[ "$size" -le "$max_file" ] || fail "blob is $size bytes, budget $max_file"
[ "$mem_size" -le "$max_mem" ] || fail "memory size $mem_size, budget $max_mem"
echo "purgatory: $size bytes file, $mem_size bytes memory, entry +$entry, args +$args"
