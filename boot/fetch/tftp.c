// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The tftp:// back end: one read request over UDP, the file into anonymous
 * memory (a heap blob), each DATA block received straight into its place
 * there: one copy, the socket's, and no page cache. Asks for blksize, tsize
 * and windowsize (RFC 2348/2349/7440) and falls back to RFC 1350 (512-byte
 * blocks, one per ACK) when the server answers with data instead of an
 * OACK. Every wait is bounded by cfg->timeout_ms, and cfg->retries waits
 * in a row without progress end the transfer; packets from other ports or
 * hosts never extend a wait. cfg->stop_fd, when readable, ends any wait
 * and the transfer.
 */
#include "boot/fetch/backend.h"
#include "boot/fetch/netwait.h"
#include "boot/fetch/tftp.h"
#include "boot/net/dns.h"
#include "lib/hex.h"
#include "lib/clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TFTP_WAIT_MAX_MS 60000u  /* one wait at most */
#define TFTP_RETRIES_MAX 60u
#define TFTP_STOP_CHECK 64u      /* blocks between progress ticks and looks at the stop fd */
#define TFTP_BODY_MIN (128u << 10) /* the body's first size: room for the largest block to land */
#define TFTP_FILE_MAX ((uint64_t)1 << 48) /* max's ceiling: the body's size, its room and doubling never wrap */
#define TFTP_POLL_FIRST 16u      /* waits that start in poll() after the queue was found empty */

void tftp_config_default(struct tftp_config *cfg)
{
	/* 1468: a DATA packet then fits one 1500-byte Ethernet frame with IPv4 + UDP headers. */
	*cfg = (struct tftp_config){
		.blksize = 1468, .windowsize = 16, .timeout_ms = 1000, .retries = 5, .ask_tsize = true, .options = true,
	};
}

struct tftp_xfer {
	const char *name;              /* for messages */
	const struct tftp_config *cfg;
	uint64_t max;
	int fd;                        /* the UDP socket of the request: the server's first answer, and strangers */
	int conn;                      /* owned, or -1: a second socket on fd's port, connected to the server's TID */
	int stop_fd;                   /* borrowed from cfg->stop_fd, or -1 */
	struct sockaddr_storage server; /* where the request goes (port 69 or the URL's) */
	socklen_t server_len;
	struct sockaddr_storage peer;  /* the server's transfer ID: its address and the port it answered from */
	bool have_tid;
	unsigned blksize, windowsize;
	bool has_tsize;
	uint64_t tsize;
	uint64_t next;                 /* the next block wanted (64-bit: past the 16-bit rollover) */
	uint64_t acked;                /* the last block ACKed */
	bool gap_acked;                /* an ACK for a gap went out; the rest of that window is dropped quietly */
	uint64_t received;             /* bytes taken: [0, received) of the body */
	unsigned poll_first;           /* waits left that start in poll(), not at the queue (tftp_wait) */
	unsigned refused;              /* ICMP port unreachable answers since the server's last packet */
	struct fetch_meter meter;
	struct blob blob;              /* the body (heap): TFTP_BLKSIZE_MAX of room past received, where packets land */
	uint8_t pkt[TFTP_PACKET_MAX];  /* a packet's first 4 bytes; the rest too when it is no DATA */
	uint8_t out[TFTP_RRQ_MAX];
	size_t out_len;                /* the last packet sent, resent after a timeout */
};

/* Percent-decodes [s, s + n) into dst (RFC 3617: the file name is the decoded path); no NUL. */
static int tftp_path_decode(const char *s, size_t n, char *dst, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '%') {
			int hi = i + 2 < n ? hex_digit(s[i + 1]) : -1, lo = i + 2 < n ? hex_digit(s[i + 2]) : -1;

			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -EINVAL;
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		if (o + 1 >= cap)
			return -ENAMETOOLONG;
		dst[o++] = c;
	}
	dst[o] = '\0';
	return 0;
}

