// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kexboot kexec`: the loader CLI, with kexec-tools' option names where they
 * mean the same thing. Maps the files, asks loader/ for a plan and hands it
 * to loader/sys.c; prints errors in plain words.
 */
#include "init/commands.h"
#include "loader/load.h"
#include "loader/uki.h"
#include "loader/loader.h"
#include "loader/policy.h"
#include "loader/sys.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/pagedrop.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>



struct mapped {
	void *data;
	uint64_t size;
};

struct kexec_opts {
	enum { OP_NONE, OP_LOAD, OP_EXEC, OP_UNLOAD } op;
	bool crash, force_file, force_load, dry_run, debug, reuse_cmdline, quiet_serial;
	const char *root, *image, *command_line;
	struct strbuf append;
	const char *initrd_paths[KEXEC_MAX_INITRDS];
	size_t nr_initrds;
	uint32_t initrd_align;
	const char *raw_specs[KEXEC_MAX_RAW];
	size_t nr_raw;
	uint64_t entry;
	bool has_entry;
	enum kexec_kernel_entry kernel_entry;
};

static void usage(FILE *f)
{
	fputs("usage: kexboot kexec [-l|-p] [options] KERNEL\n"
	      "       kexboot kexec -l --raw ADDR:FILE[:MEMSZ]... --entry ADDR\n"
	      "       kexboot kexec -e | -u [-p]\n"
	      "  -l, --load              load KERNEL for a later -e\n"
	      "  -p, --load-panic        load a crash kernel (into the crashkernel= region)\n"
	      "  -e, --exec              boot the loaded kernel now\n"
	      "  -u, --unload            unload (with -p: the crash kernel)\n"
	      "  -s, --kexec-file-syscall  force kexec_file_load\n"
	      "  -c, --kexec-syscall     force kexec_load with kexboot's purgatory\n"
	      "      --initrd FILE       an initrd; repeat for more, all are used in order\n"
	      "      --initrd-align N    align each initrd to N bytes (4 or 512...)\n"
	      "      --command-line STR  the kernel command line\n"
	      "      --append STR        append to the command line\n"
	      "      --reuse-cmdline     start from the running kernel's /proc/cmdline\n"
	      "      --raw ADDR:FILE[:MEMSZ]  load FILE at ADDR, unparsed (repeatable)\n"
	      "      --entry ADDR        where --raw starts\n"
	      "      --kernel-proper     decompress a bzImage here and enter its kernel proper\n"
	      "                          (the default for -p: no decompressor IDT without an NMI gate)\n"
	      "      --decompressor      enter a bzImage through its own decompressor (default for -l)\n"
	      "      --dry-run           print the plan as JSON; load nothing\n"
	      "      --debug             print the plan and the purgatory's progress on COM1\n"
	      "      --no-serial         keep the purgatory silent even on errors\n"
	      "      --root DIR          read /sys and /proc under DIR (tests)\n",
	      f);
}

static int parse_u64(const char *s, uint64_t *ret)
{
	char *end;

	errno = 0;
	*ret = strtoull(s, &end, 0);
	return errno || end == s || *end ? -EINVAL : 0;
}

static int map_file(const char *path, struct mapped *m)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	m->data = NULL;
	m->size = 0;
	if (fd < 0 || fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	m->size = (uint64_t)st.st_size;
	if (!m->size)
		return 0;
	m->data = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m->data == MAP_FAILED) {
		m->data = NULL;
		return -errno;
	}
	return 0;
}

static void unmap_file(struct mapped *m)
{
	if (m->data)
		munmap(m->data, m->size);
	m->data = NULL;
}

