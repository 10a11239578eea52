// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/scan.h"
#include "boot/discover.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool scan_uuid_shared(const struct blockdev_list *devs, size_t k)
{
	for (size_t i = 0; i < devs->n; i++)
		if (i != k && devs->v[i].uuid && blockdev_is_candidate(&devs->v[i]) &&
		    strcasecmp(devs->v[i].uuid, devs->v[k].uuid) == 0)
			return true;
	return false;
}

int boot_scan_run(struct boot_scan *s, const struct boot_scan_options *opt, struct boot_set *set,
		  struct diag_list *diags)
{
	int r;

	memset(s, 0, sizeof(*s));
	r = blockdev_scan_settle(opt->sys_root, opt->dev_root, opt->settle_max_ms, opt->settle_quiet_ms, &s->devs,
				 diags);
	if (r < 0)
		return r;
	s->vols = calloc(s->devs.n + 1, sizeof(*s->vols));
	s->fss = calloc(s->devs.n + 1, sizeof(*s->fss));
	s->names = calloc(s->devs.n + 1, sizeof(*s->names));
	if (!s->vols || !s->fss || !s->names)
		return -ENOMEM;
	for (size_t i = 0; i < s->devs.n; i++) {
		const struct blockdev *d = &s->devs.v[i];
		const char *target;
		char *name = NULL;

		if (!blockdev_is_candidate(d) ||
		    mount_ledger_mount_ro(&s->mounts, d, opt->run_dir, &target, diags) < 0)
			continue;
		if (fsa_open_dir(&s->fss[s->n], target) < 0)
			continue;
		/* Two filesystems with one UUID (a cloned disk): name both by node so refs tell them apart. */
		if (d->uuid && !scan_uuid_shared(&s->devs, i) ? asprintf(&name, "UUID=%s", d->uuid) < 0 :
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
	}
	s->volumes = (struct boot_volumes){ s->vols, s->n };
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
