#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernels.sh - name the kernels af_smc.ko is built and tested for.
#
#   kernels.sh kdir NAME     print the kernel build directory for NAME
#   kernels.sh kver NAME     print the kernel release (uname -r) for NAME
#   kernels.sh list          print the names that are available here
#
# NAME is one of:
#   6.1    Debian 12's linux-image-amd64 / linux-headers-amd64
#   6.12   Debian 12's linux-image-6.12.*+deb12-amd64-unsigned + headers
#   debug  the KASAN + lockdep + kmemleak 6.1 kernel from
#          ../shared/kernels/debug-6.1 (extracted into build/debug-6.1/)
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
DEBUG_SRC=${AF_SMC_DEBUG_KERNEL:-$TOP/../shared/kernels/debug-6.1}
DEBUG_DIR=$TOP/build/debug-6.1

newest_headers() { # PATTERN
	local d
	d=$(find /usr/src -maxdepth 1 -name "linux-headers-$1" -type d 2>/dev/null |
		sort -V | tail -1)
	[ -n "$d" ] && [ -f "$d/Makefile" ] || return 1
	echo "$d"
}

# Unpack the prebuilt debug kernel's build tree and modules once.
debug_extract() {
	[ -f "$DEBUG_SRC/build.tar.xz" ] || return 1
	if [ ! -f "$DEBUG_DIR/.extracted" ] ||
	   [ "$DEBUG_SRC/build.tar.xz" -nt "$DEBUG_DIR/.extracted" ]; then
		rm -rf "$DEBUG_DIR"
		mkdir -p "$DEBUG_DIR/kbuild" "$DEBUG_DIR/modroot"
		tar -xJf "$DEBUG_SRC/build.tar.xz" -C "$DEBUG_DIR/kbuild"
		tar -xJf "$DEBUG_SRC/modules.tar.xz" -C "$DEBUG_DIR/modroot"
		touch "$DEBUG_DIR/.extracted"
	fi
}

kdir() {
	case "$1" in
	6.1)	newest_headers '6.1.*-amd64' ;;
	6.12)	newest_headers '6.12.*+deb12-amd64' ;;
	debug)	debug_extract || return 1
		find "$DEBUG_DIR/kbuild" -maxdepth 1 -name 'linux-build-*' -type d | head -1 ;;
	*)	echo "kernels.sh: unknown kernel name '$1'" >&2; return 2 ;;
	esac
}

kver() {
	local d
	d=$(kdir "$1") || return 1
	case "$1" in
	debug)	basename "$d" | sed 's/^linux-build-//' ;;
	*)	basename "$d" | sed 's/^linux-headers-//' ;;
	esac
}

case "${1:-}" in
kdir)	kdir "$2" ;;
kver)	kver "$2" ;;
list)	for k in 6.1 6.12 debug; do
		if kdir "$k" >/dev/null 2>&1; then echo "$k"; fi
	done ;;
*)	sed -n '4,15p' "$0" >&2; exit 2 ;;
esac