static int build_cmdline(const struct kexec_opts *o, char **ret)
{
	struct strbuf sb = STRBUF_INIT;
	int r = 0;

	if (o->command_line) {
		r = strbuf_puts(&sb, o->command_line);
	} else if (o->reuse_cmdline) {
		_cleanup_free_ char *path = path_join(o->root, "/proc/cmdline"), *text = NULL;
		char *save = NULL;

		r = path ? file_read_at(AT_FDCWD, path, 65536, &text, NULL) : -ENOMEM;
		if (r < 0) {
			fprintf(stderr, "kexboot kexec: --reuse-cmdline: %s: %s\n", path ? path : "",
				strerror(-r));
			return r;
		}
		/* BOOT_IMAGE= names the old kernel; it would be wrong for the new one. */
		for (char *t = strtok_r(text, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
			if (strncmp(t, "BOOT_IMAGE=", 11) == 0)
				continue;
			r |= strbuf_printf(&sb, "%s%s", sb.len ? " " : "", t);
		}
	}
	if (o->append.len)
		r |= strbuf_printf(&sb, "%s%s", sb.len ? " " : "", o->append.buf);
	if (r) {
		strbuf_done(&sb);
		return -ENOMEM;
	}
	*ret = strbuf_steal(&sb);
	return 0;
}

static int parse_args(int argc, char **argv, struct kexec_opts *o)
{
	enum {
		OPT_INITRD = 256, OPT_INITRD_ALIGN, OPT_APPEND, OPT_COMMAND_LINE, OPT_REUSE,
		OPT_RAW, OPT_ENTRY, OPT_DRY_RUN, OPT_DEBUG, OPT_ROOT, OPT_NO_SERIAL,
		OPT_KERNEL_PROPER, OPT_DECOMPRESSOR,
	};
	static const struct option longopts[] = {
		{ "load", no_argument, NULL, 'l' },
		{ "load-panic", no_argument, NULL, 'p' },
		{ "exec", no_argument, NULL, 'e' },
		{ "unload", no_argument, NULL, 'u' },
		{ "kexec-file-syscall", no_argument, NULL, 's' },
		{ "kexec-syscall", no_argument, NULL, 'c' },
		{ "initrd", required_argument, NULL, OPT_INITRD },
		{ "ramdisk", required_argument, NULL, OPT_INITRD },
		{ "initrd-align", required_argument, NULL, OPT_INITRD_ALIGN },
		{ "append", required_argument, NULL, OPT_APPEND },
		{ "command-line", required_argument, NULL, OPT_COMMAND_LINE },
		{ "reuse-cmdline", no_argument, NULL, OPT_REUSE },
		{ "raw", required_argument, NULL, OPT_RAW },
		{ "entry", required_argument, NULL, OPT_ENTRY },
		{ "kernel-proper", no_argument, NULL, OPT_KERNEL_PROPER },
		{ "decompressor", no_argument, NULL, OPT_DECOMPRESSOR },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "debug", no_argument, NULL, OPT_DEBUG },
		{ "no-serial", no_argument, NULL, OPT_NO_SERIAL },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	uint64_t v;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "lpeuschd", longopts, NULL)) >= 0) {
		switch (c) {
		case 'l':
			o->op = OP_LOAD;
			break;
		case 'p':
			o->op = OP_LOAD;
			o->crash = true;
			break;
		case 'e':
			o->op = OP_EXEC;
			break;
		case 'u':
			o->op = OP_UNLOAD;
			break;
		case 's':
			o->force_file = true;
			break;
		case 'c':
			o->force_load = true;
			break;
		case 'd':
		case OPT_DEBUG:
			o->debug = true;
			break;
		case OPT_KERNEL_PROPER:
			o->kernel_entry = KEXEC_ENTRY_KERNEL_PROPER;
			break;
		case OPT_DECOMPRESSOR:
			o->kernel_entry = KEXEC_ENTRY_DECOMPRESSOR;
			break;
		case OPT_INITRD:
			if (o->nr_initrds >= KEXEC_MAX_INITRDS) {
				fprintf(stderr, "kexboot kexec: at most %d initrds\n", KEXEC_MAX_INITRDS);
				return -E2BIG;
			}
			o->initrd_paths[o->nr_initrds++] = optarg;
			break;
		case OPT_INITRD_ALIGN:
			if (parse_u64(optarg, &v) < 0 || v < 4 || v > 4096 || (v & (v - 1))) {
				fprintf(stderr, "kexboot kexec: --initrd-align %s: want a power of two 4..4096\n",
					optarg);
				return -EINVAL;
			}
			o->initrd_align = (uint32_t)v;
			break;
		case OPT_APPEND:
			if (strbuf_printf(&o->append, "%s%s", o->append.len ? " " : "", optarg) < 0)
				return -ENOMEM;
			break;
		case OPT_COMMAND_LINE:
			o->command_line = optarg;
			break;
		case OPT_REUSE:
			o->reuse_cmdline = true;
			break;
		case OPT_RAW:
			if (o->nr_raw >= KEXEC_MAX_RAW) {
				fprintf(stderr, "kexboot kexec: at most %d --raw segments\n", KEXEC_MAX_RAW);
				return -E2BIG;
			}
			o->raw_specs[o->nr_raw++] = optarg;
			break;
		case OPT_ENTRY:
			if (parse_u64(optarg, &o->entry) < 0) {
				fprintf(stderr, "kexboot kexec: --entry %s: not a number\n", optarg);
				return -EINVAL;
			}
			o->has_entry = true;
			break;
		case OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case OPT_NO_SERIAL:
			o->quiet_serial = true;
			break;
		case OPT_ROOT:
			o->root = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind < argc)
		o->image = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "kexboot kexec: unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	if (o->force_file && o->force_load) {
		fprintf(stderr, "kexboot kexec: -s and -c exclude each other\n");
		return -EINVAL;
	}
	if (o->op == OP_NONE && (o->image || o->nr_raw))
		o->op = OP_LOAD;
	if (o->op == OP_NONE) {
		usage(stderr);
		return -EINVAL;
	}
	return 0;
}

