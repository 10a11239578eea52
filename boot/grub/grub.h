/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GRUB 2 configuration parser: runs the subset of GRUB script that the
 * distributions generate (menuentry, submenu, set/export, if/elif/else, [ ]
 * and test, functions, search, linux/initrd, configfile/source, load_env,
 * blscfg, default/timeout) over a file-access view and appends the menu it
 * would show to a boot_set. Pure: no devices, no printing; problems go to the
 * diagnostics list as "file:line: message".
 */
#ifndef KEXBOOT_BOOT_GRUB_H
#define KEXBOOT_BOOT_GRUB_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/diag.h"
#include "boot/entry.h"
#include "boot/source.h"
#include "boot/volume.h"

#define GRUB_MAX_CFG_SIZE (16u << 20)  /* one config file */
#define GRUB_MAX_PARSED (32u << 20)    /* one file's parsed form: 2-byte commands cost ~170 bytes each */
#define GRUB_MAX_WORD (64u << 10)      /* one word after quoting */
#define GRUB_MAX_INCLUDE_DEPTH 8       /* configfile/source nesting */
#define GRUB_MAX_NESTING 64            /* if/menuentry/function block nesting */
#define GRUB_MAX_CALL_DEPTH 32         /* function calls */
#ifndef GRUB_MAX_STEPS /* fuzz builds pass a smaller one (boot/boot.mk) */
#define GRUB_MAX_STEPS 100000          /* commands executed per config, bodies included */
#endif
#define GRUB_MAX_ENTRIES 1024          /* menu entries kept per config, submenus included */
#define GRUB_MAX_SUBMENU_DEPTH 16      /* submenus inside submenus */
#define GRUB_MAX_VALUE (64u << 10)     /* one expanded word or variable */
#define GRUB_MAX_ENV (1u << 20)        /* all variables of one context together */
#define GRUB_MAX_ARGS 4096             /* words of one command after expansion */
#define GRUB_MAX_EXPANSION (256u << 10) /* bytes of one command after expansion */
/*
 * A config read over the network asks servers whether a file is there
 * (test -e/-f/-s, search --file) by reading it, at most GRUB_NET_PROBE_MAX
 * bytes, through the same fetch_text as every other read: TFTP has no HEAD;
 * a larger file is refused on its announced size (Content-Length, TFTP
 * tsize) before kexboot reads a body byte (what the server pushed into one
 * TCP window is dropped with the connection), one request as a HEAD would
 * be; and the usual `if [ -f X ]; then source X; fi` gets X's text from the
 * probe, one request in all. Each URL's answer is remembered for the parse.
 */
#define GRUB_NET_PROBE_MAX (64u << 10) /* bytes a probe reads of one file */
#define GRUB_NET_CACHE_MAX (1u << 20)  /* probe texts kept for a following source/configfile */
#define GRUB_NET_FILES_MAX 256         /* URLs whose answer is remembered per config */
#define GRUB_NET_REQUESTS_MAX 256      /* requests to servers per config: past it the rest is skipped */
#ifndef GRUB_NET_BUDGET_MS /* fuzz builds pass a smaller one */
#define GRUB_NET_BUDGET_MS 30000       /* wall time, requests included, of a config named by URL with no budget */
#endif

/*
 * Runs cfg_path on volume vols->v[vol]. Entries are appended to out in menu
 * order; out->default_id and out->timeout are set when out had none.
 * Returns 0 (even when the config had errors, which are diagnosed), -ENOENT
 * when cfg_path does not exist, or -ENOMEM. Runs within a default budget
 * (boot/budget.h); grub_discover shares the source's.
 */
int grub_parse(const struct boot_volumes *vols, size_t vol, const char *cfg_path,
	       struct boot_set *out, struct diag_list *diags);

/*
 * The "grub" row of the discovery table (boot/discover.h): every place GRUB
 * keeps its grub.cfg on a volume (/boot/grub, /grub, grub2, and an ESP's
 * /EFI/<vendor>/grub.cfg), each parsed and merged into set in that order;
 * under a URL directory, grub.cfg then grub/grub.cfg (grub_parse_url).
 * -ENOMEM is the only error.
 */
int grub_discover(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags);

/*
 * Runs the config at cfg_url (http://, https://, tftp://) read through the
 * URL source ctx's fetch_text, as a netbooted GRUB would: the config's
 * server is the device "PROTO,HOST[:PORT]" ($root; $prefix is its
 * directory there), so "/path" and "(http)/path" are files on it and
 * "(http,SERVER)/path", "(tftp,SERVER)/path" files elsewhere; every file
 * an entry names becomes a URL reference. configfile, source and load_env
 * read files on any server through ctx's fetch_text; test -e/-f/-s and
 * search --file ask a server by reading at most GRUB_NET_PROBE_MAX bytes;
 * test -d, search --label/--fs-uuid and blscfg have nothing to look
 * through and say so at their file:line. At most GRUB_NET_REQUESTS_MAX
 * requests per config, within ctx's budget (boot/budget.h; when ctx has
 * none, the default one with GRUB_NET_BUDGET_MS for its time: the requests
 * are part of it). $net_default_server and
 * $pxe_default_server are the config's host, $net_default_ip and
 * $net_default_mac the network's facts (ctx->settings "ip", "mac").
 * Entries are merged into out (source_merge). 0 (a config that cannot be
 * read gives nothing), -EINVAL for a URL it cannot read, -ENOMEM.
 */
int grub_parse_url(const struct source_ctx *ctx, const char *cfg_url, struct boot_set *out, struct diag_list *diags);

/*
 * Whether text (read from url, which may be NULL) is a GRUB script: a URL
 * ending in /grub.cfg, or a line starting with a command GRUB scripts use
 * and syslinux configs do not (menuentry, submenu, set, insmod, if, ...).
 */
bool grub_is_script(const char *text, const char *url);

#endif
