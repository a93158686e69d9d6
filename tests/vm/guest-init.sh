#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-init.sh - stage 2 of a test guest. The initramfs /init (see
# initramfs.sh) runs it with bash inside chroot(overlay(host /, tmpfs)).
#
# Kernel command line: vmrun.dir=RUNDIR (read-write share with the host:
# "env" and "job" written by vm-run.sh, "rc" written here), vmrun.name=,
# vmrun.timeout= (the host's hard limit, seconds), vmrun.modroot= (host
# directory holding lib/modules/<release> for a kernel that is not installed
# on the host).
#
# Before the job: block the distribution's smc.ko, mount debugfs, load
# virtio_net for NICs, mark the kernel log, switch kmemleak to manual scans.
# After the job: look for splats and af_smc leaks; a job that passed but left
# a splat exits 3. A job still running shortly before the host's limit is
# killed (exit 124) so that the kernel log is still checked.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${0%/*}/lib.sh"

say() {
	echo "vm-run: $*"
}

# Forks are slow this early (every new binary is paged in over 9p under
# emulation), hence bash builtins where they do the job.
RUNDIR='' VM_NAME=vm LIMIT=300 MODROOT=''
read -r -a words < /proc/cmdline
for w in "${words[@]}"; do
	case "$w" in
	vmrun.dir=*)		RUNDIR=${w#*=} ;;
	vmrun.name=*)		VM_NAME=${w#*=} ;;
	vmrun.timeout=*)	LIMIT=${w#*=} ;;
	vmrun.modroot=*)	MODROOT=${w#*=} ;;
	esac
done
echo "$VM_NAME" > /proc/sys/kernel/hostname
read -r KREL < /proc/sys/kernel/osrelease

# A kernel that is not installed on the host brings its modules along.
if [ -n "$MODROOT" ] && [ -d "$MODROOT/lib/modules/$KREL" ]; then
	mkdir -p "/lib/modules/$KREL"
	mount --bind "$MODROOT/lib/modules/$KREL" "/lib/modules/$KREL"
fi

# Variables for the job (vm-run.sh --env, VM_KERNEL_NAME, VM_OUTDIR, ...).
# shellcheck source=/dev/null
. "$RUNDIR/env"

[ -d /etc/modprobe.d ] || mkdir -p /etc/modprobe.d
if [ "${VM_ALLOW_UPSTREAM_SMC:-0}" != 1 ]; then
	# socket(AF_SMC) would auto-load the distribution's smc.ko (alias
	# net-pf-43), which owns the same family, genetlink names and
	# sock_diag handler as af_smc.ko.
	printf 'install smc /bin/false\ninstall smc_diag /bin/false\n' \
		> /etc/modprobe.d/af-smc-test.conf
fi
# (debugfs and lo are set up by the initramfs.)
# No udev here: load the NIC driver ourselves (virtio device id 1 = net).
for f in /sys/bus/virtio/devices/*/device; do
	read -r id < "$f" || continue
	if [ "$id" = 0x0001 ]; then
		modprobe virtio_net
		break
	fi
done
# other NIC models (VM_NIC_MODEL): the driver of each PCI Ethernet device
# that is not a virtio one (vendor 0x1af4, whose driver is loaded above)
for f in /sys/bus/pci/devices/*; do
	read -r class < "$f/class" || continue
	read -r vendor < "$f/vendor" || continue
	case "$class,$vendor" in
	0x0200*,0x1af4) ;;
	0x0200*) modprobe -q "$(cat "$f/modalias")" ;;
	esac
done
mkdir -p "$VM_OUTDIR"

# Quiet boot, but warnings during the job go to the console as they happen.
echo 5 > /proc/sys/kernel/printk

# kmemleak: no automatic scans during the job, forget boot-time objects.
KMEMLEAK=0
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan=off > /sys/kernel/debug/kmemleak
	echo clear > /sys/kernel/debug/kmemleak
	KMEMLEAK=1
fi

# Time left for the job: the host's limit minus what the boot took and what
# the checks below need.
read -r up _ < /proc/uptime
up=${up%.*}
reserve=$((10 + KMEMLEAK * 50))
budget=$(( ${LIMIT:-300} - up - reserve ))
[ "$budget" -ge 10 ] || budget=10

MARK=$(kmsg_mark job-start)
read -r TAINT0 < /proc/sys/kernel/tainted
say "guest $VM_NAME kernel $KREL ready at ${up}s; running the job (budget ${budget}s)"

run_deadline "$budget" bash "$RUNDIR/job" </dev/null
rc=$?

# Post-mortem of the kernel log.
bad=0
if ! splat_scan "$MARK" "vm-run: dmesg"; then
	say "kernel splat in dmesg"
	bad=1
fi
if ! taint=$(taint_new "$TAINT0"); then
	say "$taint"
	say "kernel splat in dmesg (taint)"
	bad=1
fi
if [ "$KMEMLEAK" = 1 ]; then
	kmemleak_check | prefix_lines "vm-run: "
	if [ "${PIPESTATUS[0]}" != 0 ]; then
		say "kmemleak reports af_smc leaks"
		bad=1
	fi
fi
dmesg > "$VM_OUTDIR/dmesg.txt" 2>/dev/null
if [ "$rc" = 0 ] && [ "$bad" = 1 ]; then
	rc=3
fi
echo "$rc" > "$RUNDIR/rc"
sync
exit "$rc"
