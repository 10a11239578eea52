# SPDX-License-Identifier: GPL-2.0-or-later
# purgatory/: freestanding code with its own flags, embedded into build/kexboot.
#
# The flags are assigned here, not inherited from CFLAGS_COMMON/KCFLAGS/HCFLAGS:
# no libc headers (-nostdinc plus the compiler's own include dir for
# stdint.h/stddef.h), no stack protector, no red zone, general registers only,
# no sanitizers, position-independent code with hidden visibility so every
# reference is RIP-relative and the blob needs no relocation at all. The
# blob is linked at 0 and checked by purgatory/check.sh.

PURG_CC      ?= $(HOST_CC)
PURG_LD      ?= ld
PURG_OBJCOPY ?= objcopy
PURG_DIR     := $(BUILD)/purgatory
PURG_BUDGET_FILE := 16384
PURG_BUDGET_MEM  := 32768

PURG_CFLAGS := -std=c11 -I. -O2 -g0 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
               -Wmissing-prototypes -ffreestanding -nostdinc \
               -isystem $(shell $(PURG_CC) -print-file-name=include) \
               -fno-stack-protector -mno-red-zone -mgeneral-regs-only -march=x86-64 \
               -fpie -fvisibility=hidden -mcmodel=small -fno-jump-tables -fno-common \
               -fno-asynchronous-unwind-tables -fno-unwind-tables -fcf-protection=none \
               -fno-sanitize=all -fno-zero-initialized-in-bss
PURG_LDFLAGS := -nostdlib -static -T purgatory/purgatory.lds --no-undefined --emit-relocs \
                --build-id=none -z noexecstack --no-warn-rwx-segments

PURG_SRCS := purgatory/head.S purgatory/main.c purgatory/verify.c purgatory/serial.c \
             purgatory/string.c purgatory/nmi.c purgatory/nmi-wait.c purgatory/pgtable.c lib/sha256.c
PURG_OBJS := $(patsubst %,$(PURG_DIR)/obj/%.o,$(PURG_SRCS))

$(PURG_DIR)/obj/%.c.o: %.c purgatory/abi.h purgatory/purgatory.h purgatory/cpu.h lib/sha256.h purgatory/purgatory.mk
	@mkdir -p $(dir $@)
	$(PURG_CC) $(PURG_CFLAGS) -c $< -o $@

$(PURG_DIR)/obj/%.S.o: %.S purgatory/abi.h purgatory/purgatory.mk
	@mkdir -p $(dir $@)
	$(PURG_CC) $(PURG_CFLAGS) -c $< -o $@

$(PURG_DIR)/purgatory.elf: $(PURG_OBJS) purgatory/purgatory.lds
	$(PURG_LD) $(PURG_LDFLAGS) -o $@ $(PURG_OBJS)

# The checks run on every build of the blob; a failure removes it.
$(PURG_DIR)/purgatory.bin: $(PURG_DIR)/purgatory.elf purgatory/check.sh
	$(PURG_OBJCOPY) -O binary $< $@.tmp
	sh purgatory/check.sh $< $@.tmp $(PURG_BUDGET_FILE) $(PURG_BUDGET_MEM) || { rm -f $@.tmp; exit 1; }
	mv $@.tmp $@

# Embedding: .incbin into an object linked into build/kexboot.
$(PURG_DIR)/blob.o: purgatory/blob.S $(PURG_DIR)/purgatory.bin
	$(MUSL_CC) -c -DPURGATORY_BIN='"$(PURG_DIR)/purgatory.bin"' $< -o $@

KEXBOOT_OBJS_EXTRA += $(PURG_DIR)/blob.o

.PHONY: purgatory
purgatory: $(PURG_DIR)/purgatory.bin

# Host tests read the built blob at run time (order-only: not a link input).
UNIT_TESTS += purgatory
test-purgatory_SRCS := tests/unit/test-purgatory.c purgatory/verify.c purgatory/nmi-wait.c lib/sha256.c lib/fileio.c
$(BUILD)/tests/test-purgatory: | $(PURG_DIR)/purgatory.bin
