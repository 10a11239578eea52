# SPDX-License-Identifier: GPL-2.0-or-later
# boot/: the boot-entry model, discovery (block devices, parsers, network),
# composition, policy and the ledger.

# Discovery: pure parsers and the resolution over file-access views. These
# build with any C compiler (host tests, fuzzers, the musl binary).
DISCOVERY_SRCS := boot/fsaccess.c boot/budget.c boot/volume.c boot/source.c boot/discover.c boot/parsers.c \
	boot/grub/grub.c boot/grub/script.c boot/grub/env.c boot/grub/exec.c boot/grub/builtins.c boot/grub/files.c boot/grub/menu.c boot/grub/net.c \
	boot/bls/bls.c boot/bls/list.c boot/bls/menu.c boot/bls/version.c boot/uki/uki.c boot/syslinux/syslinux.c boot/syslinux/menu.c \
	boot/ipxe/ipxe.c boot/ipxe/cmds.c boot/ipxe/vars.c lib/pe.c

# Block devices and mounts need libblkid/libmount (musl deps): the static binary only.
BOOT_SRCS := boot/entry.c boot/list.c boot/list-run.c $(DISCOVERY_SRCS) boot/blockdev.c boot/mounts.c boot/list-devices.c
KEXBOOT_SRCS += $(BOOT_SRCS)

# `kexboot list` built for the host (ASan/UBSan), for the golden tests:
# build/tests/kexboot-list-host list --root DIR --json
LIST_HOST_SRCS := tests/golden/list-main.c boot/entry.c boot/list.c boot/list-run.c boot/list-devices-none.c \
	$(DISCOVERY_SRCS) lib/diag.c lib/url.c lib/strbuf.c lib/fileio.c

$(BUILD)/tests/kexboot-list-host: $(patsubst %.c,$(BUILD)/host/%.o,$(LIST_HOST_SRCS))
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HLDFLAGS) -o $@ $^

unit: $(BUILD)/tests/kexboot-list-host

# lib/url.c: the network sources resolve references with it, and it keeps rules that mix
# these sources with $(FETCH_SRCS) (loader/loader.mk's front-door test) linking.
DISCOVERY_TEST_SRCS := $(DISCOVERY_SRCS) boot/entry.c lib/diag.c lib/strbuf.c lib/fileio.c lib/url.c

UNIT_TESTS += entry fsaccess grub bls uki syslinux ipxe pe discover parsers
test-entry_SRCS := tests/unit/test-entry.c boot/entry.c lib/strbuf.c
test-fsaccess_SRCS := tests/unit/test-fsaccess.c boot/fsaccess.c lib/diag.c lib/strbuf.c lib/fileio.c
test-grub_SRCS := tests/unit/test-grub.c $(DISCOVERY_TEST_SRCS)
test-bls_SRCS := tests/unit/test-bls.c $(DISCOVERY_TEST_SRCS)
test-uki_SRCS := tests/unit/test-uki.c $(DISCOVERY_TEST_SRCS)
test-syslinux_SRCS := tests/unit/test-syslinux.c $(DISCOVERY_TEST_SRCS)
test-ipxe_SRCS := tests/unit/test-ipxe.c $(DISCOVERY_TEST_SRCS)
test-pe_SRCS := tests/unit/test-pe.c lib/pe.c
test-discover_SRCS := tests/unit/test-discover.c $(DISCOVERY_TEST_SRCS)
test-parsers_SRCS := tests/unit/test-parsers.c $(DISCOVERY_TEST_SRCS)
# GRUB over a URL: configfile/source/test/search across servers, through a fake fetch_text.
UNIT_TESTS += grub-net
test-grub-net_SRCS := tests/unit/test-grub-net.c $(DISCOVERY_TEST_SRCS)
UNIT_TESTS += hostile list
test-hostile_SRCS := tests/unit/test-hostile.c $(DISCOVERY_TEST_SRCS)
test-list_SRCS := tests/unit/test-list.c boot/list-run.c lib/diag.c lib/strbuf.c

