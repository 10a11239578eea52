// SPDX-License-Identifier: GPL-2.0-or-later
/* `kexboot list`: discover and print boot entries. */
#include "init/commands.h"

#include <stdio.h>

int cmd_list(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kexboot list: discovery not built yet\n");
	return 1;
}
