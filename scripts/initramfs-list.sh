#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes the declared file list of build/kexboot.cpio (mkcpio's format) to
# stdout: /init (kexboot), BusyBox and its applet links, the CA bundle
# https:// trusts (/etc/kexboot/ca.pem from $KEXBOOT_CA_BUNDLE; none when it
# is empty, and then https:// refuses every server), and the modules of
# initramfs/modules.list (plus their dependencies) for each test kernel.
#
#   scripts/initramfs-list.sh KEXBOOT BUSYBOX [KERNEL_DIR...]
# KERNEL_DIR as printed by scripts/kernels.sh (holds lib/modules/KVER).
# Output is sorted and depends only on the inputs: the archive is reproducible.
set -eu

kexboot=$1 busybox=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
gen=${KEXBOOT_GEN_DIR:-build/initramfs}
mkdir -p "$gen"

for d in bin sbin dev etc etc/kexboot lib lib/modules mnt proc root run sys tmp usr usr/bin usr/sbin var; do
	echo "dir /$d 0755"
done
echo "nod /dev/console 0600 c 5 1"
echo "nod /dev/null 0666 c 1 3"
echo "file /init $kexboot 0755"
echo "slink /bin/kexboot /init"
echo "file /bin/busybox $busybox 0755"
# Applet links; /init stays kexboot even though BusyBox has an init applet.
"$busybox" --list-full | LC_ALL=C sort | while read -r a; do
	case $a in
	bin/busybox | linuxrc | sbin/init) continue ;;
	esac
	echo "slink /$a /bin/busybox"
done

ca=${KEXBOOT_CA_BUNDLE:-}
if [ -n "$ca" ]; then
	grep -q -- '-----BEGIN CERTIFICATE-----' "$ca" || {
		echo "initramfs-list.sh: KEXBOOT_CA_BUNDLE=$ca holds no PEM certificate" >&2
		exit 1
	}
	echo "file /etc/kexboot/ca.pem $ca 0644"
fi

grep -v '^#' "$here/initramfs/modules.list" | grep . >"$gen/modules"
echo "file /etc/kexboot/modules $gen/modules 0644"

# The verify stage's trust anchors (root certificates, PEM) and the menu
# lock's password hash, chosen at build time (make KEXBOOT_TRUST_ANCHORS=
# "a.pem b.pem" KEXBOOT_PASSWORD_HASH=FILE; config/defaults.h).
if [ -n "${KEXBOOT_TRUST_ANCHORS:-}" ]; then
	echo "dir /etc/kexboot/trust 0755"
	for a in $KEXBOOT_TRUST_ANCHORS; do
		case $a in *.pem) ;; *) echo "initramfs-list: $a: anchors are *.pem files" >&2; exit 1 ;; esac
		echo "file /etc/kexboot/trust/$(basename "$a") $a 0644"
	done
fi
# Revoked hashes (make KEXBOOT_TRUST_DBX=FILE; boot/trust/dbx.h).
if [ -n "${KEXBOOT_TRUST_DBX:-}" ]; then
	[ -n "${KEXBOOT_TRUST_ANCHORS:-}" ] || echo "dir /etc/kexboot/trust 0755"
	echo "file /etc/kexboot/trust/dbx $KEXBOOT_TRUST_DBX 0644"
fi
if [ -n "${KEXBOOT_PASSWORD_HASH:-}" ]; then
	echo "file /etc/kexboot/password $KEXBOOT_PASSWORD_HASH 0600"
fi

for kdir in "$@"; do
	for mdir in "$kdir"/lib/modules/*; do
		kver=$(basename "$mdir")
		# The closure of the wanted modules under modules.dep, in a trimmed
		# modules.dep of their own so the initramfs carries only these.
		awk -v want="$gen/modules" '
			BEGIN { while ((getline l < want) > 0) w[l] = 1 }
			{
				path = $1; sub(/:$/, "", path)
				n = path; sub(/.*\//, "", n); sub(/\.ko(\.xz|\.zst|\.gz)?$/, "", n)
				gsub(/-/, "_", n)
				line[path] = $0; name[n] = path
			}
			function add(p,   i, k, f) {
				if (p in keep || !(p in line)) return
				keep[p] = 1
				k = split(line[p], f, /[ \t]+/)
				for (i = 2; i <= k; i++) add(f[i])
			}
			END {
				for (n in w) if (n in name) add(name[n])
				for (p in keep) print line[p]
			}' "$mdir/modules.dep" | LC_ALL=C sort >"$gen/modules.dep-$kver"
		echo "dir /lib/modules/$kver 0755"
		echo "file /lib/modules/$kver/modules.dep $gen/modules.dep-$kver 0644"
		cut -d: -f1 "$gen/modules.dep-$kver" | while read -r p; do
			dirname "$p"
		done | LC_ALL=C sort -u | while read -r d; do
			# every parent directory, once
			acc=""
			for part in $(echo "$d" | tr / ' '); do
				acc="$acc/$part"
				echo "dir /lib/modules/$kver$acc 0755"
			done
		done | awk '!seen[$0]++'
		cut -d: -f1 "$gen/modules.dep-$kver" | while read -r p; do
			echo "file /lib/modules/$kver/$p $mdir/$p 0644"
		done
	done
done
