#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Host-side fetch benchmark on loopback (tests/bench/fetch/run.sh is the one
# in a guest, the issue's acceptance): a SIZE_MIB file (default 256) served
# by nginx on 127.0.0.1 (private config and root in a temp dir), fetched 3
# times each by kexboot's http back end (tests/bench/fetch/bench.c, under
# nokexec), `busybox wget -O /dev/null` and `curl -o /dev/null` when
# installed. Prints figures; never asserts on time. nginx is stopped on exit.
set -eu
cd "$(dirname "$0")/../../.."
size_mib=${SIZE_MIB:-256}
runs=${RUNS:-3}
nokexec=${NOKEXEC:-../shared/tools/nokexec}
[ -x "$nokexec" ] || nokexec=
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is missing: install nginx-light" >&2; exit 1; }
make -s build/bench/fetch/bench

dir=$(mktemp -d /tmp/kexboot-fetch-bench-XXXXXX)
pid=
stop() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap stop EXIT INT TERM
chmod 755 "$dir"
mkdir -p "$dir/www" "$dir/tmp"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$dir/www/big.bin"
chmod -R a+rX "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
	access_log $dir/access.log;
	default_type application/octet-stream;
	sendfile on;
	client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
	uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
	server { listen 127.0.0.1:$port; root $dir/www; }
}
CONF
/usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' &
pid=$!
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { echo "nginx did not start (see $dir/error.log)" >&2; exit 1; }
	sleep 0.1
done
url=http://127.0.0.1:$port/big.bin
echo "fetch bench: $size_mib MiB from $url, $runs runs each"

timed() {
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || echo "  (failed: $*)"
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk -v m="$size_mib" '{ d = $2 - $1; printf "  %.3f s  %.0f MiB/s\n", d, m / d }'
}

echo "kexboot http back end (bench driver, -O2, no sanitizers):"
for _ in $(seq "$runs"); do
	$nokexec build/bench/fetch/bench "$url" | sed 's/^/  /'
done
echo "busybox wget -O /dev/null:"
for _ in $(seq "$runs"); do timed busybox wget -q -O /dev/null "$url"; done
if command -v curl >/dev/null; then
	echo "curl -o /dev/null:"
	for _ in $(seq "$runs"); do timed curl -s -o /dev/null "$url"; done
fi
