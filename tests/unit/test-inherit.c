// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The inherited-state report (loader/inherit.h): reading what the running
 * kernel switched on from a made-up /proc, /sys and /dev/kmsg tree, and
 * judging it against real Debian kernel configurations (the test kernels'
 * config-<version> files, found through build/kernels.txt).
 */
#include "loader/inherit.h"
#include "loader/loader.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void put(const char *root, const char *rel, const char *text)
{
	char path[PATH_MAX], dir[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void rm_tree(const char *root)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	CHECK(system(cmd) == 0);
}

static const struct inherit_item *find(const struct inherit_report *r, enum inherit_feature f)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->items[i].feature == f)
			return &r->items[i];
	return NULL;
}

static void test_kconfig_value(void)
{
	static const char cfg[] = "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=\"text\"\nCONFIG_AB=m\nCONFIG_N=5";
	char buf[32];

	CHECK_STREQ(kconfig_value(cfg, strlen(cfg), "CONFIG_A", buf, sizeof(buf)), "y");
	CHECK_STREQ(kconfig_value(cfg, strlen(cfg), "CONFIG_B", buf, sizeof(buf)), "n");
	CHECK_STREQ(kconfig_value(cfg, strlen(cfg), "CONFIG_C", buf, sizeof(buf)), "text");
	CHECK_STREQ(kconfig_value(cfg, strlen(cfg), "CONFIG_AB", buf, sizeof(buf)), "m");
	/* the last line has no newline */
	CHECK_STREQ(kconfig_value(cfg, strlen(cfg), "CONFIG_N", buf, sizeof(buf)), "5");
	/* a prefix of another symbol is not that symbol */
	CHECK(kconfig_value(cfg, strlen(cfg), "CONFIG_", buf, sizeof(buf)) == NULL);
	CHECK(kconfig_value(cfg, strlen(cfg), "CONFIG_D", buf, sizeof(buf)) == NULL);
}

/* A machine with everything switched on, read through machine_state_read(). */
static void test_read_running(void)
{
	char root[] = "/tmp/kexboot-inherit-XXXXXX";
	struct machine_state ms;
	struct diag_list err = { 0 };
	const struct running_features *rf = &ms.features;

	CHECK(mkdtemp(root) != NULL);
	put(root, "/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu apic hwp la57 x2apic\n\n");
	put(root, "/sys/devices/system/cpu/intel_pstate/status", "active\n");
	put(root, "/sys/class/iommu/dmar0/x", "");
	put(root, "/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	put(root, "/dev/kmsg",
	    "6,1,0,-;Linux version 6.1.0\n6,2,0,-;x2apic enabled\n"
	    "6,3,0,-;Memory Encryption Features active: AMD SME\n");
	CHECK_EQ(machine_state_read(root, &ms, &err), 0);
	for (int f = 0; f < INHERIT_NR; f++)
		CHECK(rf->on[f]);
	CHECK_STREQ(rf->detail[INHERIT_IOMMU], "intel");
	CHECK_STREQ(rf->detail[INHERIT_MEM_ENCRYPT], "AMD SME");
	CHECK_STREQ(rf->detail[INHERIT_LOCKDOWN], "integrity");
	machine_state_free(&ms);

	/* Everything off: HWP needs intel_pstate, x2APIC and encryption the log's words. */
	rm_tree(root);
	CHECK(mkdir(root, 0755) == 0);
	put(root, "/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu apic hwp x2apic\n\n");
	put(root, "/sys/devices/system/cpu/intel_pstate/status", "off\n");
	put(root, "/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	put(root, "/dev/kmsg", "6,2,0,-;x2apic: IRQ remapping doesn't support X2APIC mode\n");
	CHECK_EQ(machine_state_read(root, &ms, &err), 0);
	for (int f = 0; f < INHERIT_NR; f++)
		CHECK(!rf->on[f]);
	machine_state_free(&ms);
	rm_tree(root);
	diag_list_done(&err);
}

/* The config of one test kernel series ("5.10") from build/kernels.txt, or NULL. */
static char *series_config(const char *series, size_t *len)
{
	FILE *f = fopen("build/kernels.txt", "r");
	char line[1024], s[64], kver[128], dir[800], path[1024];
	char *text = NULL;

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %127s %799s", s, kver, dir) == 3 && strcmp(s, series) == 0) {
			snprintf(path, sizeof(path), "%s/config", dir);
			if (file_read_at(AT_FDCWD, path, 8u << 20, &text, len) < 0)
				text = NULL;
			break;
		}
	fclose(f);
	return text;
}

