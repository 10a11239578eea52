// SPDX-License-Identifier: GPL-2.0-or-later
/* The uevent datagram parser: bytes in, action/devpath/subsystem/devname out. */
#include "boot/uevent.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <errno.h>

#define MSG(s) s, sizeof(s) - 1 /* keeps the embedded NULs and the last one */

static void test_block_add(void)
{
	static const char m[] = "add@/devices/pci0000:00/0000:00:05.0/virtio2/block/vdb\0"
				"ACTION=add\0DEVPATH=/devices/pci0000:00/0000:00:05.0/virtio2/block/vdb\0"
				"SUBSYSTEM=block\0MAJOR=253\0MINOR=16\0DEVNAME=vdb\0DEVTYPE=disk\0DISKSEQ=3\0SEQNUM=1021\0";
	struct uevent ev;

	CHECK_EQ(uevent_parse(MSG(m), &ev), 0);
	CHECK_STREQ(ev.action, "add");
	CHECK_STREQ(ev.subsystem, "block");
	CHECK_STREQ(ev.devname, "vdb");
	CHECK_STREQ(ev.devtype, "disk");
	CHECK_STREQ(ev.devpath, "/devices/pci0000:00/0000:00:05.0/virtio2/block/vdb");
}

static void test_partition_and_others(void)
{
	static const char part[] = "add@/devices/virtual/block/vdb/vdb1\0ACTION=add\0SUBSYSTEM=block\0"
				   "DEVNAME=/dev/vdb1\0DEVTYPE=partition\0PARTN=1\0";
	static const char usb[] = "remove@/devices/usb1/1-1\0ACTION=remove\0SUBSYSTEM=usb\0DEVTYPE=usb_device\0";
	static const char nodevname[] = "change@/devices/system/cpu/cpu1\0ACTION=change\0SUBSYSTEM=cpu\0";
	struct uevent ev;

	CHECK_EQ(uevent_parse(MSG(part), &ev), 0);
	CHECK_STREQ(ev.devname, "vdb1"); /* "/dev/" dropped */
	CHECK_STREQ(ev.devtype, "partition");
	CHECK_EQ(uevent_parse(MSG(usb), &ev), 0);
	CHECK_STREQ(ev.action, "remove");
	CHECK_STREQ(ev.subsystem, "usb");
	CHECK(ev.devname == NULL);
	CHECK_EQ(uevent_parse(MSG(nodevname), &ev), 0);
	CHECK_STREQ(ev.subsystem, "cpu");
	CHECK(ev.devname == NULL);
}

static void test_malformed(void)
{
	static const char udev[] = "libudev\0\xfe\xed\xca\xfe" "ACTION=add\0";
	static const char noat[] = "add /devices/x\0ACTION=add\0";
	static const char noaction[] = "add@/devices/x\0SUBSYSTEM=block\0";
	static const char cut[] = "add@/devices/x\0ACTION=add\0SUBSYSTEM=blo"; /* no final NUL */
	static const char keyonly[] = "add@/devices/x\0ACTION\0ACTION=\0SUBSYSTEM=block\0";
	struct uevent ev;

	CHECK_EQ(uevent_parse(MSG(udev), &ev), -ENOMSG);
	CHECK_EQ(uevent_parse(MSG(noat), &ev), -EINVAL);
	CHECK_EQ(uevent_parse(MSG(noaction), &ev), -EINVAL);
	CHECK_EQ(uevent_parse("", 0, &ev), -EINVAL);
	CHECK_EQ(uevent_parse("add@/x", 6, &ev), -EINVAL); /* header without its NUL */
	CHECK_EQ(uevent_parse(cut, sizeof(cut) - 1, &ev), 0);
	CHECK_STREQ(ev.action, "add");
	CHECK(ev.subsystem == NULL); /* the unterminated field is not read */
	CHECK_EQ(uevent_parse(MSG(keyonly), &ev), -EINVAL); /* "ACTION=" is empty: no action */
}

static const struct test tests[] = {
	TEST(block_add),
	TEST(partition_and_others),
	TEST(malformed),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
