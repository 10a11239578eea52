// SPDX-License-Identifier: GPL-2.0-or-later
/* Host build of `kexboot list` for the golden tests (no multi-call init). */
#include "init/commands.h"

int main(int argc, char **argv)
{
	return cmd_list(argc, argv);
}
