/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * iPXE scripts (a file starting with "#!ipxe", or the legacy "#!gpxe", after
 * an optional BOM and blank space), run the way iPXE would run them but
 * without a user or a network: every command that would wait or ask takes
 * its non-interactive outcome, and every `boot` becomes a kexboot entry.
 *
 * Where the row looks (URL sources only; on a volume it does nothing):
 *   - a base URL whose last path segment is a name ("http://srv/b/menu.ipxe",
 *     the config URL a network source got from DHCP) is the script itself;
 *   - a base URL naming a directory ("http://srv/b/", "http://srv") is read
 *     as IPXE_WELL_KNOWN under it ("http://srv/b/boot.ipxe").
 * A document without the magic line is left alone (another row's config).
 *
 * What becomes an entry:
 *   - `boot` / `imgexec` / `chain` of the selected kernel, or `chain URL`
 *     of a kernel-looking name (ipxe_url_is_kernel), or of a document that
 *     is not a script: kernel = that URL, initrds = every initrd/imgfetch/
 *     module so far, cmdline = the kernel line's arguments (or imgargs');
 *   - a menu: at `choose VAR` each non-gap `item LABEL TEXT` continues the
 *     script on its own copy of the state with VAR=LABEL (so the usual
 *     `choose t && goto ${t}` lands at `:LABEL`); the entry it boots is
 *     titled TEXT (nested menus: "Outer>Inner"). `choose --default L` sets
 *     the set's default, `--timeout MS` its timeout (rounded up to seconds;
 *     0 or none: wait forever). An item whose path comes back to a choose
 *     it already went through ("Back to menu") or never boots adds nothing.
 *   - ids: "ipxe:<script url>:<label>" for items (the script holding the
 *     choose), "ipxe:<script url>:<n>" otherwise (n-th entry of the parse);
 *     origin "<script url>:<line>" of the command that booted.
 *
 * Language: `:label` lines, `#` comments, "..." / '...' / backslash quoting,
 * `&&` / `||` chains (a line that fails ends its script, as in iPXE),
 * settings expanded per command before it runs: ${name}, nested ${${x}},
 * ${netX/...} read as ${net0/...}, a bare ${mac} as ${net0/mac}; the types
 * :string :hex :hexhyp :hexraw :uristring are applied, other types are
 * diagnosed and expand untyped. Values come from `set` (then `clear`), the
 * source's settings (boot/source.h), then built-ins (buildarch, platform =
 * "efi"); unset ones expand to "". Non-interactive outcomes: `prompt
 * --timeout` fails (no key), `prompt` without one succeeds, `choose` forks,
 * `read`/`login`/`config` are diagnosed and fail, `shell` is diagnosed and
 * fails, `sanboot`/`autoboot` are diagnosed and fail, `exit` ends the
 * script, `reboot`/`poweroff` end the path. dhcp, ifopen, echo, sleep and
 * the other network/display commands succeed and do nothing. An unknown
 * command is diagnosed with file:line and succeeds, so one odd line does
 * not hide the entries after it.
 *
 * `imgverify KERNEL SIGNATURE_URL` names the entry's signature file (a
 * kexboot manifest and its signatures, boot/trust/manifest.h): the verify
 * stage checks it when the entry is chosen, the script goes on; an
 * imgverify of an initrd is said and not used (the manifest covers the
 * initrds). `imgtrust` does nothing (the payload's anchors decide).
 *
 * A `chain`ed script runs to its end and returns to the line that chained it
 * (`--replace`: never returns). A menu inside a chained script hands that
 * line to each item's path: an item whose path ends the chained script
 * (`exit`, its last line, a failed line) goes on in the chaining script
 * with the chain command's status, as iPXE would after the user chose it.
 *
 * Relative URLs resolve against the URL of the script that names them
 * (lib/url.h's url_resolve).
 */
#ifndef KEXBOOT_BOOT_IPXE_H
#define KEXBOOT_BOOT_IPXE_H

#include <stdbool.h>

#include "boot/entry.h"
#include "boot/source.h"
#include "lib/diag.h"

#define IPXE_WELL_KNOWN "boot.ipxe"
#define IPXE_MAX_FILE (1u << 20)     /* bytes of one script */
#define IPXE_MAX_LINE 4096           /* bytes of a line, and of an argument after expansion */
#define IPXE_MAX_ARGS 128            /* words on one line */
#ifndef IPXE_MAX_STEPS /* fuzz builds pass a smaller one (boot/boot.mk) */
#define IPXE_MAX_STEPS 20000         /* commands run in one parse, over every path */
#endif
#define IPXE_MAX_JUMPS 1000          /* gotos on one path */
#define IPXE_MAX_CHAIN_DEPTH 8       /* scripts chained inside each other */
#define IPXE_MAX_SCRIPTS 32          /* distinct scripts fetched in one parse */
#define IPXE_MAX_MENU_DEPTH 4        /* menus chosen inside menus */
#define IPXE_MAX_ITEMS 128           /* items of one menu */
#define IPXE_MAX_VARS 128            /* settings `set` on one path */
#define IPXE_MAX_IMAGES 32           /* initrds/modules on one path */
#define IPXE_MAX_ENTRIES 512         /* entries from one parse */
#define IPXE_MAX_EXPANSIONS 64       /* ${...} expanded for one command */
#define IPXE_MAX_LINES 10000         /* lines of one script (a goto searches them) */
#define IPXE_MAX_PATHS 1024          /* menu items followed in one parse */

/*
 * Runs the script at script_url (absolute, read through ctx) and appends
 * the entries it boots to out; sets out's default and timeout when unset.
 * Returns 0, -ENOENT when the script is missing, -EMEDIUMTYPE when the
 * document is not an iPXE script, -ENOMEM; other problems go to diags.
 */
int ipxe_parse_url(const struct source_ctx *ctx, const char *script_url, struct boot_set *out,
		   struct diag_list *diags);

/*
 * The "ipxe" row of the discovery table (boot/discover.h): the base URL's
 * own document, or IPXE_WELL_KNOWN under a directory URL (see above),
 * merged into set. Nothing under a volume. -ENOMEM is the only error.
 */
int ipxe_discover(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags);

/* True when text starts with the magic line (after a BOM and blank space). */
bool ipxe_is_script(const char *text);

/*
 * True when url's last path segment names a kernel rather than a script:
 * vmlinuz*, vmlinux*, bzImage*, linux*, kernel*, Image*, *.efi, *.elf.
 * `chain` boots such names without fetching them.
 */
bool ipxe_url_is_kernel(const char *url);

/*
 * ref against base with lib/url.h's url_resolve (dot segments removed); a
 * base that is no URL kexboot can use leaves ref as it is. 0 or -ENOMEM.
 */
int ipxe_url_resolve(const char *base, const char *ref, char **ret);

#endif