/*
 * tftp://host[:port]/path into the server's address and the file name:
 * the small subset a TFTP URL needs, numeric IPv4 or [IPv6] hosts or a
 * name looked up through dns, no user info, the fragment dropped.
 */
static int tftp_url_split(const char *url, const struct dns_config *dns, struct dns_cache *cache,
			  struct sockaddr_storage *sa,
			  socklen_t *sa_len, char *file, size_t cap, const char *name, struct diag_list *why)
{
	const char *h, *end, *path;
	char host[DNS_NAME_MAX + 2];
	unsigned long port = TFTP_PORT;
	bool v6;
	size_t n;
	int r;

	if (strncasecmp(url, "tftp://", 7) != 0)
		return diag_fail(why, EINVAL, "%s: not a tftp:// URL", name);
	h = url + 7;
	v6 = h[0] == '[';
	if (v6) {
		end = strchr(h, ']');
		if (!end)
			return diag_fail(why, EINVAL, "%s: an IPv6 host without its ']'", name);
		h++;
		path = end + 1;
	} else {
		end = h + strcspn(h, ":/?#");
		path = end;
	}
	n = (size_t)(end - h);
	if (n == 0 || n >= sizeof(host))
		return diag_fail(why, EINVAL, "%s: no usable host", name);
	memcpy(host, h, n);
	host[n] = '\0';
	if (*path == ':') {
		char *e = NULL;

		/* digits only: strtoul alone would take " 69", "+69" and "-1" */
		errno = 0;
		port = path[1] >= '0' && path[1] <= '9' ? strtoul(path + 1, &e, 10) : 0;
		if (port == 0 || errno || port > 65535)
			return diag_fail(why, EINVAL, "%s: bad port", name);
		path = e;
	}
	if (*path != '/')
		return diag_fail(why, EINVAL, "%s: names no file", name);
	memset(sa, 0, sizeof(*sa));
	if (v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		r = inet_pton(AF_INET6, host, &s6->sin6_addr);
		*sa_len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)sa;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		r = inet_pton(AF_INET, host, &s4->sin_addr);
		*sa_len = sizeof(*s4);
		if (r != 1 && dns_name_ok(host)) {
			struct dns_addr a[DNS_ADDRS_MAX];
			size_t na = 0;
			char reason[DIAG_REASON_MAX];

			/* a name: its first address (IPv4 ones come first) */
			const struct dns_options o = { .cache = cache };

			r = dns && dns->n_servers ? dns_resolve(dns, host, &o, a, DNS_ADDRS_MAX, &na, why)
						  : diag_fail(why, EHOSTUNREACH, "cannot look up \"%s\": no DNS server known", host);
			if (r < 0) {
				snprintf(reason, sizeof(reason), "%s", diag_reason(why, strerror(-r)));
				return diag_fail(why, r == -ETIMEDOUT ? ETIMEDOUT : EHOSTUNREACH, "%s: %s", name, reason);
			}
			if (a[0].family == AF_INET) {
				memcpy(&s4->sin_addr, a[0].addr, 4);
			} else {
				struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;

				memset(sa, 0, sizeof(*sa));
				s6->sin6_family = AF_INET6;
				s6->sin6_port = htons((uint16_t)port);
				memcpy(&s6->sin6_addr, a[0].addr, 16);
				*sa_len = sizeof(*s6);
			}
			r = 1;
		}
	}
	if (r != 1)
		return diag_fail(why, EINVAL, "%s: the host must be an IPv4 or [IPv6] address or a host name", name);
	/* RFC 3617: the file is the path without its leading '/'. */
	path++;
	r = tftp_path_decode(path, strcspn(path, "#"), file, cap);
	if (r == -ENAMETOOLONG)
		return diag_fail(why, ENAMETOOLONG, "%s: file name too long for TFTP", name);
	if (r < 0 || !file[0])
		return diag_fail(why, EINVAL, "%s: names no usable file", name);
	return 0;
}

static bool same_host(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr == ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr, &((const struct sockaddr_in6 *)b)->sin6_addr,
		      sizeof(struct in6_addr)) == 0;
}

