// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Purgatory ABI layout (compile-time and against the built blob), and the
 * digest check and the self-NMI wait the purgatory runs, built hosted.
 */
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/sha256.h"
#include "purgatory/abi.h"
#include "purgatory/purgatory.h"
#include "tests/unit/harness.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>

static const char *blob_path(void)
{
	const char *p = getenv("KEXBOOT_PURGATORY");

	return p ? p : "build/purgatory/purgatory.bin";
}

static void test_abi_layout(void)
{
	CHECK_EQ(sizeof(struct purgatory_header), 40);
	CHECK_EQ(offsetof(struct purgatory_header, entry_offset), 16);
	CHECK_EQ(offsetof(struct purgatory_header, args_offset), 20);
	CHECK_EQ(offsetof(struct purgatory_header, file_size), 24);
	CHECK_EQ(offsetof(struct purgatory_header, mem_size), 28);
	CHECK_EQ(offsetof(struct purgatory_args, flags), 12);
	CHECK_EQ(offsetof(struct purgatory_args, serial_port), 16);
	CHECK_EQ(offsetof(struct purgatory_args, nr_regions), 20);
	CHECK_EQ(offsetof(struct purgatory_args, regs), PURGATORY_ARGS_REGS_OFFSET);
	CHECK_EQ(offsetof(struct purgatory_regs, rsi), 32);
	CHECK_EQ(offsetof(struct purgatory_regs, rsp), PURGATORY_REGS_RSP_OFFSET);
	CHECK_EQ(offsetof(struct purgatory_regs, rip), PURGATORY_REGS_RIP_OFFSET);
	CHECK_EQ(offsetof(struct purgatory_args, regions), 160);
	CHECK_EQ(sizeof(struct purgatory_region), 48);
	CHECK_EQ(offsetof(struct purgatory_args, ident_top), 928);
	CHECK_EQ(offsetof(struct purgatory_args, pt_size), 944);
	CHECK_EQ(offsetof(struct purgatory_args, gdt), 952);
	CHECK_EQ(sizeof(struct purgatory_args), 1528);
}

static void test_built_blob(void)
{
	_cleanup_free_ char *blob = NULL;
	struct purgatory_header h;
	struct purgatory_args a;
	size_t len = 0;
	int r;

	r = file_read_at(AT_FDCWD, blob_path(), 1 << 20, &blob, &len);
	if (r < 0)
		fprintf(stderr, "  %s: cannot read (%s); run make first\n", blob_path(), strerror(-r));
	CHECK_EQ(r, 0);
	if (r < 0)
		return;
	CHECK(len >= sizeof(h));
	if (len < sizeof(h))
		return;
	memcpy(&h, blob, sizeof(h));
	CHECK(h.magic == PURGATORY_MAGIC);
	CHECK_EQ(h.abi_version, PURGATORY_ABI_VERSION);
	CHECK_EQ(h.header_size, sizeof(h));
	CHECK_EQ(h.file_size, len);
	CHECK(h.mem_size >= h.file_size);
	CHECK(h.mem_size <= 32768);
	CHECK(h.entry_offset >= sizeof(h) && h.entry_offset < h.file_size);
	/*
	 * The entry's first instruction is lidt of the args' idt_desc (0f 01 /3,
	 * RIP-relative: modrm 0x1d), the second lgdt (0f 01 /2: 0x15): nothing
	 * runs before the IDT the loader completed.
	 */
	{
		const uint8_t *e = (const uint8_t *)blob + h.entry_offset;
		int32_t d1, d2;

		CHECK(e[0] == 0x0f && e[1] == 0x01 && e[2] == 0x1d);
		memcpy(&d1, e + 3, 4);
		CHECK_EQ(h.entry_offset + 7 + d1, h.args_offset + PURGATORY_ARGS_IDT_DESC_OFFSET);
		CHECK(e[7] == 0x0f && e[8] == 0x01 && e[9] == 0x15);
		memcpy(&d2, e + 10, 4);
		CHECK_EQ(h.entry_offset + 14 + d2, h.args_offset + PURGATORY_ARGS_GDT_DESC_OFFSET);
	}
	CHECK(h.stub_size > 0 && h.stubs_offset + 32 * h.stub_size <= h.file_size);
	CHECK_EQ(h.args_offset % 8, 0);
	CHECK(h.args_offset + sizeof(a) <= h.file_size);
	if (h.args_offset + sizeof(a) > h.file_size)
		return;
	memcpy(&a, blob + h.args_offset, sizeof(a));
	CHECK(a.magic == PURGATORY_ARGS_MAGIC);
	CHECK_EQ(a.size, sizeof(a));
	CHECK_EQ(a.serial_port, 0x3f8);
	CHECK_EQ(a.nr_regions, 0);
	CHECK_EQ(a.regs.rip, 0);
}

