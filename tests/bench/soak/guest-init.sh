#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The soak's rdinit (tests/bench/soak/run.sh packs it as /soak/init next to
# kexboot's cpio): prints one line with what this boot sees, then becomes
# kexboot as PID 1 (exec keeps the PID).
#   SOAK kernel=<uname -r> memtotal=<kB> memavail=<kB> cpus=<online list>
#        e820=<digest of /sys/firmware/memmap> e820n=<ranges>
#        e820log=<digest of the kernel's BIOS-e820 lines> warnings=<N>
#        nmisafe=<0|1 from /sys/kernel/kexec_nmi_safe, - without it>
# warnings counts WARNING:, BUG:, Oops and Call Trace in the kernel log so
# far; the host also counts them on the serial console over the whole cycle.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
meminfo() {
	while read -r k v _; do
		[ "$k" = "$1:" ] && { echo "$v"; return; }
	done </proc/meminfo
	echo "?"
}
e820=$(for d in /sys/firmware/memmap/*; do cat "$d/start" "$d/end" "$d/type"; done | sha256sum | cut -c1-16)
e820n=$(ls /sys/firmware/memmap | wc -l)
e820log=$(dmesg | grep 'BIOS-e820:' | sed 's/^\[[^]]*\] *//' | sha256sum | cut -c1-16)
warnings=$(dmesg | grep -cE 'WARNING:|BUG:|Oops|Call Trace')
nmisafe=-
[ ! -r /sys/kernel/kexec_nmi_safe ] || nmisafe=$(cat /sys/kernel/kexec_nmi_safe)
echo "SOAK kernel=$(uname -r) memtotal=$(meminfo MemTotal) memavail=$(meminfo MemAvailable)" \
	"cpus=$(cat /sys/devices/system/cpu/online) e820=$e820 e820n=$e820n e820log=$e820log warnings=$warnings nmisafe=$nmisafe"
umount /sys
umount /proc
exec /init
