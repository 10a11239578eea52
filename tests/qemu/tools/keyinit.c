// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test-only, run inside QEMU guests as the first process (rdinit=/keyinit;
 * never on the host): the "earlier stage" that puts keys into the kernel
 * keyring before kexboot runs. It reads /keyinit.conf, one key a line:
 *
 *   RING TYPE DESCRIPTION FILE
 *
 * adds FILE's bytes as a key of TYPE ("user", "logon") named DESCRIPTION
 * to the keyring RING in the user keyring (made when missing), removes FILE
 * and the list, and execs /init (kexboot, still PID 1) with its own
 * arguments. A key it cannot add is reported and the rest still run: the
 * test then misses the key's line, and kexboot says what it did not find.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEY_SPEC_USER_KEYRING (-4)
#define KEYCTL_SEARCH_OP 10
#define KEY_MAX 32768 /* the kernel's limit for a user key's payload */

static long add_key(const char *type, const char *desc, const void *payload, size_t len, long ring)
{
	return syscall(SYS_add_key, type, desc, payload, len, ring);
}

/* The keyring named ring in the user keyring; adding it again would displace the first (and its keys). */
static long keyring_get(const char *ring)
{
	long id = syscall(SYS_keyctl, KEYCTL_SEARCH_OP, (long)KEY_SPEC_USER_KEYRING, "keyring", ring, 0L);

	return id >= 0 ? id : add_key("keyring", ring, NULL, 0, KEY_SPEC_USER_KEYRING);
}

static void add_one(const char *ring, const char *type, const char *desc, const char *file)
{
	static char buf[KEY_MAX];
	size_t len = 0;
	ssize_t n;
	long r;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		printf("keyinit: %s: %s\n", file, strerror(errno));
		return;
	}
	while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	close(fd);
	unlink(file);
	r = keyring_get(ring);
	if (r >= 0)
		r = add_key(type, desc, buf, len, r);
	/* the key's bytes are the kernel's now: this copy goes before anything else runs */
	memset(buf, 0, sizeof(buf));
	__asm__ volatile("" : : "r"(buf) : "memory");
	if (r < 0)
		printf("keyinit: %s key %s in keyring %s: %s\n", type, desc, ring, strerror(errno));
	else
		printf("keyinit: %s key %s in keyring %s\n", type, desc, ring);
}

int main(int argc, char **argv)
{
	char line[1024], ring[256], type[64], desc[256], file[256];
	FILE *f = fopen("/keyinit.conf", "re");

	(void)argc;
	if (!f)
		printf("keyinit: /keyinit.conf: %s\n", strerror(errno));
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s %63s %255s %255s", ring, type, desc, file) == 4)
			add_one(ring, type, desc, file);
		else if (line[0] != '#' && line[0] != '\n')
			printf("keyinit: not understood: %s", line);
	}
	if (f)
		fclose(f);
	unlink("/keyinit.conf");
	fflush(stdout);
	argv[0] = "/init";
	execv("/init", argv);
	printf("keyinit: cannot run /init: %s\n", strerror(errno));
	return 1;
}
