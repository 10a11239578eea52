# SPDX-License-Identifier: GPL-2.0-or-later
# boot/net/: links, addresses and DHCPv4 for netboot (boot/net/net.h), DHCPv6 and SLAAC (boot/net/dhcp6.h).

NET_PURE_SRCS := boot/net/dhcp4_packet.c boot/net/dhcp4_client.c
# DHCPv6 and SLAAC (boot/net/dhcp6.h): the pure codec, client and lease accessor; then the
# real I/O (the sysctls SLAAC needs, IPv6 addresses over rtnetlink, the UDP socket).
DHCP6_PURE_SRCS := boot/net/dhcp6_packet.c boot/net/dhcp6_client.c boot/net/dhcp6_boot.c
DHCP6_SRCS := $(DHCP6_PURE_SRCS) boot/net/slaac.c boot/net/link6.c boot/net/dhcp6_socket.c
# The record releases DHCPv6 leases too: the I/O of both families goes together.
NET_SRCS := $(NET_PURE_SRCS) boot/net/link.c boot/net/record.c boot/net/dhcp4_socket.c boot/net/static.c \
	$(DHCP6_SRCS)
# The network source: the pure plan (URLs, base URLs, which links), where the config
# is (kexboot.url, DHCP options, pxelinux.cfg/ names), kexboot.ip, kernel-or-config, and the thread.
NETSRC_PURE_SRCS := boot/net/plan.c boot/net/where.c boot/net/ipconf.c boot/net/bootfile.c boot/net/dnsconf.c boot/net/choose.c
# DHCPv4 and IPv6 side by side on a link, and every link at once: the threads (the rules are choose.c's).
KEXBOOT_SRCS += $(NET_SRCS) $(NETSRC_PURE_SRCS) boot/net/dual.c boot/net/multi.c boot/net/source.c

UNIT_TESTS += netsrc
test-netsrc_SRCS := tests/unit/test-netsrc.c $(NETSRC_PURE_SRCS) boot/net/dhcp4_packet.c boot/net/dns_packet.c boot/entry.c lib/pe.c \
	lib/diag.c lib/strbuf.c lib/fileio.c lib/url.c

# Where the config is, kexboot.ip and the kernel probe: pure, over leases the test builds.
UNIT_TESTS += netwhere
test-netwhere_SRCS := tests/unit/test-netwhere.c $(NETSRC_PURE_SRCS) boot/net/dhcp4_packet.c boot/net/dns_packet.c boot/entry.c lib/pe.c \
	lib/diag.c lib/strbuf.c lib/fileio.c lib/url.c

# DHCPv4 and IPv6 side by side: when the source goes on, which family reaches kexboot.url, option 59's rank.
UNIT_TESTS += netdual
test-netdual_SRCS := tests/unit/test-netdual.c $(NETSRC_PURE_SRCS) boot/net/dhcp4_packet.c boot/net/dns_packet.c boot/entry.c lib/pe.c \
	lib/diag.c lib/strbuf.c lib/fileio.c lib/url.c

# Every link at once (boot/net/multi.h): the threads, the choice, stopping and what is taken back,
# over fake links (struct net_multi_ops): no socket, nothing on the host's network.
UNIT_TESTS += netmulti
test-netmulti_SRCS := tests/unit/test-netmulti.c boot/net/multi.c boot/net/dual.c $(NET_SRCS) $(NETSRC_PURE_SRCS) \
	boot/net/dns_packet.c boot/entry.c lib/pe.c lib/diag.c lib/strbuf.c lib/fileio.c lib/url.c
test-netmulti_LIBS := -lpthread

UNIT_TESTS += dhcp4 dhcp4-client
test-dhcp4_SRCS := tests/unit/test-dhcp4.c $(NET_PURE_SRCS) lib/diag.c lib/strbuf.c
test-dhcp4-client_SRCS := tests/unit/test-dhcp4-client.c $(NET_PURE_SRCS) lib/diag.c lib/strbuf.c

# The network test's probe (tests/net/dhcp4.sh): the real I/O, host-built with sanitizers.
$(BUILD)/tests/kexboot-net-probe: $(patsubst %.c,$(BUILD)/host/%.o,tests/net/probe.c $(NET_SRCS) boot/net/where.c \
		boot/net/plan.c boot/net/ipconf.c lib/url.c lib/diag.c lib/fileio.c lib/strbuf.c)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HLDFLAGS) -o $@ $^

