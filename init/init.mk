# SPDX-License-Identifier: GPL-2.0-or-later
# init/ (PID 1 and the boot pipeline driver) and config/ (settings).
INIT_SRCS := init/main.c init/version.c init/init.c init/console.c init/mounts.c \
             init/modules.c init/supervise.c init/watchdog.c init/sweep.c init/oomkill.c init/pipeline.c init/cancelkey.c \
             init/cancelwatch.c config/settings.c
KEXBOOT_SRCS += $(INIT_SRCS)

UNIT_TESTS += settings console modules watchdog sweep oomkill
test-settings_SRCS := tests/unit/test-settings.c config/settings.c lib/diag.c lib/strbuf.c
test-console_SRCS := tests/unit/test-console.c init/console.c config/settings.c lib/diag.c lib/strbuf.c lib/fileio.c
test-modules_SRCS := tests/unit/test-modules.c init/modules.c tests/unit/sys-fake.c lib/diag.c lib/strbuf.c lib/fileio.c
test-watchdog_SRCS := tests/unit/test-watchdog.c init/watchdog.c
test-sweep_SRCS := tests/unit/test-sweep.c init/sweep.c lib/diag.c lib/strbuf.c lib/fileio.c
test-oomkill_SRCS := tests/unit/test-oomkill.c init/oomkill.c lib/diag.c lib/strbuf.c lib/fileio.c
# The key that cancels a download: the pure decision, the watch over a pty, and
# fetch_ref() stopped by it mid-transfer against scripted HTTP and TFTP servers on 127.0.0.1.
UNIT_TESTS += cancel-key
test-cancel-key_SRCS = tests/unit/test-cancel-key.c tests/unit/tftp-oneblock.c init/cancelkey.c init/cancelwatch.c menu/keys.c \
	$(FETCH_TEST_SRCS)
test-cancel-key_LIBS = -lpthread $(FETCH_LIBS)
