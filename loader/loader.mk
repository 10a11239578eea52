# SPDX-License-Identifier: GPL-2.0-or-later
# loader/: the machine state (read once: machine.c), image formats into a kexec plan
# (pure: build.c and the planners), and sys.c, the one syscall file.
LOADER_PURE_SRCS := loader/build.c loader/plan.c loader/plan_json.c loader/memmap.c loader/place.c \
                    loader/zeropage.c loader/crash.c loader/bzimage.c loader/initrd.c loader/raw.c loader/elf.c \
                    loader/linux.c loader/payload.c loader/regions.c
LOADER_MACHINE_SRCS := loader/machine.c loader/machine_efi.c loader/machine_features.c loader/sysfs.c loader/inherit.c
LOADER_SRCS := $(LOADER_PURE_SRCS) $(LOADER_MACHINE_SRCS) loader/memfd.c loader/policy.c \
               loader/sys.c loader/load.c loader/cli.c
KEXBOOT_SRCS += $(LOADER_SRCS)

UNIT_TESTS += sha256
test-sha256_SRCS := tests/unit/test-sha256.c lib/sha256.c lib/fileio.c

# Planner tests: fixture memmaps, real Debian bzImages ($$KEXBOOT_KERNELS) and the built purgatory.
UNIT_TESTS += loader
test-loader_SRCS := tests/unit/test-loader.c tests/unit/loader-util.c $(LOADER_PURE_SRCS) \
                    $(LOADER_MACHINE_SRCS) loader/memfd.c \
                    lib/sha256.c lib/digest-own.c lib/fileio.c lib/strbuf.c lib/diag.c
test-loader_LIBS := -lelf -lzstd -llzma -lz
$(BUILD)/tests/test-loader: | $(BUILD)/purgatory/purgatory.bin

UNIT_TESTS += bzimage
test-bzimage_SRCS := tests/unit/test-bzimage.c tests/unit/loader-util.c $(LOADER_PURE_SRCS) \
                     $(LOADER_MACHINE_SRCS) \
                     lib/sha256.c lib/digest-own.c lib/fileio.c lib/strbuf.c lib/diag.c
test-bzimage_LIBS := -lelf -lzstd -llzma -lz
$(BUILD)/tests/test-bzimage: | $(BUILD)/purgatory/purgatory.bin

# The planners read no file: plans from a pre-read machine state, with the fixture tree
# deleted and no descriptor to open, equal the plans made with it there.
UNIT_TESTS += machine
test-machine_SRCS := tests/unit/test-machine.c tests/unit/loader-util.c $(LOADER_PURE_SRCS) \
                     $(LOADER_MACHINE_SRCS) \
                     lib/sha256.c lib/digest-own.c lib/fileio.c lib/strbuf.c lib/diag.c
test-machine_LIBS := -lelf -lzstd -llzma -lz
$(BUILD)/tests/test-machine: | $(BUILD)/purgatory/purgatory.bin

UNIT_TESTS += uki-load
test-uki-load_SRCS := tests/unit/test-uki-load.c lib/pe-blob.c lib/pe.c lib/blob.c lib/diag.c lib/strbuf.c lib/digest-own.c lib/sha256.c

# The EFI handoff (efi_info, runtime map, SETUP_EFI) on fixture trees.
UNIT_TESTS += efi
test-efi_SRCS := tests/unit/test-efi.c tests/unit/loader-util.c $(LOADER_PURE_SRCS) $(LOADER_MACHINE_SRCS) \
                 lib/sha256.c lib/digest-own.c lib/fileio.c lib/strbuf.c lib/diag.c
test-efi_LIBS := -lelf -lzstd -llzma -lz
$(BUILD)/tests/test-efi: | $(BUILD)/purgatory/purgatory.bin

# The load step against a fake of the kernel seam (tests/unit/sys-fake.c), with
# the real embedded purgatory blob.
UNIT_TESTS += load
LOAD_TEST_SRCS := tests/unit/loader-util.c tests/unit/sys-fake.c loader/load.c loader/policy.c loader/memfd.c \
	$(LOADER_PURE_SRCS) $(LOADER_MACHINE_SRCS) \
	lib/blob.c lib/pagedrop.c lib/sha256.c lib/digest-own.c lib/fileio.c lib/strbuf.c lib/diag.c
