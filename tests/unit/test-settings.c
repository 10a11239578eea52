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
	/* IPv6 beside DHCPv4 unless turned off; a bad value leaves it as it was. */
	CHECK(!s.net_v6_off);
	CHECK_EQ(settings_parse(&s, "kexboot.net.v6=off", &c), 0);
	CHECK(s.net_v6_off);
	CHECK_EQ(settings_parse(&s, "kexboot.net.v6=maybe", &c), 0);
	CHECK(s.net_v6_off);
	CHECK_EQ(c.n, 1);
	CHECK_EQ(settings_parse(&s, "kexboot.net.v6", &c), 0);
	CHECK(!s.net_v6_off);
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

static void test_stage_limits(void)
{
	struct settings s;
	struct diag_list c = { 0 };

	settings_init(&s);
	CHECK_EQ(s.discovery_limit_s, KEXBOOT_DEFAULT_DISCOVERY_LIMIT_S);
	CHECK_EQ(s.load_limit_s, KEXBOOT_DEFAULT_LOAD_LIMIT_S);
	CHECK_EQ(s.retry_s, KEXBOOT_DEFAULT_RETRY_S);
	CHECK_EQ(settings_parse(&s, "kexboot.discovery_limit=5 kexboot.load_limit=9 kexboot.retry=0 "
				    "kexboot.fault=hang-load", &c), 0);
	CHECK_EQ(s.discovery_limit_s, 5);
	CHECK_EQ(s.load_limit_s, 9);
	CHECK_EQ(s.retry_s, 0);
	CHECK_EQ(s.fault, SETTINGS_FAULT_HANG_LOAD);
	CHECK_EQ(c.n, 0);
	/* A stage may not be left unbounded: 0 and negatives are refused, the last good value stays. */
	CHECK_EQ(settings_parse(&s, "kexboot.discovery_limit=0 kexboot.load_limit=-1 kexboot.retry=-1 "
				    "kexboot.fault=hang-discovery", &c), 0);
	CHECK_EQ(s.discovery_limit_s, 5);
	CHECK_EQ(s.load_limit_s, 9);
	CHECK_EQ(s.retry_s, 0);
	CHECK_EQ(s.fault, SETTINGS_FAULT_HANG_DISCOVERY);
	CHECK_EQ(c.n, 3);
	CHECK_EQ(settings_parse(&s, "kexboot.fault=busy-load", &c), 0);
	CHECK_EQ(s.fault, SETTINGS_FAULT_BUSY_LOAD);
	settings_done(&s);
	CHECK_EQ(s.load_limit_s, KEXBOOT_DEFAULT_LOAD_LIMIT_S);
	diag_list_done(&c);
}

static int collect(const char *word, void *userdata)
{
	strbuf_printf(userdata, "[%s]", word);
	return 0;
}

static void test_secrets_keys(void)
{
	struct settings s;
	struct diag_list c = { 0 };

	settings_init(&s);
	CHECK(s.keyring == NULL && s.secrets == NULL && s.credentials_dir == NULL && !s.test_memscan);
	CHECK_EQ(s.interface, SETTINGS_INTERFACE_AUTO);
	CHECK_EQ(settings_parse(&s,
				"kexboot.keyring=kexboot kexboot.secrets=disk-key,luks kexboot.credentials=/run/creds "
				"kexboot.test.memscan kexboot.interface=file",
				&c),
		 0);
	CHECK_STREQ(s.keyring, "kexboot");
	CHECK_STREQ(s.secrets, "disk-key,luks");
	CHECK_STREQ(s.credentials_dir, "/run/creds");
	CHECK(s.test_memscan);
	CHECK_EQ(s.interface, SETTINGS_INTERFACE_FILE);
	CHECK_EQ(c.n, 0);
	/* Refused values keep what was there, each with one complaint. */
	CHECK_EQ(settings_parse(&s,
				"kexboot.keyring= kexboot.credentials=relative kexboot.interface=fast "
				"kexboot.interface=segments kexboot.test.memscan=off",
				&c),
		 0);
	CHECK_STREQ(s.keyring, "kexboot");
	CHECK_STREQ(s.credentials_dir, "/run/creds");
	CHECK_EQ(s.interface, SETTINGS_INTERFACE_SEGMENTS);
	CHECK(!s.test_memscan);
	CHECK_EQ(c.n, 3);
	settings_done(&s);
	CHECK(s.keyring == NULL && s.secrets == NULL && s.credentials_dir == NULL);
	diag_list_done(&c);
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

/*
 * The trust policy, anchors, threshold and password are built in
 * (config/defaults.h): the command line has no key for them. Keys that
 * look like one are complaints and change nothing.
 */
static void test_trust_is_not_a_setting(void)
{
	struct settings s, before;
	struct diag_list c = { 0 };

	settings_init(&before);
	settings_init(&s);
	CHECK_EQ(settings_parse(&s, "kexboot.trust=off kexboot.policy=off kexboot.verify=0 kexboot.threshold=0 "
				    "kexboot.anchors=/tmp kexboot.password=", &c), 0);
	CHECK_EQ(c.n, 6);
	CHECK(c.n == 6 && strstr(c.msgs[0], "unknown key 'kexboot.trust'") != NULL);
	CHECK(memcmp(&s, &before, sizeof(s)) == 0);
	diag_list_done(&c);
	settings_done(&s);
	settings_done(&before);
}

static const struct test tests[] = {
	TEST(defaults),
	TEST(keys),
	TEST(bad_values_are_reported_not_fatal),
	TEST(cmdline_words),
	TEST(secrets_keys),
	TEST(stage_limits),
	TEST(trust_is_not_a_setting),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
