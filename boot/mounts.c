// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/mounts.h"

#include <errno.h>
#include <libmount/libmount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* Option sets tried in order: the first the kernel accepts wins. */
static const char *const *mount_options_for(const char *fstype)
{
	static const char *const ext[] = { "ro,noload", "ro", NULL };
	static const char *const xfs[] = { "ro,norecovery", NULL };
	static const char *const btrfs[] = { "ro,rescue=nologreplay", "ro,nologreplay", NULL };
	static const char *const plain[] = { "ro", NULL };

	if (strcmp(fstype, "ext3") == 0 || strcmp(fstype, "ext4") == 0)
		return ext;
	if (strcmp(fstype, "xfs") == 0)
		return xfs;
	if (strcmp(fstype, "btrfs") == 0)
		return btrfs;
	return plain;
}

static int mount_one(const char *source, const char *target, const char *fstype, const char *opts)
{
	struct libmnt_context *cxt = mnt_new_context();
	int r;

	if (!cxt)
		return -ENOMEM;
	r = mnt_context_set_source(cxt, source);
	if (!r)
		r = mnt_context_set_target(cxt, target);
	if (!r)
		r = mnt_context_set_fstype(cxt, fstype);
	if (!r)
		r = mnt_context_set_options(cxt, opts);
	if (!r)
		r = mnt_context_set_mflags(cxt, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
	if (!r)
		r = mnt_context_disable_mtab(cxt, 1);
	if (!r) {
		r = mnt_context_mount(cxt);
		if (r > 0) /* a mount(2) error */
			r = -mnt_context_get_syscall_errno(cxt);
		else if (r == 0 && mnt_context_get_status(cxt) != 1)
			r = -EIO;
	}
	mnt_free_context(cxt);
	return r < 0 ? r : 0;
}

int mount_ledger_mount_ro(struct mount_ledger *l, const struct blockdev *d, const char *run_dir,
			  const char **ret_target, struct diag_list *diags)
{
	const char *const *opts;
	struct mount_record rec = { 0 };
	struct mount_record *v;
	int r = -EINVAL;

	if (!blockdev_is_candidate(d))
		return -EMEDIUMTYPE;
	if (asprintf(&rec.target, "%s/%s", run_dir, d->name) < 0)
		return -ENOMEM;
	rec.source = strdup(d->node);
	rec.fstype = strdup(d->fstype);
	if (!rec.source || !rec.fstype) {
		r = -ENOMEM;
		goto fail;
	}
	if ((mkdir(run_dir, 0700) < 0 && errno != EEXIST) || (mkdir(rec.target, 0700) < 0 && errno != EEXIST)) {
		r = -errno;
		diag_add(diags, d->node, 0, "cannot make the mount point %s: %s", rec.target, strerror(-r));
		goto fail;
	}
	for (opts = mount_options_for(d->fstype); *opts; opts++) {
		r = mount_one(rec.source, rec.target, rec.fstype, *opts);
		if (r == 0)
			break;
	}
	if (r < 0) {
		diag_add(diags, d->node, 0, "cannot mount %s read-only: %s", d->fstype, strerror(-r));
		rmdir(rec.target);
		goto fail;
	}
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v) {
		umount2(rec.target, MNT_DETACH);
		rmdir(rec.target);
		r = -ENOMEM;
		goto fail;
	}
	l->v = v;
	v[l->n++] = rec;
	*ret_target = v[l->n - 1].target;
	return 0;
fail:
	free(rec.source);
	free(rec.target);
	free(rec.fstype);
	return r;
}

int mount_ledger_undo(struct mount_ledger *l, struct diag_list *diags)
{
	int first = 0;

	while (l->n > 0) {
		struct mount_record *m = &l->v[l->n - 1];

		if (umount2(m->target, 0) < 0) {
			int e = errno;

			if (umount2(m->target, MNT_DETACH) < 0) {
				diag_add(diags, m->target, 0, "cannot unmount: %s", strerror(errno));
				if (!first)
					first = -errno;
			} else if (e == EBUSY) {
				diag_add(diags, m->target, 0, "busy; detached lazily");
			}
		}
		rmdir(m->target);
		free(m->source);
		free(m->target);
		free(m->fstype);
		l->n--;
	}
	return first;
}

void mount_ledger_done(struct mount_ledger *l)
{
	/* forgets the records; callers undo first when the mounts must go */
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].source);
		free(l->v[i].target);
		free(l->v[i].fstype);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
