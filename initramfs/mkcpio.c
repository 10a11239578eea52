// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkcpio: a build-host tool that packs a newc archive from a declared file
 * list (one entry a line, '#' comments), through initramfs/cpio.c:
 *
 *   dir   NAME MODE
 *   file  NAME SOURCE MODE
 *   slink NAME TARGET
 *   nod   NAME MODE c MAJOR MINOR
 *
 * usage: mkcpio LIST OUTPUT
 * The output depends only on the list and the sources' contents.
 */
#include "initramfs/cpio.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MKCPIO_SOURCE_MAX (512u << 20)

static int mkcpio_line(struct cpio_writer *w, char *line, const char *list, unsigned lineno)
{
	char *f[6] = { 0 };
	size_t n = 0;
	unsigned long mode;

	for (char *tok = strtok(line, " \t\r\n"); tok && n < ARRAY_SIZE(f); tok = strtok(NULL, " \t\r\n"))
		f[n++] = tok;
	if (n == 0 || f[0][0] == '#')
		return 0;
	if (!strcmp(f[0], "dir") && n == 3) {
		mode = strtoul(f[2], NULL, 8);
		return cpio_add_dir(w, f[1], (uint32_t)mode);
	}
	if (!strcmp(f[0], "slink") && n == 3)
		return cpio_add_symlink(w, f[1], f[2]);
	if (!strcmp(f[0], "nod") && n == 6 && !strcmp(f[3], "c")) {
		mode = strtoul(f[2], NULL, 8);
		return cpio_add_char_device(w, f[1], (uint32_t)mode, (uint32_t)strtoul(f[4], NULL, 10),
					    (uint32_t)strtoul(f[5], NULL, 10));
	}
	if (!strcmp(f[0], "file") && n == 4) {
		_cleanup_free_ char *data = NULL;
		size_t len = 0;
		int r = file_read_at(AT_FDCWD, f[2], MKCPIO_SOURCE_MAX, &data, &len);

		if (r < 0) {
			fprintf(stderr, "%s:%u: %s: %s\n", list, lineno, f[2], strerror(-r));
			return r;
		}
		mode = strtoul(f[3], NULL, 8);
		return cpio_add_file(w, f[1], (uint32_t)mode, data, len);
	}
	fprintf(stderr, "%s:%u: cannot parse '%s'\n", list, lineno, f[0]);
	return -EINVAL;
}

int main(int argc, char **argv)
{
	_cleanup_fclose_ FILE *in = NULL;
	_cleanup_free_ char *line = NULL;
	_cleanup_free_ char *tmp = NULL;
	struct cpio_writer w;
	size_t cap = 0;
	unsigned lineno = 0;
	int fd, r = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: mkcpio LIST OUTPUT\n");
		return 2;
	}
	in = fopen(argv[1], "re");
	if (!in) {
		fprintf(stderr, "mkcpio: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (asprintf(&tmp, "%s.tmp", argv[2]) < 0)
		return 1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "mkcpio: %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	cpio_writer_init(&w, cpio_sink_fd, &fd);
	while (r >= 0 && getline(&line, &cap, in) >= 0)
		r = mkcpio_line(&w, line, argv[1], ++lineno);
	if (r >= 0)
		r = cpio_finish(&w);
	if (close(fd) < 0 && r >= 0)
		r = -errno;
	if (r < 0) {
		fprintf(stderr, "mkcpio: %s: %s\n", argv[2], strerror(-r));
		unlink(tmp);
		return 1;
	}
	if (rename(tmp, argv[2]) < 0) {
		fprintf(stderr, "mkcpio: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	return 0;
}
