#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The fetch bench's guest profile, read on the host: the "BENCH perf" lines
# of a serial log (run.sh BENCH_PERF=1: raw sample addresses, the payload
# kernel having no kallsyms) mapped to kernel functions with the payload
# kernel's System.map, per tool: samples and share of the whole guest's
# samples, the top N functions; user-space addresses are one line, "[user]".
#
#   tests/bench/fetch/perfmap.sh SERIAL_LOG SYSTEM_MAP [N]
#
# SYSTEM_MAP must belong to the kernel the guest ran (the payload build's
# tree in the kernel cache; no KASLR in the payload kernel). Figures only.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 SERIAL_LOG SYSTEM_MAP [N]" >&2; exit 2; }
top=${3:-25}
tr -d '\r' <"$1" | awk -v map="$2" -v top="$top" '
	BEGIN {
		# text symbols, by address; the kernel sits in 0xffffffff8xxxxxxx, so the low 8 hex digits
		# compare as strings of equal length
		while ((getline l < map) > 0) {
			split(l, f, " ")
			if (f[2] !~ /^[tTwW]$/ || substr(f[1], 1, 8) != "ffffffff") continue
			n++; addr[n] = substr(f[1], 9); name[n] = f[3]
		}
	}
	function sym(ip,   a, lo, hi, mid) {
		ip = tolower(ip); sub(/^0x/, "", ip)
		if (length(ip) != 16 || substr(ip, 1, 8) != "ffffffff") return "[user]"
		a = substr(ip, 9); lo = 1; hi = n
		if (a < addr[1]) return "[below text]"
		while (lo < hi) { mid = int((lo + hi + 1) / 2); if (addr[mid] <= a) lo = mid; else hi = mid - 1 }
		return name[lo]
	}
	/^BENCH perf / {
		t = ""; ip = ""; s = 0; total = ""
		for (i = 1; i <= NF; i++) {
			if (index($i, "tool=") == 1) t = substr($i, 6)
			if (index($i, "ip=") == 1) ip = substr($i, 4)
			if (index($i, "samples=") == 1) s = substr($i, 9) + 0
			if (index($i, "total=") == 1) total = substr($i, 7) + 0
		}
		if (!(t in seen)) { seen[t] = 1; order[++no] = t }
		if (total != "") { all[t] = total; next }
		fn = sym(ip); cnt[t, fn] += s
		if (!((t, fn) in listed)) { listed[t, fn] = 1; fns[t] = fns[t] "\n" fn }
	}
	END {
		for (i = 1; i <= no; i++) {
			t = order[i]
			printf "%s: %d samples (the whole guest, every repeat)\n", t, all[t]
			m = split(substr(fns[t], 2), lst, "\n")
			# by samples, most first
			for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (cnt[t, lst[b]] > cnt[t, lst[a]]) { x = lst[a]; lst[a] = lst[b]; lst[b] = x }
			for (a = 1; a <= m && a <= top; a++)
				printf "  %6d %5.1f%%  %s\n", cnt[t, lst[a]], all[t] ? 100 * cnt[t, lst[a]] / all[t] : 0, lst[a]
		}
	}'
