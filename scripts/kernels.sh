#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetches Debian's test kernels (5.10 bullseye, 6.1 bookworm, 6.12 trixie,
# and the newest, pinned below: 7.3 from trixie-backports) with apt-get download through a private apt configuration, unpacks them
# with dpkg-deb -x into a cache (never into /boot) and prints one line per
# kernel: SERIES KVER DIR  (DIR holds vmlinuz and lib/modules/KVER).
#
#   scripts/kernels.sh            fetch what is missing, print the table
#   scripts/kernels.sh 6.1        just that series
set -eu

# The newest kernel, pinned so that the test matrix does not move under us.
# To bump: set the series, suite, ABI name and package version of the new one
# (apt-cache policy linux-image-amd64 through the private configuration).
NEWEST_SERIES=7.3
NEWEST_SUITE=trixie-backports
NEWEST_KVER=7.3.4+deb13-amd64
NEWEST_VERSION=7.3.4-1~bpo13+1

cache=${KEXBOOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexboot}
kroot=$cache/kernels
apt=$kroot/apt
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}

series_suite() {
	case $1 in
	5.10) echo bullseye ;;
	6.1) echo bookworm ;;
	6.12) echo trixie ;;
	"$NEWEST_SERIES") echo "$NEWEST_SUITE" ;;
	*) echo "kernels: unknown series $1" >&2; exit 2 ;;
	esac
}

aptq() {
	apt-get -qq -o Dir::Etc::sourcelist="$apt/sources.list" \
		-o Dir::Etc::sourceparts=/dev/null -o Dir::State::Lists="$apt/lists" \
		-o Dir::Cache="$apt/cache" -o Dir::State::status="$apt/status" \
		-o APT::Architecture=amd64 -o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}
aptc() {
	apt-cache -o Dir::Etc::sourcelist="$apt/sources.list" \
		-o Dir::Etc::sourceparts=/dev/null -o Dir::State::Lists="$apt/lists" \
		-o Dir::Cache="$apt/cache" -o Dir::State::status="$apt/status" \
		-o APT::Architecture=amd64 "$@"
}

setup_apt() {
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	: >"$apt/status"
	want="deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bullseye main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $NEWEST_SUITE main"
	if [ ! -f "$apt/sources.list" ] || [ "$(cat "$apt/sources.list")" != "$want" ] ||
	   [ -z "$(ls "$apt/lists" 2>/dev/null | grep Packages || true)" ]; then
		printf '%s\n' "$want" >"$apt/sources.list"
		aptq update >&2
	fi
}

fetch() {
	s=$1
	dir=$kroot/$s
	if [ -f "$dir/.done" ]; then
		echo "$s $(cat "$dir/kver") $dir"
		return
	fi
	setup_apt
	suite=$(series_suite "$s")
	if [ "$s" = "$NEWEST_SERIES" ]; then
		# Since 7.x the image package is split: the kernel, its config and
		# System.map, and its modules each come in a package of their own.
		kver=$NEWEST_KVER
		pkgs="linux-binary-$kver=$NEWEST_VERSION linux-base-$kver=$NEWEST_VERSION linux-modules-$kver=$NEWEST_VERSION"
	else
		# The metapackage depends on the versioned image package of that suite.
		pkg=$(aptc show "linux-image-amd64/$suite" 2>/dev/null |
			sed -n 's/^Depends: *\(linux-image-[0-9][^ ,]*\).*/\1/p' | head -n 1)
		if [ -z "$pkg" ]; then
			echo "kernels: cannot resolve linux-image-amd64 in $suite" >&2
			exit 1
		fi
		kver=${pkg#linux-image-}
		kver=${kver%-unsigned}
		pkgs=$pkg/$suite
	fi
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp/deb"
	# shellcheck disable=SC2086
	(cd "$dir.tmp/deb" && aptq download $pkgs >&2)
	for d in "$dir.tmp"/deb/*.deb; do
		dpkg-deb -x "$d" "$dir.tmp/root"
	done
	mkdir -p "$dir/lib/modules"
	# bookworm and earlier keep the kernel and its config in /boot; the split
	# packages keep them beside the modules.
	for f in vmlinuz config; do
		for c in "$dir.tmp/root/boot/$f-$kver" "$dir.tmp/root/usr/lib/modules/$kver/$f"; do
			[ -f "$c" ] && { mv "$c" "$dir/$f"; break; }
		done
		[ -f "$dir/$f" ] || { echo "kernels: no $f in $pkgs" >&2; exit 1; }
	done
	# trixie ships modules under /usr/lib (merged /usr).
	for m in "$dir.tmp/root/lib/modules/$kver" "$dir.tmp/root/usr/lib/modules/$kver"; do
		[ -d "$m" ] && mv "$m" "$dir/lib/modules/$kver"
	done
	[ -d "$dir/lib/modules/$kver" ] || { echo "kernels: no modules in $pkgs" >&2; exit 1; }
	# Debian generates modules.dep at install time; do it in the cache.
	depmod -b "$dir" "$kver"
	echo "$kver" >"$dir/kver"
	rm -rf "$dir.tmp"
	touch "$dir/.done"
	echo "$s $kver $dir"
}

list=${*:-5.10 6.1 6.12 $NEWEST_SERIES}
for s in $list; do
	fetch "$s"
done
