#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (d): a tap link into a network namespace this case makes, with
# dnsmasq and nginx inside it and no uplink (no packet leaves it). QEMU
# runs inside the namespace on the tap (-netdev tap,script=no); the
# namespace and everything in it go when the case ends, also on failure
# or a signal. Two boots of the payload, no kexboot.url:
#   1. dual stack: DHCPv4 names http://10.99.0.1/boot/v4.cfg by options
#      209 (v4.cfg) and 210 (http://10.99.0.1/boot/), and DHCPv6 names
#      http://[fd00:6b78:6e62::1]/boot/v6.cfg by option 59 at the same time:
#      DHCPv4's answer wins (boot/net/net.h, "side by side"), v6.cfg is
#      never read.
#   2. IPv6 only (no DHCPv4 in dnsmasq): router advertisement with M,
#      DHCPv6 address, option 59 names v6.cfg; kernel and initrds come over
#      IPv6 (nginx logs the client's IPv6 address), and the DHCPv6 lease is
#      given back before the jump (dnsmasq logs the RELEASE).
# Each boots the Debian 6.1 kernel with the three target initrds, every
# byte checked by the target.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
. tests/qemu/tapns-lib.sh
ver=$(cat VERSION)
bz=build/payload/bzImage
for f in "$bz" build/kernels.txt build/target/base.cpio build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload target build/kernels.txt'" >&2; exit 1; }
done
tapns_need
[ -x /usr/sbin/nginx ] || { echo "  nginx is missing: install the Debian package nginx-light" >&2; exit 1; }

v4=10.99.0.1
pfx=fd00:6b78:6e62
v6=$pfx::1
tapns_up nbns "$v4/24" "$v6/64"
dir=$NS_DIR
tap=$NS_TAP

# The served tree: two configs naming the same kernel and initrds, told apart by their entries.
k=$(awk '$1 == "6.1" {print $3}' build/kernels.txt)
mkdir -p "$dir/www/boot" "$dir/tmp"
cp "$k/vmlinuz" "$dir/www/boot/vmlinuz"
cp build/target/base.cpio "$dir/www/boot/a.cpio"
cp build/target/payload1.cpio "$dir/www/boot/b.cpio"
cp build/target/payload2.cpio.gz "$dir/www/boot/c.cpio"
for fam in v4 v6; do
	cat >"$dir/www/boot/$fam.cfg" <<CFG
DEFAULT net$fam
LABEL net$fam
  MENU LABEL Network $fam Debian 6.1
  KERNEL vmlinuz
  INITRD a.cpio,b.cpio,c.cpio
  APPEND console=ttyS0 panic=-1 entry=net-$fam
CFG
done
chmod -R a+rX "$dir/www"
netboot_nginx_conf "$dir" "listen $v4:80; listen [::]:80 ipv6only=on;"
# nsenter execs nginx: $! is nginx itself.
$NS_RUN /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' &
tapns_pid $!
i=0
until $NS_RUN python3 -c "import socket; socket.create_connection(('$v4', 80), 1)" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { echo "  nginx did not start:" >&2; cat "$dir/error.log" >&2; exit 1; }
	sleep 0.1
done
echo "  nginx in $NS on $v4:80 and [::]:80"

served() { # PATH [CLIENT-REGEX]: nginx answered GET PATH with 200 (from that client)
	grep -Eq "^${2:-[^ ]+} .*\"GET $1 HTTP/1\.[01]\" 200 " "$dir/access.log"
}

# boot FAMILY HOST: the payload with the tap, until the target checked its files (fetched from HOST, a regex).
# kexboot.net.timeout=40: in the IPv6-only run DHCPv4 never answers, so the
# probe runs its whole total and the DHCPv6 lease must come inside it; with
# 20 s, 2 runs of 9 on a host at load 11-12 (TCG) got it only at the bound
# or not at all.
boot() {
	fam=$1 host=$2
	qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=2 kexboot.net.timeout=40" \
		-netdev "$NS_NETDEV" -device virtio-net-pci,netdev=n0
	tapns_trap
	qemu_expect "kexboot $ver \(PID 1\)" 120
	qemu_expect "kexboot: network: asking DHCP where the boot config is \(1 wired link\(s\)\)" 120
	qemu_expect "Network $fam Debian 6\.1" 120
	qemu_expect "kexboot: booting 'Network $fam Debian 6\.1'" 60
	qemu_expect "kexboot: loading http://$host/boot/vmlinuz with 3 initrd\(s\)" 120
	qemu_expect "kexboot: quiescing: released 1 device\(s\) from their drivers" 60
	qemu_expect "kexboot: network: took back [1-9][0-9]* change\(s\)$" 60
	qemu_expect "TARGET: uname 6\.1\." 180
	qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=net-$fam$"
	while read -r sum path; do
		qemu_expect "TARGET: sha256 $sum  $path"
	done <build/target/expected.sha256
	qemu_expect "TARGET: done"
	qemu_wait_exit 60
	cp "$QEMU_LOG" "$QEMU_DIR/serial-$fam.log"
}

