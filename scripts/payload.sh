#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds the flashable payload: Debian's 6.1 kernel source (package
# linux-source-6.1) configured with config/linuxboot.config on top of
# tinyconfig, with kexboot's cpio as the built-in initramfs.
#
#   scripts/payload.sh [CPIO]      default CPIO: build/kexboot.cpio
#
# Output: build/payload/bzImage (+ config, kernel.release next to it).
# The kernel tree is cached outside the repo, keyed by source version and
# configuration:  ~/.cache/kexboot/payload/<version>-<hash>/
# The cpio is copied into that tree only when its bytes changed, so a new
# kexboot re-runs only the initramfs step and the final link. A changed
# fragment gets a new tree seeded from the last one (incremental rebuild);
# old trees are left in place (rm -rf ~/.cache/kexboot/payload to reclaim).
#
# Environment: KEXBOOT_CACHE (default ~/.cache/kexboot), PAYLOAD_JOBS (2),
# PAYLOAD_OUT (build/payload).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cpio=${1:-$top/build/kexboot.cpio}
out=${PAYLOAD_OUT:-$top/build/payload}
cache=${KEXBOOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexboot}/payload
jobs=${PAYLOAD_JOBS:-2}
fragment=$top/config/linuxboot.config
srcpkg=linux-source-6.1
tarball=/usr/src/$srcpkg.tar.xz
# Bump when this script changes how the tree is configured.
recipe=1

say() { echo "payload: $*" >&2; }
die() { say "error: $*"; exit 1; }

[ -f "$cpio" ] || die "$cpio missing (build it with 'make build/kexboot.cpio')"
case $cpio in /*) ;; *) cpio=$(pwd)/$cpio ;; esac

if [ ! -f "$tarball" ]; then
	say "$tarball missing; installing host packages"
	sh "$top/scripts/host-deps.sh"
	[ -f "$tarball" ] || die "$tarball still missing after host-deps.sh"
fi
pkgver=$(dpkg-query -W -f='${Version}' "$srcpkg" 2>/dev/null) ||
	die "package $srcpkg not installed"

hash=$( { echo "recipe $recipe"; echo "source $srcpkg $pkgver"; cat "$fragment"; } |
	sha256sum | cut -c1-12)
src=$cache/src-$pkgver
obj=$cache/$pkgver-$hash
mkdir -p "$cache"

# One build per cache at a time; a second caller waits.
exec 9>"$cache/.lock"
flock 9

start=$(date +%s)

# 1. Unpack the source once per Debian version (shared by all configs).
if [ ! -f "$src/.kexboot-unpacked" ]; then
	say "unpacking $tarball into $src"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
	touch "$src.tmp/.kexboot-unpacked"
	mv "$src.tmp" "$src"
fi

kmake() {
	# Fixed identity and build number: the same inputs give the same uname -v,
	# and init/version.o does not rebuild just because we linked again.
	nice -n 19 make -C "$src" O="$obj" ARCH=x86_64 \
		KBUILD_BUILD_USER=kexboot KBUILD_BUILD_HOST=kexboot \
		KBUILD_BUILD_VERSION=1 \
		KBUILD_BUILD_TIMESTAMP="${KBUILD_BUILD_TIMESTAMP:-$pkgver}" "$@"
}

# 2. Configure once per (version, fragment): tinyconfig + fragment, then check
# that every line of the fragment survived Kconfig's dependency resolution.
if [ ! -f "$obj/.kexboot-configured" ]; then
	say "configuring $obj"
	rm -rf "$obj" "$obj.tmp"
	# Seed from the newest finished tree of the same source: Kbuild then
	# rebuilds only what the changed options touch, not the whole kernel.
	# (Paths inside a tree are relative to it, except the cpio's, which the
	# new configuration changes anyway.)
	seed=""
	for d in $(ls -dt "$cache/$pkgver"-* 2>/dev/null); do
		[ -f "$d/.kexboot-built" ] && { seed=$d; break; }
	done
	if [ -n "$seed" ]; then
		say "seeding from $seed"
		cp -a "$seed" "$obj.tmp"
		rm -f "$obj.tmp/.kexboot-built" "$obj.tmp/.kexboot-configured"
		mv "$obj.tmp" "$obj"
	else
		mkdir -p "$obj"
	fi
	# The built-in initramfs is read from inside the tree, so the .config does
	# not depend on where the repository lives.
	printf 'CONFIG_INITRAMFS_SOURCE="%s"\n' "$obj/kexboot.cpio" >"$obj/initramfs.config"
	cp "$cpio" "$obj/kexboot.cpio"
	kmake -s tinyconfig >/dev/null
	(cd "$src" && ARCH=x86_64 scripts/kconfig/merge_config.sh -n -O "$obj" \
		"$obj/.config" "$fragment" "$obj/initramfs.config" >"$obj/merge.log" 2>&1) ||
		die "merge_config failed, see $obj/merge.log"
	bad=0
	for f in "$fragment" "$obj/initramfs.config"; do
		while IFS= read -r line; do
			case $line in
			"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *}; want=n ;;
			CONFIG_*=*) sym=${line%%=*}; want=${line#*=} ;;
			*) continue ;;
			esac
			got=$(sed -n "s/^$sym=//p" "$obj/.config")
			[ -n "$got" ] || got=n
			if [ "$got" != "$want" ]; then
				say "config: $sym wanted $want, Kconfig gave $got"
				bad=1
			fi
		done <"$f"
	done
	[ "$bad" = 0 ] || die "config/linuxboot.config does not resolve as written"
	grep -q '^CONFIG_MODULES=y' "$obj/.config" && die "CONFIG_MODULES got enabled"
	touch "$obj/.kexboot-configured"
fi

# 3. Hand over kexboot's cpio; an unchanged cpio keeps its old timestamp.
if ! cmp -s "$cpio" "$obj/kexboot.cpio"; then
	cp "$cpio" "$obj/kexboot.cpio.tmp"
	mv "$obj/kexboot.cpio.tmp" "$obj/kexboot.cpio"
fi

# 4. Build. Only bzImage: there are no modules.
say "building bzImage in $obj (make -j$jobs)"
kmake -j"$jobs" bzImage >"$obj/build.log" 2>&1 ||
	{ tail -n 40 "$obj/build.log" >&2; die "kernel build failed, log: $obj/build.log"; }
touch "$obj/.kexboot-built"

mkdir -p "$out"
cp "$obj/arch/x86/boot/bzImage" "$out/bzImage.tmp"
mv "$out/bzImage.tmp" "$out/bzImage"
cp "$obj/.config" "$out/config"
cat "$obj/include/config/kernel.release" >"$out/kernel.release"

end=$(date +%s)
say "$out/bzImage: $(stat -c %s "$out/bzImage") bytes, kernel $(cat "$out/kernel.release")" \
	"($srcpkg $pkgver), $((end - start)) s"