static uint16_t port_of(const struct sockaddr_storage *a)
{
	return ntohs(a->ss_family == AF_INET ? ((const struct sockaddr_in *)a)->sin_port
					      : ((const struct sockaddr_in6 *)a)->sin6_port);
}

/* Sends out[0..out_len) to the server's transfer port (or its request port before it answered). */
static int tftp_send(struct tftp_xfer *x)
{
	const struct sockaddr_storage *to = x->have_tid ? &x->peer : &x->server;

	if (x->conn >= 0 ? send(x->conn, x->out, x->out_len, 0) < 0
			 : sendto(x->fd, x->out, x->out_len, 0, (const struct sockaddr *)to, x->server_len) < 0)
		return -errno;
	return 0;
}

static int tftp_send_ack(struct tftp_xfer *x, uint64_t block)
{
	tftp_ack_build(x->out, sizeof(x->out), (uint16_t)block, &x->out_len);
	x->acked = block;
	return tftp_send(x);
}

/* Tells the server this transfer is over (best effort: it times out anyway). */
static void tftp_send_error(struct tftp_xfer *x, uint16_t code, const char *msg)
{
	if (tftp_error_build(x->out, sizeof(x->out), code, msg, &x->out_len) == 0)
		tftp_send(x);
}

/* A stranger's packet: RFC 1350 answers it with "Unknown transfer ID" and carries on. */
static void tftp_answer_stranger(struct tftp_xfer *x, const struct sockaddr_storage *from, socklen_t from_len)
{
	uint8_t buf[64];
	size_t n;

	if (tftp_error_build(buf, sizeof(buf), TFTP_EBADID, "Unknown transfer ID", &n) == 0)
		sendto(x->fd, buf, n, 0, (const struct sockaddr *)from, from_len);
}

/* Where the next packet's bytes after its first 4 land: the body, right after the bytes taken. */
static uint8_t *tftp_landing(const struct tftp_xfer *x)
{
	return (uint8_t *)x->blob.storage + x->received;
}

/*
 * One datagram, without waiting: its first 4 bytes (opcode, block) into
 * pkt, the rest straight into the body after the bytes already taken,
 * where a DATA block in order stays (no copy after the socket's). The
 * bytes a DATA out of order or another packet leave there are overwritten
 * by the next; the body always has TFTP_BLKSIZE_MAX bytes of room there.
 */
static ssize_t tftp_recv(struct tftp_xfer *x, int fd, struct sockaddr_storage *from, socklen_t *from_len)
{
	struct iovec iov[2] = { { .iov_base = x->pkt, .iov_len = 4 },
				{ .iov_base = tftp_landing(x), .iov_len = TFTP_BLKSIZE_MAX } };
	struct msghdr m = { .msg_name = from, .msg_namelen = *from_len, .msg_iov = iov, .msg_iovlen = 2 };
	ssize_t n = recvmsg(fd, &m, MSG_DONTWAIT);

	*from_len = m.msg_namelen;
	return n;
}

/* The n bytes tftp_recv() took as a packet: a DATA's bytes are left in the body, anything else parsed whole in pkt. */
static int tftp_parse(struct tftp_xfer *x, size_t n, struct tftp_packet *p)
{
	int r;

	if (n >= 4 && x->pkt[0] == 0 && x->pkt[1] == TFTP_DATA) {
		r = tftp_packet_parse(x->pkt, 4, p);
		p->data = tftp_landing(x);
		p->data_len = n - 4;
		return r;
	}
	if (n > 4)
		memcpy(x->pkt + 4, tftp_landing(x), n - 4);
	return tftp_packet_parse(x->pkt, n, p);
}

/*
 * Once the server's transfer ID is known: a second socket on the same
 * local port, connected to it, for the rest of the transfer. A connected
 * UDP socket skips a route lookup for every packet each way (the kernel
 * keeps the route and matches arriving packets to the socket early), which
 * in a VM is a good part of a block's cost. The kernel gives it the
 * server's packets; anyone else's still come to fd, and are answered as
 * strangers. Best effort: without it the transfer goes on over fd.
 */
