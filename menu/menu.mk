# SPDX-License-Identifier: GPL-2.0-or-later
# menu/: the console UI state machine and its renderer.
MENU_SRCS :=
KEXBOOT_SRCS += $(MENU_SRCS)
