#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2054  # qemu option values are comma lists
#
# vm-run.sh - run a script as root in a throw-away QEMU guest.
#
# usage: tests/vm/vm-run.sh [options] SCRIPT [ARGS...]
#
#   -k KERNEL     6.1 | 6.12 | debug (default: $VM_KERNEL or 6.1); resolved
#                 with tools/kbuild/kernels.sh. debug = the KASAN + lockdep +
#                 kmemleak kernel in ../shared/kernels/debug-6.1 (or
#                 $AF_SMC_DEBUG_KERNEL)
#   -t SECS       hard limit for the whole guest (default 300)
#   -m MB         guest memory (default 2048)
#   -c CPUS       guest CPUs (default 2)
#   --nic SPEC    add a virtio NIC (eth0, eth1, ... in order); SPEC is a
#                 qemu -netdev backend without id=, e.g.
#                 "dgram,local.type=unix,local.path=A,remote.type=unix,remote.path=B"
#                 ($VM_NIC_MODEL, if set, is the qemu -device model instead
#                 of virtio-net-pci, e.g. e1000e: a lab knob to tell a NIC
#                 driver's fault from others)
#   --mac XX      fifth MAC byte of this guest's NICs (default 12):
#                 52:54:00:XX:00:<NIC number from 01>
#   --name N      guest hostname and qemu name (default vm)
#   --env K=V     set K=V in the script's environment (repeatable)
#   --out DIR     host directory shared read-write as $VM_OUTDIR (artifacts;
#                 the guest also leaves its kernel log there as dmesg.txt)
#   --log FILE    also write the console (CR-stripped) to FILE
#   --quiet       do not copy the console to stdout
#   --append TXT  extra kernel command-line text
#   --keep        keep the run directory for inspection
#
# The host's / is the guest's root (read-only 9p + tmpfs overlay): host-built
# files are visible, guest writes vanish with the guest. SCRIPT runs with bash
# in the caller's working directory. Its environment has VM_NAME,
# VM_KERNEL_NAME, VM_OUTDIR and the --env variables. See guest-init.sh for
# what happens around SCRIPT (smc.ko blocked unless VM_ALLOW_UPSTREAM_SMC=1,
# debugfs, virtio_net, kernel log and kmemleak checks).
#
# Exit code: SCRIPT's, except
#   3    SCRIPT passed but the kernel logged a splat (or, on the debug
#        kernel, kmemleak blamed af_smc)
#   124  timeout (the guest was killed, or SCRIPT was killed in the guest)
#   125  the guest died before SCRIPT finished (panic, boot failure)
#   2    usage error; 126 the kernel or initramfs could not be prepared
#
# Boots are TCG (KVM only where /proc/cpuinfo shows vmx or svm). The stock
# kernels boot as uncompressed vmlinux through the PVH entry point (no
# decompression under emulation), cached in build/vm/ with the initramfs.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
KERNELS=$TOP/tools/kbuild/kernels.sh
CACHE=$TOP/build/vm
DEBUG_SRC=${AF_SMC_DEBUG_KERNEL:-$TOP/../shared/kernels/debug-6.1}

usage() {
	sed -n '5,/^set -u$/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit "${1:-2}"
}
die() {
	echo "vm-run: $*" >&2
	exit 126
}

KNAME=${VM_KERNEL:-6.1}
LIMIT=300 MEM=2048 CPUS=2 NAME=vm MAC=12 OUT='' LOG='' QUIET=0 KEEP=0 APPEND=''
NICS=() ENVS=()
while [ $# -gt 0 ]; do
	case "$1" in
	-k)		KNAME=$2; shift 2 ;;
	-t)		LIMIT=$2; shift 2 ;;
	-m)		MEM=$2; shift 2 ;;
	-c)		CPUS=$2; shift 2 ;;
	--nic)		NICS+=("$2"); shift 2 ;;
	--mac)		MAC=$2; shift 2 ;;
	--name)		NAME=$2; shift 2 ;;
	--env)		ENVS+=("$2"); shift 2 ;;
	--out)		OUT=$2; shift 2 ;;
	--log)		LOG=$2; shift 2 ;;
	--quiet)	QUIET=1; shift ;;
	--append)	APPEND+=" $2"; shift 2 ;;
	--keep)		KEEP=1; shift ;;
	-h|--help)	usage 0 ;;
	--)		shift; break ;;
	-*)		echo "vm-run: unknown option $1" >&2; usage ;;
	*)		break ;;
	esac
