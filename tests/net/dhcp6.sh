#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DHCPv6 and SLAAC end to end, inside two network namespaces this script
# makes and removes: dnsmasq serves DHCPv6 (with the RFC 5970 boot options)
# and router advertisements on one end of a veth pair, dhcp6-probe
# (boot/net/dhcp6*.c, link6.c, slaac.c) leases on the other. No packet
# leaves the machine: the host's own namespace is never changed, only
# `ip netns add/del` and links created inside the new namespaces. The
# probe's sysctl writes go to a temporary tree (--root). Needs root and
# dnsmasq.
#
# Case 1: lease; check the address, option 59 (with an [IPv6] literal,
#         served only to arch 7 with the PXEClient vendor class),
#         option 60, DNS, the /128 on the interface, the kernel's SLAAC
#         address from dnsmasq's RA; then --release: RELEASE seen by
#         dnsmasq, the address gone, the link down again.
# Case 3: stateless: dnsmasq's RA has O without M; the probe sends only
#         an INFORMATION-REQUEST and still gets option 59, and returns once
#         the kernel's SLAAC address is past DAD.
# Case 4: the leased address is already in use (dnsmasq hands out an
#         address the server side holds): DAD fails, the probe deletes it
#         and sends DECLINE.
# Case 5: the network source's way (dhcp6-probe --dual, net_dual_run):
#         DHCPv4 with 209/210 and DHCPv6 with 59 at once: DHCPv4's config
#         wins; then IPv6 only: option 59 names it, the DHCPv6 lease is in
#         the record and the undo releases it.
# Case 2: no server: the probe gives up within its short total with a
#         clear reason and leaves nothing behind.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2

. tests/net/netns-lib.sh
netns_test dhcp6 dhcp6-probe
prefix=fd00:6b78:6236
url="http://[$prefix::1]:8080/boot/boot.ipxe"

# The sysctl tree the probe writes instead of /proc: accept_ra off, so the probe must turn it on.
mkdir -p "$tmp/root/proc/sys/net/ipv6/conf/kxbc0"
echo 0 >"$tmp/root/proc/sys/net/ipv6/conf/kxbc0/accept_ra"
echo 1 >"$tmp/root/proc/sys/net/ipv6/conf/kxbc0/autoconf"

netns_pair &&
	ip -n "$srv" addr add "$prefix::1/64" dev kxbs0 nodad &&
	ip -n "$srv" link set kxbs0 up || { bad "setup: namespaces and veth"; echo "$pass passed, $fail failed"; exit 1; }

# Started without a function or subshell in between, so $! is dnsmasq itself (nsenter execs it).
nsenter --net="/run/netns/$srv" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --user=root --group=root \
	--interface=kxbs0 --bind-interfaces --log-dhcp --log-facility=- \
	--pid-file="$tmp/dnsmasq.pid" --dhcp-leasefile="$tmp/leases" \
	--enable-ra --dhcp-range="$prefix::100,$prefix::1ff,slaac,64,1h" \
	--dhcp-option="option6:dns-server,[$prefix::53]" \
	--dhcp-match=set:efi64,option6:61,7 --dhcp-vendorclass=set:pxe6,enterprise:343,PXEClient \
	--dhcp-option="tag:efi64,tag:pxe6,option6:bootfile-url,$url" \
	--dhcp-option="tag:efi64,tag:pxe6,option6:bootfile-param,console=ttyS0,kexboot.test=1" \
	>"$tmp/dnsmasq.log" 2>&1 &
dns_pid=$!
if ! wait_for "$tmp/dnsmasq.log" 50 "DHCPv6, IP range"; then
	bad "setup: dnsmasq did not start"
	sed 's/^/    /' "$tmp/dnsmasq.log"
	echo "$pass passed, $fail failed"
	exit 1
fi

