# SPDX-License-Identifier: GPL-2.0-or-later
# boot/: the boot-entry model, discovery (block devices, parsers, network),
# composition, policy and the ledger.

# Discovery: pure parsers and the resolution over file-access views. These
# build with any C compiler (host tests, fuzzers, the musl binary).
DISCOVERY_SRCS := boot/fsaccess.c boot/volume.c boot/discover.c \
	boot/grub/grub.c boot/grub/script.c boot/grub/env.c boot/grub/exec.c boot/grub/builtins.c boot/grub/files.c boot/grub/menu.c \
	boot/bls/bls.c boot/bls/version.c boot/uki/uki.c boot/syslinux/syslinux.c lib/pe.c

# Block devices and mounts need libblkid/libmount (musl deps): the static binary only.
BOOT_SRCS := boot/entry.c boot/list.c $(DISCOVERY_SRCS) boot/blockdev.c boot/mounts.c boot/list-devices.c
KEXBOOT_SRCS += $(BOOT_SRCS)

# `kexboot list` built for the host (ASan/UBSan), for the golden tests:
# build/tests/kexboot-list-host list --root DIR --json
LIST_HOST_SRCS := tests/golden/list-main.c boot/entry.c boot/list.c boot/list-devices-none.c \
	$(DISCOVERY_SRCS) lib/diag.c lib/strbuf.c lib/fileio.c

$(BUILD)/tests/kexboot-list-host: $(patsubst %.c,$(BUILD)/host/%.o,$(LIST_HOST_SRCS))
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HLDFLAGS) -o $@ $^

unit: $(BUILD)/tests/kexboot-list-host

DISCOVERY_TEST_SRCS := $(DISCOVERY_SRCS) boot/entry.c lib/diag.c lib/strbuf.c lib/fileio.c

UNIT_TESTS += entry fsaccess grub bls uki syslinux pe discover
test-entry_SRCS := tests/unit/test-entry.c boot/entry.c lib/strbuf.c
test-fsaccess_SRCS := tests/unit/test-fsaccess.c boot/fsaccess.c lib/diag.c lib/strbuf.c lib/fileio.c
test-grub_SRCS := tests/unit/test-grub.c $(DISCOVERY_TEST_SRCS)
test-bls_SRCS := tests/unit/test-bls.c $(DISCOVERY_TEST_SRCS)
test-uki_SRCS := tests/unit/test-uki.c $(DISCOVERY_TEST_SRCS)
test-syslinux_SRCS := tests/unit/test-syslinux.c $(DISCOVERY_TEST_SRCS)
test-pe_SRCS := tests/unit/test-pe.c lib/pe.c
test-discover_SRCS := tests/unit/test-discover.c $(DISCOVERY_TEST_SRCS)

# libFuzzer targets, one per parser: build/fuzz/fuzz-NAME from tests/fuzz/fuzz-NAME.c.
# tests/fuzz/replay.sh builds them and replays tests/fuzz/corpus/NAME/.
DISCOVERY_FUZZ := grub bls uki syslinux pe
FUZZ_TARGETS += $(DISCOVERY_FUZZ)
FUZZ_CC ?= clang
DISCOVERY_FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -I. -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

define discovery_fuzz_rule
$(BUILD)/fuzz/fuzz-$(1): tests/fuzz/fuzz-$(1).c $(DISCOVERY_TEST_SRCS)
	@mkdir -p $$(dir $$@)
	$$(FUZZ_CC) $$(DISCOVERY_FUZZ_CFLAGS) -o $$@ $$^
endef
$(foreach t,$(DISCOVERY_FUZZ),$(eval $(call discovery_fuzz_rule,$(t))))

# Discovery benchmark (tests/bench/discover/run.sh): optimised, no sanitizers.
$(BUILD)/bench/discover/bench: tests/bench/discover/bench.c $(DISCOVERY_TEST_SRCS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CFLAGS_COMMON) -O2 -o $@ $^

# The boot stages after discovery: scan session, mapped images, the ledger of touched devices.
KEXBOOT_SRCS += boot/scan.c boot/image.c boot/ledger.c
UNIT_TESTS += ledger
test-ledger_SRCS := tests/unit/test-ledger.c boot/ledger.c lib/diag.c lib/strbuf.c lib/fileio.c
UNIT_TESTS += image
test-image_SRCS := tests/unit/test-image.c boot/image.c boot/entry.c boot/fsaccess.c boot/volume.c \
	lib/diag.c lib/pe.c lib/strbuf.c lib/fileio.c

# Sources run concurrently (boot/sources.c); the kernel's device events (boot/uevent.c).
KEXBOOT_SRCS += boot/sources.c boot/uevent.c
UNIT_TESTS += uevent sources
test-uevent_SRCS := tests/unit/test-uevent.c boot/uevent.c
test-sources_SRCS := tests/unit/test-sources.c boot/sources.c boot/entry.c lib/diag.c lib/strbuf.c \
	menu/keys.c menu/state.c menu/editor.c menu/render.c
test-sources_LIBS := -lpthread
