// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: what the secrets stage and the generated initrd parse
 * from outside: keyctl's description line (whoever can add a key writes
 * it), secret names, entry origins (compose_source_url), the https source's
 * URLs (secrets_https_url, over a name and over a config URL) and paths for
 * the generated initrd. Each checks its own promise.
 */
#include "boot/compose/compose.h"
#include "boot/secrets/secrets.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *url = NULL;
	const char *name = NULL;
	char type[32];

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (secrets_parse_description(buf, type, sizeof(type), &name) == 0) {
		/* The type is the text before the first ';', the name lies inside the input after four of them. */
		if (!*type || strchr(type, ';') || strncmp(buf, type, strlen(type)) != 0 || name < buf ||
		    name > buf + strlen(buf))
			abort();
	}
	if (secret_name_valid(buf) && (strchr(buf, '/') || buf[0] == '.' || strlen(buf) > SECRET_NAME_MAX))
		abort();
	if (compose_source_url(buf, &url) == 0 && url) {
		/* A prefix of the origin, still a URL of one of the schemes. */
		if (strncmp(buf, url, strlen(url)) != 0 || !strstr(url, "://"))
			abort();
		free(url);
	}
	/* The https source's URL: a valid name lands under secrets/ beside the config, nowhere else. */
	if (secrets_https_url("https://10.0.2.100/boot/pxelinux.cfg/default", buf, &url) == 0) {
		static const char dir[] = "https://10.0.2.100/boot/pxelinux.cfg/secrets/";

		if (!secret_name_valid(buf) || strncmp(url, dir, sizeof(dir) - 1) != 0 || strcmp(url + sizeof(dir) - 1, buf) != 0)
			abort();
		free(url);
	}
	url = NULL;
	if (secrets_https_url(buf, "net-key", &url) == 0) {
		size_t n = strlen(url);

		if (n < 16 || strcmp(url + n - 16, "/secrets/net-key") != 0 || strncmp(url, "https://", 8) != 0)
			abort();
		free(url);
	}
	url = NULL;
	if (compose_path_valid(buf) && (buf[0] != '/' || strstr(buf, "//") || strstr(buf, "/../") ||
					strstr(buf, "/./")))
		abort();
	free(buf);
	return 0;
}