echo "run 1: DHCPv4 (209 + 210) and DHCPv6 (59) both name a config; DHCPv4's wins"
tapns_dnsmasq "$dir/dnsmasq-v4.log" --dhcp-range=10.99.0.50,10.99.0.99,255.255.255.0,1h \
	--dhcp-option=209,v4.cfg --dhcp-option=210,http://$v4/boot/ \
	--enable-ra --dhcp-range=$pfx::100,$pfx::1ff,64,1h \
	--dhcp-option="option6:bootfile-url,http://[$v6]/boot/v6.cfg"
boot v4 "10\.99\.0\.1"
tapns_dnsmasq_stop || true
for p in /boot/v4.cfg /boot/vmlinuz /boot/a.cpio /boot/b.cpio /boot/c.cpio; do
	served "$p" "10\.99\.0\.[0-9]+" || { echo "  nginx did not serve $p over IPv4:" >&2; cat "$dir/access.log" >&2; exit 1; }
	echo "  served over IPv4: $p"
done
if grep -q "GET /boot/v6.cfg" "$dir/access.log"; then
	echo "  v6.cfg was read although DHCPv4 named v4.cfg" >&2
	exit 1
fi
echo "  not read: /boot/v6.cfg (option 59 lost to 209/210)"
grep -Eq "DHCPACK\($tap\) 10\.99\.0\." "$dir/dnsmasq-v4.log" || { echo "  dnsmasq gave no DHCPv4 lease" >&2; exit 1; }
grep -q "DHCPRELEASE($tap) 10\.99\.0\." "$dir/dnsmasq-v4.log" ||
	{ echo "  the DHCPv4 lease was not given back before the jump:" >&2; grep DHCP "$dir/dnsmasq-v4.log" >&2; exit 1; }
echo "  dnsmasq: DHCPv4 lease, given back before the jump"
cp "$dir/access.log" "$dir/access-v4.log"
: >"$dir/access.log"

echo "run 2: IPv6 only: router advertisement with M, DHCPv6 address, option 59"
tapns_dnsmasq "$dir/dnsmasq-v6.log" --enable-ra --dhcp-range=$pfx::100,$pfx::1ff,64,1h \
	--dhcp-option="option6:bootfile-url,http://[$v6]/boot/v6.cfg"
boot v6 "\[fd00:6b78:6e62::1\]"
tapns_dnsmasq_stop || true
for p in /boot/v6.cfg /boot/vmlinuz /boot/a.cpio /boot/b.cpio /boot/c.cpio; do
	served "$p" "$pfx::[0-9a-f]+" || { echo "  nginx did not serve $p over IPv6:" >&2; cat "$dir/access.log" >&2; exit 1; }
	echo "  served over IPv6: $p"
done
addr=$(sed -n "s/.*DHCPREPLY($tap) \($pfx::[0-9a-f]*\).*/\1/p" "$dir/dnsmasq-v6.log" | head -n 1)
[ -n "$addr" ] || { echo "  dnsmasq leased no DHCPv6 address:" >&2; grep DHCP "$dir/dnsmasq-v6.log" >&2; exit 1; }
grep -q "^$addr " "$dir/access.log" || { echo "  the fetches did not come from the leased $addr" >&2; exit 1; }
echo "  the fetches came from the DHCPv6 address $addr"
grep -q "DHCPRELEASE($tap)" "$dir/dnsmasq-v6.log" ||
	{ echo "  the DHCPv6 lease was not given back before the jump:" >&2; grep DHCP "$dir/dnsmasq-v6.log" >&2; exit 1; }
echo "  dnsmasq: DHCPv6 RELEASE before the jump"
echo "  ok: netbooted over DHCPv4 209/210 (preferred over option 59) and over DHCPv6 option 59 alone"
