#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DHCPv4 end to end, inside two network namespaces this script makes and
# removes: dnsmasq serves on one end of a veth pair, kexboot-net-probe
# (boot/net/*.c) leases on the other. No packet leaves the machine: the
# host's own namespace is never changed, only `ip netns add/del` and links
# created inside the new namespaces. Needs root and dnsmasq.
#
# Case 1: lease, check the lease's options, the address and route really on
#         the interface, then --release and check they are gone.
# Case 2: no server: the probe gives up within its short total with a clear
#         reason and leaves nothing behind.
# Case 3: kexboot.ip static addressing: address, broadcast and route on the
#         interface, then undone.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2

. tests/net/netns-lib.sh
netns_test dhcp4 kexboot-net-probe

netns_pair &&
	ip -n "$srv" addr add 10.213.7.1/24 dev kxbs0 &&
	ip -n "$srv" link set kxbs0 up || { bad "setup: namespaces and veth"; echo "$pass passed, $fail failed"; exit 1; }

# Started without a function or subshell in between, so $! is dnsmasq itself (nsenter execs it).
nsenter --net="/run/netns/$srv" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --user=root --group=root \
	--interface=kxbs0 --bind-interfaces --no-ping --log-dhcp --log-facility=- \
	--pid-file="$tmp/dnsmasq.pid" --dhcp-leasefile="$tmp/leases" \
	--dhcp-range=10.213.7.50,10.213.7.99,255.255.255.0,1h \
	--dhcp-option=3,10.213.7.1 --dhcp-option=66,10.213.7.1 \
	--dhcp-option=209,pxelinux.cfg/default --dhcp-option=210,/tftpboot/ \
	--dhcp-boot=grubx64.efi >"$tmp/dnsmasq.log" 2>&1 &
dns_pid=$!
if ! wait_for "$tmp/dnsmasq.log" 50 "DHCP, IP range"; then
	bad "setup: dnsmasq did not start"
	sed 's/^/    /' "$tmp/dnsmasq.log"
	echo "$pass passed, $fail failed"
	exit 1
fi

# --- case 1: lease, configure, release ---
mkfifo "$tmp/go"
nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --total-ms 20000 --carrier-ms 5000 --root "$tmp/noroot" --release kxbc0 \
	<"$tmp/go" >"$tmp/out" 2>"$tmp/err" &
probe_pid=$!
exec 3>"$tmp/go"
if wait_for "$tmp/out" 300 "^READY"; then
	ok "lease: probe bound within 30 s"
	val() { sed -n "s/^$1=//p" "$tmp/out" | head -n 1; }
	addr=$(val ADDRESS)
	check "lease: address in the range ($addr)" sh -c "echo '$addr' | grep -Eq '^10\.213\.7\.([5-9][0-9])$'"
	check "lease: prefix /24" test "$(val PREFIX)" = 24
	check "lease: router" test "$(val ROUTER)" = 10.213.7.1
	check "lease: server id" test "$(val SERVER_ID)" = 10.213.7.1
	check "lease: option 66" test "$(val TFTP_SERVER)" = 10.213.7.1
	check "lease: option 67 / file" test "$(val BOOT_FILE)" = grubx64.efi
	check "lease: option 209" test "$(val CONFIG_FILE)" = pxelinux.cfg/default
	check "lease: option 210" test "$(val PATH_PREFIX)" = /tftpboot/
	check "lease: address on kxbc0" sh -c "ip -n $cli -4 addr show dev kxbc0 | grep -q 'inet $addr/24'"
	check "lease: default route via the router" \
		sh -c "ip -n $cli -4 route show default | grep -q 'default via 10.213.7.1 dev kxbc0'"
	check "lease: dnsmasq handed it out" grep -q "DHCPACK(kxbs0) $addr" "$tmp/dnsmasq.log"
	# 209 against 210 on the 66 server wins over the boot file (net_where_make over this real lease).
	check "where: option 209 under 210" test "$(val WHERE_FROM)" = "DHCP option 209"
	check "where: tftp://10.213.7.1/tftpboot/pxelinux.cfg/default" \
		test "$(val WHERE)" = tftp://10.213.7.1/tftpboot/pxelinux.cfg/default
else
	bad "lease: probe did not bind"
	sed 's/^/    /' "$tmp/err" "$tmp/out"
	tail -n 20 "$tmp/dnsmasq.log" | sed 's/^/    dnsmasq: /'
fi
echo go >&3
exec 3>&-
wait "$probe_pid"
rc=$?
probe_pid=""
check "release: probe exited 0 (rc $rc)" test "$rc" = 0
check "release: RELEASED=all" grep -q "^RELEASED=all" "$tmp/out"
check "release: dnsmasq got the DHCPRELEASE" wait_for "$tmp/dnsmasq.log" 30 "DHCPRELEASE(kxbs0) $addr"
check "release: no address left on kxbc0" sh -c "! ip -n $cli -4 addr show dev kxbc0 | grep -q inet"
check "release: no default route left" sh -c "test -z \"\$(ip -n $cli -4 route show default)\""
check "release: kxbc0 is down again" sh -c "! ip -n $cli link show kxbc0 | head -n 1 | grep -q '[<,]UP[,>]'"
[ "$fail" -eq 0 ] || sed 's/^/    probe: /' "$tmp/err"

