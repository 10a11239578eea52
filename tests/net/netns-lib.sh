# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/net/dhcp4.sh and dhcp6.sh: the frame of a test that runs a
# probe against dnsmasq across a veth pair between two network namespaces it
# makes and removes (the host's own namespace is never changed).
#   netns_test NAME PROBE   (from the repository's root) sets probe, nokexec,
#   srv, cli, tmp, dns_pid, probe_pid, the ok/bad/check counters and the
#   cleanup trap; prints SKIP and exits 0 without root, dnsmasq or nsenter.
# nsenter --net: only the network namespace changes (ip netns exec would remount /sys).

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
check() { # name, command...
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi
}

netns_test() {
	probe=$PWD/build/tests/$2
	nokexec=${NOKEXEC:-$PWD/../shared/tools/nokexec}
	[ -x "$nokexec" ] || nokexec=$PWD/build/tools/nokexec
	pass=0 fail=0
	if [ "$(id -u)" != 0 ] || ! command -v dnsmasq >/dev/null || ! command -v nsenter >/dev/null; then
		echo "SKIP net/$1: needs root, dnsmasq and nsenter"
		echo "0 passed, 0 failed"
		exit 0
	fi
	[ -x "$probe" ] || make -s "build/tests/$2" || { echo "0 passed, 1 failed"; exit 1; }
	[ -x "$nokexec" ] || { echo "no nokexec wrapper"; echo "0 passed, 1 failed"; exit 1; }
	srv=kxb-$1-$$-s
	cli=kxb-$1-$$-c
	tmp=$(mktemp -d "/tmp/kxb-$1-XXXXXX")
	dns_pid="" probe_pid=""
	trap netns_cleanup EXIT
	trap 'exit 1' INT TERM HUP
}

netns_cleanup() {
	[ -n "$probe_pid" ] && kill "$probe_pid" 2>/dev/null
	[ -n "$dns_pid" ] && kill "$dns_pid" 2>/dev/null
	[ -n "$probe_pid" ] && wait "$probe_pid" 2>/dev/null
	[ -n "$dns_pid" ] && wait "$dns_pid" 2>/dev/null
	# anything left inside (a server or probe whose pid we lost) goes with its namespace
	for ns in "$srv" "$cli"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done
	done
	ip netns del "$cli" 2>/dev/null
	ip netns del "$srv" 2>/dev/null
	rm -rf "$tmp"
}

# waits up to $2 tenths of a second for file $1 to contain $3
wait_for() {
	i=0
	while [ "$i" -lt "$2" ]; do
		grep -q -- "$3" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# waits up to $1 tenths of a second for a command to succeed
wait_cmd() {
	n=$1
	shift
	i=0
	while [ "$i" -lt "$n" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# the two namespaces and the veth pair kxbs0 (server side) - kxbc0 (client side), server side up
netns_pair() {
	ip netns add "$srv" && ip netns add "$cli" &&
		ip -n "$srv" link add kxbs0 type veth peer name kxbc0 netns "$cli"
}
