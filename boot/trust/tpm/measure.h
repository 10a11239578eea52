/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * measure: what the measure stage extends into which PCR, and the TCG event
 * log that records it.
 *
 *   plan.c      (pure) the image -> an ordered list of events. Never the
 *               contents of a secret: only the kernel, the initrds, the
 *               command line and a UKI's sections, which the image holds.
 *   hash.c      one digest per active PCR bank (sha1, sha256, sha384, sha512)
 *   eventlog.c  (pure) the TCG PC Client crypto-agile log of a plan: a
 *               TCG_PCR_EVENT carrying the Spec ID Event03 that lists the
 *               banks, then one TCG_PCR_EVENT2 per event with a digest for
 *               every bank; and its reader (eventlog_replay), fuzzed.
 *
 * The plan (README has the table):
 *   a kernel that is not a UKI's .linux section, GRUB's practice:
 *     PCR 8  EV_IPL  "kernel_cmdline: " + the command line booted (UTF-8,
 *                    no NUL; the digest is over exactly the event data)
 *     PCR 9  EV_IPL  the kernel file, then each initrd in boot order, then
 *                    the entry's devicetree (event data: "kernel: NAME",
 *                    "initrd: NAME", "devicetree: NAME")
 *   a UKI, systemd-stub's practice (systemd-measure predicts PCR 11):
 *     PCR 11 EV_IPL  for each section present and not empty, in the UKI
 *                    specification's canonical order (.linux .osrel
 *                    .cmdline .initrd .ucode .splash .dtb .uname .sbat
 *                    .pcrpkey .profile .dtbauto .hwids .efifw; never
 *                    .pcrsig): its name with the NUL, then its contents.
 *                    The list is the one of the stub the UKI carries: a
 *                    .sdmagic saying systemd-stub 252 or older gets that
 *                    stub's own list (.linux .osrel .cmdline .initrd
 *                    .splash .dtb .pcrpkey), as it would measure when
 *                    booted by firmware; systemd-measure of that version
 *                    predicts it. A .ucode such a stub does not measure
 *                    goes to PCR 9 like an added initrd.
 *     PCR 12 EV_IPL  the command line when it is not the UKI's own .cmdline
 *                    (edited, emptied, or the UKI has none and the entry
 *                    gives one): UTF-16LE with the terminating NUL, as
 *                    systemd-stub measures LoadOptions
 *     PCR 9  EV_IPL  initrds the entry adds that are not sections of the UKI,
 *                    then a devicetree the entry adds
 *   always, last:
 *     PCR 8, PCR 9  EV_SEPARATOR, event data and digest input 00 00 00 00:
 *                    kexboot's pre-boot state ends there.
 *
 * Ownership: struct measure_plan owns its events and their event data; the
 * measured bytes of a file are borrowed from the image, which must outlive
 * the plan.
 */
#ifndef KEXBOOT_BOOT_TRUST_MEASURE_H
#define KEXBOOT_BOOT_TRUST_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/image.h"
#include "boot/trust/tpm/tpm.h"
#include "lib/diag.h"

#define EV_NO_ACTION 0x00000003
#define EV_SEPARATOR 0x00000004
#define EV_IPL 0x0000000D

#define MEASURE_PCR_CMDLINE 8
#define MEASURE_PCR_FILES 9
#define MEASURE_PCR_UKI 11
#define MEASURE_PCR_UKI_CMDLINE 12

#define MEASURE_MAX_EVENTS 256
#define EVENTLOG_MAX_EVENTS 4096 /* a log with more events is refused by the reader */

/* Where the generated initrd puts the log (boot/compose). */
#define EVENTLOG_PATH "/.kexboot/tpm-eventlog"

struct measure_event {
	uint32_t pcr;
	uint32_t type;
	uint8_t *event;       /* owned: the log's event data */
	uint32_t event_size;
	const uint8_t *data;  /* the bytes whose digest is extended: borrowed from the image, or == event */
	size_t size;
	struct tpm_digests digests; /* filled by measure_plan_hash() */
};

struct measure_plan {
	struct measure_event *ev; /* owned, in extend order */
	size_t n;
	bool uki;                 /* the kernel is a UKI's .linux section */
	unsigned stub_version;    /* a UKI's systemd-stub version (.sdmagic), 0 when unknown */
};

struct pe_file;
/* A UKI's systemd-stub version from its .sdmagic section, 0 when none is said. */
unsigned measure_uki_stub_version(const struct pe_file *pe, const uint8_t *base);

/* The events for img, in order (pure; -ENOMEM, -E2BIG). */
int measure_plan_build(const struct boot_image *img, struct measure_plan *ret);
void measure_plan_done(struct measure_plan *p);

/* Digest of data in bank alg into out (tpm_alg_digest_size(alg) bytes); -EOPNOTSUPP for other algorithms. */
int measure_hash(uint16_t alg, const void *data, size_t size, uint8_t out[TPM_MAX_DIGEST]);
/* pcr = H(pcr || digest), in place. */
int measure_extend(uint16_t alg, uint8_t pcr[TPM_MAX_DIGEST], const uint8_t digest[TPM_MAX_DIGEST]);
/* Fills every event's digests for banks; a bank kexboot cannot hash is a failure (-EOPNOTSUPP, said). */
int measure_plan_hash(struct measure_plan *p, const struct tpm_banks *banks, struct diag_list *why);

/* The crypto-agile log of a hashed plan, in a new malloc'd buffer. */
int eventlog_build(const struct measure_plan *p, const struct tpm_banks *banks, uint8_t **ret, size_t *ret_len);
/*
 * Reads a crypto-agile log and replays PCR pcr of bank alg from zero into
 * out. -EBADMSG for a malformed log, -ENOENT when the log has no such bank.
 */
int eventlog_replay(const uint8_t *log, size_t len, uint16_t alg, uint32_t pcr, uint8_t out[TPM_MAX_DIGEST]);

#endif
