// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kexboot kexec`: the loader CLI, with kexec-tools' option names where they
 * mean the same thing. Parses the arguments, maps the files as blobs and
 * hands them to loader/load.h, the same request and load the boot menu
 * uses; prints what it says in plain words.
 *
 * It runs neither the verify nor the measure stage, so a payload built to
 * enforce (config/defaults.h KEXBOOT_TRUST_POLICY=2) refuses its loads
 * (-l, -p; --dry-run stays) with the reason; under warn it says so and
 * loads (loader/policy.h kexec_cli_policy).
 */
#include "config/defaults.h"
#include "init/commands.h"
#include "lib/blob.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/pe-blob.h"
#include "lib/strbuf.h"
#include "loader/load.h"
#include "loader/loader.h"
#include "loader/policy.h"
#include "loader/sys.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



struct kexec_opts {
	enum { OP_NONE, OP_LOAD, OP_EXEC, OP_UNLOAD } op;
	bool crash, force_file, force_load, dry_run, debug, reuse_cmdline, quiet_serial;
	const char *root, *image, *command_line, *target_config, *dtb;
	struct strbuf append;
	const char *initrd_paths[KEXEC_MAX_INITRDS];
	size_t nr_initrds;
	uint32_t initrd_align;
	const char *raw_specs[KEXEC_MAX_RAW];
	size_t nr_raw;
	uint64_t entry;
	bool has_entry;
	enum kexec_kernel_entry kernel_entry;
	uint8_t rng_seed[KEXEC_RNG_SEED_SIZE];
	bool has_rng_seed;
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
	      "      --dtb FILE          a flattened devicetree for the kernel (setup_data SETUP_DTB;\n"
	      "                          needs kexec_load)\n"
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
	      "      --target-config FILE  the target's kernel config, to say what it inherits\n"
	      "                          (default: config-VERSION or config beside KERNEL)\n"
	      "      --root DIR          read /sys and /proc under DIR (tests)\n"
	      "      --rng-seed HEX      the next kernel's RNG seed (64 hex digits) instead of a fresh\n"
	      "                          one: makes --dry-run output reproducible (tests)\n"
	      "This loader neither verifies nor measures: a payload built with policy enforce\n"
	      "refuses its loads (--dry-run stays); boot signed entries through the menu.\n",
	      f);
}

