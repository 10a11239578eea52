// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The inherited-state report: which switched-on state the target will
 * find, and whether its configuration says it can take it. Pure: the
 * running features come from loader/machine_features.c, the config text
 * from whoever found the target's config-<version>.
 */
#include "loader/inherit.h"

#include <stdio.h>
#include <string.h>

static const char *const feature_names[INHERIT_NR] = {
	[INHERIT_HWP] = "hwp",
	[INHERIT_X2APIC] = "x2apic",
	[INHERIT_IOMMU] = "iommu",
	[INHERIT_MEM_ENCRYPT] = "mem_encrypt",
	[INHERIT_LA57] = "la57",
	[INHERIT_LOCKDOWN] = "lockdown",
};

const char *inherit_feature_name(enum inherit_feature f)
{
	return f < INHERIT_NR ? feature_names[f] : "?";
}

const char *inherit_support_name(enum inherit_support s)
{
	switch (s) {
	case INHERIT_SUPPORTED:
		return "supported";
	case INHERIT_UNSUPPORTED:
		return "unsupported";
	default:
		return "unknown";
	}
}

/* The line of text starting at p, without its newline. */
static size_t line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return (size_t)((nl ? nl : end) - p);
}

const char *kconfig_value(const char *text, size_t len, const char *sym, char *buf, size_t size)
{
	const char *p = text, *end = text + len;
	size_t sl = strlen(sym);

	if (!text || !size)
		return NULL;
	while (p < end) {
		size_t ll = line_len(p, end);

		if (ll > sl && memcmp(p, sym, sl) == 0 && p[sl] == '=') {
			const char *v = p + sl + 1;
			size_t vl = ll - sl - 1;

			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
				v++;
				vl -= 2;
			}
			snprintf(buf, size, "%.*s", (int)vl, v);
			return buf;
		}
		/* "# CONFIG_FOO is not set" */
		if (ll == sl + 13 && memcmp(p, "# ", 2) == 0 && memcmp(p + 2, sym, sl) == 0 &&
		    memcmp(p + 2 + sl, " is not set", 11) == 0) {
			snprintf(buf, size, "n");
			return buf;
		}
		p += ll + 1;
	}
	return NULL;
}

/* Judges one boolean symbol that must be y; fills support and basis. */
static void judge_bool(const char *config, size_t len, const char *sym, struct inherit_item *it)
{
	char v[64];
	const char *val = kconfig_value(config, len, sym, v, sizeof(v));

	if (!val) {
		it->support = INHERIT_UNSUPPORTED;
		snprintf(it->basis, sizeof(it->basis), "the target's config has no %s", sym);
	} else if (strcmp(val, "y") == 0) {
		it->support = INHERIT_SUPPORTED;
		snprintf(it->basis, sizeof(it->basis), "%s=y", sym);
	} else {
		it->support = INHERIT_UNSUPPORTED;
		if (strcmp(val, "n") == 0)
			snprintf(it->basis, sizeof(it->basis), "# %s is not set", sym);
		else
			snprintf(it->basis, sizeof(it->basis), "%s=%s", sym, val);
	}
}

/*
 * 5-level paging: kernels up to 6.15 have CONFIG_X86_5LEVEL; later ones
 * always build it. Both say CONFIG_PGTABLE_LEVELS=5 when they can run
 * with five levels, so that is the one rule.
 */
static void judge_la57(const char *config, size_t len, struct inherit_item *it)
{
	char v[16];
	const char *val = kconfig_value(config, len, "CONFIG_PGTABLE_LEVELS", v, sizeof(v));

	it->support = val && strcmp(val, "5") == 0 ? INHERIT_SUPPORTED : INHERIT_UNSUPPORTED;
	snprintf(it->basis, sizeof(it->basis), "CONFIG_PGTABLE_LEVELS=%s", val ? val : "(absent)");
}