# --- case 1: lease, configure, release ---
mkfifo "$tmp/go"
nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --total-ms 20000 --carrier-ms 5000 --ra-ms 15000 --root "$tmp/root" \
	--release kxbc0 <"$tmp/go" >"$tmp/out" 2>"$tmp/err" &
probe_pid=$!
exec 3>"$tmp/go"
if wait_for "$tmp/out" 300 "^READY"; then
	ok "lease: probe bound within 30 s"
	val() { sed -n "s/^$1=//p" "$tmp/out" | head -n 1; }
	addr=$(val ADDRESS)
	check "lease: address in the range ($addr)" sh -c "echo '$addr' | grep -Eq '^$prefix::1[0-9a-f][0-9a-f]$'"
	check "lease: valid lifetime 1h ($(val VALID_LT))" test "$(val VALID_LT)" = 3600
	check "ra: the kernel saw dnsmasq's RA with M and O ($(val RA_FLAGS))" test "$(val RA_FLAGS)" = RMO
	check "ra: M set, so the stateful exchange" test "$(val MODE)" = stateful
	check "lease: link-local source" sh -c "echo '$(val LINKLOCAL)' | grep -q '^fe80:'"
	check "lease: option 59 with an [IPv6] literal" test "$(val BOOTFILE_URL)" = "$url"
	check "lease: option 60, first parameter" test "$(sed -n 's/^BOOTFILE_PARAM=//p' "$tmp/out" | sed -n 1p)" = console=ttyS0
	check "lease: option 60, second parameter" test "$(sed -n 's/^BOOTFILE_PARAM=//p' "$tmp/out" | sed -n 2p)" = kexboot.test=1
	check "lease: config URL from option 59" test "$(val CONFIG_URL)" = "$url"
	check "lease: kernel params from option 60" test "$(val KERNEL_PARAMS)" = "console=ttyS0 kexboot.test=1"
	check "lease: DNS server (option 23)" test "$(val DNS)" = "$prefix::53"
	check "lease: /128 on kxbc0" sh -c "ip -n $cli -6 addr show dev kxbc0 | grep -q 'inet6 $addr/128'"
	check "lease: /128 past DAD when the probe returned" \
		sh -c "ip -n $cli -6 addr show dev kxbc0 | grep 'inet6 $addr/128' | grep -vq tentative"
	check "slaac: accept_ra turned on under --root" test "$(cat "$tmp/root/proc/sys/net/ipv6/conf/kxbc0/accept_ra")" = 1
	check "slaac: the kernel added an address from the RA" \
		wait_cmd 100 sh -c "ip -n $cli -6 addr show dev kxbc0 | grep -q 'inet6 $prefix:.*/64 scope global dynamic'"
	check "dnsmasq: REPLY sent with the address" grep -q "DHCPREPLY(kxbs0) $addr" "$tmp/dnsmasq.log"
	# The boot options are served only to a client that sent arch 7 (option 61) and the PXEClient vendor class.
	check "dnsmasq: matched option 61 and the vendor class" grep -Eq "tags: (efi64, pxe6|pxe6, efi64)" "$tmp/dnsmasq.log"
else
	bad "lease: probe did not bind"
	sed 's/^/    /' "$tmp/err" "$tmp/out"
	tail -n 30 "$tmp/dnsmasq.log" | sed 's/^/    dnsmasq: /'
fi
echo go >&3
exec 3>&-
wait "$probe_pid"
rc=$?
probe_pid=""
check "release: probe exited 0 (rc $rc)" test "$rc" = 0
check "release: RELEASED=all" grep -q "^RELEASED=all" "$tmp/out"
check "release: dnsmasq got the RELEASE" wait_for "$tmp/dnsmasq.log" 30 "DHCPRELEASE(kxbs0)"
check "release: no global address left on kxbc0" sh -c "! ip -n $cli -6 addr show dev kxbc0 | grep -q 'scope global'"
check "release: kxbc0 is down again" sh -c "! ip -n $cli link show kxbc0 | head -n 1 | grep -q '[<,]UP[,>]'"
[ "$fail" -eq 0 ] || { sed 's/^/    probe: /' "$tmp/err"; tail -n 40 "$tmp/dnsmasq.log" | sed 's/^/    dnsmasq: /'; }

