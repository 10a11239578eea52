// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/scan.h"
#include "boot/discover.h"
#include "boot/uevent.h"
#include "lib/clock.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Another candidate filesystem known so far has d's UUID (a cloned disk). */
static bool boot_scan_uuid_shared(const struct boot_scan *s, const struct blockdev *d)
{
	for (size_t i = 0; i < s->devs.n; i++)
		if (&s->devs.v[i] != d && s->devs.v[i].uuid && blockdev_is_candidate(&s->devs.v[i]) &&
		    strcasecmp(s->devs.v[i].uuid, d->uuid) == 0)
			return true;
	return false;
}

static bool boot_scan_seen(const struct boot_scan *s, const char *name)
{
	for (size_t i = 0; i < s->devs.n; i++)
		if (strcmp(s->devs.v[i].name, name) == 0)
			return true;
	return false;
}

static int boot_scan_alloc(struct boot_scan *s)
{
	if (s->vols)
		return 0;
	s->vols = calloc(BLOCKDEV_MAX, sizeof(*s->vols));
	s->fss = calloc(BLOCKDEV_MAX, sizeof(*s->fss));
	s->names = calloc(BLOCKDEV_MAX, sizeof(*s->names));
	return s->vols && s->fss && s->names ? 0 : -ENOMEM;
}

/* d lives in s->devs: mount it and make it the next volume. */
static int boot_scan_volume(struct boot_scan *s, const struct boot_scan_options *opt, const struct blockdev *d,
			    struct diag_list *diags)
{
	const char *target;
	char *name = NULL;

	if (s->n >= BLOCKDEV_MAX || !blockdev_is_candidate(d) ||
	    mount_ledger_mount_ro(&s->mounts, d, opt->run_dir, &target, diags) < 0)
		return 0;
	if (fsa_open_dir(&s->fss[s->n], target) < 0)
		return 0;
	/* Two filesystems with one UUID (a cloned disk): name both by node so refs tell them apart. */
	if (d->uuid && !boot_scan_uuid_shared(s, d) ? asprintf(&name, "UUID=%s", d->uuid) < 0 :
						      !(name = strdup(d->node))) {
		fsa_close(&s->fss[s->n]);
		return -ENOMEM;
	}
	s->names[s->n] = name;
	s->vols[s->n] = (struct boot_volume){
		.name = name, .uuid = d->uuid, .label = d->label, .partuuid = d->partuuid,
		.partlabel = d->partlabel, .fs = &s->fss[s->n],
	};
	s->n++;
	return 0;
}

int boot_scan_add(struct boot_scan *s, const struct boot_scan_options *opt, struct blockdev_list *found,
		  size_t *first, struct diag_list *diags)
{
	size_t old_devs = s->devs.n;
	struct blockdev *v;
	int r = boot_scan_alloc(s);

	*first = s->n;
	if (r < 0)
		goto out;
	v = realloc(s->devs.v, (s->devs.n + found->n + 1) * sizeof(*v));
	if (!v) {
		r = -ENOMEM;
		goto out;
	}
	s->devs.v = v;
	/* Move the new ones over; what stays in found is freed below. */
	for (size_t i = 0; i < found->n; i++) {
		if (boot_scan_seen(s, found->v[i].name))
			continue;
		s->devs.v[s->devs.n++] = found->v[i];
		memset(&found->v[i], 0, sizeof(found->v[i]));
		found->v[i].name = NULL;
	}
	for (size_t i = old_devs; i < s->devs.n && r >= 0; i++)
		r = boot_scan_volume(s, opt, &s->devs.v[i], diags);
out:
	s->volumes = (struct boot_volumes){ s->vols, s->n };
	/* blockdev_list_done frees each member; moved-out slots are all NULL. */
	blockdev_list_done(found);
	return r;
}

int boot_scan_run(struct boot_scan *s, const struct boot_scan_options *opt, struct boot_set *set,
		  struct diag_list *diags)
{
	struct blockdev_list found = { 0 };
	size_t first;
	int r;

	memset(s, 0, sizeof(*s));
	r = blockdev_scan_settle(opt->sys_root, opt->dev_root, opt->settle_max_ms, opt->settle_quiet_ms, &found,
				 diags);
	if (r < 0)
		return r;
	r = boot_scan_add(s, opt, &found, &first, diags);
	if (r < 0)
		return r;
	return discover_volumes(&s->volumes, set, diags);
}

