# SPDX-License-Identifier: GPL-2.0-or-later
LIB_SRCS := lib/strbuf.c lib/fileio.c lib/sha256.c
KEXBOOT_SRCS += $(LIB_SRCS)

UNIT_TESTS += strbuf
test-strbuf_SRCS := tests/unit/test-strbuf.c lib/strbuf.c lib/fileio.c