kill "$dns_pid" 2>/dev/null
wait "$dns_pid" 2>/dev/null
dns_pid=""

# --- case 3: stateless (RA with O, without M): INFORMATION-REQUEST, the address is SLAAC's ---
nsenter --net="/run/netns/$srv" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --user=root --group=root \
	--interface=kxbs0 --bind-interfaces --log-dhcp --log-facility=- \
	--pid-file="$tmp/dnsmasq3.pid" --dhcp-leasefile="$tmp/leases3" \
	--enable-ra --dhcp-range="$prefix::,ra-stateless,64" \
	--dhcp-option="option6:bootfile-url,$url" \
	>"$tmp/dnsmasq3.log" 2>&1 &
dns_pid=$!
if wait_for "$tmp/dnsmasq3.log" 50 "DHCPv6 stateless on"; then
	nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --total-ms 10000 --carrier-ms 5000 --ra-ms 15000 --root "$tmp/root" kxbc0 \
		>"$tmp/out3" 2>"$tmp/err3"
	rc=$?
	val3() { sed -n "s/^$1=//p" "$tmp/out3" | head -n 1; }
	check "stateless: probe exited 0 (rc $rc)" test "$rc" = 0
	check "stateless: RA with O, without M ($(val3 RA_FLAGS))" test "$(val3 RA_FLAGS)" = R-O
	check "stateless: INFORMATION-REQUEST mode" test "$(val3 MODE)" = stateless
	check "stateless: no DHCPv6 address" sh -c "! grep -q '^ADDRESS=' '$tmp/out3'"
	# The address is SLAAC's: the probe returns once the kernel's is past DAD, so a fetch has a source.
	check "stateless: SLAAC address $(val3 SLAAC) past DAD on return" \
		sh -c "echo '$(val3 SLAAC)' | grep -q '^$prefix:' &&
			ip -n $cli -6 addr show dev kxbc0 | grep 'inet6 $(val3 SLAAC)/64' | grep -vq tentative"
	check "stateless: option 59 all the same" test "$(val3 BOOTFILE_URL)" = "$url"
	check "stateless: dnsmasq answered an INFORMATION-REQUEST" grep -q "DHCPINFORMATION-REQUEST(kxbs0)" "$tmp/dnsmasq3.log"
	[ "$rc" = 0 ] || sed "s/^/    probe: /" "$tmp/err3" "$tmp/out3"
else
	bad "stateless: dnsmasq did not start"
	sed 's/^/    /' "$tmp/dnsmasq3.log"
fi
kill "$dns_pid" 2>/dev/null
wait "$dns_pid" 2>/dev/null
dns_pid=""
ip -n "$cli" link set kxbc0 down 2>/dev/null

# --- case 4: the leased address is taken (the server side holds it): DAD fails, DECLINE ---
dup="$prefix::150"
ip -n "$cli" link set kxbc0 address 02:6b:78:00:00:01 &&
	ip -n "$srv" addr add "$dup/64" dev kxbs0 nodad || bad "duplicate: setup"
nsenter --net="/run/netns/$srv" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --user=root --group=root \
	--interface=kxbs0 --bind-interfaces --log-dhcp --log-facility=- \
	--pid-file="$tmp/dnsmasq4.pid" --dhcp-leasefile="$tmp/leases4" \
	--enable-ra --dhcp-range="$prefix::100,$prefix::1ff,64,1h" \
	--dhcp-host="id:00:03:00:01:02:6b:78:00:00:01,[$dup]" \
	>"$tmp/dnsmasq4.log" 2>&1 &
