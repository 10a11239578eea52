// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Polled 8250 output. The UART is used as the old kernel left it (no
 * re-programming of the baud rate); a missing UART reads 0xff, so the
 * transmit-empty poll ends at once and output is lost harmlessly.
 */
#include "purgatory/purgatory.h"

#define UART_TX 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void serial_putc(uint16_t port, char c)
{
	if (!port)
		return;
	if (c == '\n')
		serial_putc(port, '\r');
	for (unsigned spin = 0; spin < 100000; spin++)
		if (inb((uint16_t)(port + UART_LSR)) & UART_LSR_THRE)
			break;
	outb((uint16_t)(port + UART_TX), (uint8_t)c);
}

void serial_puts(uint16_t port, const char *s)
{
	while (*s)
		serial_putc(port, *s++);
}

void serial_puthex(uint16_t port, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";

	serial_puts(port, "0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		serial_putc(port, hex[(v >> shift) & 15]);
}

void serial_putdigest(uint16_t port, const uint8_t d[32])
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned i = 0; i < 32; i++) {
		serial_putc(port, hex[d[i] >> 4]);
		serial_putc(port, hex[d[i] & 15]);
	}
}
