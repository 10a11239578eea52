#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The fetch bench of the netboot issue, in ONE QEMU guest (TCG, q35, the
# payload kernel with kexboot's own initramfs, a virtio NIC): kexboot's
# fetch against BusyBox and curl on the same link, in the same guest.
#
#   tests/bench/fetch/run.sh            (SIZE_MIB=256 TFTP_MIB=64 RUNS=3 MODE=user)
#   MODE=netns tests/bench/fetch/run.sh (the tap link; needs root)
#   tests/bench/fetch/run.sh --check LOG [ACCESS_LOG [HOSTCPU_LOG]]   the table again from a kept serial log
#
# MODE=user: the link is QEMU's user network with restrict=on (nothing
# leaves the machine): HTTP goes to an nginx this script starts on
# 127.0.0.1, reached at 10.0.2.100:80 through a guestfwd rule (each
# connection a `busybox nc` on the host, as in tests/qemu/netboot-lib.sh);
# TFTP is QEMU's own server (tftp=, as tests/qemu/case-netboot-tftp.sh
# uses), at 10.0.2.2: lock-step, blocks of 1428 bytes at most.
# MODE=netns: a tap link into a network namespace this script makes, with
# no uplink (tests/qemu/case-netboot-netns.sh does the same); QEMU runs in
# it, and so do the servers, at 10.98.0.1: nginx, and dnsmasq's TFTP
# (blocks up to the link's MTU, 1468 bytes; dnsmasq 2.90 grants no
# windowsize, so TFTP is lock-step there too), or with TFTP_SERVER=atftpd
# Debian's atftpd (ATFTPD=its path; it grants RFC 7440 windowsize, which
# kexboot asks for and BusyBox tftp cannot). The host's slirp and nc
# are out of the path. In the
# guest (tests/bench/fetch/guest-init.sh as rdinit): SIZE_MIB over HTTP by
# `kexboot fetch` (the fetch stage's back ends, boot/fetch/cli.c), BusyBox
# `wget -O /dev/null`, curl (the host's, packed with its libraries) and a
# raw GET through `nc` (no HTTP parsing: what the link itself carries);
# TFTP_MIB over TFTP by kexboot and BusyBox `tftp -g` (-b with the most the
# server grants: 1428 from QEMU, 1468 from dnsmasq; and 512).
# HTTP_TOOLS / TFTP_TOOLS name fewer tools for a quick look (default: all);
# KEXBOOT_VARIANTS="NAME=FILE ..." packs other kexboot builds as the tools
# kexboot-NAME (name them in the tool lists), for an A/B in the same guest.
# Looking closer (the timed part stays the same): BENCH_PROBE=1 packs the
# memory probe (tests/bench/fetch/memprobe.c, run three times at the end);
# BENCH_STRACE=1 packs the host's strace (STRACE_TOOLS, default "kexboot
# wget": one more run each under it, summed per system call in the guest);
# BENCH_PERF=1 packs the host's perf (PERF_TOOLS, default "kexboot wget":
# PERF_REPEAT more runs each, the whole guest sampled; raw kernel addresses,
# to be read against the payload kernel's System.map);
# BENCH_CPU=MODEL gives the guest QEMU's -cpu MODEL (default: QEMU's
# qemu64, which has no ERMS); BENCH_SMP=N gives it N vCPUs (default 1);
# BENCH_QEMU_ARGS adds QEMU arguments (e.g. -mem-prealloc). Evidence only: the issue's figures are the defaults'.
# Around every timed run, the host's CPU (tests/bench/fetch/hostcpu.py: its busy and softirq shares, and
# QEMU's, the relays' and nginx's, from the run's begin line to its seconds later) goes to $QEMU_DIR/hostcpu.log and into the table.
# The noise of one guest: KEXBOOT_VARIANTS="aa=build/kexboot" and kexboot-aa in HTTP_TOOLS, the same build
# twice (an A/A); its ratio round by round is what the guest's spread alone gives.
# RUNS rounds, every tool once a round; medians. Prints the table with the
# evidence (bytes, SHA-256 against the served file's, nginx's bytes sent per
# request) and the ratios; never asserts on time. Exit 1 only when a tool
# failed or the evidence does not match.
# Needs: make all payload (build/kexboot, build/payload/bzImage,
# build/tools/mkcpio), nginx (nginx-light), busybox-static, optionally curl.
set -eu
cd "$(dirname "$0")/../../.."