dns_pid=$!
if wait_for "$tmp/dnsmasq4.log" 50 "DHCPv6, IP range"; then
	nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --total-ms 10000 --carrier-ms 5000 --ra-ms 15000 --root "$tmp/root" kxbc0 \
		>"$tmp/out4" 2>"$tmp/err4"
	rc=$?
	check "duplicate: probe failed (rc $rc)" test "$rc" = 1
	check "duplicate: says why" grep -q "kxbc0: the leased address is in use by another host (declined)" "$tmp/err4"
	check "duplicate: dnsmasq had offered $dup" grep -q "DHCPREPLY(kxbs0) $dup" "$tmp/dnsmasq4.log"
	check "duplicate: dnsmasq got the DECLINE" wait_for "$tmp/dnsmasq4.log" 30 "DHCPDECLINE(kxbs0)"
	check "duplicate: the address is gone from kxbc0" sh -c "! ip -n $cli -6 addr show dev kxbc0 | grep -q '$dup/128'"
	if [ "$rc" != 1 ] || ! grep -q "DHCPDECLINE(kxbs0)" "$tmp/dnsmasq4.log"; then
		sed "s/^/    probe: /" "$tmp/err4" "$tmp/out4"
		grep -E "DHCP[A-Z-]+\(" "$tmp/dnsmasq4.log" | sed "s/^/    dnsmasq: /"
	fi
else
	bad "duplicate: dnsmasq did not start"
	sed 's/^/    /' "$tmp/dnsmasq4.log"
fi
kill "$dns_pid" 2>/dev/null
wait "$dns_pid" 2>/dev/null
dns_pid=""
ip -n "$cli" link set kxbc0 down 2>/dev/null

# --- case 5: DHCPv4 and IPv6 side by side (the network source's net_dual_run) ---
# Both name a config: DHCPv4's 209 wins. IPv6 alone: option 59, its lease in the record, released by the undo.
ip -n "$srv" addr add 10.98.0.1/24 dev kxbs0 || bad "dual: setup"
ip -n "$cli" link set kxbc0 address 02:6b:78:00:00:05 || bad "dual: setup"
nsenter --net="/run/netns/$srv" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --user=root --group=root \
	--interface=kxbs0 --bind-interfaces --log-dhcp --log-facility=- \
	--pid-file="$tmp/dnsmasq5.pid" --dhcp-leasefile="$tmp/leases5" \
	--dhcp-range=10.98.0.50,10.98.0.99,255.255.255.0,1h \
	--dhcp-option=209,v4.cfg --dhcp-option=210,http://10.98.0.1/boot/ \
	--enable-ra --dhcp-range="$prefix::100,$prefix::1ff,64,1h" --dhcp-option="option6:bootfile-url,$url" \
	>"$tmp/dnsmasq5.log" 2>&1 &
dns_pid=$!
if wait_for "$tmp/dnsmasq5.log" 50 "DHCPv6, IP range"; then
	nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --dual --total-ms 8000 --root "$tmp/root" kxbc0 \
		>"$tmp/out5" 2>"$tmp/err5"
	rc=$?
	val5() { sed -n "s/^$1=//p" "$tmp/out5" | head -n 1; }
	check "dual: probe exited 0 (rc $rc)" test "$rc" = 0
	check "dual: DHCPv4 leased ($(val5 ADDRESS4))" sh -c "echo '$(val5 ADDRESS4)' | grep -q '^10\.98\.0\.'"
	check "dual: option 209 under 210 wins over option 59 ($(val5 WHERE_FROM))" test "$(val5 WHERE_FROM)" = "DHCP option 209"
	check "dual: the config is DHCPv4's" test "$(val5 WHERE_URL)" = "http://10.98.0.1/boot/v4.cfg"
	check "dual: everything undone" test "$(val5 UNDONE)" = all
	check "dual: dnsmasq got the DHCPRELEASE" wait_for "$tmp/dnsmasq5.log" 30 "DHCPRELEASE(kxbs0) 10\.98\.0\."
	[ "$rc" = 0 ] || sed "s/^/    probe: /" "$tmp/err5" "$tmp/out5"
