#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot over https: the payload, no disk, kexboot.url naming a PXELINUX
# config on nginx with TLS (127.0.0.1 only, through guestfwd with
# restrict=on; tests/qemu/netboot-lib.sh). Certificates are made for this
# run (tests/tls-certs.sh) and the test CA reaches kexboot as its bundle in
# a second initrd holding /etc/kexboot/ca.pem, unpacked over the payload's
# built-in one. The config has six entries:
#   1 the Debian 6.1 kernel and three initrds, all https://10.0.2.100/boot/
#   2 the kernel from 10.0.2.100:8443, whose certificate names other hosts
#   3 the kernel from 10.0.2.100:9443, whose certificate comes from a CA
#     kexboot does not trust
#   4 the kernel from http://10.0.2.100/plain/ (plain http, not verified)
#   5 the kernel from boot.test:8443: the same server as 2, by a name its
#     certificate does not hold
#   6 the Debian 6.1 kernel and three initrds from other.test:8443, the
#     name that certificate does hold (DNS:other.test, no IP:10.0.2.100)
# A second config, over plain http (kexboot.url names both), has one entry:
#   7 the same kernel from http://10.0.2.100/plain/
# Names resolve through the DNS server kexboot.ip's dns0 names, 10.0.2.53
# (a dnsmasq on 127.0.0.1 that knows only boot.test and other.test, both
# 10.0.2.100, reached over TCP through a guestfwd; DHCP still gives the
# address). kexboot.secrets=net-key: the secret sits beside each config
# (secrets/net-key, the same random bytes on both servers). 2, 3 and 5 are
# each refused with the certificate's reason, 4 with the reason that its
# kernel came over plain http unverified, 7 with the reason that secrets are
# not fetched over http, each back in the menu, and none asks nginx for the
# secret; then 6 boots by name, its certificate checked against the name:
# net-key fetched over https reaches the target as
# /.extra/credentials/net-key (mode 0400, digest checked) beside
# /.kexboot/source-url, the memory scan before the jump finds no copy of it,
# and the target checks every byte it got.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
ver=$(cat VERSION)
bz=build/payload/bzImage
for f in "$bz" build/target/base.cpio build/target/expected.sha256 build/tools/mkcpio; do
	[ -f "$f" ] || { echo "  $f missing: run 'make all payload build/target/base.cpio'" >&2; exit 1; }
