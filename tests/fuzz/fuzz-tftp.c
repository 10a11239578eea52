// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the TFTP codec over what a server may send. The input
 * is parsed as a packet; its first bytes also pick a block number to unwrap
 * and the rest, as a file name, goes through the RRQ builder.
 */
#include "boot/fetch/tftp.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tftp_options o = { .blksize = 1468, .windowsize = 16, .has_tsize = true };
	uint8_t out[TFTP_RRQ_MAX];
	char name[TFTP_FILENAME_MAX + 16];
	struct tftp_packet p;
	size_t len;

	if (tftp_packet_parse(data, size, &p) == 0) {
		volatile uint8_t sink = 0;

		/* every returned range must be readable, every text terminated */
		if (p.data_len)
			sink = p.data[0] ^ p.data[p.data_len - 1];
		sink ^= (uint8_t)strlen(p.error_msg);
		(void)sink;
		if (p.op == TFTP_DATA && tftp_block_unwrap(p.data_len, p.block) > p.data_len + 0x10000)
			__builtin_trap();
	}
	len = size < sizeof(name) - 1 ? size : sizeof(name) - 1;
	memcpy(name, data, len);
	name[len] = '\0';
	tftp_rrq_build(out, sizeof(out), name, &o, &len);
	tftp_error_build(out, sizeof(out), 0, name, &len);
	return 0;
}