done
[ $# -ge 1 ] || usage
case "$LIMIT$MEM$CPUS" in
*[!0-9]*) echo "vm-run: -t, -m and -c take numbers" >&2; exit 2 ;;
esac
SCRIPT=$1
shift
[ -f "$SCRIPT" ] || { echo "vm-run: no such script: $SCRIPT" >&2; exit 2; }
SCRIPT=$(cd "$(dirname "$SCRIPT")" && pwd)/$(basename "$SCRIPT")
for kv in "${ENVS[@]}"; do
	[[ "$kv" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] ||
		{ echo "vm-run: --env wants NAME=VALUE, got '$kv'" >&2; exit 2; }
done

# ---------------------------------------------------------------------------
# Kernel image, release and initramfs (prepared under a lock: two-vm.sh
# starts two of us at once).

# pvh_vmlinux BZIMAGE OUT: unpack the ELF vmlinux from a bzImage and keep it
# if it has a PVH entry note (Xen ELF note 18, XEN_ELFNOTE_PHYS32_ENTRY).
pvh_vmlinux() {
	local bz=$1 out=$2 setup_sects off len magic
	setup_sects=$(od -An -tu1 -j $((0x1f1)) -N1 "$bz" | tr -d ' ')
	[ "$setup_sects" = 0 ] && setup_sects=4
	off=$(od -An -tu4 -j $((0x248)) -N4 "$bz" | tr -d ' ')	# payload_offset
	len=$(od -An -tu4 -j $((0x24c)) -N4 "$bz" | tr -d ' ')	# payload_length
	off=$(( (setup_sects + 1) * 512 + off ))
	magic=$(od -An -tx1 -j "$off" -N4 "$bz" | tr -d ' ')
	# The payload ends with the 4-byte uncompressed size (not compressed data).
	case "$magic" in
	fd377a58)	tail -c +$((off + 1)) "$bz" | head -c $((len - 4)) |
				xz -dc --single-stream > "$out.tmp" 2>/dev/null ;;
	28b52ffd)	command -v zstd >/dev/null || return 1
			tail -c +$((off + 1)) "$bz" | head -c $((len - 4)) |
				zstd -qdc > "$out.tmp" 2>/dev/null ;;
	1f8b*)		tail -c +$((off + 1)) "$bz" | head -c $((len - 4)) |
				gzip -dc > "$out.tmp" 2>/dev/null ;;
	*)		return 1 ;;
	esac
	if [ "$(od -An -tx1 -N4 "$out.tmp" | tr -d ' ')" = 7f454c46 ] &&
	   readelf -n "$out.tmp" 2>/dev/null | grep -Eq 'Xen.*(0x00000012|PHYS32)'; then
		mv "$out.tmp" "$out"
	else
		rm -f "$out.tmp"
		return 1
	fi
}

mkdir -p "$CACHE" || die "cannot create $CACHE"
exec 9>"$CACHE/.lock"
flock 9
KVER=$("$KERNELS" kver "$KNAME" 2>/dev/null) ||
	die "kernel '$KNAME' is not available (tools/kbuild/kernels.sh list: $("$KERNELS" list | tr '\n' ' '))"
MODROOT=''
case "$KNAME" in
debug)
	# A KASAN vmlinux triple-faults when entered through PVH: boot the
	# bzImage. Its modules were unpacked by kernels.sh.
	IMAGE=$DEBUG_SRC/vmlinuz
	MODROOT=$TOP/build/debug-6.1/modroot
	[ -d "$MODROOT/lib/modules/$KVER" ] || die "no modules for $KVER in $MODROOT"
	;;
*)
	BZ=/boot/vmlinuz-$KVER
	[ -f "$BZ" ] || die "$BZ missing (install linux-image for $KVER)"
	IMAGE=$CACHE/vmlinux-$KVER
	if [ ! -s "$IMAGE" ] || [ "$BZ" -nt "$IMAGE" ]; then
		if ! pvh_vmlinux "$BZ" "$IMAGE"; then
			echo "vm-run: cannot unpack a PVH vmlinux from $BZ (zstd missing?); booting the bzImage" >&2
			IMAGE=$BZ
		fi
	fi
	;;
esac
[ -f "$IMAGE" ] || die "kernel image $IMAGE missing"
INITRD=$CACHE/initramfs-$KVER.cpio.gz
depfile=${MODROOT:-}/lib/modules/$KVER/modules.dep
if [ ! -s "$INITRD" ] || [ "$HERE/initramfs.sh" -nt "$INITRD" ] ||
   { [ -f "$depfile" ] && [ "$depfile" -nt "$INITRD" ]; }; then
	"$HERE/initramfs.sh" "$KVER" "$INITRD" "${MODROOT:-/}" || die "initramfs build failed"
fi
flock -u 9
exec 9>&-