# libFuzzer targets, one per parser: build/fuzz/fuzz-NAME from tests/fuzz/fuzz-NAME.c.
# tests/fuzz/replay.sh builds them and replays tests/fuzz/corpus/NAME/.
DISCOVERY_FUZZ := grub grubenv bls uki syslinux ipxe pe
FUZZ_TARGETS += $(DISCOVERY_FUZZ)
FUZZ_CC ?= clang
# Fuzz builds get small work budgets (boot/budget.h, the parsers' step limits) so one
# input costs milliseconds, not the 2 s a self-including config may spend in production.
DISCOVERY_FUZZ_LIMITS := -DDISCOVER_BUDGET_FILES=64 -DDISCOVER_BUDGET_BYTES='(4ull << 20)' \
	-DDISCOVER_BUDGET_MS=500 -DDISCOVER_BUDGET_MEM='(16ull << 20)' -DGRUB_MAX_STEPS=5000 \
	-DIPXE_MAX_STEPS=5000 -DGRUB_NET_BUDGET_MS=500
DISCOVERY_FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -I. -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined $(DISCOVERY_FUZZ_LIMITS)

define discovery_fuzz_rule
$(BUILD)/fuzz/fuzz-$(1): tests/fuzz/fuzz-$(1).c $(DISCOVERY_TEST_SRCS)
	@mkdir -p $$(dir $$@)
	$$(FUZZ_CC) $$(DISCOVERY_FUZZ_CFLAGS) -o $$@ $$(FUZZ_IN)
endef
$(foreach t,$(DISCOVERY_FUZZ),$(eval $(call discovery_fuzz_rule,$(t))))

# The TFTP packet codec: what a server sends (seeds: tests/fuzz/tftp-seeds.py).
FUZZ_TARGETS += tftp
$(BUILD)/fuzz/fuzz-tftp: tests/fuzz/fuzz-tftp.c boot/fetch/tftp_packet.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)

# Discovery benchmark (tests/bench/discover/run.sh): optimised, no sanitizers.
$(BUILD)/bench/discover/bench: tests/bench/discover/bench.c $(DISCOVERY_TEST_SRCS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CFLAGS_COMMON) -O2 -o $@ $^

# The boot stages after discovery: scan session, the fetch seam and fetched images, the ledger of touched devices.
# Host names in URLs: kexboot's own stub resolver (boot/net/dns.h), called by the transports.
DNS_SRCS := boot/net/dns.c boot/net/dns_packet.c
FETCH_SRCS := boot/fetch/fetch.c boot/fetch/file.c boot/fetch/http.c boot/fetch/http_parse.c \
	boot/fetch/transport.c boot/fetch/netwait.c boot/fetch/tls.c boot/fetch/progress.c boot/fetch/memavail.c \
	boot/fetch/tftp.c boot/fetch/tftp_packet.c lib/pe-blob.c $(DNS_SRCS)
# Whatever links $(FETCH_SRCS) links OpenSSL's TLS (boot/fetch/tls.c).
FETCH_LIBS := -lssl -lcrypto
KEXBOOT_SRCS += boot/scan.c $(FETCH_SRCS) boot/fetch/cli.c boot/image.c boot/ledger.c
UNIT_TESTS += ledger
test-ledger_SRCS := tests/unit/test-ledger.c boot/ledger.c lib/diag.c lib/strbuf.c lib/fileio.c
FETCH_TEST_SRCS := $(FETCH_SRCS) boot/entry.c boot/fsaccess.c boot/volume.c lib/blob.c lib/digest-own.c \
	lib/sha256.c lib/diag.c lib/pe.c lib/strbuf.c lib/fileio.c lib/url.c