test-load_SRCS := tests/unit/test-load.c $(LOAD_TEST_SRCS)
# free() is wrapped: a freed buffer still holding a test secret is counted; mlock and munlock: what is
# locked is recorded (tests/unit/test-load.c).
test-load_LIBS := -lelf -lzstd -llzma -lz -lpthread -Wl,--wrap=free -Wl,--wrap=mlock -Wl,--wrap=munlock
$(BUILD)/tests/test-load: $(BUILD)/purgatory/blob.o

# Payload decompression (gzip, xz, zstd made with the host's encoders) and the vmlinux layout.
UNIT_TESTS += payload
test-payload_SRCS := tests/unit/test-payload.c tests/unit/loader-util.c $(LOADER_PURE_SRCS) $(LOADER_MACHINE_SRCS) \
	lib/sha256.c lib/digest-own.c \
	lib/fileio.c lib/strbuf.c lib/diag.c
test-payload_LIBS := -lelf -lzstd -llzma -lz

# libFuzzer target over payload decompression and the vmlinux layout (tests/fuzz/replay.sh).
FUZZ_TARGETS += payload
# payload.c is self-contained (it calls no other loader file): it alone is fuzzed.
$(BUILD)/fuzz/fuzz-payload: tests/fuzz/fuzz-payload.c loader/payload.c \
		lib/sha256.c lib/digest-own.c lib/fileio.c lib/strbuf.c lib/diag.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN) -lelf -lzstd -llzma -lz

# Both front doors (the menu's fetch stage and the CLI's mapped files) make byte-identical
# --dry-run plans through the one request builder.
UNIT_TESTS += frontdoors
test-frontdoors_SRCS := tests/unit/test-frontdoors.c \
	$(sort loader/cli.c boot/image.c boot/compose/compose.c boot/compose/archive.c $(FETCH_SRCS) $(DISCOVERY_TEST_SRCS) $(LOAD_TEST_SRCS))
test-frontdoors_LIBS := -lelf -lzstd -llzma -lz -lpthread $(FETCH_LIBS)
$(BUILD)/tests/test-frontdoors: $(BUILD)/purgatory/blob.o

# The inherited-state report: fixture /proc, /sys and /dev/kmsg trees, and the
# test kernels' real Debian config files (build/kernels.txt).
UNIT_TESTS += inherit
test-inherit_SRCS := tests/unit/test-inherit.c tests/unit/loader-util.c $(LOADER_PURE_SRCS) \
                     $(LOADER_MACHINE_SRCS) \
                     lib/sha256.c lib/digest-own.c lib/fileio.c lib/strbuf.c lib/diag.c
test-inherit_LIBS := -lelf -lzstd -llzma -lz
$(BUILD)/tests/test-inherit: | $(BUILD)/purgatory/purgatory.bin

# libFuzzer targets over the planners: the bzImage header and zero page (bzimage), the ELF
# planner (elf), each over a fixed fake machine (tests/fuzz/plan-fuzz.c) with the real
# purgatory blob; and the initrd region's layout and segments (initrd).
FUZZ_TARGETS += bzimage elf initrd
$(BUILD)/fuzz/purgatory-blob.o: purgatory/blob.S $(BUILD)/purgatory/purgatory.bin
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -c -DPURGATORY_BIN='"$(BUILD)/purgatory/purgatory.bin"' $< -o $@
PLAN_FUZZ_SRCS := tests/fuzz/plan-fuzz.c $(LOADER_PURE_SRCS) lib/sha256.c lib/digest-own.c lib/fileio.c \
	lib/strbuf.c lib/diag.c
$(BUILD)/fuzz/fuzz-bzimage $(BUILD)/fuzz/fuzz-elf: $(BUILD)/fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(PLAN_FUZZ_SRCS) \
		$(BUILD)/fuzz/purgatory-blob.o
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN) -lelf -lzstd -llzma -lz -lpthread
$(BUILD)/fuzz/fuzz-initrd: tests/fuzz/fuzz-initrd.c $(LOADER_PURE_SRCS) lib/sha256.c lib/digest-own.c \
		lib/fileio.c lib/strbuf.c lib/diag.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN) -lelf -lzstd -llzma -lz -lpthread
