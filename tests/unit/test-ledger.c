// SPDX-License-Identifier: GPL-2.0-or-later
/* The ledger against a fake sysfs tree shaped like a virtio disk's. */
#include "boot/ledger.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

static char root[64];

static void sh(const char *fmt, const char *arg)
{
	_cleanup_free_ char *cmd = NULL;

	CHECK(asprintf(&cmd, fmt, arg, arg, arg, arg, arg, arg, arg, arg) > 0);
	CHECK_EQ(system(cmd), 0);
}

/*
 * <root>/devices/pci0/0000:00:04.0/virtio2/block/vda/{vda1/partition,vda2/partition}
 * virtio2/driver -> bus/virtio/drivers/virtio_blk; class/block/vda* link into it.
 */
static void make_tree(void)
{
	strcpy(root, "/tmp/kexboot-ledger-XXXXXX");
	CHECK(mkdtemp(root) != NULL);
	sh("cd %s && mkdir -p devices/pci0/0000:00:04.0/virtio2/block/vda/vda1 "
	   "devices/pci0/0000:00:04.0/virtio2/block/vda/vda2 bus/virtio/drivers/virtio_blk class/block "
	   "devices/pci0/0000:00:05.0/block/sr0 && "
	   "touch devices/pci0/0000:00:04.0/virtio2/block/vda/vda1/partition "
	   "devices/pci0/0000:00:04.0/virtio2/block/vda/vda2/partition bus/virtio/drivers/virtio_blk/unbind && "
	   "ln -s ../../../../bus/virtio/drivers/virtio_blk devices/pci0/0000:00:04.0/virtio2/driver && "
	   "ln -s ../../../virtio2 devices/pci0/0000:00:04.0/virtio2/block/vda/device && "
	   "ln -s ../../devices/pci0/0000:00:04.0/virtio2/block/vda class/block/vda && "
	   "ln -s ../../devices/pci0/0000:00:04.0/virtio2/block/vda/vda1 class/block/vda1 && "
	   "ln -s ../../devices/pci0/0000:00:04.0/virtio2/block/vda/vda2 class/block/vda2 && "
	   "ln -s ../../devices/pci0/0000:00:05.0/block/sr0 class/block/sr0 && "
	   "ln -s ../../../0000:00:05.0 devices/pci0/0000:00:05.0/block/sr0/device",
	   root);
}

static void test_note_and_quiesce(void)
{
	struct ledger l;
	struct diag_list d;
	_cleanup_free_ char *unbind = NULL, *got = NULL;

	make_tree();
	diag_list_init(&d);
	CHECK_EQ(ledger_init(&l, root), 0);
	CHECK_EQ(ledger_note_block(&l, "vda1", "vda1 (mounted)"), 0);
	CHECK_EQ(ledger_note_block(&l, "vda2", "vda2 (mounted)"), 0); /* same disk: recorded once */
	CHECK_EQ(ledger_note_block(&l, "vda", NULL), 0);
	CHECK_EQ(l.n, 1);
	CHECK_STREQ(l.v[0].device, "virtio2");
	CHECK(strstr(l.v[0].driver_dir, "/bus/virtio/drivers/virtio_blk") != NULL);
	CHECK_STREQ(l.v[0].why, "vda1 (mounted)");
	/* A device with no driver bound: nothing to quiesce. */
	CHECK_EQ(ledger_note_block(&l, "sr0", NULL), -ENOENT);
	CHECK_EQ(ledger_note_block(&l, "nosuch", NULL), -ENOENT);
	CHECK_EQ(ledger_note_block(&l, "../x", NULL), -EINVAL);
	CHECK_EQ(ledger_quiesce(&l, &d), 1);
	CHECK_EQ(d.n, 0);
	CHECK(asprintf(&unbind, "%s/bus/virtio/drivers/virtio_blk/unbind", root) > 0);
	CHECK_EQ(file_read_at(AT_FDCWD, unbind, 100, &got, NULL), 0);
	CHECK_STREQ(got, "virtio2");
	ledger_done(&l);
	diag_list_done(&d);
	sh("rm -rf %s", root);
}