/* --raw ADDR:FILE[:MEMSZ]; FILE may not contain ':' (paths with ':' are rare in initramfs). */
static int parse_raw(const char *spec, struct kexec_raw *rs, struct mapped *m)
{
	_cleanup_free_ char *s = strdup(spec);
	char *file, *memsz;
	int r;

	if (!s)
		return -ENOMEM;
	file = strchr(s, ':');
	if (!file)
		goto bad;
	*file++ = '\0';
	memsz = strchr(file, ':');
	if (memsz)
		*memsz++ = '\0';
	if (parse_u64(s, &rs->addr) < 0 || (memsz && parse_u64(memsz, &rs->memsz) < 0))
		goto bad;
	r = map_file(file, m);
	if (r < 0) {
		fprintf(stderr, "kexboot kexec: --raw %s: %s\n", file, strerror(-r));
		return r;
	}
	rs->data = m->data;
	rs->size = m->size;
	rs->name = spec;
	return 0;
bad:
	fprintf(stderr, "kexboot kexec: --raw %s: want ADDR:FILE[:MEMSZ]\n", spec);
	return -EINVAL;
}

static int do_file_load(const struct kexec_opts *o, const struct kexec_initrd *initrds,
			const char *cmdline)
{
	_cleanup_close_ int kfd = -1, ifd = -1;
	struct diag_list err = { 0 };
	int r;

	if (o->nr_raw) {
		fprintf(stderr, "kexboot kexec: --raw needs kexec_load (-c); kexec_file_load only takes signed kernels\n");
		return -EINVAL;
	}
	kfd = open(o->image, O_RDONLY | O_CLOEXEC);
	if (kfd < 0) {
		fprintf(stderr, "kexboot kexec: %s: %s\n", o->image, strerror(errno));
		return -errno;
	}
	if (o->nr_initrds == 1) { /* alignment only matters between pieces */
		ifd = open(o->initrd_paths[0], O_RDONLY | O_CLOEXEC);
		if (ifd < 0) {
			fprintf(stderr, "kexboot kexec: %s: %s\n", o->initrd_paths[0], strerror(errno));
			return -errno;
		}
	} else if (o->nr_initrds) {
		r = initrd_compose_memfd(initrds, o->nr_initrds, o->initrd_align ? o->initrd_align : 4,
					 "", &ifd, &err);
		if (r < 0) {
			fprintf(stderr, "kexboot kexec: %s\n", err.reason);
			return r;
		}
	}
	if (o->debug)
		fprintf(stderr, "kexboot kexec: %s(%s, %d initrd(s), \"%s\")%s\n", kexec_iface_name(true),
			o->image, (int)o->nr_initrds, cmdline, o->crash ? " on crash" : "");
	r = load_fds(kfd, ifd, cmdline, o->crash, &err);
	if (r < 0)
		fprintf(stderr, "kexboot kexec: %s\n", err.reason);
	return r;
}

static int do_plan_load(const struct kexec_opts *o, struct kexec_request *req,
			const struct machine_state *ms, bool use_file, const char *why)
{
	struct kexec_plan plan;
	struct diag_list err = { 0 };
	_cleanup_free_ char *json = NULL;
	int r;

	r = kexec_plan_build(req, ms, &plan, &err);
	if (r < 0) {
		fprintf(stderr, "kexboot kexec: %s\n", err.reason);
		return r;
	}
	if (o->dry_run || o->debug) {
		json = kexec_plan_json(&plan);
		if (!json) {
			kexec_plan_free(&plan);
			return -ENOMEM;
		}
		fprintf(o->dry_run ? stdout : stderr,
			"{\"interface\": \"%s\", \"reason\": \"%s\", \"plan\": %s}\n",
			kexec_iface_name(use_file), why, json);
	}
	if (!o->dry_run) {
		r = load_plan_into_kernel(&plan, o->crash, &err);
		if (r < 0)
			fprintf(stderr, "kexboot kexec: %s\n", err.reason);
	}
	kexec_plan_free(&plan);
	return r;
}