# table SERIAL_LOG ACCESS_LOG HTTP_SHA256 TFTP_SHA256 SIZE_MIB TFTP_MIB [HOSTCPU_LOG]: the figures (exit 1 on bad evidence)
table() {
	cat "$1" "${7:-/dev/null}" | tr -d '\r' | awk -v alog="$2" -v hsum="$3" -v tsum="$4" -v hmib="$5" -v tmib="$6" '
	function field(k,   i, kv) {
		for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) return substr($i, length(k) + 2)
		return ""
	}
	function median(list,   a, n, i, j, t) {
		n = split(list, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		if (n == 0) return ""
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	BEGIN {
		# nginx: bytes sent per request by User-Agent ($body_bytes_sent, log format "kexbench")
		while ((getline l < alog) > 0) {
			split(l, f, "\t")
			if (f[2] == 1048576) continue # the warm-up
			ua = f[3]; tool = ua ~ /^kexboot/ ? "kexboot" : ua ~ /^Wget/ ? "wget" : ua ~ /^curl/ ? "curl" : ua == "-" ? "nc" : ua
			sent[tool] = sent[tool] (sent[tool] == "" ? "" : ",") f[1] ":" f[2]
		}
	}
	/BENCH guest / { sub(/^.*BENCH /, ""); guest = $0 }
	/^BENCH run / {
		p = field("proto"); t = field("tool"); k = p "/" t
		if (!(k in seen)) { seen[k] = 1; order[++no] = k }
		if (field("rc") != "0") { bad++; fails[k] = fails[k] " run" field("n") ":rc=" field("rc") field("error"); next }
		secs[k] = secs[k] " " field("seconds")
		at[k, field("n")] = field("seconds")
		if (field("user_s") != "") cpu[k] = cpu[k] " " (field("user_s") + field("sys_s"))
		if (t ~ /^kexboot/) {
			# where the image lives (store=, from kexboot fetch): heap is anonymous memory, all of it in VmHWM, so
			# its size is subtracted; memfd is page cache, not in VmHWM. A build that does not say (an older
			# kexboot-NAME): the image is taken to be in the peak when the peak grew by at least its size.
			h = field("hwm_kib"); img = field("bytes") / 1024; where = field("store")
			inimg = where == "heap" ? 1 : where == "memfd" ? 0 : (h - field("start_hwm_kib") >= img)
			rss[k] = rss[k] " " h; beyond[k] = beyond[k] " " (inimg ? h - img : h)
			how[k] = where == "heap" ? "VmHWM minus the size of the image, subtracted explicitly: store=heap, the body is received into anonymous memory, all of it resident" : \
				inimg ? "VmHWM minus the image, whose pages the back end maps as it fills them" : "VmHWM: the image was never mapped during the download (page cache, not RSS)"
			start[k] = start[k] " " field("start_hwm_kib")
			bytes[k] = bytes[k] " " field("bytes"); sums[k] = sums[k] " " field("sha256")
		} else rss[k] = rss[k] " " field("rss_kib")
	}
	/^BENCH verify / {
		k = field("proto") "/" field("tool")
		bytes[k] = bytes[k] " " field("bytes"); sums[k] = sums[k] " " field("sha256")
		if (field("rc") != "0") { bad++; fails[k] = fails[k] " verify:rc=" field("rc") }
	}
	/^BENCH net / {
		# the guest counters around one run (guest-init.sh netsnap): kept per tool for the medians below
		k = field("proto") "/" field("tool"); nets[k]++
		for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2 && kv[1] != "proto" && kv[1] != "tool" && kv[1] != "n") {
			ctr[k, kv[1]] = ctr[k, kv[1]] " " kv[2]; hasctr[k] = 1
		}
	}
	/^BENCH run / && field("minflt") != "" { k = field("proto") "/" field("tool"); ctr[k, "minflt"] = ctr[k, "minflt"] " " field("minflt"); ctr[k, "nvcsw"] = ctr[k, "nvcsw"] " " field("nvcsw") }
	/^BENCH host / {
		# the host around one run (hostcpu.py): shares of all its CPUs, and QEMU in CPUs
		k = field("proto") "/" field("tool"); hostn[k]++; ncpu = field("ncpu")
		hbusy[k] = hbusy[k] " " field("busy_pct"); hsoft[k] = hsoft[k] " " field("softirq_pct")
		hqemu[k] = hqemu[k] " " field("qemu_pct"); hrelay[k] = hrelay[k] " " field("relay_pct"); hnginx[k] = hnginx[k] " " field("nginx_pct")
		hqemus[k] = hqemus[k] " " field("qemu_pct") * field("wall_s") / 100
	}
	/^BENCH done/ { done = 1 }
	END {
		print guest
		for (pass = 1; pass <= 2; pass++) {
			proto = pass == 1 ? "http" : "tftp"; mib = pass == 1 ? hmib : tmib; want = pass == 1 ? hsum : tsum
			printf "\n%s, %s MiB, medians of the runs (seconds of each run in brackets; CPU s: user + system in the guest)\n", toupper(proto), mib
			printf "%-10s %8s %8s %10s %-32s %7s %12s %s\n", "tool", "seconds", "MiB/s", "kexboot/x", "runs", "CPU s", "peak RSS KiB", "evidence"
			kx = median(secs[proto "/kexboot"])
			fastest = ""; fname = ""
			for (i = 1; i <= no; i++) {
				k = order[i]; split(k, kk, "/")
				if (kk[1] != proto) continue
				m = median(secs[k])
				if (kk[2] !~ /^kexboot/ && kk[2] !~ /^nc/ && m != "" && (fastest == "" || m + 0 < fastest + 0)) { fastest = m; fname = kk[2] }
				ev = ""
				if (bytes[k] != "") {
					nb = split(bytes[k], b, " "); split(sums[k], s, " "); okn = 0
					for (j = 1; j <= nb; j++) okn += (b[j] == mib * 1048576 && s[j] == want)
					ev = sprintf("%d/%d with %d bytes and the SHA-256 of the file", okn, nb, mib * 1048576)
					if (okn != nb) bad++
				}
				tool = kk[2]
				if (proto == "http" && tool in sent) {
					ns = split(sent[tool], q, ","); full = 0
					if (tool == "nc2") { # two ranged requests a run, each for one half of the file
						for (j = 1; j <= ns; j++) { split(q[j], st, ":"); full += (st[1] == 206 && st[2] == mib * 524288) }
						ev = ev (ev == "" ? "" : "; ") sprintf("nginx sent a half (206, %d bytes) on %d/%d requests", mib * 524288, full, ns)
					} else {
						for (j = 1; j <= ns; j++) { split(q[j], st, ":"); full += (st[1] == 200 && st[2] == mib * 1048576) }
						ev = ev (ev == "" ? "" : "; ") sprintf("nginx sent all %d bytes on %d/%d requests", mib * 1048576, full, ns)
					}
					if (full != ns) bad++
				}
				if (fails[k] != "") ev = ev " FAILED:" fails[k]
				ms = m == "" ? "-" : sprintf("%.2f", m)
				rate = (m + 0 > 0) ? sprintf("%.1f", mib / m) : "-"
				ratio = (m + 0 > 0 && kx != "") ? sprintf("%.2f", kx / m) : "-"
				# the same ratio round by round (the runs of a round are minutes apart at most: the load of a busy host
				# load drifts less within a round than across them): median and range
				pr = ""; lo = ""; hi = ""
				for (j = 1; j <= 1000; j++) {
					if (!((proto "/kexboot", j) in at)) { if (j > 1) break; continue }
					if (!((k, j) in at) || at[k, j] + 0 <= 0) continue
					rq = at[proto "/kexboot", j] / at[k, j]; pr = pr " " rq
					if (lo == "" || rq < lo) lo = rq
					if (hi == "" || rq > hi) hi = rq
				}
				if (pr != "" && k != proto "/kexboot") paired[k] = sprintf("%.2f (%.2f-%.2f)", median(pr), lo, hi)
				printf "%-10s %8s %8s %10s %-32s %7s %12s %s\n", tool, ms, rate, ratio, "[" substr(secs[k], 2) "]",
					cpu[k] == "" ? "-" : sprintf("%.2f", median(cpu[k])), median(rss[k]), ev
			}
			printf "kexboot/x round by round, median (range):"
			for (i = 1; i <= no; i++) if (order[i] in paired) { split(order[i], kk, "/"); if (kk[1] == proto) printf " %s %s;", kk[2], paired[order[i]] }
			printf "\n"
			k = proto "/kexboot"
			if (kx != "" && fastest != "")
				printf "kexboot / fastest other client (%s): %.2f (target: <= 1.00, no slower)\n", fname, kx / fastest
			if (proto == "http" && kx != "" && median(secs["http/nc"]) != "")
				printf "the link alone (raw GET through nc, no HTTP parsing): %.1f MiB/s; kexboot reaches %.0f%% of it\n",
					hmib / median(secs["http/nc"]), 100 * median(secs["http/nc"]) / kx
			# per tool, the medians of the guest counters around its runs (a counter that never moved: 0)
			nc = split("minflt nvcsw tcp_InSegs tcp_OutSegs irq_virtio_input cpu_idle cpu_softirq ksi_switches kst_ticks tcpext_TCPToZeroWindowAdv tcpext_DelayedACKs", cn, " ")
			hdr = 0
			for (i = 1; i <= no; i++) {
				split(order[i], kk, "/")
				if (kk[1] != proto || !(order[i] in hasctr)) continue
				if (!hdr++) {
					printf "guest counters per run, medians (minflt, nvcsw: the process; the rest the whole guest, cpu_ in ticks of 10 ms; the cpu_ deltas of kexboot also hold its SHA-256, taken after the timed part):\n%-18s", "tool"
					for (j = 1; j <= nc; j++) printf " %s", cn[j]
					printf "\n"
				}
				printf "%-18s", kk[2]
				for (j = 1; j <= nc; j++) {
					# a counter is in the line of a run only when it moved: the runs without it count as 0
					l = ctr[order[i], cn[j]]; m = split(l, tmp, " ")
					if (cn[j] !~ /^(minflt|nvcsw)$/) for (; m < nets[order[i]]; m++) l = l " 0"
					printf " %s", l == "" ? 0 : median(l)
				}
				printf "\n"
			}
			hdr = 0
			for (i = 1; i <= no; i++) {
				split(order[i], kk, "/")
				if (kk[1] != proto || !(order[i] in hostn)) continue
				if (!hdr++)
					printf "the host during the runs, medians (busy and softirq: %% of all %s host CPUs, 100 = every one busy; the rest %% of one CPU: QEMU its threads, relay the guestfwd command, nginx):\n", ncpu
				printf "%-18s busy %s%% softirq %s%% QEMU %s%% (%.2f CPU s a run) relay %s%% nginx %s%% (%d runs)\n", kk[2], median(hbusy[order[i]]),
					median(hsoft[order[i]]), median(hqemu[order[i]]), median(hqemus[order[i]]), median(hrelay[order[i]]), median(hnginx[order[i]]), hostn[order[i]]
			}
			if (beyond[k] != "")
				printf "kexboot peak RSS beyond the image: %s KiB median [%s] (%s; VmHWM %s KiB; %s KiB of it before the fetch began: the binary) (target: < 8192 KiB)\n",
					median(beyond[k]), substr(beyond[k], 2), how[k], median(rss[k]), median(start[k])
		}
		if (!done) { print "the guest did not finish (no BENCH done line)"; bad++ }
		exit bad ? 1 : 0
	}'
}

