// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the DHCPv4 parser over the input, then the client state
 * machine fed the input as a reply to its own exchange (xid and chaddr
 * patched in, so the fuzzer reaches REQUESTING and BOUND), then where the
 * parsed lease says the boot config is (net_where_make).
 */
#include "boot/net/net.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void strings_terminated(const struct dhcp4_lease *l)
{
	/* every string must end inside its buffer */
	volatile size_t sink = strlen(l->hostname) + strlen(l->domain) + strlen(l->tftp_server) +
			       strlen(l->vendor_class) + strlen(l->message) + strlen(l->boot_file) +
			       strlen(l->config_file) + strlen(l->path_prefix);
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct dhcp4_client_config cfg = { .arch = 7, .seed = 1, .total_ms = 10000 };
	struct dhcp4_lease l;
	struct dhcp4_client c;
	struct dhcp4_action a;
	uint8_t pkt[DHCP4_PKT_MAX];
	size_t n = size < sizeof(pkt) ? size : sizeof(pkt);

	if (dhcp4_parse(data, size, &l, NULL) == 0) {
		struct net_facts f = { .ip = l.yiaddr, .has_uuid = true };
		struct net_where w;
		struct diag_list d;

		strings_terminated(&l);
		memcpy(f.mac, mac, 6);
		diag_list_init(&d);
		if (net_where_make(NULL, &l, &f, &w, &d) == 0) {
			for (size_t i = 0; i < w.urls.n; i++)
				if (!w.urls.v[i] || !strstr(w.urls.v[i], "://"))
					__builtin_trap();
			net_where_done(&w);
		}
		diag_list_done(&d);
	}

	memcpy(cfg.mac, mac, 6);
	dhcp4_client_init(&c, &cfg);
	dhcp4_client_step(&c, NULL, 0, 0, &a);
	memcpy(pkt, data, n);
	if (n >= 34) {
		pkt[4] = c.xid >> 24, pkt[5] = c.xid >> 16, pkt[6] = c.xid >> 8, pkt[7] = c.xid;
		memcpy(pkt + 28, mac, 6);
	}
	/* the same bytes twice: an OFFER moves to REQUESTING, an ACK then binds */
	for (int i = 0; i < 2; i++) {
		dhcp4_client_step(&c, pkt, n, 100 + i, &a);
		if (n >= 34) {
			pkt[4] = c.xid >> 24, pkt[5] = c.xid >> 16, pkt[6] = c.xid >> 8, pkt[7] = c.xid;
			if (n > 242 && pkt[240] == 53 && pkt[241] == 1)
				pkt[242] = DHCP4_ACK;
		}
	}
	if (dhcp4_client_lease(&c))
		strings_terminated(dhcp4_client_lease(&c));
	dhcp4_client_step(&c, NULL, 0, 20000, &a);
	return 0;
}