static void tftp_connect_tid(struct tftp_xfer *x)
{
	struct sockaddr_storage local;
	socklen_t len = sizeof(local);
	int one = 1, c;

	if (getsockname(x->fd, (struct sockaddr *)&local, &len) < 0)
		return;
	c = socket(x->server.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c < 0)
		return;
	if (setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 || bind(c, (struct sockaddr *)&local, len) < 0 ||
	    connect(c, (const struct sockaddr *)&x->peer, x->server_len) < 0) {
		close(c);
		return;
	}
	x->conn = c;
}

/* Both sockets (the connected one first) and the stop fd: the first one readable, 0 on timeout, or a negative errno. */
static int tftp_poll(struct tftp_xfer *x, unsigned ms, int *ret_fd)
{
	struct pollfd p[3] = { { .fd = x->stop_fd, .events = POLLIN },
			       { .fd = x->conn, .events = POLLIN },
			       { .fd = x->fd, .events = POLLIN } };
	int r;

	if (x->conn < 0)
		return (*ret_fd = x->fd), netwait(x->fd, POLLIN, ms, x->stop_fd);
	for (;;) {
		/* EINTR: the whole wait again; tftp_wait()'s deadline still bounds it */
		r = poll(p, 3, (int)ms);
		if (r < 0 && errno == EINTR)
			return 1; /* the caller looks at the queue and waits what is left */
		if (r <= 0)
			return r < 0 ? -errno : 0;
		if (p[0].revents)
			return -ECANCELED;
		*ret_fd = p[1].revents ? x->conn : x->fd;
		return 1;
	}
}

/*
 * The next well-formed packet from the server within timeout_ms: 1 with
 * *p filled, 0 on timeout, -ECANCELED when the stop fd is readable, or
 * another negative errno. Before the server answered, any port of the
 * server's host becomes its transfer ID.
 *
 * Where it looks first: the queue, when the last looks found the packet
 * there (the middle of a window; a server or a virtual link that answers
 * within the ACK's own system call, as QEMU's user network does): one
 * system call a block. Once a look finds nothing (EAGAIN: the packet is a
 * round trip away, as on a real link in lock-step) the next
 * TFTP_POLL_FIRST waits start in poll() instead, a look at the queue first
 * would only add a failed system call to each; then the queue is tried
 * again, in case the pace changed.
 */
static int tftp_wait(struct tftp_xfer *x, struct tftp_packet *p)
{
	/* Set at the first poll (a packet already queued costs no clock read), never moved by strangers. */
	uint64_t deadline = 0;
	bool looked = false; /* the queue was tried first and had nothing */
	bool queue_first = x->have_tid && !x->poll_first;
	int fd = x->conn >= 0 ? x->conn : x->fd;

	for (;;) {
		struct sockaddr_storage from;
		socklen_t from_len = sizeof(from);
		ssize_t n;

		if (!queue_first) {
			/* the coarse clock: a whole timeout is waited for, a tick's error is nothing */
			uint64_t t = clock_coarse_ms();
			int w;

			if (!deadline)
				deadline = t + x->cfg->timeout_ms;
			if (t >= deadline)
				return 0;
			w = tftp_poll(x, (unsigned)(deadline - t), &fd);
			if (w <= 0)
				return w;
		}
		n = tftp_recv(x, fd, &from, &from_len);
		if (queue_first)
			looked = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
		queue_first = false;
		if (n < 0) {
			/* EAGAIN: nothing queued after all; ECONNREFUSED: an ICMP port unreachable for an earlier packet */
			if (errno == ECONNREFUSED)
				x->refused++;
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNREFUSED)
				continue;
			return -errno;
		}
		if (same_host(&from, &x->server) && (!x->have_tid || port_of(&from) == port_of(&x->peer)) &&
		    tftp_parse(x, (size_t)n, p) == 0) {
			x->refused = 0;
			if (!x->have_tid) {
				x->peer = from;
				x->have_tid = true;
				tftp_connect_tid(x);
			}
			if (looked)
				x->poll_first = TFTP_POLL_FIRST;
			else if (x->poll_first)
				x->poll_first--;
			return 1;
		}
		/* A stranger's or a malformed packet: as if it never came, and it cannot hold the wait open. */
		if (same_host(&from, &x->server) && x->have_tid && port_of(&from) != port_of(&x->peer))
			tftp_answer_stranger(x, &from, from_len);
	}
}

