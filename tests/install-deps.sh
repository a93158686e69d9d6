#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install everything the build, the guest harness and the tests need on a
# Debian 12 (bookworm) machine. Safe to run again: apt skips what is there.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: run as root (apt-get install)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# QEMU comes from bookworm-backports (10.0): bookworm's QEMU 7.2 under TCG
# corrupts a 6.12 guest's registers now and then under rxe traffic
# (Documentation/testing.rst, 16-rxe-flapping).
bpo=/etc/apt/sources.list.d/af-smc-bookworm-backports.list
if ! grep -rqs '^[^#]*bookworm-backports' /etc/apt/sources.list \
	/etc/apt/sources.list.d/; then
	echo "deb http://deb.debian.org/debian bookworm-backports main" > "$bpo"
fi
apt-get update -qq

# Newest 6.12 series kernel that has both an image and headers in the archive.
k612=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' |
	awk '{print $1}' | sed 's/^linux-headers-//' | sort -V | tail -1)
if [ -z "$k612" ]; then
	echo "install-deps: no linux-headers-6.12.*+deb12-amd64 in the archive" >&2
	exit 1
fi

apt-get install -y -qq --no-install-recommends \
	build-essential gcc make libc6-dev bc kmod cpio xz-utils file \
	libelf1 binutils sparse codespell shellcheck \
	clang llvm libclang-rt-14-dev \
	busybox-static iproute2 iputils-ping procps \
	rdma-core ibverbs-utils ibverbs-providers perftest zstd \
	libnl-3-dev libnl-genl-3-dev pkg-config libbpf-dev \
	iperf3 redis-server redis-tools nginx-light curl python3 \
	linux-image-amd64 linux-headers-amd64 linux-source-6.1 \
	"linux-image-$k612-unsigned" "linux-headers-$k612"
apt-get install -y -qq --no-install-recommends -t bookworm-backports \
	qemu-system-x86
echo "install-deps: ok (6.12 kernel: $k612, $(qemu-system-x86_64 --version | head -1))"
