/* SPDX-License-Identifier: GPL-2.0-or-later */
/* netwait: bounded waits on a socket, shared by the plain and TLS transports (internal to boot/fetch/). */
#ifndef KEXBOOT_BOOT_FETCH_NETWAIT_H
#define KEXBOOT_BOOT_FETCH_NETWAIT_H

/* Waits for events on fd for at most ms: 1 ready, 0 timed out, <0 error (EINTR is waited through). */
int netwait(int fd, short events, unsigned ms);

#endif