/*
 * Room in the body for the largest packet after the bytes taken: the body
 * grows by doubling (mremap(): page tables move, bytes are not copied),
 * never past the limit and that room. Only memory that is written becomes
 * resident; with 2 MiB pages a fault in recvmsg() brings 2 MiB at once.
 */
static int tftp_body_room(struct tftp_xfer *x)
{
	uint64_t need = x->received + TFTP_BLKSIZE_MAX, size;

	if (need <= x->blob.storage_len)
		return 0;
	size = blob_grow_size(x->blob.storage_len, need, TFTP_BODY_MIN, x->max + TFTP_BLKSIZE_MAX);
	if (!size || size > SIZE_MAX)
		return -EFBIG;
	return blob_heap_resize(&x->blob, (size_t)size);
}

/* Whether the file may reach end bytes: the limit, and the size the server announced. */
static int tftp_check_room(struct tftp_xfer *x, uint64_t end)
{
	if (end > x->max) {
		tftp_send_error(x, TFTP_ENOSPACE, "File too large");
		return -EFBIG;
	}
	if (x->has_tsize && end > x->tsize) {
		tftp_send_error(x, TFTP_ENOSPACE, "File larger than its tsize");
		return -EPROTO;
	}
	return 0;
}

static int tftp_fail_timeout(const struct tftp_xfer *x, struct diag_list *why)
{
	unsigned ms = x->cfg->timeout_ms * (x->cfg->retries + 1); /* at most 3660 s: tftp_fetch() bounds both */

	/* Only the socket connected to the server's transfer ID hears ICMP errors: the server was there, and went. */
	if (x->refused)
		return diag_fail(why, ETIMEDOUT,
				 "%s: no answer in %u.%u s; the TFTP server is gone (its host answers port unreachable) "
				 "after %llu bytes",
				 x->name, ms / 1000, ms % 1000 / 100, (unsigned long long)x->received);
	return diag_fail(why, ETIMEDOUT, "%s: no answer in %u.%u s", x->name, ms / 1000, ms % 1000 / 100);
}

/* Asked to stop (the sources are stopping): the server is told when it is talking to us. */
static int tftp_fail_stopped(struct tftp_xfer *x, struct diag_list *why)
{
	if (x->have_tid)
		tftp_send_error(x, TFTP_EUNDEF, "Stopped");
	return diag_fail(why, ECANCELED, "%s: stopped after %llu bytes", x->name, (unsigned long long)x->received);
}

static int tftp_fail_error(const struct tftp_packet *p, const char *name, struct diag_list *why)
{
	/*
	 * The standard codes in plain words, the same from every server (their
	 * texts differ and may name server paths); code 0 has only its text.
	 */
	const char *msg = p->error_code == TFTP_EUNDEF && p->error_msg[0] ? p->error_msg : tftp_error_name(p->error_code);
	int err = p->error_code == TFTP_ENOTFOUND ? ENOENT : p->error_code == TFTP_EACCESS ? EACCES : EIO;

	return diag_fail(why, err, "%s: %s", name, msg);
}

/*
 * Sends the request (with options or without) and waits for the server's
 * first word: an OACK, DATA block 1 (it ignored the options) or an ERROR.
 */
static int tftp_start(struct tftp_xfer *x, const char *file, bool options, struct tftp_packet *p,
		      struct diag_list *why)
{
	struct tftp_options want = { 0 };
	int r;