UNIT_TESTS += image fetch
test-image_SRCS := tests/unit/test-image.c boot/image.c $(FETCH_TEST_SRCS)
test-image_LIBS := $(FETCH_LIBS)
test-fetch_SRCS := tests/unit/test-fetch.c $(FETCH_TEST_SRCS)
test-fetch_LIBS := $(FETCH_LIBS)
# TFTP: the pure codec alone, and the back end against a dnsmasq on loopback.
UNIT_TESTS += tftp tftp-fetch
test-tftp_SRCS := tests/unit/test-tftp.c boot/fetch/tftp_packet.c
test-tftp-fetch_SRCS := tests/unit/test-tftp-fetch.c tests/unit/server-util.c $(FETCH_TEST_SRCS)
test-tftp-fetch_LIBS := $(FETCH_LIBS)

# TFTP benchmark (tests/bench/fetch-tftp/run.sh): optimised, no sanitizers.
$(BUILD)/bench/fetch-tftp/bench: tests/bench/fetch-tftp/bench.c $(FETCH_TEST_SRCS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CFLAGS_COMMON) -O2 -o $@ $^ $(FETCH_LIBS)

# http:// (boot/fetch/http.c): the pure response parser (unit + fuzz), and the
# back end against nginx and a canned loopback server on 127.0.0.1.
UNIT_TESTS += http http-fetch
test-http_SRCS := tests/unit/test-http.c boot/fetch/http_parse.c
test-http-fetch_SRCS := tests/unit/test-http-fetch.c tests/unit/server-util.c $(FETCH_TEST_SRCS)
test-http-fetch_LIBS := -lpthread $(FETCH_LIBS) -Wl,--wrap=madvise
# https:// (tls.c under http.c) against nginx with certificates made at test
# time (tests/tls-certs.sh), Range resumes through tests/cutproxy.py, progress
# and the memory check; the progress meter and the meminfo parser alone.
UNIT_TESTS += https-fetch fetch-progress
test-https-fetch_SRCS := tests/unit/test-https-fetch.c tests/unit/server-util.c $(FETCH_TEST_SRCS)
test-https-fetch_LIBS := $(FETCH_LIBS)
# The stop fd: scripted servers that fall silent, each download stopped (-ECANCELED) mid-wait.
UNIT_TESTS += fetch-stop
test-fetch-stop_SRCS := tests/unit/test-fetch-stop.c tests/unit/tftp-oneblock.c $(FETCH_TEST_SRCS)
test-fetch-stop_LIBS := -lpthread $(FETCH_LIBS)
# GRUB over a URL through the real fetch stage: probes, source and configfile across two nginx servers.
UNIT_TESTS += grub-nginx
test-grub-nginx_SRCS := tests/unit/test-grub-nginx.c tests/unit/server-util.c $(FETCH_TEST_SRCS) $(DISCOVERY_TEST_SRCS)
test-grub-nginx_LIBS := $(FETCH_LIBS)
# kexboot fetch: its line for a file:// URL, usage and failure.
UNIT_TESTS += fetch-cli
test-fetch-cli_SRCS := tests/unit/test-fetch-cli.c boot/fetch/cli.c $(FETCH_TEST_SRCS)
test-fetch-cli_LIBS := $(FETCH_LIBS)
test-fetch-progress_SRCS := tests/unit/test-fetch-progress.c boot/fetch/progress.c boot/fetch/memavail.c \
	lib/fileio.c
FUZZ_TARGETS += http
$(BUILD)/fuzz/fuzz-http: tests/fuzz/fuzz-http.c boot/fetch/http_parse.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)

# Host-side fetch benchmark (tests/bench/fetch/host.sh): the http back end, optimised, no sanitizers.
$(BUILD)/bench/fetch/bench: tests/bench/fetch/bench.c $(FETCH_TEST_SRCS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CFLAGS_COMMON) -O2 -o $@ $^ $(FETCH_LIBS)

