# SPDX-License-Identifier: GPL-2.0-or-later
# boot/secrets/: the secrets handed to the next kernel (payload files, the
# kernel keyring, TPM-sealed files, https beside a network config) and the memory-scan test
# hook. The TPM source links the TPM client ($(TPM_CLIENT_SRCS), boot/boot.mk); https.c resolves
# its URLs with lib/url.c: whatever links $(SECRETS_SRCS) links those too.
SECRETS_SRCS := boot/secrets/secrets.c boot/secrets/dir.c boot/secrets/keyring.c boot/secrets/https.c \
	boot/secrets/memscan.c boot/secrets/fsscan.c boot/secrets/tpm.c
# The sources join KEXBOOT_SRCS with the other stages (boot/boot.mk's STAGE_SRCS); the real
# keyctl and the real https fetch (over boot/fetch/) only here and in the tests that run them.
KEXBOOT_SRCS += boot/secrets/keyctl.c boot/secrets/https-fetch.c

UNIT_TESTS += secrets
test-secrets_SRCS := tests/unit/test-secrets.c tests/unit/wipe-watch.c $(SECRETS_SRCS) $(TPM_CLIENT_SRCS) lib/blob.c lib/diag.c \
	lib/fileio.c lib/strbuf.c lib/digest-own.c lib/sha256.c lib/url.c
# mmap fails on demand and munmap is watched for unwiped secret bytes (tests/unit/wipe-watch.h).
test-secrets_LIBS := -Wl,--wrap=mmap -Wl,--wrap=munmap

# The https source over the real fetch stage against nginx on 127.0.0.1 with a test CA
# (tests/tls-certs.sh); the memory-scan hook looks for the fetched bytes afterwards.
UNIT_TESTS += secrets-https
test-secrets-https_SRCS := tests/unit/test-secrets-https.c tests/unit/server-util.c $(SECRETS_SRCS) $(TPM_CLIENT_SRCS) boot/secrets/https-fetch.c \
	$(FETCH_TEST_SRCS)
test-secrets-https_LIBS := $(FETCH_LIBS)

# keyctl's description line (anyone who can add a key writes it), names, origins, generated paths.
FUZZ_TARGETS += secrets
$(BUILD)/fuzz/fuzz-secrets: tests/fuzz/fuzz-secrets.c $(SECRETS_SRCS) $(TPM_CLIENT_SRCS) boot/compose/generate.c initramfs/cpio.c \
		lib/blob.c lib/diag.c lib/fileio.c lib/strbuf.c lib/digest-own.c lib/sha256.c lib/url.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)