	if (options) {
		want.blksize = x->cfg->blksize;
		want.windowsize = x->cfg->windowsize > 1 ? x->cfg->windowsize : 0;
		want.has_tsize = x->cfg->ask_tsize;
	}
	r = tftp_rrq_build(x->out, sizeof(x->out), file, &want, &x->out_len);
	if (r < 0)
		return diag_fail(why, r, "%s: cannot ask for this file: %s", x->name, strerror(-r));
	x->have_tid = false;
	for (unsigned tries = 0;; tries++) {
		r = tftp_send(x);
		if (r < 0)
			return diag_fail(why, r, "%s: %s", x->name, strerror(-r));
		do {
			r = tftp_wait(x, p);
			/* Anything else from a fresh transfer is a stray: keep waiting for the real answer. */
		} while (r > 0 && p->op != TFTP_OACK && p->op != TFTP_ERROR && !(p->op == TFTP_DATA && p->block == 1));
		if (r == -ECANCELED)
			return tftp_fail_stopped(x, why);
		if (r < 0)
			return diag_fail(why, r, "%s: %s", x->name, strerror(-r));
		if (r > 0)
			return 0;
		if (tries >= x->cfg->retries)
			return tftp_fail_timeout(x, why);
	}
}

/* Takes the server's OACK: what it granted must be what was asked or less. */
static int tftp_accept_oack(struct tftp_xfer *x, const struct tftp_packet *p, struct diag_list *why)
{
	const struct tftp_options *o = &p->oack;
	int r;

	if ((o->blksize && o->blksize > x->cfg->blksize) || (o->windowsize && o->windowsize > x->cfg->windowsize)) {
		tftp_send_error(x, TFTP_EOPTNEG, "Options not asked for");
		return diag_fail(why, EPROTO, "%s: the server granted options beyond the request", x->name);
	}
	x->blksize = o->blksize ? o->blksize : TFTP_BLKSIZE_DEFAULT;
	x->windowsize = o->windowsize ? o->windowsize : 1;
	if (o->has_tsize) {
		/* Refused before a single block moves. */
		if (o->tsize > x->max) {
			tftp_send_error(x, TFTP_EOPTNEG, "File too large");
			return diag_fail(why, EFBIG, "%s: %llu bytes, over the limit of %llu", x->name,
					 (unsigned long long)o->tsize, (unsigned long long)x->max);
		}
		x->has_tsize = true;
		x->tsize = o->tsize;
		/*
		 * The whole body at once, mapped afresh (nothing has landed yet):
		 * 2 MiB-aligned and advised for huge pages when that large, which
		 * growing the first small mapping would not be.
		 */
		r = o->tsize > SIZE_MAX - TFTP_BLKSIZE_MAX ? -EFBIG : blob_heap_resize(&x->blob, 0);
		if (r == 0)
			r = blob_heap_resize(&x->blob, (size_t)(o->tsize + TFTP_BLKSIZE_MAX));
		if (r < 0)
			return diag_fail(why, r, "%s: no memory for %llu bytes: %s", x->name, (unsigned long long)o->tsize,
					 strerror(-r));
	}
	return 0;
}

