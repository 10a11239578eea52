#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the libraries kexboot links statically (libblkid, libmount, libelf,
# libz, libzstd, liblzma, libcrypto, libssl) for musl from Debian's own source packages
# and caches them outside the repository, keyed by the source versions.
#
#   scripts/deps.sh            build when missing, print the prefix
#   scripts/deps.sh --dir      print the prefix the current versions map to
#
# The prefix holds include/, lib/, kheaders/ (the kernel UAPI headers musl-gcc
# cannot see by itself) and versions.txt.
set -eu

cache=${KEXBOOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexboot}
srcs="util-linux elfutils libzstd openssl zlib xz-utils"

srcver() {
	apt-cache showsrc "$1" 2>/dev/null | awk '/^Version:/ {print $2}' | sort -V | tail -n 1
}

key=""
for s in $srcs; do
	v=$(srcver "$s")
	if [ -z "$v" ]; then
		echo "deps: no source version for $s (is there a deb-src entry? run scripts/host-deps.sh)" >&2
		exit 1
	fi
	key="$key$s=$v "
done
hash=$(printf '%s' "$key" | sha256sum | cut -c1-12)
prefix=$cache/deps/$hash

if [ "${1:-}" = --dir ]; then
	echo "$prefix"
	exit 0
fi
if [ -f "$prefix/.done" ]; then
	echo "$prefix"
	exit 0
fi

# One build at a time per cache: two builds into one prefix corrupt each other.
mkdir -p "$cache"
exec 9>"$cache/deps.lock"
flock 9
if [ -f "$prefix/.done" ]; then
	echo "$prefix"
	exit 0
fi

jobs=$(nproc)
work=$cache/src/$hash
rm -rf "$work" "$prefix"
mkdir -p "$work" "$prefix/include" "$prefix/lib" "$prefix/kheaders"
log=$work/build.log
echo "deps: building $key-> $prefix (log: $log)" >&2
current="apt-get source"
step() { current=$*; echo "deps: $*" >&2; }
# A failed step says which one and shows the end of its log.
trap 'rc=$?; if [ "$rc" -ne 0 ]; then echo "deps: FAILED in step: $current (exit $rc); last lines of $log:" >&2; tail -n 25 "$log" >&2; fi' EXIT

# musl-gcc does not search the kernel UAPI headers; give it just those.
ln -s /usr/include/linux "$prefix/kheaders/linux"
ln -s /usr/include/asm-generic "$prefix/kheaders/asm-generic"
ln -s /usr/include/x86_64-linux-gnu/asm "$prefix/kheaders/asm"
ln -s /usr/include/mtd "$prefix/kheaders/mtd" 2>/dev/null || true
CC="musl-gcc -isystem $prefix/kheaders"
export CC

cd "$work"
for s in $srcs; do
	step "apt-get source $s"
	apt-get source -qq "$s" >>"$log" 2>&1
done


step "zlib"
(cd zlib-*/ && CFLAGS="-Os -fPIC" ./configure --static --prefix="$prefix" &&
	make -j"$jobs" libz.a && make install) >>"$log" 2>&1

step "zstd"
(cd libzstd-*/ && make -C lib -j"$jobs" CC="$CC" CFLAGS="-Os" libzstd.a &&
	cp lib/libzstd.a "$prefix/lib/" &&
	cp lib/zstd.h lib/zstd_errors.h lib/zdict.h "$prefix/include/") >>"$log" 2>&1

step "xz-utils (liblzma, decoders only: bzImage payloads of 5.10 and 6.1)"
(cd xz-utils-*/ && ./configure --prefix="$prefix" --disable-shared --enable-static \
	--disable-encoders --disable-threads --disable-xz --disable-xzdec \
	--disable-lzmadec --disable-lzmainfo --disable-lzma-links --disable-scripts \
	--disable-doc --disable-nls CFLAGS="-Os" &&
	make -C src/liblzma -j"$jobs" && make -C src/liblzma install) >>"$log" 2>&1

step "util-linux (libblkid, libmount)"
(cd util-linux-*/ && ./configure --prefix="$prefix" --disable-all-programs \
	--enable-libblkid --enable-libmount --disable-shared --enable-static \
	--without-selinux --without-systemd --without-udev --without-python \
	--disable-nls --without-tinfo --without-ncurses --without-ncursesw \
	--disable-bash-completion --without-cryptsetup --without-btrfs \
	CFLAGS="-Os" &&
	make -j"$jobs" && make install) >>"$log" 2>&1

step "elfutils (libelf only; musl has no argp for the rest)"
(cd elfutils-*/ && ver=$(sed -n 's/^AC_INIT(\[[^]]*\],\[\([^]]*\)\].*/\1/p' configure.ac) &&
	cat >config.h <<CFG &&
#define HAVE_ERR_H 1
#define HAVE_DECL_REALLOCARRAY 1
#define HAVE_DECL_MEMPCPY 1
#define HAVE_DECL_MEMRCHR 1
#define HAVE_DECL_POWEROF2 1
#define HAVE_DECL_RAWMEMCHR 0
#define HAVE_VISIBILITY 1
#define USE_LOCKS 0
#define SYMBOL_VERSIONING 0
#define PACKAGE_NAME "elfutils"
#define PACKAGE_VERSION "$ver"
#define PACKAGE_STRING "elfutils $ver"
#define PACKAGE "elfutils"
#define VERSION "$ver"
#define _GNU_SOURCE 1
#include <assert.h>
#define assert_perror(e) assert(!(e))
#include <eu-config.h>
CFG
	mkdir -p build-musl &&
	for f in libelf/*.c; do
		$CC -Os -std=gnu99 -D_GNU_SOURCE -DHAVE_CONFIG_H -I. -Ilib -Ilibelf \
			-I"$prefix/include" -include config.h -Wno-error \
			-c "$f" -o "build-musl/$(basename "$f" .c).o" || exit 1
	done &&
	ar rcs "$prefix/lib/libelf.a" build-musl/*.o &&
	cp libelf/libelf.h libelf/gelf.h libelf/nlist.h "$prefix/include/" &&
	echo "$ver" >"$prefix/elfutils-version") >>"$log" 2>&1

step "openssl (libcrypto, libssl; trimmed to what kexboot uses)"
(cd openssl-*/ && ./Configure linux-x86_64 --prefix="$prefix" --libdir=lib \
	--openssldir=/etc/ssl no-shared no-dso no-async no-engine no-afalgeng \
	no-tests no-legacy no-deprecated no-comp no-ssl3 no-dtls no-srp no-idea \
	no-rc2 no-rc4 no-rc5 no-md4 no-mdc2 no-whirlpool no-seed no-camellia \
	no-aria no-bf no-cast no-sm2 no-sm3 no-sm4 no-gost no-cmp no-cms no-ts \
	no-ocsp no-ct no-srtp no-ui-console -Os &&
	make -j"$jobs" build_libs && make install_dev) >>"$log" 2>&1

printf '%s\n' $key >"$prefix/versions.txt"
touch "$prefix/.done"
rm -rf "$work"
echo "$prefix"
