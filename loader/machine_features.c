// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reads which one-way state the running kernel switched on (loader/inherit.h),
 * under the machine state's root prefix. Called by machine_state_read()
 * after lockdown and la57 are known. Best effort: what cannot be read is
 * taken as off, since a wrong "on" would only warn.
 *
 * The kernel log is the only place some of it is said (x2APIC mode,
 * memory encryption), so <root>/dev/kmsg is read without blocking: each
 * read() of the device returns one record and EAGAIN at the end; a test's
 * plain file reads the same way.
 */
#include "loader/internal.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KMSG_MAX (4u << 20)

/* The kernel log as one NUL-terminated text, or NULL. */
static char *kmsg_read(const char *root)
{
	_cleanup_free_ char *path = path_join(root, "/dev/kmsg");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd;

	if (!path)
		return NULL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;

		if (cap - len < 8193) {
			char *nb;

			if (cap >= KMSG_MAX)
				break;
			nb = realloc(buf, cap ? cap * 2 : 65536);
			if (!nb)
				break;
			buf = nb;
			cap = cap ? cap * 2 : 65536;
		}
		n = read(fd, buf + len, 8192);
		if (n < 0 && errno == EPIPE)
			continue; /* a record was overwritten under us: go on with the next */
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* The text after "key" up to the end of its line, into out. */
static bool log_after(const char *log, const char *key, char *out, size_t size)
{
	const char *p = log ? strstr(log, key) : NULL;
	size_t n;

	if (!p)
		return false;
	p += strlen(key);
	n = strcspn(p, "\n");
	snprintf(out, size, "%.*s", (int)n, p);
	return true;
}

static bool cpuinfo_flag(const char *cpuinfo, const char *flag)
{
	const char *flags = cpuinfo ? strstr(cpuinfo, "\nflags") : NULL;
	size_t fl = strlen(flag);

	if (!flags)
		return false;
	for (const char *p = flags + 1; *p && *p != '\n'; p++)
		if ((p[-1] == ' ' || p[-1] == '\t') && strncmp(p, flag, fl) == 0 &&
		    (p[fl] == ' ' || p[fl] == '\n' || !p[fl]))
			return true;
	return false;
}

static void hwp_read(const char *root, const char *cpuinfo, struct running_features *rf)
{
	_cleanup_free_ char *path = path_join(root, "/sys/devices/system/cpu/intel_pstate/status");
	_cleanup_free_ char *status = NULL;

	/* intel_pstate turns HWP on in active and passive mode alike; "off" never did. */
	if (!path || file_read_at(AT_FDCWD, path, 64, &status, NULL) < 0)
		return;
	status[strcspn(status, "\n")] = '\0';
	if (strcmp(status, "off") != 0 && cpuinfo_flag(cpuinfo, "hwp")) {
		rf->on[INHERIT_HWP] = true;
		snprintf(rf->detail[INHERIT_HWP], sizeof(rf->detail[0]), "%s", status);
	}
}

static void iommu_read(const char *root, struct running_features *rf)
{
	_cleanup_free_ char *path = path_join(root, "/sys/class/iommu");
	struct dirent *de;
	DIR *d;

	if (!path || !(d = opendir(path)))
		return;
	while ((de = readdir(d))) {
		const char *vendor;

		if (de->d_name[0] == '.')
			continue;
		/* dmarN: Intel VT-d; ivhdN: AMD-Vi; anything else (virtio-iommu) by its name. */
		vendor = strncmp(de->d_name, "dmar", 4) == 0   ? "intel"
			 : strncmp(de->d_name, "ivhd", 4) == 0 ? "amd"
							       : de->d_name;
		rf->on[INHERIT_IOMMU] = true;
		snprintf(rf->detail[INHERIT_IOMMU], sizeof(rf->detail[0]), "%.63s", vendor);
		break;
	}
	closedir(d);
}

void running_features_read(const char *root, const struct machine_state *ms, struct running_features *rf)
{
	_cleanup_free_ char *cpath = path_join(root, "/proc/cpuinfo");
	_cleanup_free_ char *cpuinfo = NULL, *log = kmsg_read(root);
	char detail[64];

	memset(rf, 0, sizeof(*rf));
	if (cpath)
		(void)file_read_at(AT_FDCWD, cpath, 1 << 22, &cpuinfo, NULL);
	hwp_read(root, cpuinfo, rf);
	/* apic.c says "x2apic enabled", or "x2apic: enabled by BIOS" when firmware did it. */
	if (log && (strstr(log, "x2apic enabled") || strstr(log, "x2apic: enabled by BIOS")))
		rf->on[INHERIT_X2APIC] = true;
	iommu_read(root, rf);
	/* "Memory Encryption Features active: AMD SME" (6.x), "AMD Memory Encryption Features active: SME" (5.x). */
	if (log_after(log, "Memory Encryption Features active: ", detail, sizeof(detail))) {
		rf->on[INHERIT_MEM_ENCRYPT] = true;
		snprintf(rf->detail[INHERIT_MEM_ENCRYPT], sizeof(rf->detail[0]), "%s", detail);
	}
	rf->on[INHERIT_LA57] = ms->la57;
	/* The lockdown file brackets the current mode: "none [integrity] confidentiality". */
	if (ms->lockdown[0] && !strstr(ms->lockdown, "[none]")) {
		const char *b = strchr(ms->lockdown, '['), *e = b ? strchr(b, ']') : NULL;

		rf->on[INHERIT_LOCKDOWN] = true;
		if (b && e)
			snprintf(rf->detail[INHERIT_LOCKDOWN], sizeof(rf->detail[0]), "%.*s", (int)(e - b - 1), b + 1);
	}
}
