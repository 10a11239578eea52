# SPDX-License-Identifier: GPL-2.0-or-later
# boot/net/: links, addresses and DHCPv4 for netboot (boot/net/net.h).

NET_PURE_SRCS := boot/net/dhcp4_packet.c boot/net/dhcp4_client.c
NET_SRCS := $(NET_PURE_SRCS)
KEXBOOT_SRCS += $(NET_SRCS)

UNIT_TESTS += dhcp4 dhcp4-client
test-dhcp4_SRCS := tests/unit/test-dhcp4.c $(NET_PURE_SRCS) lib/diag.c lib/strbuf.c
test-dhcp4-client_SRCS := tests/unit/test-dhcp4-client.c $(NET_PURE_SRCS) lib/diag.c lib/strbuf.c

