// SPDX-License-Identifier: GPL-2.0-or-later
/* `kexboot kexec`: the loader CLI (kexec-tools' option names). */
#include "init/commands.h"

#include <stdio.h>

int cmd_kexec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kexboot kexec: not built yet\n");
	return 1;
}