static void item_what(const struct running_features *rf, enum inherit_feature f, struct inherit_item *it)
{
	const char *d = rf->detail[f];

	switch (f) {
	case INHERIT_HWP:
		snprintf(it->what, sizeof(it->what), "hardware P-states (HWP) enabled by intel_pstate");
		break;
	case INHERIT_X2APIC:
		snprintf(it->what, sizeof(it->what), "x2APIC mode");
		break;
	case INHERIT_IOMMU:
		snprintf(it->what, sizeof(it->what), "DMA remapping (%s IOMMU)", d[0] ? d : "an");
		break;
	case INHERIT_MEM_ENCRYPT:
		snprintf(it->what, sizeof(it->what), "memory encryption (%s)", d[0] ? d : "active");
		break;
	case INHERIT_LA57:
		snprintf(it->what, sizeof(it->what), "5-level paging");
		break;
	default:
		snprintf(it->what, sizeof(it->what), "lockdown (%s)", d[0] ? d : "on");
		break;
	}
}

void inherit_compare(const struct running_features *rf, const char *config, size_t config_len,
		     struct inherit_report *out)
{
	memset(out, 0, sizeof(*out));
	out->have_config = config != NULL;
	for (int f = 0; f < INHERIT_NR; f++) {
		struct inherit_item *it;

		if (!rf->on[f])
			continue;
		it = &out->items[out->n++];
		it->feature = (enum inherit_feature)f;
		item_what(rf, (enum inherit_feature)f, it);
		if (!config) {
			it->support = INHERIT_UNKNOWN;
			snprintf(it->basis, sizeof(it->basis), "no configuration of the target found");
			continue;
		}
		switch (f) {
		case INHERIT_HWP:
			judge_bool(config, config_len, "CONFIG_X86_INTEL_PSTATE", it);
			break;
		case INHERIT_X2APIC:
			judge_bool(config, config_len, "CONFIG_X86_X2APIC", it);
			break;
		case INHERIT_IOMMU:
			judge_bool(config, config_len,
				   strcmp(rf->detail[f], "amd") == 0 ? "CONFIG_AMD_IOMMU" : "CONFIG_INTEL_IOMMU",
				   it);
			break;
		case INHERIT_MEM_ENCRYPT:
			judge_bool(config, config_len,
				   strstr(rf->detail[f], "TDX") ? "CONFIG_INTEL_TDX_GUEST" : "CONFIG_AMD_MEM_ENCRYPT",
				   it);
			break;
		case INHERIT_LA57:
			judge_la57(config, config_len, it);
			break;
		default:
			/* Not passed on by itself: the target keeps the chain only if it can lock down too. */
			judge_bool(config, config_len, "CONFIG_SECURITY_LOCKDOWN_LSM", it);
			break;
		}
	}
}

size_t inherit_config_candidates(const char *kernel_path, char out[2][4096])
{
	const char *slash = strrchr(kernel_path, '/');
	const char *base = slash ? slash + 1 : kernel_path;
	int dl = slash ? (int)(slash - kernel_path + 1) : 0;
	size_t n = 0;

	for (const char *pfx = "vmlinuz-\0vmlinux-\0bzImage-\0"; *pfx; pfx += strlen(pfx) + 1)
		if (strncmp(base, pfx, strlen(pfx)) == 0 && base[strlen(pfx)]) {
			snprintf(out[n++], 4096, "%.*sconfig-%s", dl, kernel_path, base + strlen(pfx));
			break;
		}
	snprintf(out[n++], 4096, "%.*sconfig", dl, kernel_path);
	return n;
}

void inherit_item_describe(const struct inherit_item *it, char *buf, size_t size)
{
	const char *verdict = it->support == INHERIT_SUPPORTED   ? "the target supports it"
			      : it->support == INHERIT_UNSUPPORTED ? "the TARGET DOES NOT SUPPORT IT"
								   : "support unknown";

	snprintf(buf, size, "inherited: %s; %s (%s)", it->what, verdict, it->basis);
}

int inherit_report_json(const struct inherit_report *r, struct strbuf *out)
{
	int rc = strbuf_putc(out, '[');

	for (size_t i = 0; rc == 0 && i < r->n; i++) {
		const struct inherit_item *it = &r->items[i];

		rc = strbuf_printf(out, "%s{\"feature\":\"%s\",\"what\":", i ? "," : "",
				   inherit_feature_name(it->feature));
		if (rc == 0)
			rc = strbuf_json_string(out, it->what);
		if (rc == 0)
			rc = strbuf_printf(out, ",\"support\":\"%s\",\"basis\":",
					   inherit_support_name(it->support));
		if (rc == 0)
			rc = strbuf_json_string(out, it->basis);
		if (rc == 0)
			rc = strbuf_putc(out, '}');
	}
	return rc ? rc : strbuf_putc(out, ']');
}