else
	bad "dual: dnsmasq did not start"
	sed 's/^/    /' "$tmp/dnsmasq5.log"
fi
kill "$dns_pid" 2>/dev/null
wait "$dns_pid" 2>/dev/null
dns_pid=""
ip -n "$cli" link set kxbc0 down 2>/dev/null

nsenter --net="/run/netns/$srv" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --user=root --group=root \
	--interface=kxbs0 --bind-interfaces --log-dhcp --log-facility=- \
	--pid-file="$tmp/dnsmasq6.pid" --dhcp-leasefile="$tmp/leases6" \
	--enable-ra --dhcp-range="$prefix::100,$prefix::1ff,64,1h" --dhcp-option="option6:bootfile-url,$url" \
	>"$tmp/dnsmasq6.log" 2>&1 &
dns_pid=$!
if wait_for "$tmp/dnsmasq6.log" 50 "DHCPv6, IP range"; then
	# DHCPv4 never answers here, so the probe runs its whole total: long enough for RA, DAD and
	# DHCPv6 on a loaded host (6 s ran out once in CI with QEMU guests beside it)
	nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --dual --total-ms 12000 --root "$tmp/root" kxbc0 \
		>"$tmp/out6" 2>"$tmp/err6"
	rc=$?
	val6() { sed -n "s/^$1=//p" "$tmp/out6" | head -n 1; }
	check "v6 only: probe exited 0 (rc $rc)" test "$rc" = 0
	check "v6 only: DHCPv4 failed, IPv6 configured" test "$(val6 V4)/$(val6 V6)" = failed/ok
	check "v6 only: DHCPv6 address ($(val6 ADDRESS6))" sh -c "echo '$(val6 ADDRESS6)' | grep -Eq '^$prefix::1[0-9a-f][0-9a-f]$'"
	check "v6 only: the config from option 59 ($(val6 WHERE_FROM))" test "$(val6 WHERE_FROM)" = "DHCPv6 option 59"
	check "v6 only: option 59's URL" test "$(val6 WHERE_URL)" = "$url"
	check "v6 only: the DHCPv6 lease was in the record" test "$(val6 LEASE6)" = 1
	check "v6 only: everything undone" test "$(val6 UNDONE)" = all
	check "v6 only: dnsmasq got the RELEASE" wait_for "$tmp/dnsmasq6.log" 30 "DHCPRELEASE(kxbs0)"
	check "v6 only: no global address left on kxbc0" sh -c "! ip -n $cli -6 addr show dev kxbc0 | grep -q '$(val6 ADDRESS6)'"
	[ "$rc" = 0 ] || sed "s/^/    probe: /" "$tmp/err6" "$tmp/out6"
else
	bad "v6 only: dnsmasq did not start"
	sed 's/^/    /' "$tmp/dnsmasq6.log"
fi
kill "$dns_pid" 2>/dev/null
wait "$dns_pid" 2>/dev/null
dns_pid=""
ip -n "$cli" link set kxbc0 down 2>/dev/null

# --- case 2: no server ---
start=$(date +%s)
nsenter --net="/run/netns/$cli" "$nokexec" "$probe" --total-ms 3000 --carrier-ms 5000 --root "$tmp/root" kxbc0 \
	>"$tmp/out2" 2>"$tmp/err2" &
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
check "no server: gave up within 12 s (took $took s)" test "$took" -le 12
check "no server: says why" grep -q "kxbc0: no DHCPv6 server offered an address within 3 s" "$tmp/err2"
check "no server: no global address left" sh -c "! ip -n $cli -6 addr show dev kxbc0 | grep -q 'scope global'"
check "no server: kxbc0 is down again" sh -c "! ip -n $cli link show kxbc0 | head -n 1 | grep -q '[<,]UP[,>]'"
[ "$rc" = 1 ] || sed "s/^/    probe: /" "$tmp/err2" "$tmp/out2"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
