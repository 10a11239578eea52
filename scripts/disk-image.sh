#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Assembles a GPT disk image from staging directories without mounting
# anything: partitions are made with mkfs.vfat + mtools and mkfs.ext4 -d,
# then copied into place.
#
#   scripts/disk-image.sh OUT.img [esp:DIR] [ext4:DIR:LABEL] [iso:DIR] ...
#
# UUIDs are fixed per partition number so configs can name them:
#   vfat volume id  1234-ABC<n>   ext4 UUID  0d1c0000-0000-4000-8000-00000000000<n>
#   GPT PARTUUID    6b62a0d0-0000-4000-8000-00000000000<n>
set -eu
out=$1
shift
tmp=$(mktemp -d /tmp/kexboot-disk.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export E2FSPROGS_FAKE_TIME=1700000000 MTOOLS_SKIP_CHECK=1

n=0
layout=""
for spec in "$@"; do
	n=$((n + 1))
	kind=${spec%%:*}
	rest=${spec#*:}
	dir=${rest%%:*}
	label=${rest#*:}
	[ "$label" = "$rest" ] && label=""
	kib=$(du -sk "$dir" | cut -f1)
	size=$(((kib * 12 / 10 + 8192) / 1024 + 1)) # MiB, with room for metadata
	img=$tmp/p$n.img
	truncate -s "${size}M" "$img"
	case $kind in
	esp)
		# FAT32 needs at least 33 MiB; an ESP is FAT32.
		[ "$size" -ge 40 ] || { size=40; truncate -s "${size}M" "$img"; }
		mkfs.vfat -F 32 -n "${label:-ESP}" -i "1234ABC$n" "$img" >/dev/null
		(cd "$dir" && find . -mindepth 1 -type d | sort | while read -r d; do
			mmd -i "$img" "::/${d#./}"
		done
		find . -type f | sort | while read -r f; do
			mcopy -i "$img" -m "$f" "::/${f#./}"
		done)
		type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
		;;
	ext4)
		mkfs.ext4 -q -F -L "${label:-boot}" -U "0d1c0000-0000-4000-8000-00000000000$n" \
			-E root_owner=0:0 -d "$dir" "$img"
		type=0FC63DAF-8483-4772-8E79-3D69D8477DE4
		;;
	*)
		echo "disk-image: unknown partition kind '$kind'" >&2
		exit 2
		;;
	esac
	layout="$layout
size=${size}MiB, type=$type, uuid=6b62a0d0-0000-4000-8000-00000000000$n, name=\"${label:-$kind}\""
done

total=2
for p in "$tmp"/p*.img; do
	total=$((total + $(stat -c %s "$p") / 1048576))
done
rm -f "$out"
truncate -s "$((total + 1))M" "$out"
printf 'label: gpt\nlabel-id: 6B62A0D0-0000-4000-8000-000000000000\nfirst-lba: 2048\n%s\n' "$layout" |
	sfdisk -q "$out" >/dev/null
i=0
sfdisk -J "$out" | python3 -c '
import json, sys
for p in json.load(sys.stdin)["partitiontable"]["partitions"]:
    print(p["start"])' | while read -r start; do
	i=$((i + 1))
	dd if="$tmp/p$i.img" of="$out" bs=512 seek="$start" conv=notrunc status=none
done
