# SPDX-License-Identifier: GPL-2.0-or-later
# tests/: the unit-test programs are declared by each folder's fragment; this
# fragment only holds test-wide pieces.

# A seccomp wrapper of our own for machines without ../shared/tools/nokexec.
$(BUILD)/tools/nokexec: tests/tools/nokexec.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CFLAGS_COMMON) -O2 -o $@ $<

UNIT_TESTS += nokexec
test-nokexec_SRCS := tests/unit/test-nokexec.c

# What test targets boot with (see scripts/target-initrd.sh).
$(BUILD)/target/base.cpio: scripts/target-initrd.sh tests/qemu/target/init $(BUILD)/tools/mkcpio
	scripts/target-initrd.sh $(BUILD)/target $(BUILD)/tools/mkcpio $(BUSYBOX)

target: $(BUILD)/target/base.cpio
.PHONY: target

# The demo disk: BLS + UKI on an ESP, GRUB on an ext4 /boot (scripts/demo-disk.sh).
$(BUILD)/demo.img: scripts/demo-disk.sh scripts/disk-image.sh scripts/fixtures/grub-debian.sh $(BUILD)/target/base.cpio $(BUILD)/kernels.txt
	scripts/demo-disk.sh $@ $(BUILD)/target $(BUILD)/kernels.txt

demo: $(BUILD)/demo.img
.PHONY: demo

# A test-only helper for QEMU guests (tests/qemu/case-secrets.sh): the first
# process (rdinit=/keyinit), which adds keys to a keyring and execs kexboot's
# /init, as an earlier boot stage would. Static musl; never run on the host.
$(BUILD)/tests/qemu-keyinit: tests/qemu/tools/keyinit.c $(BUILD)/deps.mk
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(CFLAGS_COMMON) -Os -static -o $@ $<

# What the guest tools share: kernel-log lines, small /proc reads (tests/qemu/tools/guest-common.h).
GUEST_COMMON := tests/qemu/tools/guest-common.c tests/qemu/tools/guest-common.h

# A second kexec loader in a QEMU guest (tests/qemu/case-faults-busy.sh): it
# holds the kernel's kexec lock (its load waits inside the kernel on a
# userfaultfd page) until told to stop, so kexboot's load gets the kernel's
# own EBUSY. Through kexboot's kernel seam (loader/sys.c). Static musl; never on the host.
$(BUILD)/tests/qemu-kexec-hold: tests/qemu/tools/kexec-hold.c loader/sys.c $(GUEST_COMMON) $(BUILD)/deps.mk
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(KCFLAGS) -static -o $@ tests/qemu/tools/kexec-hold.c loader/sys.c tests/qemu/tools/guest-common.c

# A memory hog a QEMU case drives over a second serial port (tests/qemu/case-faults-oom.sh),
# the first process (rdinit=/memsqueeze) before kexboot's /init. Static musl; never on the host.
$(BUILD)/tests/qemu-memsqueeze: tests/qemu/tools/memsqueeze.c $(GUEST_COMMON) $(BUILD)/deps.mk
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(CFLAGS_COMMON) -Os -static -o $@ tests/qemu/tools/memsqueeze.c tests/qemu/tools/guest-common.c

# The fetch bench's memory probe (tests/bench/fetch/memprobe.c): runs in the bench's guest only.
$(BUILD)/tests/bench-memprobe: tests/bench/fetch/memprobe.c lib/fileio.c $(BUILD)/deps.mk
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(CFLAGS_COMMON) -O2 -static -o $@ tests/bench/fetch/memprobe.c lib/fileio.c

unit: $(BUILD)/tests/qemu-keyinit $(BUILD)/tests/qemu-kexec-hold $(BUILD)/tests/qemu-memsqueeze
