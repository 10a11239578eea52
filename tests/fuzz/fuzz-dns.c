// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the DNS answer parser (boot/net/dns_packet.c) over
 * what a server may send. The input is the answer; its own first two bytes
 * are taken as the query's ID so that most inputs get past the ID check,
 * and it is read as an answer about "boot.test" to A and to AAAA.
 */
#include "boot/net/dns.h"

#include <netinet/in.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t types[] = { DNS_TYPE_A, DNS_TYPE_AAAA };
	uint16_t id = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0;

	for (size_t t = 0; t < 2; t++) {
		struct dns_answer a;
		struct diag_list d = { 0 };

		if (dns_answer_parse(data, size, id, "boot.test", types[t], &a, &d) == 0) {
			/* what came out must be sound: addresses of the asked family, a terminated name */
			if (a.n_addrs > DNS_ADDRS_MAX || a.n_cnames > DNS_CNAME_MAX ||
			    strlen(a.target) > DNS_NAME_MAX)
				__builtin_trap();
			for (size_t i = 0; i < a.n_addrs; i++)
				if (a.addrs[i].family != (types[t] == DNS_TYPE_A ? AF_INET : AF_INET6))
					__builtin_trap();
		}
		diag_list_done(&d);
	}
	return 0;
}
