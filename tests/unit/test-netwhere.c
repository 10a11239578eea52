// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the network's boot config is (net_where_make), kexboot.ip's parser
 * and the kernel-or-config probe, over leases and bytes the test makes.
 */
#include "boot/entry.h"
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>

static uint32_t ip4(const char *s)
{
	struct in_addr a = { 0 };

	CHECK_EQ(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static void facts_init(struct net_facts *f, const char *ip, bool uuid)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xAB, 0x34, 0x56 };

	memset(f, 0, sizeof(*f));
	memcpy(f->mac, mac, 6);
	f->ip.s_addr = ip ? ip4(ip) : 0;
	if (uuid)
		CHECK_EQ(net_uuid_parse("B8945908-D6A6-41A9-611D-74A6AB80B83D", f->uuid), 0);
	f->has_uuid = uuid;
}

static void lease_init(struct dhcp4_lease *l)
{
	memset(l, 0, sizeof(*l));
	l->type = DHCP4_ACK;
	l->yiaddr.s_addr = ip4("192.0.2.91");
}

/* PXELINUX's documented order for 192.0.2.91 (C000025B), beside boot file "pxelinux.0". */
static void test_pxelinux_order(void)
{
	static const char *const want[] = {
		"tftp://192.0.2.1/pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83d",
		"tftp://192.0.2.1/pxelinux.cfg/01-52-54-00-ab-34-56",
		"tftp://192.0.2.1/pxelinux.cfg/C000025B",
		"tftp://192.0.2.1/pxelinux.cfg/C000025",
		"tftp://192.0.2.1/pxelinux.cfg/C00002",
		"tftp://192.0.2.1/pxelinux.cfg/C0000",
		"tftp://192.0.2.1/pxelinux.cfg/C000",
		"tftp://192.0.2.1/pxelinux.cfg/C00",
		"tftp://192.0.2.1/pxelinux.cfg/C0",
		"tftp://192.0.2.1/pxelinux.cfg/C",
		"tftp://192.0.2.1/pxelinux.cfg/default",
	};
	struct dhcp4_lease l;
	struct net_facts f;
	struct net_where w;
	struct diag_list d = { 0 };

	lease_init(&l);
	l.siaddr.s_addr = ip4("192.0.2.1");
	strcpy(l.boot_file, "pxelinux.0");
	facts_init(&f, "192.0.2.91", true);
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_PXELINUX);
	CHECK(w.first_only);
	CHECK_EQ(w.urls.n, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want) && i < w.urls.n; i++)
		CHECK_STREQ(w.urls.v[i], want[i]);
	CHECK_EQ(d.n, 0);
	net_where_done(&w);

	/* No SMBIOS UUID: the MAC first. Option 66 beats siaddr; the boot file's directory is the prefix. */
	strcpy(l.tftp_server, "10.0.0.9");
	strcpy(l.boot_file, "/boot/x86/pxelinux.0");
	facts_init(&f, "10.0.2.15", false);
	CHECK_EQ(net_where_make("", &l, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_PXELINUX);
	CHECK_EQ(w.urls.n, 10);
	CHECK_STREQ(w.urls.v[0], "tftp://10.0.0.9/boot/x86/pxelinux.cfg/01-52-54-00-ab-34-56");
	CHECK_STREQ(w.urls.v[1], "tftp://10.0.0.9/boot/x86/pxelinux.cfg/0A00020F");
	CHECK_STREQ(w.urls.v[8], "tftp://10.0.0.9/boot/x86/pxelinux.cfg/0");
	CHECK_STREQ(w.urls.v[9], "tftp://10.0.0.9/boot/x86/pxelinux.cfg/default");
	net_where_done(&w);

	/* Option 210 replaces the boot file's directory (a missing '/' is added). */
	strcpy(l.path_prefix, "/srv/tftp");
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_STREQ(w.urls.v[0], "tftp://10.0.0.9/srv/tftp/pxelinux.cfg/01-52-54-00-ab-34-56");
	net_where_done(&w);
	strcpy(l.path_prefix, "http://10.0.0.9/pxe");
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_STREQ(w.urls.v[9], "http://10.0.0.9/pxe/pxelinux.cfg/default");
	net_where_done(&w);
	diag_list_done(&d);
}

