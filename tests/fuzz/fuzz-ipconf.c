// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: kexboot.ip's parser (boot/net/ipconf.c) over the input as text. */
#include "boot/net/net.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	struct net_ipconf ip;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	diag_list_init(&d);
	if (net_ipconf_parse(text, &ip, &d) == 0) {
		/* strings end inside their buffers; a static mode has an address and a prefix */
		volatile size_t sink = strlen(ip.hostname) + strlen(ip.device);

		(void)sink;
		if (ip.mode == NET_IP_STATIC && (!ip.client.s_addr || ip.prefix > 32))
			abort();
	}
	diag_list_done(&d);
	free(text);
	return 0;
}
