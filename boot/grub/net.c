// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GRUB's network devices, as a netbooted GRUB names files: "(http)/path",
 * "(http,SERVER)/path", "(tftp,SERVER)/path" ("pxe" is tftp; "https" is
 * kexboot's own), and $root or $prefix naming one. A device without a
 * server takes $net_default_server (else $pxe_default_server). The server a
 * config was read from is one volume of the parse (its name
 * "PROTO,HOST[:PORT]"), so "(http)/x" and plain "/x" under it read there;
 * a file on another server becomes a URL reference for the fetch stage.
 */
#include "boot/grub/internal.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

bool gdev_net_split(const char *dev, char *proto, size_t cap, const char **server)
{
	static const char *const protos[] = { "https", "http", "tftp", "pxe" };

	for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
		size_t n = strlen(protos[i]);

		if (strncmp(dev, protos[i], n) != 0 || (dev[n] != '\0' && dev[n] != ','))
			continue;
		snprintf(proto, cap, "%s", strcmp(protos[i], "pxe") == 0 ? "tftp" : protos[i]);
		*server = dev[n] == ',' && dev[n + 1] ? dev + n + 1 : NULL;
		return true;
	}
	return false;
}

/* Length of the host in "host", "host:port", "[v6]:port" or a bare IPv6 address. */
static size_t gserver_host_len(const char *server)
{
	const char *colon = strchr(server, ':');

	if (server[0] == '[') {
		const char *e = strchr(server, ']');

		return e ? (size_t)(e - server) + 1 : strlen(server);
	}
	if (colon && !strchr(colon + 1, ':'))
		return (size_t)(colon - server);
	return strlen(server);
}

int gdev_net_canon(struct gstate *s, const char *proto, const char *server, char **ret)
{
	const char *home = s->vols->v[s->vol].name, *hserver = NULL;
	char hproto[8];
	bool home_net = gdev_net_split(home, hproto, sizeof(hproto), &hserver) && hserver;
	size_t hl;

	if (!server) {
		server = genv_get(&s->env, "net_default_server");
		if (!server || !*server)
			server = genv_get(&s->env, "pxe_default_server");
		if (!server || !*server)
			server = home_net ? hserver : NULL;
	}
	*ret = NULL;
	if (!server || !*server) {
		*ret = strdup(proto); /* no server anywhere: "device http not found" */
		return *ret ? 0 : -ENOMEM;
	}
	/* the config's own server named by its host alone is that server, port and all */
	hl = home_net ? gserver_host_len(hserver) : 0;
	if (home_net && strcmp(proto, hproto) == 0 &&
	    (strcmp(server, hserver) == 0 || (strlen(server) == hl && strncmp(server, hserver, hl) == 0))) {
		*ret = strdup(home);
		return *ret ? 0 : -ENOMEM;
	}
	if (asprintf(ret, "%s,%s", proto, server) < 0) {
		*ret = NULL;
		return -ENOMEM;
	}
	return 0;
}

int gdev_net_url(const char *dev, const char *path, char **ret)
{
	const char *server;
	char proto[8];
	bool bracket;

	*ret = NULL;
	if (!gdev_net_split(dev, proto, sizeof(proto), &server) || !server)
		return 0;
	/* a bare IPv6 address ("tftp,fd00::1") gets its brackets in a URL */
	bracket = server[0] != '[' && strchr(server, ':') && strchr(strchr(server, ':') + 1, ':');
	if (asprintf(ret, "%s://%s%s%s%s%s", proto, bracket ? "[" : "", server, bracket ? "]" : "",
		     path[0] == '/' ? "" : "/", path) < 0) {
		*ret = NULL;
		return -ENOMEM;
	}
	return 1;
}

bool gdev_is_net_file(const char *dev)
{
	const char *server;
	char proto[8];

	return gdev_net_split(dev, proto, sizeof(proto), &server) && server;
}