done
certs=$(mktemp -d /tmp/kexboot-https-certs-XXXXXX)
chmod 755 "$certs"
sh tests/tls-certs.sh "$certs"
printf 'dir /etc 0755\ndir /etc/kexboot 0755\nfile /etc/kexboot/ca.pem %s/ca.pem 0644\n' "$certs" >"$certs/ca.list"
build/tools/mkcpio "$certs/ca.list" "$QEMU_DIR/ca.cpio"
rm_certs() { rm -rf "$certs"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
p_good=$(free_port) p_wrong=$(free_port) p_rogue=$(free_port)
tls() { echo "ssl_certificate $certs/$1.pem; ssl_certificate_key $certs/$1.key;"; }
NB_EXTRA_CONF="server { listen 127.0.0.1:$p_good ssl; $(tls good) }
	server { listen 127.0.0.1:$p_wrong ssl; $(tls wronghost) }
	server { listen 127.0.0.1:$p_rogue ssl; $(tls rogue) }"
netboot_serve
cat >>"$NB_DIR/www/boot/pxelinux.cfg/default" <<'CFG'
LABEL wronghost
  MENU LABEL Wrong host
  KERNEL https://10.0.2.100:8443/boot/vmlinuz
  APPEND console=ttyS0 entry=wronghost
LABEL rogue
  MENU LABEL Unknown CA
  KERNEL https://10.0.2.100:9443/boot/vmlinuz
  APPEND console=ttyS0 entry=rogue
LABEL plainkernel
  MENU LABEL Kernel over http
  KERNEL http://10.0.2.100/plain/vmlinuz
  APPEND console=ttyS0 entry=plainkernel
LABEL wrongname
  MENU LABEL Wrong name
  KERNEL https://boot.test:8443/boot/vmlinuz
  APPEND console=ttyS0 entry=wrongname
LABEL byname
  MENU LABEL By name
  KERNEL https://other.test:8443/boot/vmlinuz
  INITRD https://other.test:8443/boot/a.cpio,https://other.test:8443/boot/b.cpio,https://other.test:8443/boot/c.cpio
  APPEND console=ttyS0 panic=-1 entry=byname-6.1
CFG
netboot_dns boot.test 10.0.2.100 other.test 10.0.2.100
# The secret beside the https config, and the same bytes beside the plain one.
mkdir -p "$NB_DIR/www/boot/pxelinux.cfg/secrets" "$NB_DIR/www/plain/secrets"
head -c 40 /dev/urandom >"$NB_DIR/www/boot/pxelinux.cfg/secrets/net-key"
cp "$NB_DIR/www/boot/pxelinux.cfg/secrets/net-key" "$NB_DIR/www/plain/secrets/net-key"
nsum=$(sha256sum <"$NB_DIR/www/boot/pxelinux.cfg/secrets/net-key" | cut -d' ' -f1)
cp "$NB_DIR/www/boot/vmlinuz" "$NB_DIR/www/plain/vmlinuz"
cat >"$NB_DIR/www/plain/default" <<'CFG'
DEFAULT plain
LABEL plain
  MENU LABEL Plain http
  KERNEL vmlinuz
  APPEND console=ttyS0 entry=plain
CFG
chmod -R a+rX "$NB_DIR/www"
url=https://10.0.2.100/boot/pxelinux.cfg/default
plain=http://10.0.2.100/plain/default
usum=$(printf '%s' "$url" | sha256sum | cut -d' ' -f1)
netdev="$NB_NETDEV,guestfwd=tcp:10.0.2.100:443-cmd:busybox nc 127.0.0.1 $p_good"
netdev="$netdev,guestfwd=tcp:10.0.2.100:8443-cmd:busybox nc 127.0.0.1 $p_wrong"
netdev="$netdev,guestfwd=tcp:10.0.2.100:9443-cmd:busybox nc 127.0.0.1 $p_rogue"
echo "payload netboots $url with the test CA as its bundle"
qemu_start "$bz" "$QEMU_DIR/ca.cpio" \
	"console=ttyS0 panic=-1 kexboot.timeout=-1 kexboot.ip=::::kexboot:eth0:dhcp:10.0.2.53 kexboot.url=$url,$plain kexboot.secrets=net-key kexboot.test.memscan" \
	-netdev "$netdev" -device virtio-net-pci,netdev=n0
trap 'qemu_stop; netboot_stop; rm_certs' EXIT
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "kexboot [0-9.]+ - boot menu" 120
qemu_expect "Network Debian 6\.1" 120
qemu_expect "Unknown CA" 60
qemu_expect "Kernel over http" 60
qemu_expect "By name" 60
qemu_expect "Plain http" 120
sleep 1
qemu_send '2'
qemu_send '\r'
qemu_expect "kexboot: could not boot 'Wrong host': https://10\.0\.2\.100:8443/boot/vmlinuz: certificate verify failed: wrong host: the certificate is not for 10\.0\.2\.100 \(IP address mismatch\)" 120
sleep 1
qemu_send '3'
qemu_send '\r'
qemu_expect "kexboot: could not boot 'Unknown CA': https://10\.0\.2\.100:9443/boot/vmlinuz: certificate verify failed: unknown CA: no CA in /etc/kexboot/ca\.pem vouches for it" 120
sleep 1
qemu_send '4'
qemu_send '\r'
qemu_expect "kexboot: could not boot 'Kernel over http': secret 'net-key': not fetched: http://10\.0\.2\.100/plain/vmlinuz came over http:// and is not verified" 300
sleep 1
qemu_send '5'
qemu_send '\r'
qemu_expect "kexboot: could not boot 'Wrong name': https://boot\.test:8443/boot/vmlinuz: certificate verify failed: wrong host: the certificate is not for boot\.test \(hostname mismatch\)" 120
sleep 1
qemu_send '7'
qemu_send '\r'
qemu_expect "kexboot: could not boot 'Plain http': secret 'net-key': not fetched: the entry came from http://10\.0\.2\.100/plain/default, and secrets are fetched over verified https:// only, never http://" 300
sleep 1
qemu_send '6'
qemu_send '\r'
qemu_expect "kexboot: booting 'By name'" 60
qemu_expect "kexboot: handing over 1 secret\(s\): net-key \(https\)" 300
qemu_expect "kexboot: loading https://other\.test:8443/boot/vmlinuz with 3 initrd\(s\) and kexboot's generated one \([0-9]+ bytes\)" 60
qemu_expect "kexboot: memscan: net-key: not found" 120
qemu_expect "kexboot: memscan: read [1-9][0-9]{5,} bytes of [1-9][0-9]* readable mapping\(s\)" 10
qemu_expect "kexboot: memscan: 1 secret\(s\) looked for, 0 found" 10
qemu_expect "kexboot: network: took back [1-9][0-9]* change\(s\)$" 60
qemu_expect "TARGET: uname 6\.1\." 180
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=byname-6\.1$"
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: dir 500 /.extra/credentials" 30
qemu_expect "TARGET: file 400 $nsum  /.extra/credentials/net-key" 30
qemu_expect "TARGET: file 400 $usum  /.kexboot/source-url" 30
qemu_expect "TARGET: done"
qemu_wait_exit 60
for p in /boot/pxelinux.cfg/default /boot/vmlinuz /boot/a.cpio /boot/b.cpio /boot/c.cpio \
	/boot/pxelinux.cfg/secrets/net-key /plain/default /plain/vmlinuz; do
	netboot_fetched "$p" || { echo "  nginx did not serve $p:" >&2; cat "$NB_DIR/access.log" >&2; exit 1; }
	echo "  served: $p"
done
# the secret: once over https, never over plain http (the entry from http was refused before asking)
k=$(grep -c '"GET /boot/pxelinux.cfg/secrets/net-key HTTP' "$NB_DIR/access.log") || true
[ "$k" = 1 ] || { echo "  $k requests for the https secret:" >&2; cat "$NB_DIR/access.log" >&2; exit 1; }
if grep -q '"GET /plain/secrets/' "$NB_DIR/access.log"; then
	echo "  the secret was asked for over plain http:" >&2
	cat "$NB_DIR/access.log" >&2
	exit 1
fi
echo "  the secret was fetched once over https, never over http"
# one request for the kernel: the refused servers got none (their handshakes ended first)
k=$(grep -c '"GET /boot/vmlinuz HTTP' "$NB_DIR/access.log") || true
[ "$k" = 1 ] || { echo "  $k requests for the kernel:" >&2; cat "$NB_DIR/access.log" >&2; exit 1; }
n=$(tr -d '\r' <"$QEMU_LOG" | grep -Ec '^kexboot: https://[a-z0-9.]+(:[0-9]+)?/boot/[a-z.]+: ') || true
echo "  progress lines on the console: $n"
tr -d '\r' <"$QEMU_LOG" | grep -E '^kexboot: https://[a-z0-9.]+(:[0-9]+)?/boot/[a-z.]+: ' | sed 's/^/  | /' | tail -n 6
netboot_dns_asked other.test || { echo "  dnsmasq was not asked for other.test:" >&2; cat "$NB_DIR/dnsmasq.log" >&2; exit 1; }
echo "  ok: refused a wrong host, an unknown CA, a wrong name, a kernel over http and a config over http with the reason, then netbooted 6.1 over https by name with a secret fetched over https"
