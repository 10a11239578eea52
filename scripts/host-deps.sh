#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the Debian packages a fresh Debian 12 machine needs to build and
# test kexboot. Idempotent: does nothing when everything is present.
set -eu

pkgs="musl-tools build-essential autoconf automake libtool autopoint gettext
pkg-config bison flex gawk cpio xz-utils zstd file qemu-system-x86
busybox-static dpkg-dev clang llvm lld libclang-rt-14-dev python3
grub2-common systemd-boot-efi binutils e2fsprogs dosfstools mtools fdisk
bc u-boot-menu dnsmasq-base nginx-light openssl ca-certificates swtpm swtpm-tools tpm2-tools sbsigntool osslsigncode pesign libarchive-tools libelf-dev libssl-dev libzstd-dev liblzma-dev zlib1g-dev dwarves rsync kmod linux-source-6.1 ovmf"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done

# apt-get source needs a deb-src entry for the configured suites.
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ &&
   ! grep -qs '^deb-src' /etc/apt/sources.list; then
	# Only the main archive: the security mirror here serves no sources.
	uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
	cat >/etc/apt/sources.list.d/kexboot-src.sources <<SRC
Types: deb-src
URIs: ${uri:-http://deb.debian.org/debian}
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	need_update=1
fi

if [ -n "$missing" ] || [ "${need_update:-0}" = 1 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
fi
if [ -n "$missing" ]; then
	echo "host-deps: installing$missing"
	# kexec-tools asks whether to load kexec at boot; never on a build host.
	echo 'kexec-tools kexec-tools/load_kexec boolean false' | debconf-set-selections
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
