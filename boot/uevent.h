/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uevent: the kernel's device events (NETLINK_KOBJECT_UEVENT, multicast
 * group 1), which is how kexboot learns that a disk appeared after the
 * first enumeration. uevent_parse() is pure: one datagram in, its action,
 * subsystem and device name out, as pointers into the caller's buffer.
 * Messages re-broadcast by udev ("libudev" header, group 2) are refused.
 */
#ifndef KEXBOOT_BOOT_UEVENT_H
#define KEXBOOT_BOOT_UEVENT_H

#include <stddef.h>

#define UEVENT_BUFFER_SIZE 8192

struct uevent {
	const char *action;    /* "add", "remove", "change", ... */
	const char *devpath;   /* "/devices/pci0000:00/.../block/vdb" */
	const char *subsystem; /* "block", ... or NULL */
	const char *devname;   /* "vdb1" (DEVNAME=, relative to /dev) or NULL */
	const char *devtype;   /* "disk", "partition" or NULL */
};

/*
 * Parses "ACTION@DEVPATH\0KEY=VALUE\0..." in buf[0..len). Fields must be
 * NUL-terminated inside len (an unterminated tail is ignored). Returns 0,
 * -ENOMSG for udev's own messages, -EINVAL for anything else malformed.
 */
int uevent_parse(const char *buf, size_t len, struct uevent *ev);

/* A non-blocking, close-on-exec socket receiving the kernel's uevents, or -errno. */
int uevent_open(void);

#endif
