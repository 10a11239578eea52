# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for QEMU test cases (sourced). A case boots a kernel + initramfs
# under TCG with the serial console on a log file and a FIFO for input,
# waits for marker lines, types keys, and ends with the guest powering off.
#
#   qemu_start KERNEL INITRD APPEND [QEMU ARGS...]   (sets QEMU_PID, QEMU_LOG)
#   qemu_expect PATTERN [TIMEOUT_S]   wait for an extended regexp in the serial log
#   qemu_expect_count PATTERN N [TIMEOUT_S]  ... until N lines match
#   qemu_count PATTERN                how many times PATTERN occurs in the serial log so far
#   qemu_expect_more PATTERN N [TIMEOUT_S]  wait until it occurs more than N times (a menu
#                                     redraw puts rows out without newlines: lines do not count)
#   qemu_send TEXT                    type TEXT (printf format) on the serial console
#   qemu_wait_exit [TIMEOUT_S]        wait for QEMU to end by itself
#   qemu_stop                         kill QEMU (always called at exit)
#   qemu_qmp JSON                     send one QMP command (needs QEMU_QMP=1 before start)
#   qemu_expect_target CMDLINE        the target (build/target) booted with CMDLINE (a regexp, to
#                                     the line's end), checked each of its files' digests, and
#                                     the guest powered off
# Cases print what they check and exit 0 on success. Logs stay in $QEMU_DIR.

# A case stopped by a signal (a runner killed, Ctrl-C) still runs its EXIT trap, which stops
# QEMU and the servers it started: a shell runs that trap on exit, not on a fatal signal.
trap 'exit 143' TERM HUP
trap 'exit 130' INT

QEMU_BIN=${QEMU_BIN:-qemu-system-x86_64}
QEMU_MEM=${QEMU_MEM:-1G}
QEMU_DIR=${QEMU_DIR:-$(mkdir -p build/qemu-runs && mktemp -d build/qemu-runs/run.XXXXXX)}
QEMU_PID=
QEMU_LOG=$QEMU_DIR/serial.log
QEMU_IN=$QEMU_DIR/serial.in
QEMU_MON=$QEMU_DIR/qmp.sock

kernel_dir() {
	# kernel_dir SERIES -> the cache directory scripts/kernels.sh filled
	scripts/kernels.sh "$1" | awk '{print $3}'
}

qemu_start() {
	k=$1 i=$2 a=$3
	shift 3
	# A TCG guest on a busy host can miss the kernel's IO-APIC timer check
	# ("IO-APIC + timer doesn't work", a panic before any kexboot code runs).
	a="$a no_timer_check"
	rm -f "$QEMU_IN" "$QEMU_LOG"
	mkfifo "$QEMU_IN"
	: >"$QEMU_LOG"
	# No NIC unless the case adds one: QEMU's default is an e1000e on unrestricted
	# user networking, which kexboot's network source would now take a lease on.
	case " $* " in
	*" -netdev "* | *" -nic "* | *" -net "*) ;;
	*) set -- "$@" -nic none ;;
	esac
	set -- -M q35 -m "$QEMU_MEM" -nographic -no-reboot -monitor none \
		-serial stdio -kernel "$k" -append "$a" \
		-qmp "unix:$QEMU_MON,server=on,wait=off" "$@"
	[ -n "$i" ] && set -- "$@" -initrd "$i"
	# The FIFO stays open on fd 7 so QEMU never sees EOF on the serial line.
	"$QEMU_BIN" "$@" <"$QEMU_IN" >>"$QEMU_LOG" 2>"$QEMU_DIR/qemu.err" &
	QEMU_PID=$!
	exec 7>"$QEMU_IN"
	trap qemu_stop EXIT
}

qemu_expect() {
	qemu_expect_count "$1" 1 "${2:-90}"
}

# qemu_expect_count PATTERN N [TIMEOUT_S]: wait until N lines match
qemu_expect_count() {
	pat=$1 want=$2 t=${3:-90}
	end=$(($(date +%s) + t))
	while [ "$(date +%s)" -le "$end" ]; do
		if [ "$(tr -d '\r' <"$QEMU_LOG" | grep -Ec -- "$pat")" -ge "$want" ]; then
			[ "$want" -gt 1 ] && echo "  seen: $pat (x$want)" || echo "  seen: $pat"
			return 0
		fi
		if ! kill -0 "$QEMU_PID" 2>/dev/null; then
			[ "$(tr -d '\r' <"$QEMU_LOG" | grep -Ec -- "$pat")" -ge "$want" ] &&
				{ echo "  seen: $pat"; return 0; }
			echo "  QEMU ended before: $pat" >&2
			qemu_tail >&2
			return 1
		fi
		sleep 0.3
	done
	echo "  timed out after ${t}s waiting for: $pat" >&2
	qemu_tail >&2
	return 1
}

qemu_count() {
	tr -d '\r' <"$QEMU_LOG" | grep -aoE -- "$1" | wc -l
}

qemu_expect_more() {
	pat=$1 than=$2 t=${3:-90}
	end=$(($(date +%s) + t))
	while [ "$(date +%s)" -le "$end" ]; do
		if [ "$(qemu_count "$pat")" -gt "$than" ]; then
			echo "  seen again: $pat"
			return 0
		fi
		sleep 0.3
	done
	echo "  timed out after ${t}s waiting for more than $than of: $pat" >&2
	qemu_tail >&2
	return 1
}

qemu_tail() {
	echo "  --- last serial lines ($QEMU_LOG) ---"
	tr -d '\r' <"$QEMU_LOG" | tail -n 25 | sed 's/^/  | /'
}

qemu_send() {
	# shellcheck disable=SC2059
	printf "$1" >&7
}

qemu_wait_exit() {
	t=${1:-60}
	end=$(($(date +%s) + t))
	while kill -0 "$QEMU_PID" 2>/dev/null; do
		if [ "$(date +%s)" -gt "$end" ]; then
			echo "  QEMU still running after ${t}s" >&2
			return 1
		fi
		sleep 0.3
	done
	wait "$QEMU_PID" 2>/dev/null || true
	echo "  QEMU exited"
	return 0
}

# qemu_expect_target CMDLINE [EXIT_S]: the target booted with CMDLINE (a
# regex), checked every file in build/target/expected.sha256 and powered off
# within EXIT_S seconds (default 60).
qemu_expect_target() {
	qemu_expect "TARGET: cmdline $1\$" 180
	while read -r sum path; do
		qemu_expect "TARGET: sha256 $sum  $path"
	done <build/target/expected.sha256
	qemu_expect "TARGET: done"
	qemu_wait_exit "${2:-60}"
}

qemu_qmp() {
	python3 - "$QEMU_MON" "$1" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rw")
f.readline()
f.write(json.dumps({"execute": "qmp_capabilities"}) + "\n"); f.flush(); f.readline()
f.write(sys.argv[2] + "\n"); f.flush()
print(f.readline().strip())
PY
}

qemu_stop() {
	exec 7>&- 2>/dev/null || true
	if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
		kill "$QEMU_PID" 2>/dev/null || true
		wait "$QEMU_PID" 2>/dev/null || true
	fi
	QEMU_PID=
}
