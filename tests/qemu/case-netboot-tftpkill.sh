#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Netboot (fault): the TFTP server process dies mid-transfer. A tap into a
# network namespace this case makes (no uplink: no packet leaves it), with
# dnsmasq inside answering DHCP (boot file pxelinux.0) and serving the TFTP
# tree of tests/qemu/tools/tftp-big-tree.sh: the Debian 6.1 kernel with a
# 64 MiB initrd. kexboot runs on Debian's 6.1 kernel (its modules drive the
# virtio NIC); the demo disk is attached (writable, a copy). The network
# entry is chosen; once kexboot's progress line shows the big initrd
# arriving, dnsmasq is killed with SIGKILL: from then on the guest's packets
# get ICMP port unreachable from the namespace's kernel (no socket on the
# port). kexboot gives up within its bound (retries of the TFTP timeout)
# with a reason naming the URL and saying the server is gone (port
# unreachable, unlike a cut link), nothing is loaded, the menu comes back, and
# the disk's Debian 6.1 entry boots with every digest checked. The disk is
# byte for byte the same afterwards.
set -eu
. tests/qemu/lib.sh
kdir=$(kernel_dir "$1")
for f in build/kexboot.cpio build/target/base.cpio build/demo.img build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make all target demo'" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "  needs root (network namespace, tap)" >&2; exit 1; }
command -v dnsmasq >/dev/null || { echo "  dnsmasq is missing: install the Debian package dnsmasq-base" >&2; exit 1; }
command -v nsenter >/dev/null || { echo "  nsenter is missing: install the Debian package util-linux" >&2; exit 1; }

ns=kxb-tftpkill-$$
tap=kxbtap0
v4=10.99.0.1
dir=$(mktemp -d /tmp/kexboot-tftpkill-XXXXXX)
dns_pid=""

# Everything goes whatever failed on the way: no step may stop the ones after it.
cleanup() {
	set +e
	[ -n "$QEMU_PID" ] && kill "$QEMU_PID" 2>/dev/null
	[ -n "$dns_pid" ] && kill "$dns_pid" 2>/dev/null
	for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done
	ip netns del "$ns" 2>/dev/null
	qemu_stop
	[ -n "$dns_pid" ] && wait "$dns_pid" 2>/dev/null
	[ -f "$dir/dnsmasq.log" ] && cp "$dir/dnsmasq.log" "$QEMU_DIR/dnsmasq.log"
	rm -rf "$dir"
}
trap cleanup EXIT
# A guard outside the namespace: should this shell end without its EXIT trap, what runs there goes too.
(
	trap - TERM HUP INT
	while kill -0 $$ 2>/dev/null; do sleep 1; done
	for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done
	ip netns del "$ns" 2>/dev/null
	rm -rf "$dir"
) </dev/null >/dev/null 2>&1 &

ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" tuntap add dev "$tap" mode tap
ip -n "$ns" addr add "$v4/24" dev "$tap"
ip -n "$ns" link set "$tap" up
echo "  namespace $ns: $tap $v4/24; links: $(ip -n "$ns" -o link show | awk -F': ' '{printf "%s ", $2}')"

chmod 755 "$dir"
sh tests/qemu/tools/tftp-big-tree.sh "$kdir" "$dir/tftp" 64 16
chmod -R a+rX "$dir/tftp"
disk=$QEMU_DIR/demo.img
cp build/demo.img "$disk"
before=$(sha256sum <"$disk")

nsenter --net="/run/netns/$ns" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --user=root --group=root \
	--interface="$tap" --bind-interfaces --log-dhcp --log-facility=- \
	--pid-file="$dir/dnsmasq.pid" --dhcp-leasefile="$dir/leases" \
	--dhcp-range=10.99.0.50,10.99.0.99,255.255.255.0,1h --dhcp-boot=pxelinux.0 \
	--enable-tftp --tftp-root="$dir/tftp" >"$dir/dnsmasq.log" 2>&1 &