/* One DATA packet: 1 when it was the last, 0 to go on, or a negative errno (why set). */
static int tftp_take_data(struct tftp_xfer *x, const struct tftp_packet *p, unsigned *stalls, struct diag_list *why)
{
	uint64_t b = tftp_block_unwrap(x->next, p->block), off, end;
	int r;

	if (p->data_len > x->blksize) {
		tftp_send_error(x, TFTP_EBADOP, "Block larger than agreed");
		return diag_fail(why, EPROTO, "%s: the server sent a %zu-byte block, %u were agreed", x->name,
				 p->data_len, x->blksize);
	}
	if (b < x->next) {
		/* Our ACK was lost and the window came again: say once more where we are. */
		if (b == x->acked)
			tftp_send_ack(x, b);
		return 0;
	}
	if (b > x->next) {
		/* A gap (RFC 7440): ACK the last block in order once, the server resends from there. */
		if (!x->gap_acked)
			tftp_send_ack(x, x->next - 1);
		x->gap_acked = true;
		return 0;
	}
	off = (b - 1) * x->blksize;
	end = off + p->data_len;
	r = tftp_check_room(x, end);
	if (r == -EFBIG)
		return diag_fail(why, r, "%s: larger than the limit of %llu bytes", x->name, (unsigned long long)x->max);
	if (r == -EPROTO)
		return diag_fail(why, r, "%s: the server sends more than the %llu bytes it announced", x->name,
				 (unsigned long long)x->tsize);
	if (r < 0)
		return diag_fail(why, r, "%s: no memory for the file: %s", x->name, strerror(-r));
	x->received = end;
	r = tftp_body_room(x);
	if (r < 0) {
		tftp_send_error(x, TFTP_ENOSPACE, "Out of memory");
		return diag_fail(why, r, "%s: no memory for the file: %s", x->name, strerror(-r));
	}
	/* now and then (a clock read and a poll per block would cost more than the block): the
	 * progress meter, and the stop fd, which a wait never sees while packets keep coming */
	if (x->next % TFTP_STOP_CHECK == 0) {
		fetch_meter_tick(&x->meter, x->received, x->has_tsize, x->tsize, clock_coarse_ms());
		if (netwait_stopped(x->stop_fd))
			return tftp_fail_stopped(x, why);
	}
	x->next++;
	x->gap_acked = false;
	*stalls = 0;
	/* the block stays where tftp_recv() put it, after the ones before it */
	if (p->data_len < x->blksize || b - x->acked >= x->windowsize)
		tftp_send_ack(x, b);
	if (p->data_len < x->blksize) {
		if (x->has_tsize && x->received != x->tsize)
			return diag_fail(why, EPROTO, "%s: the server sent %llu bytes, it announced %llu", x->name,
					 (unsigned long long)x->received, (unsigned long long)x->tsize);
		return 1;
	}
	return 0;
}

/* From the server's first answer in *p to the last block. */
static int tftp_receive(struct tftp_xfer *x, struct tftp_packet *p, struct diag_list *why)
{
	unsigned stalls = 0;
	int r;

	for (;;) {
		if (p->op == TFTP_ERROR)
			return tftp_fail_error(p, x->name, why);
		if (p->op == TFTP_OACK && x->next == 1)
			tftp_send_ack(x, 0); /* the first, or a repeat: our ACK was lost */
		if (p->op == TFTP_DATA) {
			r = tftp_take_data(x, p, &stalls, why);
			if (r != 0)
				return r < 0 ? r : 0;
		}
		while ((r = tftp_wait(x, p)) == 0) {
			if (++stalls > x->cfg->retries) {
				tftp_send_error(x, TFTP_EUNDEF, "Timed out");
				return tftp_fail_timeout(x, why);
			}
			/* RFC 7440: after a timeout, ACK the last block received in order. */
			tftp_send_ack(x, x->next - 1);
		}
		if (r == -ECANCELED)
			return tftp_fail_stopped(x, why);
		if (r < 0)
			return diag_fail(why, r, "%s: %s", x->name, strerror(-r));
	}
}

