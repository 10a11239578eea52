# SPDX-License-Identifier: GPL-2.0-or-later
# boot/net/: links, addresses and DHCPv4 for netboot (boot/net/net.h).

NET_PURE_SRCS := boot/net/dhcp4_packet.c boot/net/dhcp4_client.c
NET_SRCS := $(NET_PURE_SRCS) boot/net/link.c boot/net/record.c boot/net/dhcp4_socket.c
# The network source (kexboot.url): the pure plan (URLs, base URLs, which links) and the thread.
NETSRC_PURE_SRCS := boot/net/plan.c
KEXBOOT_SRCS += $(NET_SRCS) $(NETSRC_PURE_SRCS) boot/net/source.c

UNIT_TESTS += netsrc
test-netsrc_SRCS := tests/unit/test-netsrc.c $(NETSRC_PURE_SRCS) lib/diag.c lib/strbuf.c lib/fileio.c lib/url.c

UNIT_TESTS += dhcp4 dhcp4-client
test-dhcp4_SRCS := tests/unit/test-dhcp4.c $(NET_PURE_SRCS) lib/diag.c lib/strbuf.c
test-dhcp4-client_SRCS := tests/unit/test-dhcp4-client.c $(NET_PURE_SRCS) lib/diag.c lib/strbuf.c

# The network test's probe (tests/net/dhcp4.sh): the real I/O, host-built with sanitizers.
$(BUILD)/tests/kexboot-net-probe: $(patsubst %.c,$(BUILD)/host/%.o,tests/net/probe.c $(NET_SRCS) lib/diag.c lib/fileio.c lib/strbuf.c)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HLDFLAGS) -o $@ $^

unit: $(BUILD)/tests/kexboot-net-probe

# libFuzzer target over the codec; seeds from tests/fuzz/dhcp4-seeds.py.
FUZZ_TARGETS += dhcp4
$(BUILD)/fuzz/fuzz-dhcp4: tests/fuzz/fuzz-dhcp4.c $(NET_PURE_SRCS) lib/diag.c lib/strbuf.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(DISCOVERY_FUZZ_CFLAGS) -o $@ $(FUZZ_IN)

# The source's URL reading (net_source_read_url) over the real parsers and
# file:// URLs, no network: source.c needs the runner and the net I/O to link.
UNIT_TESTS += netsrc-read
test-netsrc-read_SRCS := $(sort tests/unit/test-netsrc-read.c boot/net/source.c boot/sources.c $(NET_SRCS) \
	$(NETSRC_PURE_SRCS) $(DISCOVERY_TEST_SRCS) $(FETCH_TEST_SRCS))
test-netsrc-read_LIBS := -lpthread
