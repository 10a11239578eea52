#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds a small static BusyBox for the flashable payload from Debian's
# source package (apt-get source busybox, Debian patches applied), with musl
# and only the applets in config/busybox.config (on top of allnoconfig).
#
#   scripts/busybox.sh [OUTPUT]     default OUTPUT: build/busybox/busybox
#
# Source and objects are cached outside the repo, keyed by the Debian version
# and the configuration: ~/.cache/kexboot/busybox/<version>-<hash>/
# Environment: KEXBOOT_CACHE (default ~/.cache/kexboot), BUSYBOX_JOBS (2),
# MUSL_CC (musl-gcc).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/busybox/busybox}
cache=${KEXBOOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexboot}/busybox
jobs=${BUSYBOX_JOBS:-2}
cc=${MUSL_CC:-musl-gcc}
fragment=$top/config/busybox.config
recipe=1

say() { echo "busybox: $*" >&2; }
die() { say "error: $*"; exit 1; }

command -v "$cc" >/dev/null || die "$cc not found (package musl-tools)"
command -v dpkg-source >/dev/null || die "dpkg-source not found (package dpkg-dev)"
mkdir -p "$cache/dl"
exec 9>"$cache/.lock"
flock 9

# 1. Debian's source package, fetched once. The candidate version decides
# which .dsc we want, so an archive update gives a new cache key.
ver=$(apt-cache showsrc busybox 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -n 1)
[ -n "$ver" ] || die "no source package for busybox (is deb-src configured? run scripts/host-deps.sh)"
uver=${ver#*:}
dsc=$cache/dl/busybox_$uver.dsc
if [ ! -f "$dsc" ]; then
	say "fetching source package busybox $ver"
	(cd "$cache/dl" && apt-get source --download-only -qq -o APT::Sandbox::User=root "busybox=$ver") >&2 ||
		die "apt-get source busybox=$ver failed"
fi
src=$cache/src-$uver
if [ ! -f "$src/.kexboot-unpacked" ]; then
	rm -rf "$src" "$src.tmp"
	dpkg-source -x --no-check "$dsc" "$src.tmp" >/dev/null
	# dpkg-source leaves a copy of the upstream tarball next to the tree.
	rm -f "$cache"/busybox_*.orig.tar.*
	touch "$src.tmp/.kexboot-unpacked"
	mv "$src.tmp" "$src"
fi

# 2. Linux UAPI headers for musl: musl-gcc does not search /usr/include.
kh=$cache/kheaders
if [ ! -d "$kh/linux" ]; then
	rm -rf "$kh.tmp"
	mkdir -p "$kh.tmp"
	for d in linux asm-generic mtd; do
		ln -s "/usr/include/$d" "$kh.tmp/$d"
	done
	ln -s "/usr/include/$(gcc -print-multiarch)/asm" "$kh.tmp/asm"
	rm -rf "$kh"
	mv "$kh.tmp" "$kh"
fi

hash=$( { echo "recipe $recipe"; echo "busybox $ver"; echo "cc $cc"; cat "$fragment"; } |
	sha256sum | cut -c1-12)
obj=$cache/$uver-$hash

bbmake() {
	nice -n 19 make -C "$src" O="$obj" CC="$cc" HOSTCC=gcc \
		EXTRA_CFLAGS="-isystem $kh" KCONFIG_NOTIMESTAMP=1 \
		SKIP_STRIP=n "$@"
}

# 3. Configure: allnoconfig + the fragment; every line must survive.
if [ ! -f "$obj/.kexboot-configured" ]; then
	say "configuring $obj"
	rm -rf "$obj"
	mkdir -p "$obj"
	# BusyBox's allnoconfig resets every bool even when KCONFIG_ALLCONFIG
	# presets it, so the fragment is written over the all-no .config and
	# oldconfig resolves the dependencies.
	bbmake allnoconfig >"$obj/config.log" 2>&1 ||
		die "allnoconfig failed, see $obj/config.log"
	awk -v frag="$fragment" '
		BEGIN {
			while ((getline l < frag) > 0)
				if (l ~ /^CONFIG_[A-Za-z0-9_]+=/) {
					s = l; sub(/=.*/, "", s); want[s] = l
				}
		}
		{
			s = $0
			if (s ~ /^# CONFIG_.* is not set$/) { sub(/^# /, "", s); sub(/ .*/, "", s) }
			else sub(/=.*/, "", s)
			if (s in want) { print want[s]; done[s] = 1 } else print
		}
		END { for (s in want) if (!(s in done)) print want[s] }
	' "$obj/.config" >"$obj/.config.new"
	mv "$obj/.config.new" "$obj/.config"
	yes "" | bbmake oldconfig >>"$obj/config.log" 2>&1 ||
		die "oldconfig failed, see $obj/config.log"
	bad=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) ;;
		*) continue ;;
		esac
		grep -qxF "$line" "$obj/.config" || { say "config: $line did not stick"; bad=1; }
	done <"$fragment"
	[ "$bad" = 0 ] || die "config/busybox.config does not resolve as written"
	touch "$obj/.kexboot-configured"
fi

# 4. Build.
say "building in $obj"
bbmake -j"$jobs" busybox >"$obj/build.log" 2>&1 ||
	{ tail -n 30 "$obj/build.log" >&2; die "build failed, log: $obj/build.log"; }
file "$obj/busybox" | grep -q 'statically linked' || die "$obj/busybox is not static"

mkdir -p "$(dirname "$out")"
cp "$obj/busybox" "$out.tmp"
mv "$out.tmp" "$out"
say "$out: $(stat -c %s "$out") bytes, $("$out" --list | wc -l) applets (busybox $ver, $cc)"
