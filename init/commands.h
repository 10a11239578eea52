/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The multi-call binary's commands. Each returns a process exit status
 * (0 ok, 1 failure, 2 usage). init/main.c dispatches on argv[0] or argv[1].
 */
#ifndef KEXBOOT_INIT_COMMANDS_H
#define KEXBOOT_INIT_COMMANDS_H

int cmd_init(int argc, char **argv);    /* init/init.c: PID 1 */
int cmd_boot(int argc, char **argv);    /* init/pipeline.c: discover, menu, boot */
int cmd_list(int argc, char **argv);    /* boot/list.c: discover and print */
int cmd_kexec(int argc, char **argv);   /* loader/cli.c: kexec-tools-like loader CLI */
int cmd_version(int argc, char **argv); /* init/version.c */
int cmd_sign(int argc, char **argv);    /* boot/trust/cli.c: write a signed manifest */
int cmd_verify(int argc, char **argv);  /* boot/trust/cli.c: check one by hand */
int cmd_passwd_hash(int argc, char **argv); /* boot/trust/cli.c: the menu lock's hash */
int cmd_fetch(int argc, char **argv);   /* boot/fetch/cli.c: one download into memory, with its figures */

#endif