static void test_precedence(void)
{
	struct dhcp4_lease l;
	struct net_facts f;
	struct net_where w;
	struct diag_list d = { 0 };

	lease_init(&l);
	facts_init(&f, "10.0.2.15", false);
	l.siaddr.s_addr = ip4("10.0.2.2");
	strcpy(l.boot_file, "http://10.0.2.100/boot/uki.efi");
	strcpy(l.config_file, "cfg/machine.cfg");
	strcpy(l.path_prefix, "/pxe/");

	/* kexboot.url wins, every URL in order. */
	CHECK_EQ(net_where_make("http://a/x.cfg tftp://b/y", &l, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_SETTINGS);
	CHECK(!w.first_only);
	CHECK_EQ(w.urls.n, 2);
	CHECK_STREQ(w.urls.v[1], "tftp://b/y");
	net_where_done(&w);

	/* Then 209 against 210. */
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_OPT209);
	CHECK_EQ(w.urls.n, 1);
	CHECK_STREQ(w.urls.v[0], "tftp://10.0.2.2/pxe/cfg/machine.cfg");
	net_where_done(&w);
	/* 209 as a URL, as an absolute path. */
	strcpy(l.config_file, "http://10.0.2.100/m.cfg");
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_STREQ(w.urls.v[0], "http://10.0.2.100/m.cfg");
	net_where_done(&w);
	strcpy(l.config_file, "/abs/m.cfg");
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_STREQ(w.urls.v[0], "tftp://10.0.2.2/abs/m.cfg");
	net_where_done(&w);
	/* 209 without 210: beside the boot file. */
	l.path_prefix[0] = '\0';
	strcpy(l.boot_file, "efi/grubx64.efi");
	strcpy(l.config_file, "m.cfg");
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_STREQ(w.urls.v[0], "tftp://10.0.2.2/efi/m.cfg");
	net_where_done(&w);

	/* Then 67 as a URL (HTTP boot). */
	l.config_file[0] = '\0';
	strcpy(l.boot_file, "http://10.0.2.100/boot/uki.efi");
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_BOOTURL);
	CHECK_EQ(w.urls.n, 1);
	CHECK_STREQ(w.urls.v[0], "http://10.0.2.100/boot/uki.efi");
	net_where_done(&w);

	/* Nothing named: NONE, no URL, no note. */
	l.boot_file[0] = '\0';
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_NONE);
	CHECK_EQ(w.urls.n, 0);
	CHECK_EQ(d.n, 0);
	/* Static addressing without kexboot.url: nothing either. */
	CHECK_EQ(net_where_make(NULL, NULL, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_NONE);

	/* A boot file but no server: said, and nothing tried. */
	l.siaddr.s_addr = 0;
	strcpy(l.boot_file, "pxelinux.0");
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_NONE);
	CHECK_EQ(w.urls.n, 0);
	CHECK_EQ(d.n, 1);
	CHECK(strstr(d.msgs[0], "no boot server") != NULL);
	diag_list_done(&d);
	CHECK_STREQ(net_where_name(NET_WHERE_OPT209), "DHCP option 209");
}

