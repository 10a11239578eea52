# SPDX-License-Identifier: GPL-2.0-or-later
# initramfs/: the newc cpio writer, used by the host tool mkcpio that packs
# build/kexboot.cpio from a declared list, and linked into kexboot for the
# generated initrd (boot/boot.mk's STAGE_SRCS; boot/compose/generate.c).

BUSYBOX ?= /bin/busybox
# The CAs https:// trusts, copied to /etc/kexboot/ca.pem in both initramfs
# archives (boot/fetch/fetch.h: FETCH_CA_BUNDLE). A PEM file; empty for none
# (https:// then refuses every server). Changing it: touch the list or rebuild it.
KEXBOOT_CA_BUNDLE ?= /etc/ssl/certs/ca-certificates.crt
export KEXBOOT_CA_BUNDLE

$(BUILD)/tools/mkcpio: initramfs/mkcpio.c initramfs/cpio.c lib/fileio.c lib/strbuf.c initramfs/cpio.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CFLAGS_COMMON) -O2 -o $@ initramfs/mkcpio.c initramfs/cpio.c lib/fileio.c lib/strbuf.c

# The test kernels' modules go into the archive; scripts/kernels.sh fetches
# them once into the cache.
$(BUILD)/kernels.txt: scripts/kernels.sh
	@mkdir -p $(dir $@)
	scripts/kernels.sh >$@.tmp && mv $@.tmp $@

kernels: $(BUILD)/kernels.txt

# The trust anchors and the password hash (config/defaults.h) go in when given.
KEXBOOT_TRUST_ANCHORS ?=
KEXBOOT_PASSWORD_HASH ?=
# Revoked hashes (boot/trust/dbx.h): one SHA-256 a line, installed as /etc/kexboot/trust/dbx.
KEXBOOT_TRUST_DBX ?=
TRUST_FILES_ENV := KEXBOOT_TRUST_ANCHORS="$(KEXBOOT_TRUST_ANCHORS)" KEXBOOT_PASSWORD_HASH="$(KEXBOOT_PASSWORD_HASH)" \
	KEXBOOT_TRUST_DBX="$(KEXBOOT_TRUST_DBX)"

$(BUILD)/initramfs.list: $(BUILD)/kexboot $(BUILD)/kernels.txt scripts/initramfs-list.sh initramfs/modules.list \
		$(KEXBOOT_TRUST_ANCHORS) $(KEXBOOT_PASSWORD_HASH) $(KEXBOOT_TRUST_DBX) $(KEXBOOT_CA_BUNDLE)
	$(TRUST_FILES_ENV) KEXBOOT_GEN_DIR=$(BUILD)/initramfs scripts/initramfs-list.sh $(BUILD)/kexboot $(BUSYBOX) \
		$$(awk '{print $$3}' $(BUILD)/kernels.txt) >$@.tmp && mv $@.tmp $@

$(BUILD)/kexboot.cpio: $(BUILD)/initramfs.list $(BUILD)/tools/mkcpio
	$(BUILD)/tools/mkcpio $(BUILD)/initramfs.list $@

# The kernel's xz decoder only takes CRC32 (or no) checks.
$(BUILD)/kexboot.cpio.xz: $(BUILD)/kexboot.cpio
	xz --check=crc32 --lzma2=dict=1MiB -T1 -9 -c $< >$@.tmp && mv $@.tmp $@

UNIT_TESTS += cpio
test-cpio_SRCS := tests/unit/test-cpio.c initramfs/cpio.c lib/strbuf.c lib/fileio.c
