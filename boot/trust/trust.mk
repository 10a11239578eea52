# SPDX-License-Identifier: GPL-2.0-or-later
# boot/trust/: the verify stage's manifests and signatures, the menu lock's
# password hash, and the sign/verify/passwd-hash commands. (TRUST_SRCS, the
# stage itself, is listed in boot/boot.mk.)
KEXBOOT_SRCS += boot/trust/sign.c boot/trust/password.c boot/trust/cli.c

# The pure manifest and container parsers, and the comparison with an image.
UNIT_TESTS += manifest
test-manifest_SRCS := tests/unit/test-manifest.c boot/trust/manifest.c boot/image.c $(FETCH_TEST_SRCS)
test-manifest_LIBS := $(FETCH_LIBS)

# Signatures, anchors, thresholds and trust_verify with keys the test makes with openssl(1).
UNIT_TESTS += signature
test-signature_SRCS := tests/unit/test-signature.c tests/unit/server-util.c $(TRUST_SRCS) boot/trust/sign.c \
	boot/image.c $(FETCH_TEST_SRCS)
test-signature_LIBS := $(FETCH_LIBS)

# kexboot sign / verify / passwd-hash as the binary runs them.
UNIT_TESTS += trust-cli
test-trust-cli_SRCS := tests/unit/test-trust-cli.c boot/trust/cli.c $(TRUST_SRCS) boot/trust/sign.c \
	boot/trust/password.c boot/image.c $(FETCH_TEST_SRCS)
test-trust-cli_LIBS := $(FETCH_LIBS)

UNIT_TESTS += password
test-password_SRCS := tests/unit/test-password.c boot/trust/password.c lib/diag.c lib/strbuf.c lib/fileio.c
test-password_LIBS := -lcrypto

# libFuzzer: the manifest text and container parsers; the signature path fed arbitrary bytes as the PKCS#7 blob.
FUZZ_TARGETS += manifest signature
$(BUILD)/fuzz/fuzz-manifest: tests/fuzz/fuzz-manifest.c boot/trust/manifest.c lib/sha256.c lib/strbuf.c \
		lib/diag.c lib/blob.c lib/digest-own.c lib/fileio.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)
$(BUILD)/fuzz/fuzz-signature: tests/fuzz/fuzz-signature.c boot/trust/signature.c boot/trust/manifest.c \
		lib/sha256.c lib/strbuf.c lib/diag.c lib/blob.c lib/digest-own.c lib/fileio.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN) -lcrypto