if [ "${1:-}" = --check ]; then
	table "$2" "${3:-/dev/null}" "${HTTP_SHA256:-?}" "${TFTP_SHA256:-?}" "${SIZE_MIB:-256}" "${TFTP_MIB:-64}" "${4:-/dev/null}"
	exit
fi

size_mib=${SIZE_MIB:-256}
tftp_mib=${TFTP_MIB:-64}
runs=${RUNS:-3}
limit=${BENCH_TIMEOUT:-5400}
mode=${MODE:-user}
case $mode in user | netns) ;; *) echo "fetch bench: MODE is user or netns" >&2; exit 2 ;; esac
for f in build/kexboot build/payload/bzImage build/tools/mkcpio; do
	[ -f "$f" ] || { echo "fetch bench: $f missing (make all payload)" >&2; exit 2; }
done
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "fetch bench: nginx is missing: install nginx-light" >&2; exit 2; }
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" | grep -q 'statically linked' ||
	{ echo "fetch bench: a static busybox is missing: install busybox-static" >&2; exit 2; }
if [ "$mode" = netns ]; then
	[ "$(id -u)" = 0 ] || { echo "fetch bench: MODE=netns needs root (network namespace, tap)" >&2; exit 2; }
	tftp_server=${TFTP_SERVER:-dnsmasq}
	atftpd=${ATFTPD:-$(command -v atftpd || echo /usr/sbin/atftpd)}
	case $tftp_server in
	dnsmasq) command -v dnsmasq >/dev/null || { echo "fetch bench: dnsmasq is missing: install dnsmasq-base" >&2; exit 2; } ;;
	atftpd) [ -x "$atftpd" ] || { echo "fetch bench: atftpd is missing: install atftpd (its service is not used) or set ATFTPD" >&2; exit 2; } ;;
	*) echo "fetch bench: TFTP_SERVER is dnsmasq or atftpd" >&2; exit 2 ;;
	esac
	command -v nsenter >/dev/null || { echo "fetch bench: nsenter is missing: install util-linux" >&2; exit 2; }