/* The whole transfer on x's socket; x->blob holds the bytes on success. */
static int tftp_run(struct tftp_xfer *x, const char *file, struct diag_list *why)
{
	struct tftp_packet p;
	bool options = x->cfg->options;
	int r;

	r = tftp_start(x, file, options, &p, why);
	if (r == 0 && options && p.op == TFTP_ERROR && p.error_code == TFTP_EOPTNEG) {
		/* The server refused the options: ask again the RFC 1350 way. */
		options = false;
		r = tftp_start(x, file, options, &p, why);
	}
	if (r < 0)
		return r;
	if (p.op == TFTP_ERROR)
		return tftp_fail_error(&p, x->name, why);
	x->next = 1;
	x->acked = 0;
	if (p.op == TFTP_OACK) {
		/* tftp_receive() ACKs the OACK (block 0), and again if the server repeats it. */
		r = tftp_accept_oack(x, &p, why);
		if (r < 0)
			return r;
	} else {
		/* DATA 1 straight away: the server ignored the options; RFC 1350 terms. */
		x->blksize = TFTP_BLKSIZE_DEFAULT;
		x->windowsize = 1;
	}
	r = tftp_receive(x, &p, why);
	if (r < 0)
		return r;
	/* Exactly the bytes received (shrinking stays in place), then read-only. */
	r = x->received > SIZE_MAX ? -EFBIG : blob_heap_resize(&x->blob, (size_t)x->received);
	if (r == 0)
		r = blob_seal(&x->blob);
	if (r < 0)
		return diag_fail(why, r, "%s: %s", x->name, strerror(-r));
	return 0;
}

int tftp_fetch(const char *url, const char *name, uint64_t max, const struct tftp_config *cfg, struct blob *ret,
	       struct diag_list *why)
{
	struct tftp_xfer *x;
	char file[TFTP_FILENAME_MAX + 1];
	int r;

	*ret = (struct blob)BLOB_INIT;
	if (cfg->blksize && (cfg->blksize < TFTP_BLKSIZE_MIN || cfg->blksize > TFTP_BLKSIZE_MAX))
		return diag_fail(why, EINVAL, "%s: block size %u is out of range", name, cfg->blksize);
	/* Bounded so that the longest silence stays below an hour and its arithmetic cannot wrap. */
	if (cfg->windowsize > TFTP_WINDOW_MAX || !cfg->timeout_ms || cfg->timeout_ms > TFTP_WAIT_MAX_MS ||
	    cfg->retries > TFTP_RETRIES_MAX)
		return diag_fail(why, EINVAL, "%s: TFTP window, timeout or retries out of range", name);
	/* 64 KiB of packet buffer: on the heap, not PID 1's stack. */
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	*x = (struct tftp_xfer){ .name = name, .cfg = cfg, .max = max < TFTP_FILE_MAX ? max : TFTP_FILE_MAX,
				 .fd = -1, .conn = -1, .stop_fd = netwait_stop_fd(cfg->stop_fd), .blob = BLOB_INIT };
	/* where the first answer lands (tftp_recv() writes there before it knows what came) */
	r = blob_new_heap(0, false, name, &x->blob);
	if (r == 0)
		r = tftp_body_room(x);
	if (r < 0)
		goto out;
	r = tftp_url_split(url, cfg->dns, cfg->dns_cache, &x->server, &x->server_len, file, sizeof(file), name, why);
	if (r < 0)
		goto out;
	x->fd = socket(x->server.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (x->fd < 0) {
		r = diag_fail(why, errno, "%s: %s", name, strerror(errno));
		goto out;
	}
	/* before its port is chosen: the connected socket shares it (tftp_connect_tid) */
	setsockopt(x->fd, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, sizeof(int));
	fetch_meter_start(&x->meter, cfg->progress, cfg->progress_arg, name, clock_coarse_ms());
	r = tftp_run(x, file, why);
	if (r == 0) {
		fetch_meter_end(&x->meter, x->received, clock_now_ms());
		*ret = x->blob;
		blob_forget(&x->blob);
	}
out:
	blob_release(&x->blob);
	if (x->conn >= 0)
		close(x->conn);
	if (x->fd >= 0)
		close(x->fd);
	free(x);
	return r;
}

int fetch_tftp_url(const struct fetch_ctx *ctx, const char *url, const char *name, uint64_t max, struct blob *ret,
		   struct diag_list *why)
{
	struct tftp_config cfg;

	tftp_config_default(&cfg);
	cfg.progress = ctx->progress;
	cfg.progress_arg = ctx->progress_arg;
	cfg.dns = ctx->dns;
	cfg.dns_cache = ctx->dns_cache;
	cfg.stop_fd = ctx->stop_fd;
	return tftp_fetch(url, name, max, &cfg, ret, why);
}
