/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for unit tests that start real servers (nginx, openssl s_server,
 * dnsmasq) on the loopback address: a free TCP port, whether something
 * answers on one, and stopping a server the test started.
 */
#ifndef KEXBOOT_TESTS_SERVER_UTIL_H
#define KEXBOOT_TESTS_SERVER_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A TCP port on 127.0.0.1 that was free a moment ago; 0 when none could be had. */
unsigned server_free_port(void);

/* Whether a TCP connection to 127.0.0.1:port is accepted. */
bool server_port_answers(unsigned port);

/* Debian's dnsmasq binary (package dnsmasq-base), or NULL when none is installed. */
const char *server_dnsmasq_path(void);

/*
 * Waits up to 5 s for marker to appear in the log file at log_path while
 * *pid runs; false (and *pid set to -1) when it exits first or the time ends.
 */
bool server_wait_log(pid_t *pid, const char *log_path, const char *marker);

/*
 * Starts argv[0] (looked up in PATH) with argv, stdin/stdout/stderr on
 * /dev/null and killed when the test dies; its pid, or -errno.
 */
pid_t server_spawn(char *const argv[]);

/*
 * Starts Debian's nginx on dir/nginx.conf (prefix dir, error log
 * dir/error.log) and waits up to 5 s until every one of the nports TCP
 * ports answers; its pid, or -1 with the reason printed (the test fails).
 */
pid_t server_nginx_start(const char *dir, const unsigned *ports, size_t nports);

/* SIGTERM, up to 5 s, then SIGKILL; reaps it and sets *pid to -1 (a pid <= 0 is left alone). */
void server_stop(pid_t *pid);

#endif
