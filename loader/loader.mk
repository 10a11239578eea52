# SPDX-License-Identifier: GPL-2.0-or-later
# loader/: image formats into a kexec plan (pure), and sys.c, the one syscall file.
LOADER_SRCS := loader/sys.c loader/cli.c
KEXBOOT_SRCS += $(LOADER_SRCS)
