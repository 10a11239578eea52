# SPDX-License-Identifier: GPL-2.0-or-later
LIB_SRCS := lib/diag.c lib/strbuf.c lib/fileio.c lib/sha256.c lib/pagedrop.c lib/blob.c lib/url.c
# Segment digests: OpenSSL's SHA-256 in the binary, our own in host tests (lib/digest.h).
KEXBOOT_SRCS += $(LIB_SRCS) lib/digest-openssl.c

UNIT_TESTS += digest
test-digest_SRCS := tests/unit/test-digest.c lib/digest-openssl.c lib/sha256.c
test-digest_LIBS := -lcrypto

UNIT_TESTS += strbuf
test-strbuf_SRCS := tests/unit/test-strbuf.c lib/strbuf.c lib/fileio.c

# The page dropper on a real file mapping (RSS before and after, data intact).
UNIT_TESTS += pagedrop
test-pagedrop_SRCS := tests/unit/test-pagedrop.c lib/pagedrop.c
test-pagedrop_LIBS := -lpthread

# Blobs: file mappings, memfds, sensitive heap memory (sealing, wiping).
UNIT_TESTS += blob
test-blob_SRCS := tests/unit/test-blob.c lib/blob.c lib/diag.c lib/strbuf.c lib/digest-own.c lib/sha256.c lib/fileio.c
# mlock is wrapped: the test records what is locked (the sanitizers make mlock a no-op).
test-blob_LIBS := -Wl,--wrap=mlock -Wl,--wrap=madvise

# URLs (RFC 3986): parse, resolve, request target, decode; pure, with a libFuzzer target.
UNIT_TESTS += url
test-url_SRCS := tests/unit/test-url.c lib/url.c
FUZZ_TARGETS += url
$(BUILD)/fuzz/fuzz-url: tests/fuzz/fuzz-url.c lib/url.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)

# Splitting a unified kernel image (lib/pe-blob.h), the fetch stage's and the CLI's one way.
FUZZ_TARGETS += pe-blob
$(BUILD)/fuzz/fuzz-pe-blob: tests/fuzz/fuzz-pe-blob.c lib/pe-blob.c lib/pe.c lib/blob.c lib/diag.c lib/strbuf.c \
	lib/digest-own.c lib/sha256.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)
