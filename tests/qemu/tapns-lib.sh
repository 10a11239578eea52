# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the cases whose guest sits on a tap in a network namespace the
# case makes (sourced after lib.sh; tests/net/netns-lib.sh is another thing:
# the frame of the host-side namespace tests, a veth pair and no QEMU).
# The namespace holds lo and the tap and nothing else: no uplink, no route
# out, so no packet leaves it. Its name
# and temp dir carry the case's pid: cases run side by side do not meet
# (each has its own tap, also named kxbtap0, in its own namespace).
#   tapns_need         exits unless root, dnsmasq and nsenter are here
#   tapns_up NAME ADDR/PLEN [ADDR/PLEN...]   makes namespace kxb-NAME-$$ (NS)
#                      with the tap NS_TAP up and carrying the addresses
#                      (an IPv6 one without DAD), a temp dir NS_DIR (755),
#                      the EXIT trap (tapns_cleanup) and a guard process
#                      that removes the namespace should this shell end
#                      without its trap; QEMU_BIN runs QEMU inside the
#                      namespace (the wrapper execs it: QEMU_PID is QEMU's)
#   NS_NETDEV          the -netdev argument for the tap
#   NS_RUN             the prefix that runs a command in the namespace:
#                      `$NS_RUN CMD &` (nsenter execs CMD: $! is CMD's own pid)
#   tapns_pid PID      a server started with $NS_RUN ... &: stopped at the end
#   tapns_dnsmasq LOG [ARGS...]   dnsmasq in the namespace, on the tap only,
#                      DNS off, logging to LOG (DHCP and TFTP as ARGS say);
#                      waits for it to start, sets NS_DNS_PID
#   tapns_dnsmasq_stop [SIGNAL]   ends that dnsmasq (SIGTERM unless named);
#                      fails when it could not be signalled (gone already)
#   tapns_trap         after qemu_start (it sets its own EXIT trap): the
#                      cleanup again on exit
#   tapns_cleanup      QEMU, the servers, whatever else runs in the
#                      namespace, the namespace; keeps NS_DIR's *.log with
#                      the QEMU logs and removes NS_DIR. Every step runs
#                      whatever failed before it.

NS= NS_TAP=kxbtap0 NS_DIR= NS_RUN= NS_NETDEV= NS_DNS_PID= NS_PIDS=

tapns_need() {
	[ "$(id -u)" = 0 ] || { echo "  needs root (network namespace, tap)" >&2; exit 1; }
	command -v dnsmasq >/dev/null || { echo "  dnsmasq is missing: install the Debian package dnsmasq-base" >&2; exit 1; }
	command -v nsenter >/dev/null || { echo "  nsenter is missing: install the Debian package util-linux" >&2; exit 1; }
}

tapns_up() {
	NS=kxb-$1-$$
	NS_RUN="nsenter --net=/run/netns/$NS"
	NS_DIR=$(mktemp -d "/tmp/kexboot-$1-XXXXXX")
	shift
	chmod 755 "$NS_DIR"
	trap tapns_cleanup EXIT
	# The guard, outside the namespace: should this shell end without its EXIT trap (a signal
	# that finds no trap, SIGKILL), whatever runs in the namespace and the namespace itself go.
	(
		trap - TERM HUP INT
		while kill -0 $$ 2>/dev/null; do sleep 1; done
		for p in $(ip netns pids "$NS" 2>/dev/null); do kill "$p" 2>/dev/null; done
		ip netns del "$NS" 2>/dev/null
		rm -rf "$NS_DIR"
	) </dev/null >/dev/null 2>&1 &
	# lo and the tap, nothing else (no route out of it)
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	ip -n "$NS" tuntap add dev "$NS_TAP" mode tap
	for a in "$@"; do
		case $a in
		*:*) ip -n "$NS" addr add "$a" dev "$NS_TAP" nodad ;;
		*) ip -n "$NS" addr add "$a" dev "$NS_TAP" ;;
		esac
	done
	ip -n "$NS" link set "$NS_TAP" up
	echo "  namespace $NS: $NS_TAP $*; links: $(ip -n "$NS" -o link show | awk -F': ' '{printf "%s ", $2}')"
	cat >"$QEMU_DIR/qemu-in-ns" <<SH
#!/bin/sh
exec nsenter --net=/run/netns/$NS qemu-system-x86_64 "\$@"
SH
	chmod +x "$QEMU_DIR/qemu-in-ns"
	QEMU_BIN=$QEMU_DIR/qemu-in-ns
	NS_NETDEV="tap,id=n0,ifname=$NS_TAP,script=no,downscript=no"
}

tapns_pid() {
	NS_PIDS="$NS_PIDS $1"
}

tapns_dnsmasq() {
	log=$1
	shift
	$NS_RUN dnsmasq --no-daemon --conf-file=/dev/null --port=0 --user=root --group=root \
		--interface="$NS_TAP" --bind-interfaces --log-dhcp --log-facility=- \
		--pid-file="$NS_DIR/dnsmasq.pid" --dhcp-leasefile="$NS_DIR/leases" "$@" >"$log" 2>&1 &
	NS_DNS_PID=$!
	i=0
	until grep -q "started, version" "$log" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 50 ] || { echo "  dnsmasq did not start:" >&2; cat "$log" >&2; exit 1; }
		sleep 0.1
	done
}

tapns_dnsmasq_stop() {
	r=0
	kill -"${1:-TERM}" "$NS_DNS_PID" || r=1
	wait "$NS_DNS_PID" 2>/dev/null || true
	NS_DNS_PID=
	return "$r"
}

tapns_trap() {
	trap tapns_cleanup EXIT
}

# Everything goes whatever failed on the way: no step may stop the ones after it.
tapns_cleanup() {
	set +e
	[ -n "$QEMU_PID" ] && kill "$QEMU_PID" 2>/dev/null
	for p in $NS_DNS_PID $NS_PIDS; do kill "$p" 2>/dev/null; done
	# Anything else still in the namespace is this case's (it made the namespace).
	[ -n "$NS" ] && for p in $(ip netns pids "$NS" 2>/dev/null); do kill "$p" 2>/dev/null; done
	[ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
	qemu_stop
	for p in $NS_DNS_PID $NS_PIDS; do wait "$p" 2>/dev/null; done
	if [ -n "$NS_DIR" ]; then
		for f in "$NS_DIR"/*.log; do
			[ -f "$f" ] && cp "$f" "$QEMU_DIR/"
		done
		rm -rf "$NS_DIR"
	fi
}
