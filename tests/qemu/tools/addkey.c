// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test-only, run inside QEMU guests (never on the host): puts a key into a
 * keyring named RING in the user keyring, the way an earlier boot stage
 * would before kexboot runs. The payload is read from stdin.
 *
 *   addkey RING TYPE DESCRIPTION < payload
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEY_SPEC_USER_KEYRING (-4)
#define KEYCTL_SEARCH_OP 10

static long add_key(const char *type, const char *desc, const void *payload, size_t len, long ring)
{
	return syscall(SYS_add_key, type, desc, payload, len, ring);
}

int main(int argc, char **argv)
{
	char buf[4096];
	size_t len = 0;
	ssize_t n;
	long ring, key;

	if (argc != 4) {
		fprintf(stderr, "usage: addkey RING TYPE DESCRIPTION < payload\n");
		return 2;
	}
	while (len < sizeof(buf) && (n = read(0, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	/* Adding a keyring again would displace the first one (and its keys): find it first. */
	ring = syscall(SYS_keyctl, KEYCTL_SEARCH_OP, (long)KEY_SPEC_USER_KEYRING, "keyring", argv[1], 0L);
	if (ring < 0)
		ring = add_key("keyring", argv[1], NULL, 0, KEY_SPEC_USER_KEYRING);
	if (ring < 0) {
		fprintf(stderr, "addkey: keyring %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	key = add_key(argv[2], argv[3], buf, len, ring);
	if (key < 0) {
		fprintf(stderr, "addkey: %s key %s: %s\n", argv[2], argv[3], strerror(errno));
		return 1;
	}
	printf("addkey: %s key %s in keyring %s\n", argv[2], argv[3], argv[1]);
	return 0;
}
