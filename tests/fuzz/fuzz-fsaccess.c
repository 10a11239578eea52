// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: boot/fsaccess.c, the parsers' only way to files. The
 * first byte picks an operation, the rest is a path. The path is normalized
 * (the result must be relative, without "", "." or ".." components, and
 * normalizing it again must not change it), then the operation runs on a
 * directory-backed tree written once into a temporary directory (files, a
 * FIFO, symlinks pointing out of the tree) and on an in-memory tree. Reading
 * anything outside the tree's root is a finding.
 */
#include "boot/fsaccess.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTSIDE "OUTSIDE-THE-ROOT"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmp[64];
static struct fsaccess dir_fs, mem_fs;
static const struct fsa_mem_file mem_files[] = {
	{ "/boot/grub/grub.cfg", "set timeout=5\n", 14 },
	{ "/loader/entries/a.conf", "title A\n", 8 },
	{ "/vmlinuz", "k", 1 },
};

static void put(const char *rel, const char *text)
{
	char p[128];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	f = fopen(p, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

static void cleanup(void)
{
	static const char *const rm[] = { "root/boot/grub/grub.cfg", "root/loader/entries/a.conf",
		"root/vmlinuz", "root/fifo", "root/up", "root/abs", "root/loop", "root/boot/grub",
		"root/loader/entries", "root/boot", "root/loader", "root", "outside/secret", "outside" };
	char p[128];

	fsa_close(&dir_fs);
	for (size_t i = 0; i < sizeof(rm) / sizeof(rm[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", tmp, rm[i]);
		if (unlink(p) < 0)
			rmdir(p);
	}
	rmdir(tmp);
}

static void tree_make(void)
{
	static const char *const dirs[] = { "root", "root/boot", "root/boot/grub", "root/loader",
					    "root/loader/entries", "outside" };
	char p[128], q[160];

	snprintf(tmp, sizeof(tmp), "%s/kexboot-fuzz-fsa-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (strlen(tmp) > 60 || !mkdtemp(tmp))
		abort();
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", tmp, dirs[i]);
		if (mkdir(p, 0755) < 0)
			abort();
	}
	put("root/boot/grub/grub.cfg", "set timeout=5\n");
	put("root/loader/entries/a.conf", "title A\n");
	put("root/vmlinuz", "k");
	put("outside/secret", OUTSIDE);
	snprintf(p, sizeof(p), "%s/root/fifo", tmp);
	if (mkfifo(p, 0600) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/root/up", tmp);
	if (symlink("../outside/secret", p) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/root/abs", tmp);
	snprintf(q, sizeof(q), "%s/outside/secret", tmp);
	if (symlink(q, p) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/root/loop", tmp);
	if (symlink("loop", p) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/root", tmp);
	if (fsa_open_dir(&dir_fs, p) < 0)
		abort();
	fsa_init_mem(&mem_fs, mem_files, sizeof(mem_files) / sizeof(mem_files[0]));
	atexit(cleanup);
}

static void check_normalized(const char *path)
{
	static char out[FSA_PATH_MAX], again[FSA_PATH_MAX];
	char *clean = NULL;

	if (fsa_path_normalize(path, out) < 0)
		return;
	if (out[0] == '/' || (strcmp(out, ".") && (!strcmp(out, "..") || !strncmp(out, "../", 3) ||
						   !strncmp(out, "./", 2) || strstr(out, "//") ||
						   strstr(out, "/./") || strstr(out, "/../"))))
		abort();
	if (strlen(out) >= 2 && (!strcmp(out + strlen(out) - 2, "/.") ||
				 (strlen(out) >= 3 && !strcmp(out + strlen(out) - 3, "/..")) ||
				 out[strlen(out) - 1] == '/'))
		abort();
	if (fsa_path_normalize(out, again) < 0 || strcmp(out, again))
		abort();
	if (fsa_path_clean(path, &clean) == 0 && (clean[0] != '/' || strcmp(clean + 1, strcmp(out, ".") ? out : "")))
		abort();
	free(clean);
}

static void run(const struct fsaccess *fs, uint8_t op, const char *path)
{
	char *buf = NULL, **names = NULL;
	size_t len = 0, n = 0;
	struct fsa_stat st;
	int fd;

	switch (op % 8) {
	case 0:
	case 1:
		if (fsa_read(fs, path, op & 0x10 ? 4 : 1 << 16, &buf, &len) == 0 && (memmem(buf, len, OUTSIDE, 5) || buf[len]))
			abort();
		break;
	case 2:
		if (fsa_read_range(fs, path, op >> 4, 8, &buf, &len) == 0 && (len > 8 || memmem(buf, len, "OUTSI", 5)))
			abort();
		break;
	case 3:
		if (fsa_stat(fs, path, &st) == 0 && st.type == FSA_FILE && st.size == sizeof(OUTSIDE) - 1)
			abort();
		break;
	case 4:
		fsa_is_file(fs, path);
		fsa_is_dir(fs, path);
		fsa_exists(fs, path);
		break;
	case 5:
		if (fsa_list(fs, path, &names, &n) == 0) {
			for (size_t i = 0; i < n; i++)
				if (!strcmp(names[i], "secret") || !strcmp(names[i], ".") || !strcmp(names[i], ".."))
					abort();
			fsa_names_free(names, n);
		}
		break;
	default:
		fd = fsa_open_file(fs, path);
		if (fd >= 0) {
			char b[8];

			if (read(fd, b, 5) == 5 && !memcmp(b, OUTSIDE, 5))
				abort();
			close(fd);
		}
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path;

	if (size < 1 || size > 2 * FSA_PATH_MAX)
		return 0;
	if (!tmp[0])
		tree_make();
	path = strndup((const char *)data + 1, size - 1);
	if (!path)
		return 0;
	check_normalized(path);
	run(&dir_fs, data[0], path);
	run(&mem_fs, data[0], path);
	free(path);
	return 0;
}