fi
relay=${BENCH_RELAY:-nc}
case $relay in
nc) ;;
socat) command -v socat >/dev/null || { echo "fetch bench: BENCH_RELAY=socat needs socat: install socat" >&2; exit 2; } ;;
*) echo "fetch bench: BENCH_RELAY is nc or socat" >&2; exit 2 ;;
esac
relay_cmd="" relay_words="" # (MODE=user: guestfwd's command, set with the port below)
QEMU_MEM=${QEMU_MEM:-1536M}
. tests/qemu/lib.sh
. tests/qemu/tapns-lib.sh # (MODE=netns: the namespace, its tap, dnsmasq, QEMU inside, the cleanup)

qdir=$(cd "$QEMU_DIR" && pwd) # nginx wants absolute paths
dir=$qdir/srv
mkdir -p "$dir/www" "$dir/tftp" "$dir/tmp"
chmod 755 "$QEMU_DIR" "$dir"
head -c "$((size_mib * 1048576))" /dev/urandom >"$dir/www/big.bin"
head -c "$((tftp_mib * 1048576))" /dev/urandom >"$dir/tftp/file.bin"
head -c 1048576 /dev/urandom >"$dir/www/warm.bin" # the guest's warm-up
cp "$dir/www/warm.bin" "$dir/tftp/warm.bin"
chmod -R a+rX "$dir"
hsum=$(sha256sum "$dir/www/big.bin" | cut -d' ' -f1)
tsum=$(sha256sum "$dir/tftp/file.bin" | cut -d' ' -f1)

