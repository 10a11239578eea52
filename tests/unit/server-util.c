// SPDX-License-Identifier: GPL-2.0-or-later
#include "tests/unit/server-util.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

unsigned server_free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	unsigned p = 0;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		p = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return p;
}

bool server_port_answers(unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

void server_stop(pid_t *pid)
{
	if (*pid <= 0)
		return;
	kill(*pid, SIGTERM);
	for (int i = 0; i < 50 && waitpid(*pid, NULL, WNOHANG) == 0; i++)
		usleep(100 * 1000);
	if (waitpid(*pid, NULL, WNOHANG) == 0) {
		kill(*pid, SIGKILL);
		waitpid(*pid, NULL, 0);
	}
	*pid = -1;
}

const char *server_dnsmasq_path(void)
{
	static const char *const paths[] = { "/usr/sbin/dnsmasq", "/sbin/dnsmasq", "/usr/bin/dnsmasq",
					     "/usr/local/sbin/dnsmasq" };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

bool server_wait_log(pid_t *pid, const char *log_path, const char *marker)
{
	for (int i = 0; i < 100; i++) {
		_cleanup_free_ char *text = NULL;

		if (waitpid(*pid, NULL, WNOHANG) == *pid) {
			*pid = -1;
			return false;
		}
		if (file_read_at(AT_FDCWD, log_path, 1 << 20, &text, NULL) == 0 && strstr(text, marker))
			return true;
		usleep(50000);
	}
	return false;
}

pid_t server_spawn(char *const argv[])
{
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* Gone with the test even when it crashes, stopped or not; its
		 * output stays out of the test's own. */
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static bool ports_answer(const unsigned *ports, size_t nports)
{
	for (size_t i = 0; i < nports; i++)
		if (!server_port_answers(ports[i]))
			return false;
	return true;
}

pid_t server_nginx_start(const char *dir, const unsigned *ports, size_t nports)
{
	_cleanup_free_ char *conf = NULL, *errlog = NULL;
	pid_t pid;

	if (asprintf(&conf, "%s/nginx.conf", dir) < 0 || asprintf(&errlog, "%s/error.log", dir) < 0)
		return -1;
	pid = server_spawn((char *const[]){ "/usr/sbin/nginx", "-p", (char *)dir, "-c", conf, "-e", errlog, "-g",
					    "daemon off;", NULL });
	if (pid < 0) {
		fprintf(stderr, "  nginx: %s\n", strerror((int)-pid));
		return -1;
	}
	for (int i = 0; i < 100 && !ports_answer(ports, nports); i++)
		usleep(50 * 1000);
	if (!ports_answer(ports, nports)) {
		fprintf(stderr, "  nginx did not start on its ports on 127.0.0.1 (see %s)\n", errlog);
		server_stop(&pid);
		return -1;
	}
	return pid;
}
