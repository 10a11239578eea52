# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the netboot cases (sourced after lib.sh): an nginx on 127.0.0.1
# only, at a free port, with a private config, root and logs in a temp dir,
# serving a PXELINUX-style tree under /boot/:
#   pxelinux.cfg/default   DEFAULT netdeb; LABEL netdeb: vmlinuz + a.cpio,b.cpio,c.cpio
#   vmlinuz                the Debian 6.1 test kernel
#   a.cpio b.cpio c.cpio   the target's base initrd and its two payload initrds
# The guest reaches it at 10.0.2.100:80 through QEMU's user-mode network
# with restrict=on (nothing leaves the machine): each guest connection runs
# `busybox nc 127.0.0.1 PORT` (guestfwd cmd:, one process per connection).
# QEMU's own DHCP answers the guest (10.0.2.15). No DNS.
#   netboot_need       sets bz (the payload) and ver; exits when the payload or
#                      the target's initrd is not built
#   netboot_serve      start nginx (sets NB_DIR, NB_PORT); netboot_stop ends it
#   NB_NETDEV          the -netdev argument (one word) for -device virtio-net-pci,netdev=n0
#   netboot_trap       after qemu_start: stop both QEMU and nginx on exit
#   netboot_fetched PATH   true when the access log shows a 200 for PATH
#   netboot_nginx_conf DIR LISTEN [MORE]   writes DIR/nginx.conf: one worker,
#                      pid, logs and temp files in DIR, root DIR/www, one
#                      server with the LISTEN directives ("listen A:P; ..."),
#                      MORE more of the http block (netboot_serve uses it; so
#                      does a case whose nginx runs in a network namespace)
#   NB_EXTRA_CONF      set before netboot_serve: more of nginx's http block
#                      (extra servers; they inherit the root and the logs)
#   netboot_dns NAME ADDR [NAME ADDR...]   after netboot_serve: a dnsmasq on
#                      127.0.0.1 at a free port answering each NAME (under
#                      test.) with its ADDR and nothing else (no upstream,
#                      no hosts file: no query goes further),
#                      reached by the guest over TCP at 10.0.2.53:53 (a
#                      guestfwd; restrict=on drops the UDP it tries first);
#                      netboot_dns_asked NAME: its log shows the query

NB_DIR= NB_PORT= NB_PID= NB_NETDEV= NB_DNS_PID=

netboot_need() {
	ver=$(cat VERSION)
	bz=build/payload/bzImage
	for f in "$bz" build/target/base.cpio build/target/expected.sha256; do
		[ -f "$f" ] || { echo "  $f missing: run 'make payload target'" >&2; exit 1; }
	done
}

netboot_serve() {
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "  nginx is missing" >&2; return 1; }
	k=$(kernel_dir 6.1)
	NB_DIR=$(mktemp -d /tmp/kexboot-netboot-XXXXXX)
	chmod 755 "$NB_DIR"
	mkdir -p "$NB_DIR/www/boot/pxelinux.cfg" "$NB_DIR/tmp"
	cp "$k/vmlinuz" "$NB_DIR/www/boot/vmlinuz"
	cp build/target/base.cpio "$NB_DIR/www/boot/a.cpio"
	cp build/target/payload1.cpio "$NB_DIR/www/boot/b.cpio"
	cp build/target/payload2.cpio.gz "$NB_DIR/www/boot/c.cpio"
	cat >"$NB_DIR/www/boot/pxelinux.cfg/default" <<'CFG'
DEFAULT netdeb
LABEL netdeb
  MENU LABEL Network Debian 6.1
  KERNEL vmlinuz
  INITRD a.cpio,b.cpio,c.cpio
  APPEND console=ttyS0 panic=-1 entry=net-6.1