nsip=10.98.0.1
nginx_pid=""
hostcpu_pid=""
nsx="" # the prefix that runs a command in the namespace (execs it: $! stays the command's)
# MODE=netns: tapns_cleanup stops QEMU and the servers (tapns_pid) and removes the namespace
stop_all() {
	set +e
	if [ "$mode" = netns ]; then
		tapns_cleanup
	else
		qemu_stop
		[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
	fi
	[ -n "$hostcpu_pid" ] && kill "$hostcpu_pid" 2>/dev/null && wait "$hostcpu_pid" 2>/dev/null
	rm -rf "$dir"
}
trap stop_all EXIT # (again after tapns_up and qemu_start, which set their own)
if [ "$mode" = netns ]; then
	# lo and the tap, nothing else: no route out of the namespace; QEMU_BIN runs QEMU in it
	tapns_up fbench "$nsip/24"
	trap stop_all EXIT
	nsx=$NS_RUN
	listen=$nsip port=80
	http_host=$nsip tftp_host=$nsip tftp_blk=1468 guest_addr=10.98.0.2/24 gw=$nsip
else
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	listen=127.0.0.1
	http_host=10.0.2.100 tftp_host=10.0.2.2 tftp_blk=1428 guest_addr=10.0.2.15/24 gw=10.0.2.2
	# guestfwd's command, one per connection, between QEMU and nginx (hostcpu.py knows it by relay_words)
	if [ "$relay" = nc ]; then
		relay_cmd="$bb nc 127.0.0.1 $port" relay_words="nc 127.0.0.1 $port"
	else
		relay_cmd="socat -b ${SOCAT_BUF:-65536} STDIO TCP:127.0.0.1:$port" relay_words="TCP:127.0.0.1:$port"
	fi
fi
cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
	log_format kexbench "\$status\t\$body_bytes_sent\t\$http_user_agent\t\$request_time";
	access_log $qdir/nginx-access.log kexbench;
	default_type application/octet-stream;
	sendfile on;
	client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
	uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
	server { listen $listen:$port; root $dir/www; }
}
CONF
# (nsenter execs nginx: $! is nginx itself)
$nsx /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' &
nginx_pid=$!
[ "$mode" = netns ] && tapns_pid "$nginx_pid"
i=0
until $nsx python3 -c "import socket; socket.create_connection(('$listen', $port), 1)" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { echo "fetch bench: nginx did not start:" >&2; cat "$dir/error.log" >&2; exit 1; }
	sleep 0.1
