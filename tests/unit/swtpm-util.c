// SPDX-License-Identifier: GPL-2.0-or-later
#include "tests/unit/swtpm-util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int swtpm_start(struct swtpm *t)
{
	char dev[96], sock[112], ctrl[128], state[96], server[160], ctrlarg[160];
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	struct stat st;

	memset(t, 0, sizeof(*t));
	snprintf(t->root, sizeof(t->root), "/tmp/kexboot-swtpm-XXXXXX");
	if (!mkdtemp(t->root))
		return -errno;
	snprintf(dev, sizeof(dev), "%s/dev", t->root);
	snprintf(sock, sizeof(sock), "%s/tpmrm0", dev);
	/* Beside the data socket with ".ctrl", where tpm2-tools' swtpm TCTI (swtpm:path=SOCK) looks for it. */
	snprintf(ctrl, sizeof(ctrl), "%s/tpmrm0.ctrl", dev);
	snprintf(state, sizeof(state), "dir=%s", t->root);
	if (mkdir(dev, 0700) < 0)
		return -errno;
	snprintf(server, sizeof(server), "type=unixio,path=%s", sock);
	snprintf(ctrlarg, sizeof(ctrlarg), "type=unixio,path=%s", ctrl);
	t->pid = fork();
	if (t->pid < 0)
		return -errno;
	if (t->pid == 0) {
		int log;

		snprintf(ctrl, sizeof(ctrl), "%s/swtpm.log", t->root);
		log = open(ctrl, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (log >= 0) {
			dup2(log, 1);
			dup2(log, 2);
		}
		execlp("swtpm", "swtpm", "socket", "--tpm2", "--server", server, "--ctrl", ctrlarg, "--tpmstate",
		       state, "--flags", "startup-clear,not-need-init", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {
		int status;

		if (stat(sock, &st) == 0 && S_ISSOCK(st.st_mode))
			return 0;
		if (waitpid(t->pid, &status, WNOHANG) == t->pid) {
			t->pid = 0;
			return -ECHILD;
		}
		nanosleep(&nap, NULL);
	}
	return -ETIMEDOUT;
}

void swtpm_stop(struct swtpm *t)
{
	char cmd[128];

	if (t->pid > 0) {
		kill(t->pid, SIGTERM);
		waitpid(t->pid, NULL, 0);
		t->pid = 0;
	}
	if (t->root[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
		if (system(cmd) != 0)
			fprintf(stderr, "  could not remove %s\n", t->root);
		t->root[0] = '\0';
	}
}

char *swtpm_run(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	char *out = NULL;
	size_t len = 0, n;
	char buf[4096];

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		char *p = realloc(out, len + n + 1);

		if (!p)
			break;
		out = p;
		memcpy(out + len, buf, n);
		len += n;
		out[len] = '\0';
	}
	if (pclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out ? out : strdup("");
}
