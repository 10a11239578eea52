// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/uki/uki.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-discover-util.h"
#include "tests/unit/test-pe-build.h"

#include <errno.h>

static void test_uki_entry(void)
{
	struct tpe_sec s[] = {
		{ ".osrel", "NAME=\"X\"\nPRETTY_NAME=\"X Linux 9\"\nID=xl\nVERSION_ID=\"9\"\n" },
		{ ".cmdline", "root=/dev/vda2 ro quiet\n\n" },
		{ ".uname", "6.9.0-x" },
		{ ".ucode", "UC" },
		{ ".linux", "KERNEL" },
		{ ".initrd", "INITRD" },
	};
	size_t len;
	uint8_t *img = tpe_build(s, ARRAY_SIZE(s), &len);
	struct fsa_mem_file f[] = { { "/EFI/Linux/x-6.9.efi", img, len } };
	struct bls_list l = { 0 };
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(uki_collect_dir(&t.v, "/EFI/Linux", &l, &t.diags), 0);
	CHECK_EQ(l.n, 1);
	if (l.n == 1) {
		const struct boot_entry *e = l.v[0].e;

		CHECK_STREQ(e->id, "uki:root:x-6.9");
		CHECK_STREQ(e->title, "X Linux 9 (6.9.0-x)");
		CHECK_STREQ(e->cmdline, "root=/dev/vda2 ro quiet");
		CHECK_STREQ(e->kernel.section, ".linux");
		CHECK_STREQ(e->kernel.path, "/EFI/Linux/x-6.9.efi");
		CHECK_EQ(e->n_initrds, 2);
		if (e->n_initrds == 2) {
			CHECK_STREQ(e->initrds[0].section, ".ucode");
			CHECK_STREQ(e->initrds[1].section, ".initrd");
		}
		CHECK_STREQ(e->sort_key, "xl");
		CHECK_STREQ(e->version, "9");
	}
	bls_list_done(&l);
	tvol_done(&t);
	free(img);
}

static void test_bad_images_diagnosed(void)
{
	struct tpe_sec nolinux[] = { { ".osrel", "ID=x\n" } };
	struct tpe_sec ok[] = { { ".linux", "K" } };
	size_t l1, l2;
	uint8_t *a = tpe_build(nolinux, 1, &l1), *b = tpe_build(ok, 1, &l2);
	struct fsa_mem_file f[] = {
		{ "/EFI/Linux/a.efi", a, l1 },
		{ "/EFI/Linux/b.efi", b, 0x300 }, /* cut short: section data past the end */
		{ "/EFI/Linux/c.efi", "MZ", 2 },
		{ "/EFI/Linux/readme.txt", "x", 1 },
	};
	struct bls_list l = { 0 };
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(uki_collect_dir(&t.v, "/EFI/Linux", &l, &t.diags), 0);
	CHECK_EQ(l.n, 0);
	CHECK(tdiag_has(&t.diags, "root:/EFI/Linux/a.efi", "not a UKI"));
	CHECK(tdiag_has(&t.diags, "root:/EFI/Linux/b.efi", "outside the file"));
	CHECK(tdiag_has(&t.diags, "root:/EFI/Linux/c.efi", "not a valid PE"));
	bls_list_done(&l);
	tvol_done(&t);
	free(a);
	free(b);
}

static const struct test tests[] = {
	TEST(uki_entry),
	TEST(bad_images_diagnosed),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
