// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a DHCPv6 lease names for netboot (RFC 5970): option 59 is a whole
 * URL (an IPv6 host in brackets), option 60 the parameters that go with
 * it. Pure; the network source decides what to do with them.
 */
#include "boot/net/dhcp6.h"
#include "lib/url.h"

#include <errno.h>
#include <string.h>

int dhcp6_lease_boot(const struct dhcp6_lease *l, char *url, size_t url_cap, char *params, size_t params_cap)
{
	struct url u = { 0 };
	size_t n = 0;

	if (url_cap == 0 || params_cap == 0)
		return -ENOSPC;
	url[0] = '\0';
	params[0] = '\0';
	/* A relative or unknown-scheme value is no URL kexboot can read: left out, not guessed at. */
	if (l->bootfile_url[0] && url_parse(l->bootfile_url, &u) == 0) {
		url_done(&u);
		if (strlen(l->bootfile_url) >= url_cap)
			return -ENOSPC;
		strcpy(url, l->bootfile_url);
	}
	for (size_t i = 0; i < l->n_params && i < DHCP6_PARAMS_MAX; i++) {
		size_t k = strlen(l->params[i]);

		if (k == 0)
			continue;
		if (n + (n ? 1 : 0) + k >= params_cap)
			return -ENOSPC;
		if (n)
			params[n++] = ' ';
		memcpy(params + n, l->params[i], k);
		n += k;
		params[n] = '\0';
	}
	return 0;
}