/*
 * A UKI given as KERNEL: its .linux is the kernel, .ucode and .initrd come
 * before the --initrd files, and .cmdline is the command line unless one
 * was given. All are views into the image's mapping.
 */
static int uki_apply(const struct kexec_opts *o, const struct mapped *image, const void **kdata,
		     uint64_t *ksize, struct kexec_initrd *initrds, size_t *n, char **cmdline)
{
	struct uki_parts u;
	size_t k = 0;

	if (uki_split(image->data, image->size, &u) < 0)
		return 0;
	memmove(initrds + 2, initrds, *n * sizeof(*initrds));
	if (u.ucode.data)
		initrds[k++] = (struct kexec_initrd){ u.ucode.data, u.ucode.size, ".ucode" };
	if (u.initrd.data)
		initrds[k++] = (struct kexec_initrd){ u.initrd.data, u.initrd.size, ".initrd" };
	if (k < 2)
		memmove(initrds + k, initrds + 2, *n * sizeof(*initrds));
	*n += k;
	*kdata = u.linux_.data;
	*ksize = u.linux_.size;
	if (!o->command_line && !o->reuse_cmdline && !o->append.len && u.cmdline.data) {
		char *c = strndup(u.cmdline.data, u.cmdline.size);

		if (!c)
			return -ENOMEM;
		free(*cmdline);
		*cmdline = c;
	}
	if (o->debug)
		fprintf(stderr, "kexboot kexec: %s is a unified kernel image: .linux%s%s%s\n", o->image,
			u.ucode.data ? ", .ucode" : "", u.initrd.data ? ", .initrd" : "",
			u.cmdline.data ? ", .cmdline" : "");
	return 1;
}

