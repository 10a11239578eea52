/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * termraw: the terminal mode kexboot reads keys in (the menu, the
 * cancel-key watch): raw input, no echo, no signals, a key arrives alone
 * and Ctrl-C as a byte; output processing stays as the kernel had it.
 */
#ifndef KEXBOOT_LIB_TERMRAW_H
#define KEXBOOT_LIB_TERMRAW_H

#include <termios.h>

static inline struct termios term_raw_input(const struct termios *saved)
{
	struct termios t = *saved;

	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag |= CREAD;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	return t;
}

#endif