static void test_ipconf(void)
{
	struct net_ipconf ip;
	struct diag_list d = { 0 };

	CHECK_EQ(net_ipconf_parse(NULL, &ip, &d), 0);
	CHECK_EQ(ip.mode, NET_IP_UNSET);
	CHECK_EQ(net_ipconf_parse("off", &ip, &d), 0);
	CHECK_EQ(ip.mode, NET_IP_OFF);
	CHECK_EQ(net_ipconf_parse("none", &ip, &d), 0);
	CHECK_EQ(ip.mode, NET_IP_OFF);
	CHECK_EQ(net_ipconf_parse("dhcp", &ip, &d), 0);
	CHECK_EQ(ip.mode, NET_IP_DHCP);
	CHECK_EQ(net_ipconf_parse("any", &ip, &d), 0);
	CHECK_EQ(ip.mode, NET_IP_DHCP);

	CHECK_EQ(net_ipconf_parse("10.0.2.15:10.0.2.2:10.0.2.1:255.255.255.0:kexboot:eth0:off:10.0.2.3:10.0.2.4", &ip,
				  &d),
		 0);
	CHECK_EQ(ip.mode, NET_IP_STATIC);
	CHECK_EQ(ip.client.s_addr, ip4("10.0.2.15"));
	CHECK_EQ(ip.server.s_addr, ip4("10.0.2.2"));
	CHECK_EQ(ip.gateway.s_addr, ip4("10.0.2.1"));
	CHECK_EQ(ip.prefix, 24);
	CHECK_STREQ(ip.hostname, "kexboot");
	CHECK_STREQ(ip.device, "eth0");
	CHECK_EQ(ip.dns[0].s_addr, ip4("10.0.2.3"));
	CHECK_EQ(ip.dns[1].s_addr, ip4("10.0.2.4"));

	/* No netmask: the class's (the kernel's guess); no autoconf field with an address: static. */
	CHECK_EQ(net_ipconf_parse("172.16.5.4:::", &ip, &d), 0);
	CHECK_EQ(ip.mode, NET_IP_STATIC);
	CHECK_EQ(ip.prefix, 16);
	CHECK_EQ(net_ipconf_parse("192.168.1.5::192.168.1.1::::none", &ip, &d), 0);
	CHECK_EQ(ip.prefix, 24);
	CHECK_EQ(ip.gateway.s_addr, ip4("192.168.1.1"));

	/* The autoconf field asks for DHCP on a device; no address at all means DHCP too. */
	CHECK_EQ(net_ipconf_parse("::::host:eth1:dhcp", &ip, &d), 0);
	CHECK_EQ(ip.mode, NET_IP_DHCP);
	CHECK_STREQ(ip.device, "eth1");
	CHECK_EQ(net_ipconf_parse(":::::eth2", &ip, &d), 0);
	CHECK_EQ(ip.mode, NET_IP_DHCP);
	CHECK_EQ(d.n, 0);

	/* Extra fields: a note, as the kernel ignores them. */
	CHECK_EQ(net_ipconf_parse("10.1.1.1:::255.255.0.0::::::1.2.3.4:x:y", &ip, &d), 0);
	CHECK_EQ(ip.prefix, 16);
	CHECK_EQ(d.n, 1);
	diag_list_done(&d);

	/* Refused, with a reason. */
	CHECK_EQ(net_ipconf_parse("rarp", &ip, &d), -EINVAL);
	CHECK(strstr(diag_reason(&d, ""), "neither a method") != NULL);
	CHECK_EQ(net_ipconf_parse("10.0.0.256::::", &ip, &d), -EINVAL);
	CHECK(strstr(diag_reason(&d, ""), "client address") != NULL);
	CHECK_EQ(net_ipconf_parse("10.0.0.1:::255.0.255.0", &ip, &d), -EINVAL);
	CHECK(strstr(diag_reason(&d, ""), "contiguous") != NULL);
	CHECK_EQ(net_ipconf_parse("::::::off", &ip, &d), -EINVAL);
	CHECK_EQ(net_ipconf_parse("10.0.0.1::::::bootme", &ip, &d), -EINVAL);
	CHECK_EQ(net_ipconf_parse("224.0.0.1::::", &ip, &d), -EINVAL);
	CHECK_EQ(net_ipconf_parse("10.0.0.1:::::averyveryverylongname0", &ip, &d), -EINVAL);
	CHECK_EQ(net_ipconf_parse("10.0.0.1::::bad host", &ip, &d), -EINVAL);
	diag_list_done(&d);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

/* A PE file of 0x400 bytes whose sections are named in names, each 0x40 bytes from 0x200. */
static void make_pe(uint8_t *b, const char *const *names, size_t n)
{
	memset(b, 0, 0x400);
	b[0] = 'M', b[1] = 'Z';
	put32(b + 0x3c, 0x40);
	memcpy(b + 0x40, "PE\0\0", 4);
	b[0x44] = 0x64, b[0x45] = 0x86;
	b[0x46] = (uint8_t)n;
	for (size_t i = 0; i < n; i++) {
		uint8_t *s = b + 0x58 + 40 * i;

		memcpy(s, names[i], strlen(names[i]));
		put32(s + 8, 0x40);
		put32(s + 16, 0x40);
		put32(s + 20, 0x200 + 0x40 * (uint32_t)i);
	}
}

static void test_image_probe(void)
{
	static const char *const uki[] = { ".osrel", ".cmdline", ".linux", ".initrd" };
	static const char *const stub[] = { ".text", ".data" };
	uint8_t b[0x400];
	struct boot_entry *e = NULL;

	/* A bzImage's setup header; its EFI stub's MZ does not make it a UKI. */
	memset(b, 0, sizeof(b));
	b[0] = 'M', b[1] = 'Z';
	b[0x1fe] = 0x55, b[0x1ff] = 0xaa;
	memcpy(b + 0x202, "HdrS", 4);
	CHECK_EQ(net_image_probe(b, sizeof(b), sizeof(b)), NET_IMAGE_BZIMAGE);
	CHECK_EQ(net_image_probe(b, 0x204, 0x204), NET_IMAGE_NONE); /* too short to hold the header */
	CHECK_EQ(net_image_entry("tftp://10.0.2.2/k/vmlinuz", NET_IMAGE_BZIMAGE, b, sizeof(b), &e), 0);
	CHECK(e != NULL);
	if (e) {
		CHECK_STREQ(e->title, "Network: vmlinuz (kernel)");
		CHECK_STREQ(e->id, "net:tftp://10.0.2.2/k/vmlinuz");
		CHECK_STREQ(e->kernel.url, "tftp://10.0.2.2/k/vmlinuz");
		CHECK(e->kernel.section == NULL);
		CHECK_EQ(e->n_initrds, 0);
		CHECK_STREQ(e->cmdline, "");
		CHECK_EQ(e->state, BOOT_ENTRY_OK);
	}
	boot_entry_free(e);

	/* A UKI: .linux boots with .initrd, .cmdline is its command line. */
	make_pe(b, uki, ARRAY_SIZE(uki));
	memcpy(b + 0x240, "console=ttyS0 quiet \n", 21);
	CHECK_EQ(net_image_probe(b, sizeof(b), sizeof(b)), NET_IMAGE_UKI);
	CHECK_EQ(net_image_entry("http://10.0.2.100/uki.efi", NET_IMAGE_UKI, b, sizeof(b), &e), 0);
	CHECK(e != NULL);
	if (e) {
		CHECK_STREQ(e->title, "Network: uki.efi (UKI)");
		CHECK_STREQ(e->kernel.url, "http://10.0.2.100/uki.efi");
		CHECK_STREQ(e->kernel.section, ".linux");
		CHECK_EQ(e->n_initrds, 1);
		if (e->n_initrds)
			CHECK_STREQ(e->initrds[0].section, ".initrd");
		CHECK_STREQ(e->cmdline, "console=ttyS0 quiet");
	}
	boot_entry_free(e);
	/* Headers cut before the section table: not recognized. */
	CHECK_EQ(net_image_probe(b, 0x60, sizeof(b)), NET_IMAGE_NONE);

	/* An EFI program without .linux (an iPXE, a shim) and text are neither. */
	make_pe(b, stub, ARRAY_SIZE(stub));
	CHECK_EQ(net_image_probe(b, sizeof(b), sizeof(b)), NET_IMAGE_NONE);
	CHECK_EQ(net_image_entry("http://x/ipxe.efi", NET_IMAGE_NONE, b, sizeof(b), &e), -EINVAL);
	CHECK(e == NULL);
	CHECK_EQ(net_image_probe((const uint8_t *)"DEFAULT x\n", 10, 10), NET_IMAGE_NONE);
}

static void test_wanted(void)
{
	CHECK(net_source_wanted(NULL, NULL, NULL, 1));
	CHECK(!net_source_wanted(NULL, NULL, NULL, 0));
	CHECK(net_source_wanted("http://x/", NULL, NULL, 0));
	CHECK(!net_source_wanted(" , ", NULL, NULL, 0));
	CHECK(!net_source_wanted("http://x/", "off", NULL, 1));
	CHECK(!net_source_wanted(NULL, NULL, "off", 1));
	CHECK(!net_source_wanted(NULL, NULL, "none", 1));
	CHECK(net_source_wanted(NULL, "eth0", "dhcp", 1));
}

static const struct test tests[] = {
	TEST(pxelinux_order), TEST(precedence), TEST(ipconf), TEST(image_probe), TEST(wanted),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