static int parse_u64(const char *s, uint64_t *ret)
{
	char *end;

	errno = 0;
	*ret = strtoull(s, &end, 0);
	return errno || end == s || *end ? -EINVAL : 0;
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

static int parse_hex_seed(const char *s, uint8_t out[KEXEC_RNG_SEED_SIZE])
{
	if (strlen(s) != 2 * KEXEC_RNG_SEED_SIZE)
		return -EINVAL;
	for (size_t i = 0; i < KEXEC_RNG_SEED_SIZE; i++) {
		char byte[3] = { s[2 * i], s[2 * i + 1], '\0' };
		char *end;

		out[i] = (uint8_t)strtoul(byte, &end, 16);
		if (*end || !isxdigit((unsigned char)byte[0]) || !isxdigit((unsigned char)byte[1]))
			return -EINVAL;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct kexec_opts *o)
{
	enum {
		OPT_INITRD = 256, OPT_INITRD_ALIGN, OPT_APPEND, OPT_COMMAND_LINE, OPT_REUSE,
		OPT_RAW, OPT_ENTRY, OPT_DRY_RUN, OPT_DEBUG, OPT_ROOT, OPT_NO_SERIAL, OPT_TARGET_CONFIG,
		OPT_KERNEL_PROPER, OPT_DECOMPRESSOR, OPT_RNG_SEED, OPT_DTB,
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
		{ "rng-seed", required_argument, NULL, OPT_RNG_SEED },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "target-config", required_argument, NULL, OPT_TARGET_CONFIG },
		{ "dtb", required_argument, NULL, OPT_DTB },
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
		case OPT_DTB:
			o->dtb = optarg;
			break;
		case OPT_TARGET_CONFIG:
			o->target_config = optarg;
			break;
		case OPT_RNG_SEED:
			if (parse_hex_seed(optarg, o->rng_seed) < 0) {
				fprintf(stderr, "kexboot kexec: --rng-seed %s: want %d hex digits\n", optarg,
					2 * KEXEC_RNG_SEED_SIZE);
				return -EINVAL;
			}
			o->has_rng_seed = true;
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
static int parse_raw(const char *spec, struct load_raw *rs, struct blob *b)
{
	_cleanup_free_ char *s = strdup(spec);
	struct diag_list why = { 0 };
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
	r = blob_map_path(file, UINT64_MAX, b, &why);
	if (r < 0) {
		fprintf(stderr, "kexboot kexec: --raw %s\n", why.reason);
		return r;
	}
	rs->blob = b;
	rs->name = spec;
	return 0;
bad:
	fprintf(stderr, "kexboot kexec: --raw %s: want ADDR:FILE[:MEMSZ]\n", spec);
	return -EINVAL;
}

/* The files named on the command line, as blobs; released by cli_files_done(). */
struct cli_files {
	struct blob kernel;
	struct blob initrds[LOAD_MAX_INITRDS]; /* a UKI's .ucode and .initrd first, then --initrd */
	const struct blob *pieces[LOAD_MAX_INITRDS]; /* &initrds[i], as the request takes them */
	size_t nr_initrds;
	struct blob raw_blobs[KEXEC_MAX_RAW];
	struct load_raw raw[KEXEC_MAX_RAW];
	struct blob dtb;          /* --dtb, or BLOB_INIT */
	char *cmdline;
	char *target_config;      /* the target's kernel config text, or NULL */
	size_t target_config_len;
};

static void cli_files_done(struct cli_files *f)
{
	blob_release(&f->kernel);
	blob_release(&f->dtb);
	for (size_t i = 0; i < LOAD_MAX_INITRDS; i++)
		blob_release(&f->initrds[i]);
	for (size_t i = 0; i < KEXEC_MAX_RAW; i++)
		blob_release(&f->raw_blobs[i]);
	free(f->cmdline);
	free(f->target_config);
}

/*
 * The target's kernel config: --target-config, else the first of the
 * distribution's names beside KERNEL that exists. 0 also when none is
 * found (the report then says "unknown"); <0 when --target-config fails.
 */
static int cli_target_config(const struct kexec_opts *o, struct cli_files *f)
{
	char cand[2][4096];
	size_t n;
	int r;

	if (o->target_config) {
		r = file_read_at(AT_FDCWD, o->target_config, 8u << 20, &f->target_config, &f->target_config_len);
		if (r < 0)
			fprintf(stderr, "kexboot kexec: --target-config %s: %s\n", o->target_config, strerror(-r));
		return r;
	}
	if (!o->image)
		return 0;
	n = inherit_config_candidates(o->image, cand);
	for (size_t i = 0; i < n; i++)
		if (file_read_at(AT_FDCWD, cand[i], 8u << 20, &f->target_config, &f->target_config_len) == 0)
			return 0;
	return 0;
}

/*
 * A UKI given as KERNEL: its .linux is the kernel, .ucode and .initrd come
 * before the --initrd files, and .cmdline is the command line unless one
 * was given. Each section is the file mapped again and narrowed by the
 * code that narrows a boot entry's section references (lib/pe-blob.h).
 */
static int cli_uki_split(const struct kexec_opts *o, struct cli_files *f)
{
	static const char *const sections[] = { ".ucode", ".initrd" };
	struct diag_list why = { 0 };
	struct pe_uki u;
	bool has_cmdline;
	size_t k = 0;
	int r;

	if (pe_blob_uki(&f->kernel, &u) < 0)
		return 0; /* a plain kernel */
	has_cmdline = u.cmdline != NULL;
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		if (!(i == 0 ? u.has_ucode : u.has_initrd))
			continue;
		r = blob_map_path(o->image, UINT64_MAX, &f->initrds[k], &why);
		if (r >= 0)
			r = pe_blob_narrow(&f->initrds[k], sections[i], &why);
		if (r < 0) {
			fprintf(stderr, "kexboot kexec: %s\n", why.reason);
			pe_uki_done(&u);
			return r;
		}
		k++;
	}
	r = pe_blob_narrow(&f->kernel, ".linux", &why);
	if (r < 0) {
		fprintf(stderr, "kexboot kexec: %s\n", why.reason);
		pe_uki_done(&u);
		return r;
	}
	if (!o->command_line && !o->reuse_cmdline && !o->append.len && u.cmdline) {
		free(f->cmdline);
		f->cmdline = TAKE_PTR(u.cmdline);
	}
	if (o->debug)
		fprintf(stderr, "kexboot kexec: %s is a unified kernel image: .linux%s%s%s\n", o->image,
			u.has_ucode ? ", .ucode" : "", u.has_initrd ? ", .initrd" : "", has_cmdline ? ", .cmdline" : "");
	pe_uki_done(&u);
	return (int)k;
}

/* Maps KERNEL (split when a UKI), the initrds in order and the --raw files. */
static int cli_files_map(const struct kexec_opts *o, struct cli_files *f)
{
	struct diag_list why = { 0 };
	size_t k = 0;
	int r;

	if (o->image) {
		r = blob_map_path(o->image, UINT64_MAX, &f->kernel, &why);
		if (r < 0 || !f->kernel.size) {
			if (r < 0)
				fprintf(stderr, "kexboot kexec: %s\n", why.reason);
			else
				fprintf(stderr, "kexboot kexec: %s: empty\n", o->image);
			return r < 0 ? r : -ENOEXEC;
		}
		r = cli_uki_split(o, f);
		if (r < 0)
			return r;
		k = (size_t)r;
	}
	for (size_t i = 0; i < o->nr_initrds; i++) {
		r = blob_map_path(o->initrd_paths[i], UINT64_MAX, &f->initrds[k + i], &why);
		if (r < 0) {
			fprintf(stderr, "kexboot kexec: --initrd %s\n", why.reason);
			return r;
		}
	}
	f->nr_initrds = k + o->nr_initrds;
	if (o->dtb) {
		r = blob_map_path(o->dtb, KEXEC_MAX_DTB, &f->dtb, &why);
		if (r < 0) {
			fprintf(stderr, "kexboot kexec: --dtb %s\n", why.reason);
			return r;
		}
	}
	for (size_t i = 0; i < o->nr_raw; i++) {
		r = parse_raw(o->raw_specs[i], &f->raw[i], &f->raw_blobs[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

static int do_load(struct kexec_opts *o)
{
	struct cli_files f = { .kernel = BLOB_INIT, .dtb = BLOB_INIT };
	struct load_options opt = {
		.root = o->root, .crash = o->crash, .initrd_align = o->initrd_align,
		.kernel_entry = o->kernel_entry, .nr_raw = o->nr_raw, .entry = o->entry, .has_entry = o->has_entry,
		.verbose_purgatory = o->debug, .serial_port = o->quiet_serial ? 0 : 0x3f8,
		.dry_run = o->dry_run, .plan_json = o->debug, .rng_seed = o->has_rng_seed ? o->rng_seed : NULL,
	};
	struct load_request req;
	struct load_result res = { 0 };
	struct diag_list why;
	int r;

	diag_list_init(&why);
	for (size_t i = 0; i < LOAD_MAX_INITRDS; i++)
		f.initrds[i] = (struct blob)BLOB_INIT;
	for (size_t i = 0; i < KEXEC_MAX_RAW; i++)
		f.raw_blobs[i] = (struct blob)BLOB_INIT;
	if (o->force_file)
		opt.iface = KEXEC_IFACE_FILE, opt.forced_why = "forced by -s";
	else if (o->force_load)
		opt.iface = KEXEC_IFACE_LOAD, opt.forced_why = "forced by -c";
	opt.raw = f.raw;
	opt.dtb = o->dtb ? &f.dtb : NULL;
	r = build_cmdline(o, &f.cmdline);
	if (r >= 0)
		r = cli_files_map(o, &f);
	if (r >= 0)
		r = cli_target_config(o, &f);
	opt.target_config = f.target_config;
	opt.target_config_len = f.target_config_len;
	for (size_t i = 0; i < LOAD_MAX_INITRDS; i++)
		f.pieces[i] = &f.initrds[i];
	if (r >= 0)
		r = load_request_build(&req, o->image ? &f.kernel : NULL, f.pieces, f.nr_initrds, f.cmdline, &opt,
				       &why);
	if (r >= 0)
		r = load_run(&req, &res, &why);
	for (size_t i = 0; o->debug && i < why.n; i++)
		fprintf(stderr, "kexboot kexec: %s\n", why.msgs[i]);
	/* What the target cannot take is said even without --debug (the notes carry it too). */
	for (size_t i = 0; !o->debug && i < res.inherited.n; i++) {
		char line[400];

		if (res.inherited.items[i].support == INHERIT_SUPPORTED)
			continue;
		inherit_item_describe(&res.inherited.items[i], line, sizeof(line));
		fprintf(stderr, "kexboot kexec: %s\n", line);
	}
	if (res.json)
		fputs(res.json, o->dry_run ? stdout : stderr);
	if (r < 0 && why.reason[0])
		fprintf(stderr, "kexboot kexec: %s\n", why.reason);
	load_result_done(&res);
	diag_list_done(&why);
	cli_files_done(&f);
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
	case OP_LOAD: {
		bool refuse = false;
		const char *said = kexec_cli_policy(KEXBOOT_TRUST_POLICY, true, o.dry_run, &refuse);

		if (said)
			fprintf(stderr, "kexboot kexec: %s\n", said);
		r = refuse ? -EPERM : do_load(&o);
		break;
	}
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