# --- case 2: no server ---
kill "$dns_pid" 2>/dev/null
wait "$dns_pid" 2>/dev/null
dns_pid=""
start=$(date +%s)
nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --total-ms 3000 --carrier-ms 5000 kxbc0 >"$tmp/out2" 2>"$tmp/err2" &
probe_pid=$!
i=0
while kill -0 "$probe_pid" 2>/dev/null && [ "$i" -lt 200 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill "$probe_pid" 2>/dev/null
wait "$probe_pid"
rc=$?
probe_pid=""
took=$(($(date +%s) - start))
check "no server: probe failed (rc $rc)" test "$rc" = 1
check "no server: gave up within 10 s (took $took s)" test "$took" -le 10
check "no server: says why" grep -q "kxbc0: no DHCP offer within 3 s" "$tmp/err2"
check "no server: no address left" sh -c "! ip -n $cli -4 addr show dev kxbc0 | grep -q inet"
check "no server: kxbc0 is down again" sh -c "! ip -n $cli link show kxbc0 | head -n 1 | grep -q '[<,]UP[,>]'"
[ "$rc" = 1 ] || sed "s/^/    probe: /" "$tmp/err2" "$tmp/out2"

# --- case 3: static addressing (kexboot.ip's syntax), no DHCP at all ---
mkfifo "$tmp/go3"
nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --carrier-ms 5000 --release \
	--static 10.213.7.42::10.213.7.1:255.255.255.0:kexboot:kxbc0:off kxbc0 <"$tmp/go3" >"$tmp/out3" 2>"$tmp/err3" &
probe_pid=$!
exec 3>"$tmp/go3"
if wait_for "$tmp/out3" 100 "^READY"; then
	check "static: address 10.213.7.42/24 on kxbc0" \
		sh -c "ip -n $cli -4 addr show dev kxbc0 | grep -q 'inet 10.213.7.42/24 brd 10.213.7.255'"
	check "static: default route via 10.213.7.1" \
		sh -c "ip -n $cli -4 route show default | grep -q 'default via 10.213.7.1 dev kxbc0'"
	check "static: link, address and route recorded" grep -q "^CHANGES=3" "$tmp/out3"
else
	bad "static: probe did not configure kxbc0"
	sed 's/^/    /' "$tmp/err3" "$tmp/out3"
fi
echo go >&3
exec 3>&-
wait "$probe_pid"
rc=$?
probe_pid=""
check "static: undone (rc $rc)" grep -q "^RELEASED=all" "$tmp/out3"
check "static: no address left" sh -c "! ip -n $cli -4 addr show dev kxbc0 | grep -q inet"
check "static: no default route left" sh -c "test -z \"\$(ip -n $cli -4 route show default)\""
check "static: kxbc0 is down again" sh -c "! ip -n $cli link show kxbc0 | head -n 1 | grep -q '[<,]UP[,>]'"
# What a killed run leaves (a pipeline child ended by the OOM killer cannot undo its changes): the same
# address and a default route already there. The next run takes them over and undoes them at the end.
ip -n "$cli" link set kxbc0 up &&
	ip -n "$cli" addr add 10.213.7.42/24 brd 10.213.7.255 dev kxbc0 &&
	ip -n "$cli" route add default via 10.213.7.1 dev kxbc0 || bad "leftover: setup"
mkfifo "$tmp/go5"
nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --carrier-ms 5000 --release \
	--static 10.213.7.42::10.213.7.1:255.255.255.0:kexboot:kxbc0:off kxbc0 <"$tmp/go5" >"$tmp/out5" 2>"$tmp/err5" &
probe_pid=$!
exec 3>"$tmp/go5"
if wait_for "$tmp/out5" 100 "^READY"; then
	# The link was up already: only the address and the route are this run's changes.
	check "leftover: the address and route taken over and recorded" grep -q "^CHANGES=2" "$tmp/out5"
else
	bad "leftover: probe did not configure kxbc0 over a killed run's address"
	sed 's/^/    /' "$tmp/err5" "$tmp/out5"
fi
echo go >&3
exec 3>&-
wait "$probe_pid"
probe_pid=""
check "leftover: undone (RELEASED=all)" grep -q "^RELEASED=all" "$tmp/out5"
check "leftover: no address left" sh -c "! ip -n $cli -4 addr show dev kxbc0 | grep -q inet"
check "leftover: no default route left" sh -c "test -z \"\$(ip -n $cli -4 route show default)\""
nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --static 10.213.7.42:::255.0.255.0 kxbc0 >/dev/null 2>"$tmp/err4"
check "static: a bad netmask is refused with its reason" grep -q "netmask is not contiguous" "$tmp/err4"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
