# SPDX-License-Identifier: GPL-2.0-or-later
#
# kexboot build. Each folder contributes a fragment (<folder>/<folder>.mk)
# that appends to these variables:
#   KEXBOOT_SRCS      C files linked into build/kexboot (musl, static)
#   KEXBOOT_OBJS_EXTRA  extra objects for build/kexboot (e.g. the embedded purgatory)
#   UNIT_TESTS        names N of unit tests; each sets test-N_SRCS (host cc + ASan/UBSan)
#                     and optionally test-N_LIBS
# Folders own their fragments; this file only holds the rules.

BUILD      := build
VERSION    := $(shell cat VERSION)
HOST_CC    ?= cc
MUSL_CC    ?= musl-gcc
NOKEXEC    ?= $(firstword $(wildcard ../shared/tools/nokexec) $(BUILD)/tools/nokexec)

WARN       := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wno-missing-field-initializers
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -I. $(WARN) -DKEXBOOT_VERSION='"$(VERSION)"'
# The verify stage's policy, fixed at build time (config/defaults.h): 0 off, 1 warn, 2 enforce.
# Changing it needs a rebuild of the objects (make clean).
ifneq ($(KEXBOOT_TRUST_POLICY),)
CFLAGS_COMMON += -DKEXBOOT_TRUST_POLICY=$(KEXBOOT_TRUST_POLICY)
endif
# Signers a manifest needs (default 1); the anchors and the password hash are files put into the
# initramfs (KEXBOOT_TRUST_ANCHORS, KEXBOOT_PASSWORD_HASH, KEXBOOT_TRUST_DBX: initramfs/initramfs.mk).
ifneq ($(KEXBOOT_TRUST_THRESHOLD),)
CFLAGS_COMMON += -DKEXBOOT_TRUST_THRESHOLD=$(KEXBOOT_TRUST_THRESHOLD)
endif

# Dependency prefix: written by scripts/deps.sh (builds the musl libraries once,
# cached outside the repo). make re-reads this file after creating it.
-include $(BUILD)/deps.mk

KCFLAGS    := $(CFLAGS_COMMON) -Os -ffunction-sections -fdata-sections \
              -fno-asynchronous-unwind-tables -isystem $(DEPS)/kheaders -I$(DEPS)/include \
              -DELFUTILS_VERSION='"$(ELFUTILS_VERSION)"'
KLDFLAGS   := -static -Wl,--gc-sections -s -L$(DEPS)/lib
KLIBS      := -lmount -lblkid -lelf -lzstd -llzma -lz -lssl -lcrypto

HCFLAGS    := $(CFLAGS_COMMON) -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined
HLDFLAGS   := -fsanitize=address,undefined

KEXBOOT_SRCS :=
KEXBOOT_OBJS_EXTRA :=
UNIT_TESTS :=
FUZZ_TARGETS :=

include lib/lib.mk
include init/init.mk
include boot/boot.mk
include menu/menu.mk
include loader/loader.mk
include purgatory/purgatory.mk
include initramfs/initramfs.mk
include tests/tests.mk
include config/config.mk

KEXBOOT_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(KEXBOOT_SRCS))

.PHONY: all clean distclean test unit run sizes deps kernels fuzz fuzz-replay print-fuzz-targets
.DEFAULT_GOAL := all

all: $(BUILD)/kexboot $(BUILD)/kexboot.cpio $(BUILD)/kexboot.cpio.xz

# Fuzzing (make fuzz, the fuzz binaries) uses the host's libraries only: for those goals
# there is no rule here, so make never rebuilds the dependency libraries for them.
FUZZ_ONLY_GOALS := $(if $(MAKECMDGOALS),$(if $(filter-out fuzz print-fuzz-targets $(BUILD)/fuzz/%,$(MAKECMDGOALS)),,y))
ifeq ($(FUZZ_ONLY_GOALS),)
$(BUILD)/deps.mk: scripts/deps.sh scripts/host-deps.sh
	@mkdir -p $(BUILD)
	sh scripts/host-deps.sh
	p=$$(scripts/deps.sh) && { echo "DEPS := $$p"; \
		echo "ELFUTILS_VERSION := $$(cat $$p/elfutils-version)"; } >$@.tmp && mv $@.tmp $@
endif

deps: $(BUILD)/deps.mk

$(BUILD)/obj/%.o: %.c $(BUILD)/deps.mk
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/kexboot: $(KEXBOOT_OBJS) $(KEXBOOT_OBJS_EXTRA)
	$(MUSL_CC) $(KLDFLAGS) -o $@ $^ $(KLIBS)

# Host-side unit tests: one program per module, linked with the harness only.
$(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HCFLAGS) -MMD -MP -c $< -o $@

define unit_test_rule
$(BUILD)/tests/test-$(1): $$(patsubst %.c,$(BUILD)/host/%.o,$$(test-$(1)_SRCS) tests/unit/harness.c)
	@mkdir -p $$(dir $$@)
	$$(HOST_CC) $$(HLDFLAGS) -o $$@ $$^ $$(test-$(1)_LIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test_rule,$(t))))

UNIT_BINS := $(addprefix $(BUILD)/tests/test-,$(UNIT_TESTS))

unit: $(UNIT_BINS) $(BUILD)/tools/nokexec

test: all unit payload $(BUILD)/target/base.cpio $(BUILD)/demo.img
	sh tests/run.sh

run: all $(BUILD)/demo.img
	sh scripts/run.sh

sizes: all
	@sh scripts/sizes.sh

# The libFuzzer targets registered by the fragments (tests/fuzz/replay.sh reads this).
print-fuzz-targets:
	@echo $(FUZZ_TARGETS)

# A fuzz binary is rebuilt when any header changes (its rule lists only the .c files);
# the fragments' fuzz recipes link $(FUZZ_IN), their prerequisites without the headers.
$(addprefix $(BUILD)/fuzz/fuzz-,$(FUZZ_TARGETS)): $(wildcard */*.h */*/*.h */*/*/*.h)
FUZZ_IN = $(filter-out %.h,$^)

# The fuzzing campaign: every target built (ASan+UBSan) and fuzzed SECONDS seconds each,
# niced, into build/fuzz/corpus-NAME; one line per target, a table, non-zero on a crash.
FUZZ_SECONDS := $(if $(filter command line,$(origin SECONDS)),$(SECONDS),60)
fuzz:
	sh tests/fuzz/campaign.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj $(BUILD)/host -name '*.d' 2>/dev/null)