done
if [ "$mode" = netns ] && [ "$tftp_server" = atftpd ]; then
	chmod 777 "$dir/tftp" # (atftpd wants its root world-writable; it only reads here)
	$nsx "$atftpd" --daemon --no-fork --user root --group root --bind-address "$nsip" --port 69 \
		--logfile "$dir/atftpd.log" --pidfile "$dir/atftpd.pid" "$dir/tftp" >/dev/null 2>&1 &
	tapns_pid $!
	i=0
	until $nsx python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('$nsip', 69))" 2>&1 | grep -q "in use"; do
		i=$((i + 1))
		[ "$i" -lt 50 ] || { echo "fetch bench: atftpd did not start:" >&2; cat "$dir/atftpd.log" >&2; exit 1; }
		sleep 0.1
	done
	dns_ver=$("$atftpd" --version 2>&1 | head -n 1 | awk '{print $1}')
elif [ "$mode" = netns ]; then
	# TFTP only (DNS off, no DHCP range), on the tap
	tapns_dnsmasq "$dir/dnsmasq.log" --enable-tftp --tftp-root="$dir/tftp"
	dns_ver=$(dnsmasq --version | head -n 1 | cut -d' ' -f1-3)
fi
if [ "$mode" = netns ]; then
	netdev=$NS_NETDEV
else
	netdev="user,id=n0,restrict=on,tftp=$dir/tftp,guestfwd=tcp:10.0.2.100:80-cmd:$relay_cmd"
fi

# The guest's extra initrd: the script, kexboot as built now, Debian's BusyBox, curl with its libraries.
list=$QEMU_DIR/bench.list
{
	echo "dir /bench 0755"
	echo "file /bench/init tests/bench/fetch/guest-init.sh 0755"
	echo "file /bench/kexboot build/kexboot 0755"
	echo "file /bench/busybox $bb 0755"
	echo "file /bench/params $QEMU_DIR/params 0644"
	for v in ${KEXBOOT_VARIANTS:-}; do echo "file /bench/kexboot-${v%%=*} ${v#*=} 0755"; done
} >"$list"
{
	printf 'RUNS=%s\nTFTP_FILE=file.bin\nMODE=%s\nGUEST_ADDR=%s\nGW=%s\n' "$runs" "$mode" "$guest_addr" "$gw"
	printf 'HTTP_HOST=%s\nTFTP_HOST=%s\nTFTP_BLK=%s\n' "$http_host" "$tftp_host" "$tftp_blk"
	printf 'HTTP_TOOLS="%s"\nTFTP_TOOLS="%s"\n' "${HTTP_TOOLS-kexboot wget curl wget-tmpfs nc}" "${TFTP_TOOLS-kexboot tftp-best tftp-512}"
	printf 'STRACE_TOOLS="%s"\n' "$([ "${BENCH_STRACE:-0}" = 1 ] && echo "${STRACE_TOOLS-kexboot wget}")"
	printf 'SIZE_MIB=%s\nKSI_FIFO=%s\n' "$size_mib" "${BENCH_KSI_FIFO:-}"
	printf 'PERF_TOOLS="%s"\nPERF_REPEAT=%s\n' "$([ "${BENCH_PERF:-0}" = 1 ] && echo "${PERF_TOOLS-kexboot wget}")" "${PERF_REPEAT:-3}"
} >"$QEMU_DIR/params"
# pack_dyn BIN DEST: a dynamically linked host binary as /bench/DEST, every library at its own path
# (the loader's too), directories first
pack_dyn() {
	echo "file /bench/$2 $1 0755"
	libs=$(ldd "$1" | awk '/=> \// {print $3} /^\t\/[^ ]+ \(/ {print $1}' | sort -u)
	for l in $libs; do dirname "$l"; done | sort -u | while read -r d; do
		p=
		for part in $(echo "$d" | tr '/' ' '); do
			p=$p/$part
			echo "dir $p 0755"
		done
	done
	for l in $libs; do echo "file $l $(readlink -f "$l") 0755"; done
}
curl_bin=$(command -v curl || true)
strace_bin=$(command -v strace || true)
if [ "${BENCH_PERF:-0}" = 1 ] && ! command -v perf >/dev/null; then
	echo "fetch bench: BENCH_PERF=1 needs perf on the host" >&2
	exit 2