static int do_load(struct kexec_opts *o)
{
	struct mapped kernel = { 0 }, imaps[KEXEC_MAX_INITRDS] = { 0 }, rmaps[KEXEC_MAX_RAW] = { 0 };
	struct kexec_initrd initrds[KEXEC_MAX_INITRDS + 2];
	struct kexec_raw raws[KEXEC_MAX_RAW] = { 0 };
	struct pagedrop drop = { .nr_ranges = 0 };
	uint8_t seed[KEXEC_RNG_SEED_SIZE] = { 0 };
	char *cmdline = NULL;
	struct kexec_request req = { 0 };
	struct machine_state ms = { 0 };
	struct diag_list ms_err = { 0 };
	const char *why = "forced by -c";
	const void *kdata = NULL;
	uint64_t ksize = 0;
	size_t nr_initrds = o->nr_initrds;
	bool use_file, uki = false;
	int r;

	r = build_cmdline(o, &cmdline);
	if (r < 0)
		return r;
	/* Read once: the interface choice and the plan see the same machine. */
	r = machine_state_read(o->root, &ms, &ms_err);
	if (r < 0) {
		fprintf(stderr, "kexboot kexec: %s\n", ms_err.reason);
		goto out;
	}
	if (o->force_file)
		use_file = true, why = "forced by -s";
	else if (o->force_load)
		use_file = false;
	else
		use_file = kexec_wants_file_load(&ms, &why);
	for (size_t i = 0; i < o->nr_initrds; i++) {
		r = map_file(o->initrd_paths[i], &imaps[i]);
		if (r < 0) {
			fprintf(stderr, "kexboot kexec: --initrd %s: %s\n", o->initrd_paths[i], strerror(-r));
			goto out;
		}
		initrds[i] = (struct kexec_initrd){ imaps[i].data, imaps[i].size, o->initrd_paths[i] };
	}
	if (o->image) {
		r = map_file(o->image, &kernel);
		if (r < 0 || !kernel.size) {
			fprintf(stderr, "kexboot kexec: %s: %s\n", o->image, r < 0 ? strerror(-r) : "empty");
			r = r < 0 ? r : -ENOEXEC;
			goto out;
		}
		kdata = kernel.data;
		ksize = kernel.size;
		r = uki_apply(o, &kernel, &kdata, &ksize, initrds, &nr_initrds, &cmdline);
		if (r < 0)
			goto out;
		uki = r > 0;
	}
	if (use_file && !o->dry_run) {
		if (o->kernel_entry == KEXEC_ENTRY_KERNEL_PROPER) {
			fprintf(stderr, "kexboot kexec: --kernel-proper needs kexboot's own loader, "
				"and kexec_file_load is in use (%s)\n", why);
			r = -EINVAL;
			goto out;
		}
		if (!o->image) {
			fprintf(stderr, "kexboot kexec: kexec_file_load needs a kernel image (%s)\n", why);
			r = -EINVAL;
			goto out;
		}
		if (uki) {
			/* The kernel is a section of the file: it goes to the kernel through a memfd. */
			struct load_input in = { .root = o->root, .kernel = kdata, .kernel_size = ksize,
						       .initrds = initrds, .nr_initrds = nr_initrds,
						       .initrd_align = o->initrd_align, .cmdline = cmdline,
						       .iface = KEXEC_IFACE_FILE, .crash = o->crash };
			struct load_result res;
			struct diag_list err = { 0 };

			r = load_mapped(&in, &res, &err);
			if (r < 0)
				fprintf(stderr, "kexboot kexec: %s\n", err.reason);
			goto out;
		}
		r = do_file_load(o, initrds, cmdline);
		goto out;
	}
	for (size_t i = 0; i < o->nr_raw; i++) {
		r = parse_raw(o->raw_specs[i], &raws[i], &rmaps[i]);
		if (r < 0)
			goto out;
	}
	req.image = kdata;
	req.image_size = ksize;
	req.initrds = initrds;
	req.nr_initrds = nr_initrds;
	req.initrd_align = o->initrd_align ? o->initrd_align : 4;
	req.cmdline = cmdline;
	kexec_request_set_defaults(&req, seed, o->debug, o->quiet_serial ? 0 : 0x3f8);
	/* --dry-run shows one digest per segment, the sha256sum of what it holds. */
	if (o->dry_run)
		req.hash_threads = 1;
	req.raw = raws;
	req.nr_raw = o->nr_raw;
	req.entry = o->entry;
	req.has_entry = o->has_entry;
	req.crash = o->crash;
	req.kernel_entry = o->kernel_entry;
	/*
	 * Every byte of the files is read twice, front to back: hashed here,
	 * then copied by kexec_load. Drop the pages behind the readers so the
	 * process never holds whole initrds mapped (they stay in the page cache).
	 */
	pagedrop_add(&drop, kernel.data, kernel.size);
	for (size_t i = 0; i < KEXEC_MAX_INITRDS; i++)
		pagedrop_add(&drop, imaps[i].data, imaps[i].size);
	for (size_t i = 0; i < KEXEC_MAX_RAW; i++)
		pagedrop_add(&drop, rmaps[i].data, rmaps[i].size);
	if (pagedrop_start(&drop, 5000) < 0 && o->debug)
		fprintf(stderr, "kexboot kexec: no page-drop thread; the mapped files stay resident\n");
	r = do_plan_load(o, &req, &ms, use_file, why);
	pagedrop_stop(&drop);
out:
	machine_state_free(&ms);
	explicit_bzero(seed, sizeof(seed));
	free(cmdline);
	unmap_file(&kernel);
	for (size_t i = 0; i < KEXEC_MAX_INITRDS; i++)
		unmap_file(&imaps[i]);
	for (size_t i = 0; i < KEXEC_MAX_RAW; i++)
		unmap_file(&rmaps[i]);
	return r;
}

int cmd_kexec(int argc, char **argv)
{
	struct kexec_opts o = { .append = STRBUF_INIT, .root = "" };
	int r;

	r = parse_args(argc, argv, &o);
	if (r != 0) {
		strbuf_done(&o.append);
		return r > 0 ? 0 : 2;
	}
	switch (o.op) {
	case OP_LOAD:
		r = do_load(&o);
		break;
	case OP_UNLOAD:
		r = sys_kexec_unload(o.crash);
		if (r < 0)
			fprintf(stderr, "kexboot kexec: unload: %s\n", kexec_strerror(r, false));
		break;
	case OP_EXEC:
		r = sys_reboot(SYS_REBOOT_KEXEC);
		fprintf(stderr, "kexboot kexec: exec: %s\n",
			r == -EINVAL ? "no kexec image is loaded; load one with -l" : strerror(-r));
		break;
	default:
		r = -EINVAL;
	}
	strbuf_done(&o.append);
	return r < 0 ? 1 : 0;
}
