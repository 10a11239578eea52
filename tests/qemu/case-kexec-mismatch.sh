#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The purgatory refuses a bad digest: a small test program (built here from
# the loader's objects) plans a normal load, flips one bit of one expected
# digest in the purgatory's arguments, loads and executes. The purgatory must
# name the region, print both digests, say it is not jumping, and the target
# kernel must never start.
#   tests/qemu/case-kexec-mismatch.sh [SERIES=6.1]
# kernels: 6.1
set -eu
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
series=${1:-6.1}
kdir=$(kernel_dir "$series")
w=$QEMU_DIR/kx
mkdir -p "$w"
deps=$(awk '/^DEPS :=/ {print $3}' build/deps.mk)
echo "purgatory digest mismatch on $series"

cat >"$w/corrupt.c" <<'C'
// SPDX-License-Identifier: GPL-2.0-or-later
#include "loader/loader.h"
#include "loader/sys.h"
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
extern const char kexboot_purgatory[], kexboot_purgatory_end[];
int main(int argc, char **argv)
{
	struct kexec_request req = { 0 };
	struct machine_state ms;
	struct kexec_plan plan;
	struct diag_list err;
	struct stat st;
	int fd, r;

	if (argc != 2 || (fd = open(argv[1], O_RDONLY)) < 0 || fstat(fd, &st) < 0)
		return 2;
	req.image = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	req.image_size = st.st_size;
	req.cmdline = "console=ttyS0 panic=-1";
	req.purgatory = kexboot_purgatory;
	req.purgatory_size = kexboot_purgatory_end - kexboot_purgatory;
	req.serial_port = 0x3f8;
	r = machine_state_read("", &ms, &err);
	if (r == 0)
		r = kexec_plan_build(&req, &ms, &plan, &err);
	if (r < 0) {
		fprintf(stderr, "corrupt: %s\n", err.reason);
		return 1;
	}
	plan.args->regions[1].sha256[7] ^= 0x10; /* one bit of one expected digest */
	printf("CORRUPT region 1 start 0x%llx\n", (unsigned long long)plan.args->regions[1].start);
	fflush(stdout);
	r = sys_kexec_load(&plan, false);
	printf("CORRUPT load rc=%d\n", r);
	fflush(stdout);
	return sys_reboot(SYS_REBOOT_KEXEC) ? 1 : 0;
}
C
# shellcheck disable=SC2046
musl-gcc -std=c11 -D_GNU_SOURCE -I. -Os -static -isystem "$deps/kheaders" -I"$deps/include" \
	-o "$w/corrupt" "$w/corrupt.c" \
	$(ls loader/*.c | grep -v '/cli\.c$' | sed 's|^|build/obj/|; s|\.c$|.o|') \
	build/obj/lib/sha256.o build/obj/lib/fileio.o build/obj/lib/strbuf.o build/obj/lib/diag.o build/obj/lib/pe.o build/obj/lib/digest-openssl.o \
	build/obj/lib/blob.o build/obj/lib/pagedrop.o \
	build/purgatory/blob.o \
	-L"$deps/lib" -lelf -lzstd -llzma -lz -lcrypto

cat >"$w/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
/corrupt /vmlinuz
echo "CORRUPT exec returned"
poweroff -f
INIT
kx_cpio "$w/loader.cpio" <<SPEC
dir dev 755
nod dev/console 600 5 1
dir proc 755
dir sys 755
dir bin 755
file init 755 $w/init
file bin/busybox 755 build/busybox/busybox
file corrupt 755 $w/corrupt
file vmlinuz 644 $kdir/vmlinuz
SPEC

qemu_start "$kdir/vmlinuz" "$w/loader.cpio" "console=ttyS0 panic=-1"
qemu_expect "CORRUPT load rc=0" 120
qemu_expect "kexboot purgatory: SHA-256 mismatch in region 0x0000000000000001" 60
qemu_expect "  expected [0-9a-f]{64}" 5
qemu_expect "  got      [0-9a-f]{64}" 5
qemu_expect "kexboot purgatory: not jumping; halted" 10
# Give a wrongly jumping purgatory time to show it: no second kernel banner may appear.
sleep 8
n=$(tr -d '\r' <"$QEMU_LOG" | grep -c "Linux version" || true)
echo "  Linux banners: $n (want 1)"
[ "$n" -eq 1 ]
qemu_stop