static void test_quiesce_failure_is_reported(void)
{
	struct ledger l;
	struct diag_list d;

	make_tree();
	diag_list_init(&d);
	CHECK_EQ(ledger_init(&l, root), 0);
	CHECK_EQ(ledger_note_block(&l, "vda", "vda"), 0);
	sh("rm %s/bus/virtio/drivers/virtio_blk/unbind", root);
	CHECK_EQ(ledger_quiesce(&l, &d), 0);
	CHECK_EQ(d.n, 1);
	CHECK(d.n && strstr(d.msgs[0], "cannot unbind virtio2 (vda)") != NULL);
	ledger_done(&l);
	diag_list_done(&d);
	sh("rm -rf %s", root);
}

/*
 * A NIC: <root>/devices/pci0/0000:00:03.0/virtio1/net/eth0, class/net/eth0 links to it,
 * virtio1/driver -> bus/virtio/drivers/virtio_net; the unbind file gets "virtio1".
 */
static void test_note_net(void)
{
	struct ledger l;
	struct diag_list d;
	_cleanup_free_ char *unbind = NULL, *got = NULL, *blk = NULL, *gotblk = NULL;

	make_tree();
	diag_list_init(&d);
	sh("cd %s && mkdir -p devices/pci0/0000:00:03.0/virtio1/net/eth0 bus/virtio/drivers/virtio_net class/net "
	   "devices/virtual/net/lo && touch bus/virtio/drivers/virtio_net/unbind && "
	   "ln -s ../../../../bus/virtio/drivers/virtio_net devices/pci0/0000:00:03.0/virtio1/driver && "
	   "ln -s ../../../virtio1 devices/pci0/0000:00:03.0/virtio1/net/eth0/device && "
	   "ln -s ../../devices/pci0/0000:00:03.0/virtio1/net/eth0 class/net/eth0 && "
	   "ln -s ../../devices/virtual/net/lo class/net/lo",
	   root);
	CHECK_EQ(ledger_init(&l, root), 0);
	CHECK_EQ(ledger_note_block(&l, "vda1", "vda1 (mounted)"), 0);
	CHECK_EQ(ledger_note_net(&l, "eth0", NULL), 0);
	CHECK_EQ(ledger_note_net(&l, "eth0", "again"), 0); /* recorded once */
	CHECK_EQ(l.n, 2);
	CHECK_STREQ(l.v[1].device, "virtio1");
	CHECK_STREQ(l.v[1].why, "eth0 (network)");
	CHECK(strstr(l.v[1].driver_dir, "/bus/virtio/drivers/virtio_net") != NULL);
	/* A virtual link has no device; a name that is a path is refused. */
	CHECK_EQ(ledger_note_net(&l, "lo", NULL), -ENOENT);
	CHECK_EQ(ledger_note_net(&l, "nosuch0", NULL), -ENOENT);
	CHECK_EQ(ledger_note_net(&l, "../block/vda", NULL), -EINVAL);
	CHECK_EQ(ledger_note_net(&l, "..", NULL), -EINVAL);
	/* Both unbound, the NIC (newest) first: the disk's unbind file then holds its own id. */
	CHECK_EQ(ledger_quiesce(&l, &d), 2);
	CHECK_EQ(d.n, 0);
	CHECK(asprintf(&unbind, "%s/bus/virtio/drivers/virtio_net/unbind", root) > 0);
	CHECK_EQ(file_read_at(AT_FDCWD, unbind, 100, &got, NULL), 0);
	CHECK_STREQ(got, "virtio1");
	CHECK(asprintf(&blk, "%s/bus/virtio/drivers/virtio_blk/unbind", root) > 0);
	CHECK_EQ(file_read_at(AT_FDCWD, blk, 100, &gotblk, NULL), 0);
	CHECK_STREQ(gotblk, "virtio2");
	ledger_done(&l);
	diag_list_done(&d);
	sh("rm -rf %s", root);
}

static const struct test tests[] = {
	TEST(note_and_quiesce),
	TEST(note_net),
	TEST(quiesce_failure_is_reported),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