if [ -c /dev/kvm ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
	ACCEL=(-accel kvm -cpu host)
	ACCNAME=kvm
else
	# /dev/kvm may be kvm-pvm here, which cannot run a stock kernel.
	ACCEL=(-accel "${VM_TCG_ACCEL:-tcg,thread=multi,tb-size=256}" -cpu "${VM_TCG_CPU:-max}")
	ACCNAME=tcg
fi

# ---------------------------------------------------------------------------
# Run directory: "env" and "job" for the guest, "rc" back from it.

RUNDIR=$(mktemp -d "${TMPDIR:-/tmp}/af-smc-vm.XXXXXX") || die "mktemp failed"
chmod 755 "$RUNDIR"
# shellcheck disable=SC2317  # called through the trap
cleanup() {
	[ "$KEEP" = 1 ] || rm -rf "$RUNDIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
if [ -n "$OUT" ]; then
	mkdir -p "$OUT" || die "cannot create $OUT"
	OUT=$(cd "$OUT" && pwd)
fi
{
	printf 'export VM_NAME=%q VM_KERNEL_NAME=%q VM_OUTDIR=%q\n' \
		"$NAME" "$KNAME" "${OUT:-$RUNDIR/out}"
	for kv in "${ENVS[@]}"; do
		printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
	done
} > "$RUNDIR/env"
{
	printf 'cd %q || exit 126\n' "$PWD"
	printf 'exec bash %q' "$SCRIPT"
	for arg in "$@"; do
		printf ' %q' "$arg"
	done
	printf '\n'
} > "$RUNDIR/job"

NETDEVS=()
n=0
for spec in "${NICS[@]}"; do
	n=$((n + 1))
	NETDEVS+=(-netdev "$spec,id=net$n"
		  -device "${VM_NIC_MODEL:-virtio-net-pci},netdev=net$n,mac=52:54:00:$MAC:00:$(printf %02x "$n")")
done
OUTDEV=()
if [ -n "$OUT" ]; then
	OUTDEV=(-fsdev "local,id=vmout,path=$OUT,security_model=none"
		-device virtio-9p-pci,fsdev=vmout,mount_tag=vmout)
fi

CMDLINE="console=ttyS0 loglevel=4 log_buf_len=4M panic=-1 mitigations=off"
CMDLINE+=" tsc=reliable no_timer_check i8042.noaux i8042.nokbd i8042.nopnp"
CMDLINE+="$APPEND vmrun.dir=$RUNDIR vmrun.init=$HERE/guest-init.sh"
CMDLINE+=" vmrun.name=$NAME vmrun.timeout=$LIMIT"
[ -n "$OUT" ] && CMDLINE+=" vmrun.out=$OUT"
[ -n "$MODROOT" ] && CMDLINE+=" vmrun.modroot=$MODROOT"

QEMU=(qemu-system-x86_64 -name "$NAME" -machine q35 "${ACCEL[@]}"
	-smp "$CPUS" -m "$MEM" -nodefaults -no-user-config -display none
	-monitor none -no-reboot -serial stdio
	-kernel "$IMAGE" -initrd "$INITRD" -append "$CMDLINE"
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
	-fsdev "local,id=vmrun,path=$RUNDIR,security_model=none"
	-device virtio-9p-pci,fsdev=vmrun,mount_tag=vmrun
	-device virtio-rng-pci
	"${OUTDEV[@]}" "${NETDEVS[@]}")

# ---------------------------------------------------------------------------
# Boot, stream the console, collect the result.

CONSOLE=$RUNDIR/console.log
NOISE='^VMRUN_EXIT=|sysrq: Resetting|speed is unknown, defaulting to'
# qemu writes into a FIFO so that we know its PID: timeout(1) puts qemu in a
# process group of its own, which a signal to our group would not reach.
mkfifo "$RUNDIR/console.fifo" || die "mkfifo failed"
if [ "$QUIET" = 1 ]; then
	sed -u 's/\r$//' < "$RUNDIR/console.fifo" > "$CONSOLE" &
else
	# The raw console goes to the log; known noise is not shown.
	sed -u 's/\r$//' < "$RUNDIR/console.fifo" | tee "$CONSOLE" |
		grep --line-buffered -vE "$NOISE" &
fi
reader=$!
start=$(date +%s.%N)
timeout -k 5 "$LIMIT" "${QEMU[@]}" </dev/null > "$RUNDIR/console.fifo" 2>&1 &
qemu_pid=$!
interrupted=0
trap 'interrupted=1; kill -TERM "$qemu_pid" 2>/dev/null' INT TERM HUP
# wait returns early when a trapped signal arrives: wait again.
while :; do
	wait "$qemu_pid"
	qrc=$?
	kill -0 "$qemu_pid" 2>/dev/null || break
done
wait "$reader"
if [ "$interrupted" = 1 ]; then
	echo "vm-run: interrupted; guest stopped" >&2
	exit 130
fi
wall=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
[ -n "$LOG" ] && cp "$CONSOLE" "$LOG"

if [ -s "$RUNDIR/rc" ]; then
	rc=$(cat "$RUNDIR/rc")
elif [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "vm-run: TIMEOUT: guest killed after ${LIMIT}s" >&2
	rc=124
else
	echo "vm-run: the guest died without a result (qemu exit $qrc); console tail:" >&2
	tail -n 20 "$CONSOLE" | sed 's/^/vm-run: | /' >&2
	rc=125
fi
ready=$(sed -n 's/^vm-init: root ready at \([0-9.]*s\).*/\1/p' "$CONSOLE")
echo "vm-run: $NAME kernel=$KNAME ($KVER) accel=$ACCNAME rc=$rc wall=${wall}s root-ready=${ready:-?}" >&2
[ "$KEEP" = 1 ] && echo "vm-run: run directory kept: $RUNDIR" >&2
exit "$rc"
