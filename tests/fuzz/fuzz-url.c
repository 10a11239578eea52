// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: lib/url.h over the input split at its first newline into
 * a base and a reference: parse both, resolve, and check what comes out
 * parses the way it says (a resolved absolute http URL must parse again).
 */
#include "lib/url.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_url_one(const char *s)
{
	struct url u;
	char *t = NULL, *d = NULL;

	if (url_parse(s, &u) == 0) {
		if (url_request_target(&u, &t) == 0 && t[0] != '/')
			abort();
		free(t);
		url_done(&u);
	}
	if (url_decode(s, &d) == 0 && strlen(d) > strlen(s))
		abort();
	free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *ref, *res = NULL;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	ref = strchr(buf, '\n');
	if (ref)
		*ref++ = '\0';
	else
		ref = buf + strlen(buf);
	fuzz_url_one(buf);
	fuzz_url_one(ref);
	if (url_resolve(buf, ref, &res) == 0) {
		char *norm = NULL, *again = NULL;

		/*
		 * An absolute result is returned normalized (dot segments gone;
		 * an empty reference keeps the base's path as it is, so the
		 * first round may still change it), and normalizing is idempotent.
		 */
		if (url_resolve(buf, res, &norm) != 0 || url_resolve(buf, norm, &again) != 0 || strcmp(again, norm) != 0)
			abort();
		free(norm);
		free(again);
		fuzz_url_one(res);
		free(res);
	}
	free(buf);
	return 0;
}
