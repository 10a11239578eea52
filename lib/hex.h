/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hex: the value of one hexadecimal digit, for the parsers that read hex
 * (manifest digests, DHCP client identifiers, TFTP option values). Inline,
 * so every module and fuzz target that parses hex has it without one more
 * source file to link.
 */
#ifndef KEXBOOT_LIB_HEX_H
#define KEXBOOT_LIB_HEX_H

/* 0..15, or -1 when c is not a hex digit (either case). */
static inline int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
