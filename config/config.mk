# SPDX-License-Identifier: GPL-2.0-or-later
# config/: the flashable payload.
#   make payload   build/payload/bzImage  (LinuxBoot kernel, kexboot built in)
#                  build/payload/initramfs.cpio.xz (the same initramfs alone)
#   make busybox   build/busybox/busybox  (small static BusyBox for the payload)
# The payload's initramfs is kexboot + BusyBox only: its kernel has every
# driver built in, so none of the test kernels' modules go in (unlike
# build/kexboot.cpio, which carries them for the Debian test kernels).

PAYLOAD_DIR     := $(BUILD)/payload
# The payload's BusyBox: our own small build (scripts/busybox.sh). Set
# PAYLOAD_BUSYBOX=/bin/busybox to use Debian's busybox-static instead (over
# the initramfs budget, see config/README.md).
PAYLOAD_BUSYBOX ?= $(BUILD)/busybox/busybox

.PHONY: payload busybox

payload: $(PAYLOAD_DIR)/bzImage $(PAYLOAD_DIR)/initramfs.cpio.xz

busybox: $(BUILD)/busybox/busybox

# deps.mk first: it runs scripts/host-deps.sh (musl-tools, deb-src, linux-source-6.1).
$(BUILD)/busybox/busybox: config/busybox.config scripts/busybox.sh | $(BUILD)/deps.mk
	sh scripts/busybox.sh $@

$(PAYLOAD_DIR)/initramfs.list: $(BUILD)/kexboot $(PAYLOAD_BUSYBOX) scripts/initramfs-list.sh \
		initramfs/modules.list $(KEXBOOT_TRUST_ANCHORS) $(KEXBOOT_PASSWORD_HASH) $(KEXBOOT_TRUST_DBX) \
		$(KEXBOOT_CA_BUNDLE)
	@mkdir -p $(dir $@)
	$(TRUST_FILES_ENV) KEXBOOT_GEN_DIR=$(PAYLOAD_DIR)/gen scripts/initramfs-list.sh $(BUILD)/kexboot \
		$(PAYLOAD_BUSYBOX) >$@.tmp && mv $@.tmp $@

$(PAYLOAD_DIR)/initramfs.cpio: $(PAYLOAD_DIR)/initramfs.list $(BUILD)/tools/mkcpio
	$(BUILD)/tools/mkcpio $< $@

# Flags of coreboot's LinuxBoot payload build; the kernel's xz decoder
# takes only CRC32 (or no) checks.
$(PAYLOAD_DIR)/initramfs.cpio.xz: $(PAYLOAD_DIR)/initramfs.cpio
	xz --check=crc32 --lzma2=dict=1MiB -T1 -9 -c $< >$@.tmp && mv $@.tmp $@

# The kernel tree lives in ~/.cache/kexboot/payload; a new cpio only relinks.
$(PAYLOAD_DIR)/bzImage: $(PAYLOAD_DIR)/initramfs.cpio config/linuxboot.config config/kexec-nmi-gate.patch \
		scripts/payload.sh \
		| $(BUILD)/deps.mk
	sh scripts/payload.sh $<
