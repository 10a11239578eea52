// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Version comparison as the Boot Loader Specification defines it (the
 * algorithm of systemd's strverscmp_improved): strings are split into
 * segments at '~', '-', '^', '.' and digit/letter boundaries; '~' sorts
 * before everything (pre-releases), the end of string before '-' and '^'
 * and '.', numbers compare numerically and are newer than letters.
 */
#include "boot/bls/list.h"

#include <stdbool.h>
#include <string.h>

static bool v_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool v_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool v_valid(char c)
{
	return v_digit(c) || v_alpha(c) || c == '~' || c == '-' || c == '^' || c == '.';
}

static int v_cmp(long a, long b)
{
	return (a > b) - (a < b);
}

int bls_version_cmp(const char *a, const char *b)
{
	if (!a || !*a || !b || !*b)
		return v_cmp(a && *a, b && *b);
	for (;;) {
		const char *aa, *bb;
		int r;

		while (*a && !v_valid(*a))
			a++;
		while (*b && !v_valid(*b))
			b++;
		if (*a == '~' || *b == '~') {
			r = v_cmp(*a != '~', *b != '~');
			if (r)
				return r;
			a++, b++;
		}
		if (!*a || !*b)
			return v_cmp(strcmp(a, b), 0);
		if (*a == '-' || *b == '-') {
			r = v_cmp(*a != '-', *b != '-');
			if (r)
				return r;
			a++, b++;
		}
		if (*a == '^' || *b == '^') {
			r = v_cmp(*a != '^', *b != '^');
			if (r)
				return -r;
			a++, b++;
		}
		if (*a == '.' || *b == '.') {
			r = v_cmp(*a != '.', *b != '.');
			if (r)
				return -r;
			a++, b++;
		}
		if (v_digit(*a) || v_digit(*b)) {
			for (aa = a; v_digit(*aa); aa++)
				;
			for (bb = b; v_digit(*bb); bb++)
				;
			r = v_cmp(a != aa, b != bb);
			if (r)
				return r;
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			r = v_cmp(aa - a, bb - b);
			if (r)
				return r;
			r = v_cmp(strncmp(a, b, (size_t)(aa - a)), 0);
			if (r)
				return r;
		} else {
			size_t la, lb;

			for (aa = a; v_alpha(*aa); aa++)
				;
			for (bb = b; v_alpha(*bb); bb++)
				;
			la = (size_t)(aa - a);
			lb = (size_t)(bb - b);
			r = v_cmp(strncmp(a, b, la < lb ? la : lb), 0);
			if (r)
				return r;
			r = v_cmp((long)la, (long)lb);
			if (r)
				return r;
		}
		a = aa;
		b = bb;
	}
}
