// SPDX-License-Identifier: GPL-2.0-or-later
#include "init/console.h"
#include "config/settings.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct names_ctx {
	char **names;
	size_t max;
	size_t n;
};

static int console_word(const char *word, void *userdata)
{
	struct names_ctx *ctx = userdata;
	size_t len;
	char *name;

	if (strncmp(word, "console=", 8) != 0)
		return 0;
	word += 8;
	len = strcspn(word, ",");
	/* "console=uart,io,0x3f8" style early consoles have no device node. */
	if (len == 0 || !strncmp(word, "null", len) || !strncmp(word, "uart", 4) ||
	    memchr(word, '/', len))
		return 0;
	for (size_t i = 0; i < ctx->n; i++)
		if (strlen(ctx->names[i]) == len && !strncmp(ctx->names[i], word, len))
			return 0;
	if (ctx->n == ctx->max)
		return 0;
	name = strndup(word, len);
	if (!name)
		return -ENOMEM;
	ctx->names[ctx->n++] = name;
	return 0;
}

int console_names_parse(const char *cmdline, char **names, size_t max)
{
	struct names_ctx ctx = { names, max, 0 };
	int r = cmdline_foreach(cmdline, console_word, &ctx);

	if (r < 0) {
		for (size_t i = 0; i < ctx.n; i++)
			free(names[i]);
		return r;
	}
	return (int)ctx.n;
}

static int console_open_path(const char *dev_root, const char *name)
{
	_cleanup_free_ char *rel = NULL, *path = NULL;
	int fd;

	if (asprintf(&rel, "/dev/%s", name) < 0)
		return -ENOMEM;
	path = path_join(dev_root, rel);
	if (!path)
		return -ENOMEM;
	fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	/* Blocking writes: a slow serial line must not drop messages. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

static int console_open_one(struct consoles *c, const char *dev_root, char *name)
{
	int fd = console_open_path(dev_root, name);

	if (fd < 0)
		return fd;
	c->items[c->n].name = name;
	c->items[c->n].fd = fd;
	c->items[c->n].saved = tcgetattr(fd, &c->items[c->n].termios) == 0;
	c->n++;
	return 0;
}

int consoles_open(struct consoles *c, const char *dev_root, const char *cmdline)
{
	char *names[CONSOLES_MAX];
	int n;

	memset(c, 0, sizeof(*c));
	n = console_names_parse(cmdline, names, CONSOLES_MAX);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++)
		if (console_open_one(c, dev_root, names[i]) < 0)
			free(names[i]);
	if (c->n == 0) {
		char *name = strdup("console");

		if (!name)
			return -ENOMEM;
		if (console_open_one(c, dev_root, name) < 0)
			free(name);
	}
	return (int)c->n;
}

void consoles_raw(struct consoles *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct termios t;

		if (!c->items[i].saved)
			continue;
		t = c->items[i].termios;
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL);
		t.c_iflag &= ~(tcflag_t)(IXON | ICRNL | INLCR | IGNCR);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		(void)tcsetattr(c->items[i].fd, TCSANOW, &t);
	}
}

void consoles_cooked(struct consoles *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].saved)
			(void)tcsetattr(c->items[i].fd, TCSANOW, &c->items[i].termios);
}

void consoles_reopen(struct consoles *c, const char *dev_root)
{
	for (size_t i = 0; i < c->n; i++) {
		int fd = console_open_path(dev_root, c->items[i].name);

		if (fd < 0)
			continue;
		if (c->items[i].fd >= 0)
			close(c->items[i].fd);
		c->items[i].fd = fd;
	}
}

void consoles_close(struct consoles *c)
{
	consoles_cooked(c);
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].name);
		if (c->items[i].fd >= 0)
			close(c->items[i].fd);
	}
	c->n = 0;
}

void consoles_write(const struct consoles *c, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = text; *p; p++) {
		if (*p == '\n' && (p == text || p[-1] != '\r'))
			strbuf_putc(&sb, '\r');
		strbuf_putc(&sb, *p);
	}
	for (size_t i = 0; sb.buf && i < c->n; i++)
		(void)fd_write_all(c->items[i].fd, sb.buf, sb.len);
	strbuf_done(&sb);
}

void consoles_printf(const struct consoles *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	if (strbuf_vprintf(&sb, fmt, ap) == 0)
		consoles_write(c, sb.buf);
	va_end(ap);
	strbuf_done(&sb);
}

int consoles_read_key(const struct consoles *c, int timeout_ms, char *ret_key, size_t *ret_index)
{
	struct pollfd pfd[CONSOLES_MAX];

	if (c->n == 0)
		return -ENODEV;
	for (size_t i = 0; i < c->n; i++) {
		pfd[i].fd = c->items[i].fd;
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	for (;;) {
		int r = poll(pfd, c->n, timeout_ms);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return 0;
		for (size_t i = 0; i < c->n; i++) {
			char ch;

			if (!(pfd[i].revents & POLLIN))
				continue;
			if (read(pfd[i].fd, &ch, 1) == 1) {
				*ret_key = ch;
				*ret_index = i;
				return 1;
			}
		}
		/* Hang-ups without data: don't spin on a dead line. */
		for (size_t i = 0; i < c->n; i++)
			if (pfd[i].revents & (POLLHUP | POLLERR | POLLNVAL))
				pfd[i].fd = -1;
	}
}
