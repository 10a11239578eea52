# SPDX-License-Identifier: GPL-2.0-or-later
# menu/: the console UI: key decoder, state machine, line editor, default and
# timeout resolution, VT100 renderer, and the session driver on real consoles.
MENU_SRCS := menu/keys.c menu/state.c menu/editor.c menu/resolve.c menu/render.c menu/session.c
KEXBOOT_SRCS += $(MENU_SRCS)

UNIT_TESTS += menu-keys
test-menu-keys_SRCS := tests/unit/test-menu-keys.c menu/keys.c

UNIT_TESTS += menu-state
test-menu-state_SRCS := tests/unit/test-menu-state.c menu/keys.c menu/state.c menu/editor.c \
	menu/resolve.c

UNIT_TESTS += menu-render
test-menu-render_SRCS := tests/unit/test-menu-render.c menu/keys.c menu/state.c menu/editor.c \
	menu/render.c lib/strbuf.c

UNIT_TESTS += menu-session
test-menu-session_SRCS := tests/unit/test-menu-session.c menu/keys.c menu/state.c menu/editor.c \
	menu/render.c menu/session.c lib/strbuf.c lib/fileio.c
test-menu-session_LIBS := -lutil -lpthread

# libFuzzer target over the key decoder (bytes with a clock; seeds in tests/fuzz/corpus/keys/).
FUZZ_TARGETS += keys
$(BUILD)/fuzz/fuzz-keys: tests/fuzz/fuzz-keys.c menu/keys.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)
