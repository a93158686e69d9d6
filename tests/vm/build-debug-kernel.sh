#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-debug-kernel.sh - build the KASAN + lockdep + kmemleak test kernel
# from Debian's linux-source-6.1, packaged like the prebuilt one in
# ../shared/kernels/debug-6.1 so that the whole test harness can use it.
#
# usage: tests/vm/build-debug-kernel.sh [-s SRCDIR] [-o OUTDIR] [-j JOBS] [--config-only]
#
#   -s SRCDIR      kernel tree (default build/debug-kernel/linux-source-6.1;
#                  unpacked from /usr/src/linux-source-6.1.tar.xz if missing)
#   -o OUTDIR      where the result goes (default build/debug-kernel/out)
#   -j JOBS        parallel make jobs (default: nproc)
#   --config-only  stop after writing and checking .config
#
# Needs: apt-get install linux-source-6.1 build-essential flex bison bc
#        libelf-dev libssl-dev   (about 21 minutes with 2 cores)
#
# Output, the same files as the prebuilt kernel:
#   OUTDIR/vmlinuz          arch/x86/boot/bzImage (boot this, not PVH: a
#                           KASAN vmlinux entered through PVH triple-faults)
#   OUTDIR/modules.tar.xz   lib/modules/<release>/ (modules_install, stripped)
#   OUTDIR/build.tar.xz     linux-build-<release>/: the part of the tree that
#                           out-of-tree module builds (make M=...) read
# Use it with:
#   AF_SMC_DEBUG_KERNEL=OUTDIR make modules-all
#   AF_SMC_DEBUG_KERNEL=OUTDIR tests/run.sh --kernels debug
#
# Config: x86_64_defconfig + kvm_guest.config + the changes in DEBUG_CONFIG
# below, then olddefconfig; every requested value is checked afterwards.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
TARBALL=/usr/src/linux-source-6.1.tar.xz
SRC=$TOP/build/debug-kernel/linux-source-6.1
OUT=$TOP/build/debug-kernel/out
JOBS=$(nproc)
CONFIG_ONLY=0

usage() {
	sed -n '4,/^set -euo pipefail$/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit "${1:-2}"
}
while [ $# -gt 0 ]; do
	case "$1" in
	-s)		SRC=$2; shift 2 ;;
	-o)		OUT=$2; shift 2 ;;
	-j)		JOBS=$2; shift 2 ;;
	--config-only)	CONFIG_ONLY=1; shift ;;
	-h|--help)	usage 0 ;;
	*)		echo "build-debug-kernel: unknown argument $1" >&2; usage ;;
	esac
done

# Debug features, what SMC-R tests need as modules, and what the guest
# harness needs built in (9p root, virtio, overlay, sysrq reset).
DEBUG_CONFIG=(
	-e PVH -e MODULES -e MODULE_UNLOAD
	-e KASAN -e KASAN_GENERIC -e KASAN_INLINE
	-e PROVE_LOCKING -e DEBUG_ATOMIC_SLEEP -e DEBUG_LIST
	-e DEBUG_KMEMLEAK -e DEBUG_KMEMLEAK_AUTO_SCAN
	--set-val DEBUG_KMEMLEAK_MEM_POOL_SIZE 16000
	-e DEBUG_INFO_NONE -d DEBUG_INFO_BTF -d DEBUG_INFO_DWARF5
	-d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT
	-m INFINIBAND -m INFINIBAND_USER_ACCESS -e INFINIBAND_ADDR_TRANS
	-m RDMA_RXE -m SMC -m SMC_DIAG
	-e NET_NS -m VETH -m DUMMY -e IPV6
	-e OVERLAY_FS -e TMPFS -e DEVTMPFS -e MAGIC_SYSRQ
	-e DYNAMIC_DEBUG -e FTRACE -e FUNCTION_TRACER -e KPROBE_EVENTS
	-e NET_9P -e NET_9P_VIRTIO -e 9P_FS -e VIRTIO_PCI -e VIRTIO_NET
)
# What .config must say afterwards (olddefconfig may drop what it cannot
# satisfy; better to stop here than after 20 minutes).
EXPECT=(
	PVH=y MODULES=y MODULE_UNLOAD=y KASAN=y KASAN_GENERIC=y KASAN_INLINE=y
	PROVE_LOCKING=y LOCKDEP=y DEBUG_ATOMIC_SLEEP=y DEBUG_LIST=y
	DEBUG_KMEMLEAK=y DEBUG_KMEMLEAK_AUTO_SCAN=y
	DEBUG_KMEMLEAK_MEM_POOL_SIZE=16000 DEBUG_INFO_NONE=y
	INFINIBAND=m INFINIBAND_USER_ACCESS=m INFINIBAND_ADDR_TRANS=y
	RDMA_RXE=m SMC=m SMC_DIAG=m NET_NS=y VETH=m DUMMY=m IPV6=y
	OVERLAY_FS=y TMPFS=y DEVTMPFS=y MAGIC_SYSRQ=y
	NET_9P=y NET_9P_VIRTIO=y 9P_FS=y VIRTIO_PCI=y VIRTIO_NET=y
)

