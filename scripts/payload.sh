#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds the flashable payload: Debian's 6.1 kernel source (package
# linux-source-6.1) configured with config/linuxboot.config on top of
# tinyconfig, with kexboot's cpio as the built-in initramfs, and the kernel
# patches listed in $patches below applied to the source (config/README.md).
#
#   scripts/payload.sh [CPIO]      default CPIO: build/kexboot.cpio
#
# Output: build/payload/bzImage (+ config, kernel.release next to it).
# The kernel tree is cached outside the repo, keyed by source version,
# patches and configuration:  ~/.cache/kexboot/payload/<version>+p<id>-<hash>/
# built from the patched source ~/.cache/kexboot/payload/src-<version>+patched/
# (hard links into the pristine src-<version>/, patched files copied first).
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
# Applied in this order with patch -p1; each one is part of the cache key.
patches="$top/config/kexec-nmi-gate.patch"
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

for p in $patches; do [ -f "$p" ] || die "$p missing"; done
# A tree is keyed by the patches' bytes, so objects of different patch sets
# (or of none) never share a tree.
patchid=$(for p in $patches; do basename "$p"; cat "$p"; done | sha256sum | cut -c1-12)
srcid=$pkgver+p$patchid
hash=$( { echo "recipe $recipe"; echo "source $srcpkg $pkgver"; echo "patches $patchid"
	cat "$fragment"; } | sha256sum | cut -c1-12)
pristine=$cache/src-$pkgver
src=$cache/src-$pkgver+patched
obj=$cache/$srcid-$hash
mkdir -p "$cache"

# One build per cache at a time; a second caller waits.
exec 9>"$cache/.lock"
flock 9

start=$(date +%s)

# 1. Unpack the source once per Debian version (shared by all configs).
if [ ! -f "$pristine/.kexboot-unpacked" ]; then
	say "unpacking $tarball into $pristine"
	rm -rf "$pristine" "$pristine.tmp"
	mkdir -p "$pristine.tmp"
	tar -xJf "$tarball" -C "$pristine.tmp" --strip-components=1
	touch "$pristine.tmp/.kexboot-unpacked"
	mv "$pristine.tmp" "$pristine"
fi

# 1b. The patched source: one directory per Debian version, hard links to
# the pristine tree (unchanged files keep their mtimes), and the files the
# patches touch as private copies. It is brought to the wanted patches under
# the lock at every build: files of another patch set are put back from the
# pristine tree, then the patches are applied; both give the touched files
# a fresh mtime, so a tree built against other contents of them rebuilds
# exactly those (and what includes them). The record lists the touched
# files; it says "dirty" while they are being changed.
rec=$src/.kexboot-patches
if [ "$(sed -n 1p "$rec" 2>/dev/null)" != "$patchid" ]; then
	say "patching $src ($patchid)"
	if [ ! -d "$src" ]; then
		rm -rf "$src.tmp"
		cp -al "$pristine" "$src.tmp"
		rm -f "$src.tmp/.kexboot-unpacked"
		mv "$src.tmp" "$src"
	fi
	old=$(sed 1d "$rec" 2>/dev/null || true)
	new=$(for p in $patches; do sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$p"; done | sort -u)
	{ echo dirty; printf '%s\n' $old $new; } >"$rec"
	for f in $old $new; do
		rm -f "$src/$f"
		if [ -f "$pristine/$f" ]; then
			cp "$pristine/$f" "$src/$f"
		fi
	done
	for p in $patches; do
		patch -d "$src" -p1 -s -N <"$p" || die "$p does not apply to $srcpkg $pkgver"
	done
	for f in $new; do [ ! -f "$src/$f" ] || touch "$src/$f"; done
	{ echo "$patchid"; printf '%s\n' $new; } >"$rec"
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
	# Trees of the same patches first, then of other patches (the same
	# source directory), then pristine ones (built from $pristine).
	seed=""
	for d in $(ls -dt "$cache/$srcid"-* 2>/dev/null) $(ls -dt "$cache/$pkgver"+p* 2>/dev/null) \
		$(ls -dt "$cache/$pkgver"-* 2>/dev/null); do
		[ -f "$d/.kexboot-built" ] && { seed=$d; break; }
	done
	if [ -n "$seed" ]; then
		say "seeding from $seed"
		cp -a "$seed" "$obj.tmp"
		rm -f "$obj.tmp/.kexboot-built" "$obj.tmp/.kexboot-configured"
		# A tree built from another source directory names it in every
		# recorded command and dependency list; rename it there, so Kbuild
		# sees the same commands and rebuilds what changed by mtime (the
		# patched files). Objects not rebuilt keep the old directory in
		# their __FILE__ strings, a label only.
		# The same goes for the seed's own directory, which objtool's
		# build records (a rebuilt objtool would rebuild every object).
		seedsrc=$(cat "$seed/.kexboot-src" 2>/dev/null || echo "$pristine")
		grep -rlF -e "$seedsrc/" -e "$seed/" --include='*.cmd' --include='*.d' "$obj.tmp" |
			while IFS= read -r f; do
				sed -i -e "s|$seedsrc/|$src/|g" -e "s|$seed/|$obj/|g" "$f"
			done
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
	echo "$src" >"$obj/.kexboot-src"
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
	"($srcpkg $pkgver, patches $patchid), $((end - start)) s"