# verify + measure (boot/trust/) and compose (boot/compose/): the stages between fetch and plan.
# Authenticode (boot/trust/authenticode.h) checks PE signatures with OpenSSL; lib/pe-hash.c is its pure part.
AUTHENTICODE_SRCS := boot/trust/authenticode.c boot/trust/authenticode-image.c lib/pe-hash.c
# The verify stage: manifests and their signatures, or a PE image's Authenticode signature.
TRUST_SRCS := boot/trust/trust.c boot/trust/manifest.c boot/trust/signature.c boot/trust/dbx.c $(AUTHENTICODE_SRCS)
# The TPM client (wire.c pure, client.c over a descriptor) and the measurement plan, hashes
# and event log (boot/trust/tpm/measure.h); hash.c uses libcrypto (linked in the binary).
# The client alone (no libcrypto) with the unseal commands (seal.h) is what the secrets stage links.
TPM_CLIENT_SRCS := boot/trust/tpm/wire.c boot/trust/tpm/client.c boot/trust/tpm/wire-seal.c boot/trust/tpm/unseal.c
TPM_SRCS := $(TPM_CLIENT_SRCS) boot/trust/tpm/plan.c boot/trust/tpm/hash.c boot/trust/tpm/eventlog.c
include boot/secrets/secrets.mk
STAGE_SRCS := $(TRUST_SRCS) boot/trust/measure-stage.c boot/compose/compose.c boot/compose/archive.c \
	boot/compose/generate.c \
	initramfs/cpio.c $(SECRETS_SRCS) $(TPM_SRCS)
KEXBOOT_SRCS += $(STAGE_SRCS)
UNIT_TESTS += stages compose
test-stages_SRCS := tests/unit/test-stages.c $(STAGE_SRCS) boot/image.c $(FETCH_TEST_SRCS)
test-stages_LIBS := $(FETCH_LIBS) -lzstd -llzma -lz
# The image hash and certificate table (pure), and signatures made at test time with openssl and sbsign.
UNIT_TESTS += pe-hash authenticode
test-pe-hash_SRCS := tests/unit/test-pe-hash.c lib/pe-hash.c
test-authenticode_SRCS := tests/unit/test-authenticode.c $(STAGE_SRCS) boot/image.c $(FETCH_TEST_SRCS)
test-authenticode_LIBS := $(FETCH_LIBS) -lzstd -llzma -lz
FUZZ_TARGETS += authenticode
$(BUILD)/fuzz/fuzz-authenticode: tests/fuzz/fuzz-authenticode.c boot/trust/authenticode.c lib/pe-hash.c \
	lib/diag.c lib/strbuf.c lib/fileio.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN) -lcrypto
# The payload's revocation list parser (boot/trust/dbx.h).
FUZZ_TARGETS += dbx
$(BUILD)/fuzz/fuzz-dbx: tests/fuzz/fuzz-dbx.c boot/trust/dbx.c boot/trust/authenticode.c lib/pe-hash.c lib/blob.c \
	lib/sha256.c lib/digest-own.c lib/diag.c lib/strbuf.c lib/fileio.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN) -lcrypto
# tpm: the codec and plan (pure), and the client and the stage against a swtpm the test starts.
UNIT_TESTS += tpm tpm-swtpm
test-tpm_SRCS := tests/unit/test-tpm.c $(TPM_SRCS) lib/pe.c lib/pe-blob.c lib/diag.c lib/fileio.c lib/blob.c lib/strbuf.c \
	lib/digest-own.c lib/sha256.c
test-tpm_LIBS := -lcrypto
test-tpm-swtpm_SRCS := tests/unit/test-tpm-swtpm.c tests/unit/swtpm-util.c $(STAGE_SRCS) boot/image.c \
	$(FETCH_TEST_SRCS)
test-tpm-swtpm_LIBS := $(FETCH_LIBS) -lzstd -llzma -lz
# The unseal commands and the sealed file's layout and rules (pure).
UNIT_TESTS += seal
test-seal_SRCS := tests/unit/test-seal.c boot/trust/tpm/wire.c boot/trust/tpm/wire-seal.c
# Secrets sealed with tpm2-tools (scripts/tpm-seal.sh) and unsealed by the secrets stage, against swtpm.
UNIT_TESTS += tpm-seal
test-tpm-seal_SRCS := tests/unit/test-tpm-seal.c tests/unit/swtpm-util.c tests/unit/wipe-watch.c $(STAGE_SRCS) \
	boot/image.c $(FETCH_TEST_SRCS)
