/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PID 1's supervision: run the boot pipeline in a child, reap every child,
 * and when the pipeline fails, crashes or finds nothing, say why on every
 * console and offer retry, a rescue shell or reboot. Never returns.
 */
#ifndef KEXBOOT_INIT_SUPERVISE_H
#define KEXBOOT_INIT_SUPERVISE_H

#include "config/settings.h"
#include "init/console.h"

/* Exit statuses of the pipeline child, so PID 1 can explain them. */
enum pipeline_status {
	PIPELINE_FAILED = 1,  /* an error, already described on the consoles */
	PIPELINE_NOTHING = 3, /* no bootable entry was found */
	PIPELINE_REBOOT = 5,  /* the user asked for a reboot */
	PIPELINE_RETRY = 6,   /* the user asked for a rescan */
	PIPELINE_SHELL_ON = 16, /* + console index: the user asked for the rescue shell there */
};

/*
 * The pipeline body, run in the child; returns an enum pipeline_status. It
 * reports its stages on phase_fd (init/watchdog.h; -1 when run by hand).
 */
int pipeline_run(const struct settings *s, const struct consoles *c, int phase_fd);

__attribute__((noreturn)) void supervise(const struct settings *s, struct consoles *c);

/* Describes a wait status of the pipeline child in plain words (new string). */
char *pipeline_status_describe(int wstatus);

#endif
