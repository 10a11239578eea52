// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the DHCPv6 parser over the input and the lease
 * accessor over what it parsed, then the client state machine fed the
 * input as the answers to its own exchange (transaction id patched in,
 * the message type set to ADVERTISE, then REPLY twice), so the fuzzer
 * reaches REQUESTING, BOUND and RELEASING; then a stateless client takes
 * the same bytes as the REPLY to its INFORMATION-REQUEST.
 */
#include "boot/net/dhcp6.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void strings_terminated(const struct dhcp6_lease *l)
{
	char url[DHCP6_URL_MAX], params[DHCP6_PARAMS_MAX * DHCP6_PARAM_LEN];
	volatile size_t sink = strlen(l->bootfile_url) + strlen(l->status_msg) + strlen(l->ia_status_msg);

	for (size_t i = 0; i < l->n_params; i++)
		sink += strlen(l->params[i]);
	if (dhcp6_lease_boot(l, url, sizeof(url), params, sizeof(params)) == 0)
		sink += strlen(url) + strlen(params);
	(void)sink;
}

static void patch(uint8_t *pkt, size_t n, uint8_t type, uint32_t xid)
{
	if (n < 4)
		return;
	pkt[0] = type;
	pkt[1] = (uint8_t)(xid >> 16), pkt[2] = (uint8_t)(xid >> 8), pkt[3] = (uint8_t)xid;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct dhcp6_client_config cfg = { .iaid = 0x12345678, .arch = 7, .seed = 1, .total_ms = 10000,
					   .first_delay_ms = UINT32_MAX };
	struct dhcp6_lease *l = malloc(sizeof(*l));
	struct dhcp6_client *c = malloc(sizeof(*c));
	uint8_t *pkt = malloc(size ? size : 1);
	struct dhcp6_action a;

	if (!l || !c || !pkt)
		goto out;
	if (dhcp6_parse(data, size, l, NULL) == 0)
		strings_terminated(l);

	dhcp6_duid_ll(&cfg.duid, mac);
	dhcp6_client_init(c, &cfg);
	dhcp6_client_step(c, NULL, 0, 0, &a);
	memcpy(pkt, data, size);
	patch(pkt, size, DHCP6_ADVERTISE, c->xid);
	dhcp6_client_step(c, pkt, size, 10, &a);
	/* the collection window ends: a REQUEST when the ADVERTISE was taken */
	dhcp6_client_step(c, NULL, 0, 2000, &a);
	patch(pkt, size, DHCP6_REPLY, c->xid);
	dhcp6_client_step(c, pkt, size, 2010, &a);
	if (dhcp6_client_lease(c)) {
		strings_terminated(dhcp6_client_lease(c));
		dhcp6_client_release(c, 2100, &a);
		patch(pkt, size, DHCP6_REPLY, c->xid);
		dhcp6_client_step(c, pkt, size, 2110, &a);
	}
	dhcp6_client_step(c, NULL, 0, 20000, &a);

	/* stateless: the same bytes as the REPLY to an INFORMATION-REQUEST */
	cfg.info_only = true;
	dhcp6_client_init(c, &cfg);
	dhcp6_client_step(c, NULL, 0, 0, &a);
	patch(pkt, size, DHCP6_REPLY, c->xid);
	dhcp6_client_step(c, pkt, size, 10, &a);
	if (dhcp6_client_lease(c))
		strings_terminated(dhcp6_client_lease(c));
	dhcp6_client_release(c, 20, &a);
out:
	free(pkt);
	free(c);
	free(l);
	return 0;
}