CFG
	chmod -R a+rX "$NB_DIR"
	NB_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	netboot_nginx_conf "$NB_DIR" "listen 127.0.0.1:$NB_PORT;" "${NB_EXTRA_CONF:-}"
	/usr/sbin/nginx -p "$NB_DIR" -c "$NB_DIR/nginx.conf" -e "$NB_DIR/error.log" -g 'daemon off;' &
	NB_PID=$!
	trap netboot_stop EXIT
	NB_NETDEV="user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:80-cmd:busybox nc 127.0.0.1 $NB_PORT"
	i=0
	until python3 -c "import socket; socket.create_connection(('127.0.0.1', $NB_PORT), 1)" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 50 ] || { echo "  nginx did not start:" >&2; cat "$NB_DIR/error.log" >&2; return 1; }
		sleep 0.1
	done
	echo "  nginx on 127.0.0.1:$NB_PORT serves $NB_DIR/www"
}

netboot_nginx_conf() {
	cat >"$1/nginx.conf" <<CONF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log;
events { worker_connections 64; }
http {
	access_log $1/access.log;
	default_type application/octet-stream;
	client_body_temp_path $1/tmp; proxy_temp_path $1/tmp; fastcgi_temp_path $1/tmp;
	uwsgi_temp_path $1/tmp; scgi_temp_path $1/tmp;
	root $1/www;
	server { $2 }
	${3:-}
}
CONF
}

netboot_dns() {
	[ -x /usr/sbin/dnsmasq ] || { echo "  dnsmasq is missing: install dnsmasq-base (scripts/host-deps.sh)" >&2; return 1; }
	p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	recs=
	while [ $# -ge 2 ]; do
		recs="$recs --host-record=$1,$2"
		shift 2
	done
	# shellcheck disable=SC2086
	/usr/sbin/dnsmasq --no-daemon --conf-file=/dev/null --port="$p" --listen-address=127.0.0.1 --bind-interfaces \
		--no-resolv --no-hosts --local=/test/ $recs --log-queries \
		--log-facility="$NB_DIR/dnsmasq.log" --pid-file="$NB_DIR/dnsmasq.pid" 2>>"$NB_DIR/dnsmasq.err" &
	NB_DNS_PID=$!
	NB_NETDEV="$NB_NETDEV,guestfwd=tcp:10.0.2.53:53-cmd:busybox nc 127.0.0.1 $p"
	i=0
	until python3 -c "import socket; socket.create_connection(('127.0.0.1', $p), 1)" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 50 ] || { echo "  dnsmasq did not start:" >&2; cat "$NB_DIR/dnsmasq.err" >&2; return 1; }
		sleep 0.1
	done
	echo "  dnsmasq on 127.0.0.1:$p answers$recs (guest: TCP 10.0.2.53:53)"
}

netboot_dns_asked() {
	grep -q "query\\[A\\] $1 from 127\\.0\\.0\\.1" "$NB_DIR/dnsmasq.log"
}

netboot_stop() {
	if [ -n "$NB_DNS_PID" ] && kill -0 "$NB_DNS_PID" 2>/dev/null; then
		kill "$NB_DNS_PID" 2>/dev/null || true
		wait "$NB_DNS_PID" 2>/dev/null || true
	fi
	NB_DNS_PID=
	[ -n "$NB_DIR" ] && [ -f "$NB_DIR/dnsmasq.log" ] && cp "$NB_DIR/dnsmasq.log" "$QEMU_DIR/dnsmasq.log"
	if [ -n "$NB_PID" ] && kill -0 "$NB_PID" 2>/dev/null; then
		kill "$NB_PID" 2>/dev/null || true
		wait "$NB_PID" 2>/dev/null || true
	fi
	NB_PID=
	# Keep the access log with the QEMU logs; the served copies go.
	[ -n "$NB_DIR" ] && [ -f "$NB_DIR/access.log" ] && cp "$NB_DIR/access.log" "$QEMU_DIR/nginx-access.log"
	[ -n "$NB_DIR" ] && rm -rf "$NB_DIR"
	NB_DIR=
}

# Both, whichever way the case ends (lib.sh's qemu_start sets its own EXIT trap: call this after it).
netboot_trap() {
	trap 'qemu_stop; netboot_stop' EXIT
}

netboot_fetched() {
	grep -Eq "\"GET $1 HTTP/1\.[01]\" 200 " "$NB_DIR/access.log"
}
