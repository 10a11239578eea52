// SPDX-License-Identifier: GPL-2.0-or-later
#include "tests/unit/tftp-oneblock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ONEBLOCK_WAIT_MS 10000

static void *oneblock_main(void *arg)
{
	struct tftp_oneblock *t = arg;
	uint8_t buf[1024], data[4 + 512] = { 0, 3, 0, 1 };
	struct sockaddr_in from;
	socklen_t len = sizeof(from);
	struct pollfd p = { .fd = t->fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, ONEBLOCK_WAIT_MS) <= 0 ||
	    recvfrom(t->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) <= 0)
		return NULL;
	sendto(t->fd, data, sizeof(data), 0, (struct sockaddr *)&from, len);
	/* ACK 1 */
	if (poll(&p, 1, ONEBLOCK_WAIT_MS) <= 0 || recv(t->fd, buf, sizeof(buf), 0) < 4 || buf[1] != 4)
		return NULL;
	t->after_ack(t->arg);
	/* what the client says when it stops: an ERROR */
	if (poll(&p, 1, ONEBLOCK_WAIT_MS) > 0 && (n = recv(t->fd, buf, sizeof(buf) - 1, 0)) >= 4 && buf[1] == 5) {
		buf[n] = 0;
		t->got_error = true;
		t->error_code = (uint16_t)(buf[2] << 8 | buf[3]);
		snprintf(t->error_msg, sizeof(t->error_msg), "%.63s", (char *)buf + 4);
	}
	return NULL;
}

int tftp_oneblock_start(struct tftp_oneblock *t, void (*after_ack)(void *arg), void *arg)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int r;

	memset(t, 0, sizeof(*t));
	t->after_ack = after_ack;
	t->arg = arg;
	t->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (t->fd < 0)
		return -errno;
	if (bind(t->fd, (struct sockaddr *)&a, sizeof(a)) < 0 || getsockname(t->fd, (struct sockaddr *)&a, &len) < 0) {
		r = -errno;
		close(t->fd);
		t->fd = -1;
		return r;
	}
	t->port = ntohs(a.sin_port);
	r = pthread_create(&t->thread, NULL, oneblock_main, t);
	if (r) {
		close(t->fd);
		t->fd = -1;
		return -r;
	}
	return 0;
}

void tftp_oneblock_join(struct tftp_oneblock *t)
{
	if (t->fd < 0)
		return;
	pthread_join(t->thread, NULL);
	close(t->fd);
	t->fd = -1;
}
