// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/defaults.h"
#include "config/settings.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

static void test_defaults(void)
{
	struct settings s;
	struct diag_list c = { 0 };

	settings_init(&s);
	CHECK_EQ(settings_parse(&s, "console=ttyS0 root=/dev/sda1 quiet", &c), 0);
	CHECK_EQ(s.timeout, SETTINGS_TIMEOUT_UNSET);
	CHECK(s.default_entry == NULL);
	CHECK_EQ(s.shell, KEXBOOT_DEFAULT_SHELL);
	CHECK_EQ(s.menu, KEXBOOT_DEFAULT_MENU);
	CHECK(!s.debug);
	CHECK_EQ(s.quiesce, KEXBOOT_DEFAULT_QUIESCE);
	CHECK_EQ(s.fault, SETTINGS_FAULT_NONE);
	CHECK_EQ(c.n, 0);
	settings_done(&s);
	diag_list_done(&c);
}

static void test_keys(void)
{
	struct settings s;
	struct diag_list c = { 0 };

	settings_init(&s);
	CHECK_EQ(settings_parse(&s,
				"quiet kexboot.timeout=-1 kexboot.shell=off kexboot.menu=0 kexboot.debug "
				"\"kexboot.default=Debian GNU/Linux\" kexboot.url=http://10.0.2.2/boot.cfg "
				"kexboot.modules=e1000e,nvme kexboot.fault=segv kexboot.quiesce=off kexboot.net=eth1,eth0 "
				"kexboot.net.timeout=5 kexboot.ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off",
				&c),
		 0);
	CHECK_EQ(s.timeout, -1);
	CHECK(!s.shell);
	CHECK(!s.menu);
	CHECK(s.debug);
	CHECK_STREQ(s.default_entry, "Debian GNU/Linux");
	CHECK_STREQ(s.url, "http://10.0.2.2/boot.cfg");
	CHECK_STREQ(s.modules, "e1000e,nvme");
	CHECK_STREQ(s.net, "eth1,eth0");
	CHECK_EQ(s.net_timeout, 5);
	CHECK_STREQ(s.ip, "10.0.2.15::10.0.2.2:255.255.255.0::eth0:off");
	CHECK_EQ(s.fault, SETTINGS_FAULT_SEGV);
	CHECK(!s.quiesce);
	CHECK_EQ(c.n, 0);
	/* Later keys win, as on the kernel's own command line. */
	CHECK_EQ(settings_parse(&s, "kexboot.timeout=3 kexboot.timeout=7", &c), 0);
	CHECK_EQ(s.timeout, 7);
	settings_done(&s);
	diag_list_done(&c);
}

static void test_bad_values_are_reported_not_fatal(void)
{
	struct settings s;
	struct diag_list c = { 0 };

	settings_init(&s);
	CHECK_EQ(settings_parse(&s, "kexboot.timeout=soon kexboot.shell=maybe kexboot.colour=red kexboot.timeout=2",
				&c),
		 0);
	CHECK_EQ(s.timeout, 2);
	CHECK_EQ(s.shell, KEXBOOT_DEFAULT_SHELL);
	CHECK_EQ(c.n, 3);
	CHECK_STREQ(c.msgs[0], "kernel command line: bad value in 'kexboot.timeout=soon', ignored");
	CHECK_STREQ(c.msgs[1], "kernel command line: bad value in 'kexboot.shell=maybe', ignored");
	CHECK_STREQ(c.msgs[2], "kernel command line: unknown key 'kexboot.colour', ignored");
	/* The DHCP bound: 1..600 s. */
	CHECK_EQ(settings_parse(&s, "kexboot.net.timeout=0 kexboot.net.timeout=601 kexboot.ip=", &c), 0);
	CHECK_EQ(s.net_timeout, 0);
	CHECK(s.ip == NULL);
	CHECK_EQ(c.n, 6);
	settings_done(&s);
	diag_list_done(&c);
}

static int collect(const char *word, void *userdata)
{
	strbuf_printf(userdata, "[%s]", word);
	return 0;
}

static void test_cmdline_words(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK_EQ(cmdline_foreach("  a=1  \"b=two words\"\tc\n", collect, &sb), 0);
	CHECK_STREQ(sb.buf, "[a=1][b=two words][c]");
	strbuf_done(&sb);
	CHECK_EQ(cmdline_foreach("", collect, &sb), 0);
	CHECK(sb.buf == NULL);
}

static const struct test tests[] = {
	TEST(defaults),
	TEST(keys),
	TEST(bad_values_are_reported_not_fatal),
	TEST(cmdline_words),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