# mmap fails on demand and munmap is watched for unwiped secret bytes (tests/unit/wipe-watch.h).
test-tpm-seal_LIBS := $(FETCH_LIBS) -lzstd -llzma -lz -Wl,--wrap=mmap -Wl,--wrap=munmap
FUZZ_TARGETS += tpm
$(BUILD)/fuzz/fuzz-tpm: tests/fuzz/fuzz-tpm.c boot/trust/tpm/wire.c boot/trust/tpm/wire-seal.c \
	boot/trust/tpm/eventlog.c boot/trust/tpm/hash.c \
	lib/diag.c lib/strbuf.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN) -lcrypto
# The generated initrd, read back with cpio(1) and bsdcpio(1).
test-compose_SRCS := tests/unit/test-compose.c tests/unit/wipe-watch.c boot/compose/compose.c boot/compose/archive.c \
	boot/compose/generate.c initramfs/cpio.c $(SECRETS_SRCS) $(TPM_CLIENT_SRCS) lib/blob.c lib/diag.c lib/fileio.c lib/strbuf.c lib/url.c \
	lib/digest-own.c lib/sha256.c
test-compose_LIBS := -Wl,--wrap=mmap -Wl,--wrap=munmap -lzstd -llzma -lz
# Is an initrd whole (boot/compose/archive.h): newc, gzip, zstd and xz members cut short at every length.
UNIT_TESTS += archive
test-archive_SRCS := tests/unit/test-archive.c boot/compose/archive.c lib/diag.c lib/strbuf.c
test-archive_LIBS := -lzstd -llzma -lz
FUZZ_TARGETS += archive
$(BUILD)/fuzz/fuzz-archive: tests/fuzz/fuzz-archive.c boot/compose/archive.c lib/diag.c lib/strbuf.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN) -lzstd -llzma -lz
include boot/trust/trust.mk
include boot/net/net.mk

# Sources run concurrently (boot/sources.c); the kernel's device events (boot/uevent.c).
KEXBOOT_SRCS += boot/sources.c boot/uevent.c
UNIT_TESTS += uevent sources
test-uevent_SRCS := tests/unit/test-uevent.c boot/uevent.c
test-sources_SRCS := tests/unit/test-sources.c boot/sources.c boot/entry.c lib/diag.c lib/strbuf.c \
	menu/keys.c menu/state.c menu/editor.c menu/render.c
test-sources_LIBS := -lpthread

# kexboot built to enforce (KEXBOOT_TRUST_POLICY=2) in a build directory of its own, for
# tests/qemu/case-trust-uki.sh (the policy is fixed at compile time; the objects differ).
# It shares the cached dependencies (build/deps.mk) and rebuilds incrementally.
$(BUILD)/enforce/kexboot: FORCE $(BUILD)/deps.mk
	@mkdir -p $(BUILD)/enforce
	@cmp -s $(BUILD)/deps.mk $(BUILD)/enforce/deps.mk || cp $(BUILD)/deps.mk $(BUILD)/enforce/deps.mk
	$(MAKE) --no-print-directory BUILD=$(BUILD)/enforce KEXBOOT_TRUST_POLICY=2 $(BUILD)/enforce/kexboot
.PHONY: FORCE
FORCE:
test: $(BUILD)/enforce/kexboot

# The file-access seam (boot/fsaccess.c): path normalization, and every operation over a
# directory tree the target writes once (files, a FIFO, symlinks out of the root) and a memory tree.
FUZZ_TARGETS += fsaccess
$(BUILD)/fuzz/fuzz-fsaccess: tests/fuzz/fuzz-fsaccess.c boot/fsaccess.c lib/diag.c lib/strbuf.c lib/fileio.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)