dns_pid=$!
i=0
until grep -q "started, version" "$dir/dnsmasq.log" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { echo "  dnsmasq did not start:" >&2; cat "$dir/dnsmasq.log" >&2; exit 1; }
	sleep 0.1
done
echo "  dnsmasq (pid $dns_pid) in $ns: DHCP and TFTP from $dir/tftp"

cat >"$QEMU_DIR/qemu-in-ns" <<SH
#!/bin/sh
exec nsenter --net=/run/netns/$ns qemu-system-x86_64 "\$@"
SH
chmod +x "$QEMU_DIR/qemu-in-ns"
QEMU_BIN=$QEMU_DIR/qemu-in-ns
big="TFTP Debian 6\.1 with a big initrd"
url="tftp://10\.99\.0\.1/deb/big\.cpio"
deb="Debian GNU/Linux \(Linux 6\.1\)"
qemu_start "$kdir/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1 kexboot.timeout=-1" \
	-drive file="$disk",if=virtio,format=raw \
	-netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" -device virtio-net-pci,netdev=n0
trap cleanup EXIT
qemu_expect "$big" 180
sleep 2
# The menu numbers its rows ("  9   title"): each entry is chosen by its number.
row() {
	tr -d '\r' <"$QEMU_LOG" | grep -aoE "[0-9]+ [ !] $1" | tail -n 1 | awk '{print $1}'
}
n_big=$(row "$big")
n_disk=$(row "$deb")
echo "  rows: '$n_big' is the network entry, '$n_disk' the disk's Debian 6.1"
[ -n "$n_big" ] && [ -n "$n_disk" ] || { echo "  cannot find the entries' rows in the menu" >&2; qemu_tail >&2; exit 1; }
qemu_send "$n_big"
sleep 2
qemu_send '\r'
qemu_expect "kexboot: booting '$big'" 60
qemu_expect "kexboot: $url: [0-9.]+ (KiB|MiB) of 64\.0 MiB \([0-9]+%\)" 240
kill -KILL "$dns_pid"
wait "$dns_pid" 2>/dev/null || true
dns_pid=""
killed_at=$(date +%s)
echo "  dnsmasq killed (SIGKILL)"
tr -d '\r' <"$QEMU_LOG" | grep -a "kexboot: tftp://10\.99\.0\.1/deb/big\.cpio: " | tail -n 1 | sed 's/^/  when killed: /'
grep -a "dnsmasq-tftp.*: sent " "$dir/dnsmasq.log" | sed "s/^/  dnsmasq: /"
# Not a cut link (qemu/netboot-tftpstop): the namespace's kernel answers the guest's ACKs with port unreachable.
qemu_expect "kexboot: could not boot '$big': $url: no answer in [0-9.]+ s; the TFTP server is gone \\(its host answers port unreachable\\) after [0-9]+ bytes" 120
echo "  the reason came $(($(date +%s) - killed_at)) s after dnsmasq was killed"
tr -d '\r' <"$QEMU_LOG" | grep -a "^kexboot: could not boot" | sed 's/^/  | /'
if tr -d '\r' <"$QEMU_LOG" | grep -Eaq "kexboot: loading |big\.cpio: 64\.0 MiB in"; then
	echo "  kexboot went on to load after the server died" >&2
	exit 1
fi
# The menu is back with the reason on its status line (a second occurrence: the console line was the first).
qemu_expect_more "could not boot '$big'" 1 60
sleep 2
qemu_send "$n_disk"
sleep 2
qemu_send '\r'
qemu_expect "kexboot: booting '$deb'" 60
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=bls-6.1$" 180
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: done"
qemu_wait_exit 60
after=$(sha256sum <"$disk")
[ "$before" = "$after" ] || { echo "  the disk changed" >&2; exit 1; }
echo "  disk unchanged"
echo "  ok: the TFTP server died mid-transfer: a bounded wait, the reason naming the URL, the menu back,"
echo "  and the disk's entry booted"
