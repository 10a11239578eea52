/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A scripted one-block TFTP server for unit tests that stop a transfer in
 * its middle (test-fetch-stop: the stop fd; test-cancel-key: a key typed on
 * a pty): a thread on 127.0.0.1 that answers the RRQ with DATA 1 (512 bytes:
 * it ignores the options, RFC 1350 terms), takes ACK 1, calls the test's
 * hook (the stop) and falls silent, then records the ERROR the client
 * sends when it gives up. Every wait is bounded (10 s), so a client that
 * misbehaves fails its test instead of hanging it.
 */
#ifndef KEXBOOT_TESTS_TFTP_ONEBLOCK_H
#define KEXBOOT_TESTS_TFTP_ONEBLOCK_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct tftp_oneblock {
	int fd;                       /* the request port's stand-in (port 69) */
	unsigned port;
	void (*after_ack)(void *arg); /* called once ACK 1 came */
	void *arg;
	pthread_t thread;
	bool got_error;               /* the client sent an ERROR after the hook */
	uint16_t error_code;
	char error_msg[64];
};

/* Binds a UDP socket on 127.0.0.1 and starts the server thread; 0 or -errno. */
int tftp_oneblock_start(struct tftp_oneblock *t, void (*after_ack)(void *arg), void *arg);
/* Waits for the thread to end and closes its socket. */
void tftp_oneblock_join(struct tftp_oneblock *t);

#endif
