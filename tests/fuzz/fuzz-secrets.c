// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: what the secrets stage and the generated initrd parse
 * from outside: keyctl's description line (whoever can add a key writes
 * it), secret names, entry origins (compose_source_url) and paths for the
 * generated initrd. Each checks its own promise.
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
	if (compose_path_valid(buf) && (buf[0] != '/' || strstr(buf, "//") || strstr(buf, "/../") ||
					strstr(buf, "/./")))
		abort();
	free(buf);
	return 0;
}