static void test_debian_configs(void)
{
	static const struct {
		const char *series;
		bool la57, tdx;
	} want[] = {
		{ "5.10", false, false }, /* 4-level only: # CONFIG_X86_5LEVEL is not set */
		{ "6.1", true, false },
		{ "6.12", true, true },
		{ "7.3", true, true }, /* X86_5LEVEL is gone there; PGTABLE_LEVELS=5 says it */
	};
	struct running_features rf = { 0 };
	size_t seen = 0;

	for (int f = 0; f < INHERIT_NR; f++)
		rf.on[f] = true;
	snprintf(rf.detail[INHERIT_IOMMU], sizeof(rf.detail[0]), "intel");
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct inherit_report r;
		size_t len = 0;
		char *cfg = series_config(want[i].series, &len);

		if (!cfg)
			continue;
		seen++;
		snprintf(rf.detail[INHERIT_MEM_ENCRYPT], sizeof(rf.detail[0]), "AMD SME");
		inherit_compare(&rf, cfg, len, &r);
		CHECK_EQ(r.n, INHERIT_NR);
		CHECK(r.have_config);
		CHECK_EQ(find(&r, INHERIT_HWP)->support, INHERIT_SUPPORTED);
		CHECK_EQ(find(&r, INHERIT_X2APIC)->support, INHERIT_SUPPORTED);
		CHECK_EQ(find(&r, INHERIT_IOMMU)->support, INHERIT_SUPPORTED);
		CHECK_EQ(find(&r, INHERIT_MEM_ENCRYPT)->support, INHERIT_SUPPORTED);
		CHECK_EQ(find(&r, INHERIT_LOCKDOWN)->support, INHERIT_SUPPORTED);
		CHECK_EQ(find(&r, INHERIT_LA57)->support, want[i].la57 ? INHERIT_SUPPORTED : INHERIT_UNSUPPORTED);
		if (!want[i].la57)
			CHECK_STREQ(find(&r, INHERIT_LA57)->basis, "CONFIG_PGTABLE_LEVELS=4");
		/* a TDX guest: 6.1 was built without it */
		snprintf(rf.detail[INHERIT_MEM_ENCRYPT], sizeof(rf.detail[0]), "Intel TDX");
		inherit_compare(&rf, cfg, len, &r);
		CHECK_EQ(find(&r, INHERIT_MEM_ENCRYPT)->support, want[i].tdx ? INHERIT_SUPPORTED : INHERIT_UNSUPPORTED);
		free(cfg);
	}
	/* make test fetches all four; a unit run without them must not pass silently */
	CHECK_EQ(seen, ARRAY_SIZE(want));
}

static void test_payload_like_config(void)
{
	/* A small LinuxBoot-style config: no x2APIC, no IOMMU, no intel_pstate, 4 levels. */
	static const char cfg[] = "CONFIG_X86_64=y\nCONFIG_PGTABLE_LEVELS=4\n# CONFIG_X86_5LEVEL is not set\n"
				  "# CONFIG_X86_INTEL_PSTATE is not set\n";
	struct running_features rf = { 0 };
	struct inherit_report r;
	struct strbuf json = { 0 };
	char line[400];

	rf.on[INHERIT_X2APIC] = rf.on[INHERIT_HWP] = rf.on[INHERIT_LA57] = true;
	inherit_compare(&rf, cfg, strlen(cfg), &r);
	CHECK_EQ(r.n, 3);
	CHECK_EQ(find(&r, INHERIT_X2APIC)->support, INHERIT_UNSUPPORTED);
	CHECK_STREQ(find(&r, INHERIT_X2APIC)->basis, "the target's config has no CONFIG_X86_X2APIC");
	CHECK_STREQ(find(&r, INHERIT_HWP)->basis, "# CONFIG_X86_INTEL_PSTATE is not set");
	CHECK(find(&r, INHERIT_IOMMU) == NULL);
	inherit_item_describe(find(&r, INHERIT_LA57), line, sizeof(line));
	CHECK_STREQ(line, "inherited: 5-level paging; the TARGET DOES NOT SUPPORT IT (CONFIG_PGTABLE_LEVELS=4)");
	CHECK_EQ(inherit_report_json(&r, &json), 0);
	CHECK(json.buf && strstr(json.buf, "{\"feature\":\"x2apic\",\"what\":\"x2APIC mode\","
					   "\"support\":\"unsupported\",") != NULL);
	CHECK(json.buf && json.buf[0] == '[' && json.buf[json.len - 1] == ']');
	strbuf_done(&json);

	/* No configuration: every item is unknown, none is dropped. */
	inherit_compare(&rf, NULL, 0, &r);
	CHECK_EQ(r.n, 3);
	CHECK(!r.have_config);
	for (size_t i = 0; i < r.n; i++)
		CHECK_EQ(r.items[i].support, INHERIT_UNKNOWN);
	/* Nothing on: an empty list. */
	memset(&rf, 0, sizeof(rf));
	inherit_compare(&rf, cfg, strlen(cfg), &r);
	CHECK_EQ(r.n, 0);
	CHECK_EQ(inherit_report_json(&r, &json), 0);
	CHECK_STREQ(json.buf, "[]");
	strbuf_done(&json);
}

static void test_config_candidates(void)
{
	char c[2][4096];

	CHECK_EQ(inherit_config_candidates("/boot/vmlinuz-6.1.0-50-amd64", c), 2);
	CHECK_STREQ(c[0], "/boot/config-6.1.0-50-amd64");
	CHECK_STREQ(c[1], "/boot/config");
	CHECK_EQ(inherit_config_candidates("/cache/7.3/vmlinuz", c), 1);
	CHECK_STREQ(c[0], "/cache/7.3/config");
	CHECK_EQ(inherit_config_candidates("bzImage", c), 1);
	CHECK_STREQ(c[0], "config");
}

static const struct test tests[] = {
	TEST(kconfig_value),
	TEST(read_running),
	TEST(debian_configs),
	TEST(payload_like_config),
	TEST(config_candidates),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