unit: $(BUILD)/tests/kexboot-net-probe

# libFuzzer target over the codec; seeds from tests/fuzz/dhcp4-seeds.py.
FUZZ_TARGETS += dhcp4
$(BUILD)/fuzz/fuzz-dhcp4: tests/fuzz/fuzz-dhcp4.c $(NET_PURE_SRCS) boot/net/where.c boot/net/plan.c lib/url.c lib/fileio.c \
		lib/diag.c lib/strbuf.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)

# libFuzzer target over kexboot.ip's parser; seeds in tests/fuzz/corpus/ipconf/.
FUZZ_TARGETS += ipconf
$(BUILD)/fuzz/fuzz-ipconf: tests/fuzz/fuzz-ipconf.c boot/net/ipconf.c boot/net/dhcp4_packet.c lib/diag.c lib/strbuf.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)

# The source's URL reading (net_source_read_url) over the real parsers and
# file:// URLs, no network: source.c needs the runner and the net I/O to link.
UNIT_TESTS += netsrc-read
test-netsrc-read_SRCS := $(sort tests/unit/test-netsrc-read.c boot/net/source.c boot/net/dual.c boot/net/multi.c boot/sources.c $(NET_SRCS) \
	$(NETSRC_PURE_SRCS) $(DISCOVERY_TEST_SRCS) $(FETCH_TEST_SRCS))
test-netsrc-read_LIBS := -lpthread $(FETCH_LIBS)

UNIT_TESTS += dhcp6 dhcp6-client slaac
test-dhcp6_SRCS := tests/unit/test-dhcp6.c $(DHCP6_PURE_SRCS) lib/diag.c lib/strbuf.c lib/url.c
test-dhcp6-client_SRCS := tests/unit/test-dhcp6-client.c $(DHCP6_PURE_SRCS) lib/diag.c lib/strbuf.c lib/url.c
test-slaac_SRCS := tests/unit/test-slaac.c boot/net/slaac.c lib/diag.c lib/strbuf.c lib/fileio.c

# The DHCPv6 network test's probe (tests/net/dhcp6.sh).
$(BUILD)/tests/dhcp6-probe: $(patsubst %.c,$(BUILD)/host/%.o,tests/net/dhcp6-probe.c $(NET_SRCS) boot/net/dual.c \
		boot/net/choose.c boot/net/where.c boot/net/plan.c lib/diag.c lib/fileio.c lib/strbuf.c lib/url.c)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HLDFLAGS) -o $@ $^ -lpthread

unit: $(BUILD)/tests/dhcp6-probe

# libFuzzer target over the DHCPv6 codec and client; seeds from tests/fuzz/dhcp6-seeds.py.
FUZZ_TARGETS += dhcp6
$(BUILD)/fuzz/fuzz-dhcp6: tests/fuzz/fuzz-dhcp6.c $(DHCP6_PURE_SRCS) lib/diag.c lib/strbuf.c lib/url.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)

# The DNS stub resolver (boot/net/dns.h): the codec over crafted answers and the resolver
# against a scripted server on loopback (test-dns); the resolver and the fetch back ends
# looking up names through a real dnsmasq on a loopback address (test-dns-dnsmasq).
UNIT_TESTS += dns dns-dnsmasq
test-dns_SRCS := tests/unit/test-dns.c $(DNS_SRCS) boot/net/dnsconf.c boot/net/ipconf.c boot/net/dhcp4_packet.c \
	lib/diag.c lib/strbuf.c
test-dns_LIBS := -lpthread
test-dns-dnsmasq_SRCS := tests/unit/test-dns-dnsmasq.c tests/unit/server-util.c $(FETCH_TEST_SRCS)
test-dns-dnsmasq_LIBS := -lpthread $(FETCH_LIBS)

# libFuzzer target over the DNS answer parser; seeds from tests/fuzz/dns-seeds.py.
FUZZ_TARGETS += dns
$(BUILD)/fuzz/fuzz-dns: tests/fuzz/fuzz-dns.c boot/net/dns_packet.c lib/diag.c lib/strbuf.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)