void boot_scan_done(struct boot_scan *s, struct diag_list *diags)
{
	for (size_t i = 0; i < s->n; i++) {
		fsa_close(&s->fss[i]);
		free(s->names[i]);
	}
	free(s->names);
	free(s->fss);
	free(s->vols);
	mount_ledger_undo(&s->mounts, diags);
	mount_ledger_done(&s->mounts);
	blockdev_list_done(&s->devs);
	memset(s, 0, sizeof(*s));
}

/* Enumerates, takes what is new, discovers over it and delivers (also when empty: the first batch counts). */
static int scan_source_pass(struct source *src, struct boot_scan_source *ctx, bool first_pass)
{
	struct boot_scan *s = ctx->scan;
	struct blockdev_list found = { 0 };
	struct diag_list diags;
	struct boot_set batch;
	size_t first = 0;
	int r;

	diag_list_init(&diags);
	boot_set_init(&batch);
	/* Later passes report no probe problems again: the first one said it all. */
	r = blockdev_scan(ctx->opt.sys_root, ctx->opt.dev_root, &found, first_pass ? &diags : NULL);
	if (r < 0) {
		diag_add(&diags, ctx->opt.sys_root, 0, "cannot list block devices: %s", strerror(-r));
	} else {
		sources_data_lock(src->owner);
		if (source_stopping(src)) {
			/* The pipeline is past the point where new mounts are welcome. */
			sources_data_unlock(src->owner);
			blockdev_list_done(&found);
			diag_list_done(&diags);
			return 0;
		}
		r = boot_scan_add(s, &ctx->opt, &found, &first, &diags);
		for (size_t i = first; r != -ENOMEM && i < s->n; i++)
			r = discover_volume_resolved(&s->volumes, i, NULL, &batch, &diags);
		sources_data_unlock(src->owner);
	}
	if (first_pass || batch.n_entries || diags.n)
		source_deliver(src, &batch, &diags);
	boot_set_done(&batch);
	diag_list_done(&diags);
	return r == -ENOMEM ? r : 0;
}

/* True when the datagram says a block device was added (or its medium changed). */
static bool scan_block_event(int fd)
{
	char buf[UEVENT_BUFFER_SIZE];
	bool any = false;
	ssize_t n;

	for (;;) {
		struct sockaddr_nl from = { 0 };
		socklen_t fl = sizeof(from);
		struct uevent ev;

		n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n <= 0)
			break;
		/* Only the kernel (port 0) speaks on this group; anything else is ignored. */
		if (from.nl_pid != 0 || uevent_parse(buf, (size_t)n, &ev) < 0 || !ev.subsystem ||
		    strcmp(ev.subsystem, "block") != 0)
			continue;
		any |= strcmp(ev.action, "add") == 0 || strcmp(ev.action, "change") == 0;
	}
	return any;
}

int boot_scan_source_run(struct source *src, void *vctx)
{
	struct boot_scan_source *ctx = vctx;
	unsigned debounce = ctx->debounce_ms ? ctx->debounce_ms : 100;
	uint64_t start = clock_now_ms(), quiet_until, rescan_at = UINT64_MAX;
	bool searching = true;
	int nl, r;

	/* Listen first: a disk that appears during the enumeration is not missed. */
	nl = uevent_open();
	r = scan_source_pass(src, ctx, true);
	quiet_until = start + ctx->opt.settle_quiet_ms;
	if (r < 0 || nl < 0) {
		source_searched(src);
		if (nl >= 0)
			close(nl);
		return r;
	}
	for (;;) {
		struct pollfd pfd[2] = { { .fd = source_stop_fd(src), .events = POLLIN },
					 { .fd = nl, .events = POLLIN } };
		uint64_t now = clock_now_ms(), until = rescan_at;
		int timeout;

		if (searching && rescan_at == UINT64_MAX &&
		    (now >= quiet_until || now - start >= ctx->opt.settle_max_ms)) {
			searching = false;
			source_searched(src);
		}
		if (searching && quiet_until < until)
			until = quiet_until;
		timeout = until == UINT64_MAX ? -1 : until <= now ? 0 : (int)(until - now);
		if (poll(pfd, 2, timeout) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents)
			break; /* stopping */
		now = clock_now_ms();
		if ((pfd[1].revents & POLLIN) && scan_block_event(nl)) {
			/* A disk's partitions follow it in a burst: one pass for all of them. */
			rescan_at = now + debounce;
			quiet_until = now + debounce + ctx->opt.settle_quiet_ms;
		}
		if (rescan_at != UINT64_MAX && now >= rescan_at) {
			rescan_at = UINT64_MAX;
			r = scan_source_pass(src, ctx, false);
			if (r < 0)
				break;
		}
	}
	close(nl);
	return r;
}
