# SPDX-License-Identifier: GPL-2.0-or-later
# boot/: the boot-entry model, discovery (block devices, parsers, network),
# composition, policy and the ledger.
BOOT_SRCS := boot/entry.c boot/list.c
KEXBOOT_SRCS += $(BOOT_SRCS)