fi
if [ "${BENCH_STRACE:-0}" = 1 ] && [ -z "$strace_bin" ]; then
	echo "fetch bench: BENCH_STRACE=1 needs strace on the host" >&2
	exit 2
fi
{
	[ -n "$curl_bin" ] && [ "${BENCH_CURL:-1}" = 1 ] && pack_dyn "$curl_bin" curl
	[ "${BENCH_STRACE:-0}" = 1 ] && pack_dyn "$strace_bin" strace
	[ -n "${BENCH_KSI_FIFO:-}" ] && pack_dyn "$(command -v chrt)" chrt
	[ "${BENCH_PERF:-0}" = 1 ] && pack_dyn "$(readlink -f "$(command -v perf)")" perf
} | awk '!(/^dir / && seen[$0]++) && !(/^file \/(lib|usr)/ && seenf[$2]++)' >>"$list"
if [ -n "$curl_bin" ] && [ "${BENCH_CURL:-1}" = 1 ]; then
	curl_ver=$("$curl_bin" --version | head -n 1 | cut -d' ' -f1-2)
else
	curl_ver="not packed"
fi
if [ "${BENCH_PROBE:-0}" = 1 ]; then
	make -s build/tests/bench-memprobe
	echo "file /bench/memprobe build/tests/bench-memprobe 0755" >>"$list"
fi
build/tools/mkcpio "$list" "$QEMU_DIR/bench.cpio"

echo "fetch bench: $size_mib MiB over HTTP, $tftp_mib MiB over TFTP, $runs round(s), MODE=$mode; serial log $QEMU_LOG"
echo "  kexboot $(cat VERSION) ($(git rev-parse --short HEAD 2>/dev/null || echo '?')); BusyBox: $("$bb" | head -n 1 | cut -d' ' -f1-3); curl: $curl_ver"
if [ "$mode" = netns ]; then
	echo "  link: tap $NS_TAP into network namespace $NS (no uplink), virtio-net; nginx $nsip:80 and $dns_ver TFTP $nsip in the namespace"
else
	echo "  link: QEMU user network, restrict=on, virtio-net; HTTP 10.0.2.100:80 -> guestfwd -> ${relay_cmd%% *} -> nginx 127.0.0.1:$port; TFTP: QEMU's own server"
fi
[ -n "${BENCH_CPU:-}${BENCH_QEMU_ARGS:-}" ] || [ "${BENCH_SMP:-1}" != 1 ] &&
	echo "  NOT the default guest: -cpu ${BENCH_CPU:-(default)} -smp ${BENCH_SMP:-1} ${BENCH_QEMU_ARGS:-}"
echo "  host load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s)
qemu_start build/payload/bzImage "$QEMU_DIR/bench.cpio" "console=ttyS0 rdinit=/bench/init panic=-1 quiet" \
	-smp "${BENCH_SMP:-1}" ${BENCH_CPU:+-cpu "$BENCH_CPU"} ${BENCH_QEMU_ARGS:-} -netdev "$netdev" -device virtio-net-pci,netdev=n0
trap stop_all EXIT
# the host's CPU around each timed run (evidence: is the host's CPU the limit?)
# (MODE=user: the relays are guestfwd's commands, one per connection, known by relay_words)
python3 tests/bench/fetch/hostcpu.py "$QEMU_LOG" "$QEMU_PID" "$QEMU_DIR/hostcpu.log" "$nginx_pid" $relay_words &
hostcpu_pid=$!
qemu_expect "BENCH guest " 300 >/dev/null || true # (the firmware's screen codes come before it on its line)
qemu_expect "^BENCH done" "$limit" >/dev/null || true
echo "  guest ran $(($(date +%s) - t0)) s; host load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
qemu_stop
wait "$hostcpu_pid" 2>/dev/null || true # (it ends with QEMU)
hostcpu_pid=""
echo "  (again from the logs: HTTP_SHA256=$hsum TFTP_SHA256=$tsum SIZE_MIB=$size_mib TFTP_MIB=$tftp_mib $0 --check $QEMU_LOG $QEMU_DIR/nginx-access.log $QEMU_DIR/hostcpu.log)"
table "$QEMU_LOG" "$QEMU_DIR/nginx-access.log" "$hsum" "$tsum" "$size_mib" "$tftp_mib" "$QEMU_DIR/hostcpu.log"
