// SPDX-License-Identifier: GPL-2.0-or-later
#include "init/modules.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"
#include "tests/unit/sys-fake.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Shaped like Debian 6.1's modules.dep (trimmed). */
static const char modules_dep[] =
	"kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko\n"
	"kernel/lib/crc16.ko:\n"
	"kernel/fs/mbcache.ko:\n"
	"kernel/fs/jbd2/jbd2.ko:\n"
	"kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko "
	"kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko\n"
	"kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko\n"
	"kernel/net/core/failover.ko:\n"
	"kernel/drivers/virtio/virtio_ring.ko:\n"
	"kernel/drivers/virtio/virtio.ko:\n"
	"kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko\n"
	"kernel/fs/nls/nls_iso8859-1.ko.xz:\n"
	"kernel/loop/a.ko: kernel/loop/b.ko\n"
	"kernel/loop/b.ko: kernel/loop/a.ko\n";

static void test_normalise(void)
{
	_cleanup_free_ char *a = module_name_normalise("kernel/fs/nls/nls_iso8859-1.ko.xz");
	_cleanup_free_ char *b = module_name_normalise("nls-cp437");
	_cleanup_free_ char *c = module_name_normalise("ext4.ko");

	CHECK_STREQ(a, "nls_iso8859_1");
	CHECK_STREQ(b, "nls_cp437");
	CHECK_STREQ(c, "ext4");
}

static void test_order(void)
{
	struct module_db db;
	struct strbuf order = STRBUF_INIT;
	struct diag_list complaints = { 0 };
	const char *names[] = { "virtio_blk", "ext4", "virtio-net", "nls_iso8859_1", "virtio_pci" };

	CHECK_EQ(module_db_parse(&db, modules_dep), 0);
	CHECK_EQ(db.n, 13);
	CHECK_EQ(module_db_order(&db, names, ARRAY_SIZE(names), &order, &complaints), 0);
	CHECK_STREQ(order.buf, "kernel/drivers/virtio/virtio.ko\n"
			       "kernel/drivers/virtio/virtio_ring.ko\n"
			       "kernel/drivers/block/virtio_blk.ko\n"
			       "kernel/fs/jbd2/jbd2.ko\n"
			       "kernel/fs/mbcache.ko\n"
			       "kernel/lib/crc16.ko\n"
			       "kernel/fs/ext4/ext4.ko\n"
			       "kernel/net/core/failover.ko\n"
			       "kernel/drivers/net/net_failover.ko\n"
			       "kernel/drivers/net/virtio_net.ko\n"
			       "kernel/fs/nls/nls_iso8859-1.ko.xz\n");
	CHECK(complaints.n == 1 && strstr(complaints.msgs[0], "module virtio_pci: not in modules.dep") != NULL);
	module_db_done(&db);
	strbuf_done(&order);
	diag_list_done(&complaints);
}

static void test_loop_is_refused(void)
{
	struct module_db db;
	struct strbuf order = STRBUF_INIT;
	struct diag_list complaints = { 0 };
	const char *names[] = { "a" };

	CHECK_EQ(module_db_parse(&db, modules_dep), 0);
	CHECK_EQ(module_db_order(&db, names, 1, &order, &complaints), 0);
	/* a needs b needs a: the walk hits the depth cap and says so. */
	CHECK(complaints.n == 1 && strstr(complaints.msgs[0], "module a: dependency loop, skipped") != NULL);
	module_db_done(&db);
	strbuf_done(&order);
	diag_list_done(&complaints);
}

/* The kernel refuses a module: reported, nothing counted as loaded, no abort. */
static void test_load_failure_is_reported(void)
{
	char dir[] = "/tmp/kexboot-mod-XXXXXX";
	_cleanup_free_ char *p = NULL, *cmd = NULL;
	struct strbuf loaded = STRBUF_INIT;
	struct diag_list log = { 0 };
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	CHECK(asprintf(&p, "%s/junk.ko", dir) > 0);
	fd = open(p, O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "not an ELF", 10), 10);
	close(fd);
	sys_fake_reset();
	sys_fake()->finit_module_ret = -ENOEXEC;
	CHECK_EQ(modules_load(dir, "junk.ko\nmissing.ko\n", &loaded, &log), 0);
	CHECK_EQ(loaded.len, 0);
	CHECK_EQ(log.n, 2);
	CHECK(log.n == 2 && strncmp(log.msgs[0], "module junk: ", 13) == 0);
	CHECK(log.n == 2 && strncmp(log.msgs[1], "module missing: cannot open missing.ko", 38) == 0);
	CHECK(asprintf(&cmd, "rm -rf %s", dir) > 0);
	CHECK_EQ(system(cmd), 0);
	strbuf_done(&loaded);
	diag_list_done(&log);
}

/* Loaded, already loaded, and compressed modules, as the kernel would answer. */
static void test_load_records_what_it_loaded(void)
{
	char dir[] = "/tmp/kexboot-mod-XXXXXX";
	_cleanup_free_ char *cmd = NULL;
	struct strbuf loaded = STRBUF_INIT;
	struct diag_list log = { 0 };

	CHECK(mkdtemp(dir) != NULL);
	CHECK(asprintf(&cmd, "cd %s && mkdir -p k && touch k/a.ko k/b-c.ko.xz", dir) > 0);
	CHECK_EQ(system(cmd), 0);
	sys_fake_reset();
	CHECK_EQ(modules_load(dir, "k/a.ko\nk/b-c.ko.xz\n", &loaded, &log), 2);
	CHECK_EQ(sys_fake()->finit_module_calls, 2);
	CHECK_EQ(sys_fake()->last_module_flags, 4); /* MODULE_INIT_COMPRESSED_FILE for .ko.xz */
	CHECK_STREQ(loaded.buf, "a\nb_c\n");
	CHECK_EQ(log.n, 0);
	strbuf_done(&loaded);
	/* Already in the kernel (built in or loaded before): fine, but not ours to record. */
	sys_fake()->finit_module_ret = -EEXIST;
	CHECK_EQ(modules_load(dir, "k/a.ko\n", &loaded, &log), 0);
	CHECK(loaded.buf == NULL && log.n == 0);
	free(cmd);
	CHECK(asprintf(&cmd, "rm -rf %s", dir) > 0);
	CHECK_EQ(system(cmd), 0);
	strbuf_done(&loaded);
	diag_list_done(&log);
}

static const struct test tests[] = {
	TEST(normalise),
	TEST(order),
	TEST(loop_is_refused),
	TEST(load_failure_is_reported),
	TEST(load_records_what_it_loaded),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
