/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A software TPM for tests: swtpm (installed with the test tools) serving
 * its data channel as a unix socket at <root>/dev/tpmrm0, where
 * boot/trust/tpm's tpm_open() finds it, and its control channel at
 * <root>/dev/tpmrm0.ctrl, so tpm2-tools reach the same TPM with
 * TPM2TOOLS_TCTI=swtpm:path=<root>/dev/tpmrm0; its state lives under root.
 * The host's TPM is never touched.
 */
#ifndef KEXBOOT_TESTS_SWTPM_UTIL_H
#define KEXBOOT_TESTS_SWTPM_UTIL_H

#include <sys/types.h>

struct swtpm {
	char root[64]; /* a fresh temporary directory */
	pid_t pid;     /* the swtpm we started; 0 when none */
};

/* Starts swtpm (TPM2_Startup done by swtpm) and waits for its socket: 0 or -errno. */
int swtpm_start(struct swtpm *t);
/* Stops our swtpm (by its pid) and removes root. */
void swtpm_stop(struct swtpm *t);
/* Runs a shell command, its standard output into a new string; NULL on failure. */
char *swtpm_run(const char *cmd);

#endif