missing=()
for tool in gcc make flex bison bc xz; do
	command -v "$tool" >/dev/null || missing+=("$tool")
done
[ -e /usr/include/gelf.h ] || missing+=(libelf-dev)
[ -e /usr/include/openssl/opensslv.h ] || missing+=(libssl-dev)
if [ ! -d "$SRC" ] && [ ! -f "$TARBALL" ]; then
	missing+=(linux-source-6.1)
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "build-debug-kernel: missing: ${missing[*]}" >&2
	echo "  apt-get install linux-source-6.1 build-essential flex bison bc libelf-dev libssl-dev" >&2
	exit 1
fi

if [ ! -f "$SRC/Makefile" ]; then
	echo "build-debug-kernel: unpacking $TARBALL into $(dirname "$SRC")"
	mkdir -p "$(dirname "$SRC")"
	tar -xJf "$TARBALL" -C "$(dirname "$SRC")"
	[ -f "$SRC/Makefile" ] || {
		echo "build-debug-kernel: $SRC/Makefile missing after unpacking (is -s the tarball's linux-source-6.1 dir?)" >&2
		exit 1
	}
fi

cd "$SRC"
echo "build-debug-kernel: configuring $SRC"
make -s x86_64_defconfig
make -s kvm_guest.config
scripts/config "${DEBUG_CONFIG[@]}"
make -s olddefconfig
bad=0
for kv in "${EXPECT[@]}"; do
	if ! grep -qx "CONFIG_$kv" .config; then
		echo "build-debug-kernel: .config lacks CONFIG_$kv ($(grep -E "^(# )?CONFIG_${kv%%=*}[= ]" .config || echo absent))" >&2
		bad=1
	fi
done
[ "$bad" = 0 ] || exit 1
RELEASE=$(make -s kernelrelease)
echo "build-debug-kernel: .config ok (${#EXPECT[@]} options checked), release $RELEASE"
[ "$CONFIG_ONLY" = 1 ] && exit 0

start=$SECONDS
echo "build-debug-kernel: make -j$JOBS bzImage modules (about 21 min on 2 cores)"
make -s -j"$JOBS" bzImage modules
echo "build-debug-kernel: built in $((SECONDS - start))s"

mkdir -p "$OUT"
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/af-smc-dbgk.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

make -s modules_install INSTALL_MOD_PATH="$STAGE" INSTALL_MOD_STRIP=1
rm -f "$STAGE/lib/modules/$RELEASE/build" "$STAGE/lib/modules/$RELEASE/source"
tar -cJf "$OUT/modules.tar.xz" -C "$STAGE" lib

# The build tree subset: top Makefile, config and generated headers, the
# kbuild scripts with their host tools, objtool, Module.symvers.
tar -cJf "$OUT/build.tar.xz" \
	--exclude='*.o' --exclude='.*.cmd' --exclude='*.o.d' \
	--exclude=scripts/dtc/include-prefixes \
	--transform "s,^\\./,linux-build-$RELEASE/,S" \
	./.config ./Makefile ./Module.symvers ./include ./scripts \
	./arch/x86/include ./arch/x86/Makefile ./arch/x86/Makefile_32.cpu \
	./arch/x86/Makefile.um ./tools/objtool/objtool

cp arch/x86/boot/bzImage "$OUT/vmlinuz"
echo "build-debug-kernel: done: $OUT (release $RELEASE)"
ls -l "$OUT"
echo "use it:  AF_SMC_DEBUG_KERNEL=$OUT tests/run.sh --kernels debug"