static void test_verify(void)
{
	static uint8_t r0[5000], r1[123];
	struct purgatory_args a = { .magic = PURGATORY_ARGS_MAGIC, .size = sizeof(a) };
	uint8_t got[32];

	for (size_t i = 0; i < sizeof(r0); i++)
		r0[i] = (uint8_t)i;
	memset(r1, 0x5a, sizeof(r1));
	a.nr_regions = 2;
	a.regions[0].start = (uint64_t)(uintptr_t)r0;
	a.regions[0].len = sizeof(r0);
	sha256_digest(r0, sizeof(r0), a.regions[0].sha256);
	a.regions[1].start = (uint64_t)(uintptr_t)r1;
	a.regions[1].len = sizeof(r1);
	sha256_digest(r1, sizeof(r1), a.regions[1].sha256);
	CHECK_EQ(purgatory_verify(&a, got), -1);

	/* One flipped byte in the second region: reported as region 1 with the real digest. */
	r1[100] ^= 1;
	CHECK_EQ(purgatory_verify(&a, got), 1);
	{
		uint8_t want[32];

		sha256_digest(r1, sizeof(r1), want);
		CHECK(memcmp(got, want, 32) == 0);
	}
	r1[100] ^= 1;
	a.nr_regions = PURGATORY_MAX_REGIONS + 1;
	CHECK_EQ(purgatory_verify(&a, got), PURGATORY_MAX_REGIONS);
	a.nr_regions = 0;
	CHECK_EQ(purgatory_verify(&a, got), -1);
}

/* A clock for purgatory_nmi_wait: each reading advances it by step; the self-NMI lands at reading arrive_at. */
static struct {
	uint64_t t, step;
	unsigned reads, arrive_at;
	volatile uint8_t seen;
} clk;

static uint64_t fake_now(void)
{
	if (++clk.reads == clk.arrive_at)
		clk.seen = 1;
	return clk.t += clk.step;
}

static enum nmi_block wait_with(uint32_t flags, uint64_t step, unsigned arrive_at)
{
	memset((void *)&clk, 0, sizeof(clk));
	clk.step = step;
	clk.arrive_at = arrive_at;
	return purgatory_nmi_wait(flags, &clk.seen, fake_now);
}

static void test_nmi_wait(void)
{
	/* A self-NMI that comes is "sent", with or without the old kernel's gate. */
	CHECK_EQ(wait_with(0, 1000, 5), NMI_BLOCK_SENT);
	CHECK_EQ(wait_with(PURGATORY_F_NMI_GATE, 1000, 5), NMI_BLOCK_SENT);
	/* Already there before the first look: no clock reading past the start. */
	CHECK_EQ(wait_with(PURGATORY_F_NMI_GATE, 1000, 1), NMI_BLOCK_SENT);
	CHECK_EQ(clk.reads, 1);

	/* Never comes, stock old kernel: a failure, after the long wait (about a second at 2 GHz). */
	CHECK_EQ(wait_with(0, 1000000, 0), NMI_BLOCK_TIMEOUT);
	CHECK(clk.t > NMI_WAIT_CYCLES && clk.t <= NMI_WAIT_CYCLES + 2 * 1000000);

	/* Never comes, old kernel with the gate: blocked already, known after the short wait. */
	CHECK_EQ(wait_with(PURGATORY_F_NMI_GATE | PURGATORY_F_VERBOSE, 1000000, 0), NMI_BLOCK_INHERITED);
	CHECK(clk.t > NMI_WAIT_GATE_CYCLES && clk.t <= NMI_WAIT_GATE_CYCLES + 2 * 1000000);
	CHECK(NMI_WAIT_GATE_CYCLES * 50 <= NMI_WAIT_CYCLES);

	/* Comes late but within the long wait: the stock kernel's purgatory still sees it. */
	CHECK_EQ(wait_with(0, 1000000, 1000), NMI_BLOCK_SENT);
	/* The same lateness with the gate is past the short wait: reported as inherited, not lost. */
	CHECK_EQ(wait_with(PURGATORY_F_NMI_GATE, 1000000, 1000), NMI_BLOCK_INHERITED);
}

static const struct test tests[] = {
	TEST(abi_layout),
	TEST(built_blob),
	TEST(verify),
	TEST(nmi_wait),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
