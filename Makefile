# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of af_smc.ko plus the project's checks.
#
#   make                     build af_smc.ko against KDIR (default below)
#   make KDIR=/path/to/build build against another kernel build tree
#   make modules-all         build for every known kernel into build/<name>/
#   make check-build         W=1 + sparse (C=2) builds for 6.1 and 6.12, no warning allowed
#   make check-style         checkpatch.pl --strict (from linux-source-6.1) on our sources
#   make unit                host unit tests (ASan/UBSan)
#   make check               the whole test suite (tests/run.sh)

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
KERNELS := $(TOP)/tools/kbuild/kernels.sh

# The running kernel's build dir when it has one (a user's machine);
# otherwise the newest Debian headers installed (these build hosts cannot
# load modules, so their own kernel is never the target).
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; \
	if [ -f $$d/Makefile ]; then echo $$d; else \
	ls -1d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -1; fi)

KBUILD_FLAGS := $(if $(AF_SMC_DEBUG),AF_SMC_DEBUG=y)

SRCS_KERNEL := Kbuild $(wildcard net/smc/*.[ch] include/uapi/linux/*.h)

all: module

module:
	@test -n "$(KDIR)" || { echo "no kernel headers found: set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) $(KBUILD_FLAGS) modules

debug:
	$(MAKE) AF_SMC_DEBUG=y module

# Build one copy per kernel in build/<name>/ so that several kernels' objects
# never mix in the source tree. Output: build/<name>/af_smc.ko
build/%/af_smc.ko: $(SRCS_KERNEL) FORCE
	@kdir=$$($(KERNELS) kdir $*) || { echo "kernel '$*' not available" >&2; exit 1; }; \
	mkdir -p build/$*/src && \
	tar -cf - Kbuild net include | tar -xf - -C build/$*/src && \
	$(MAKE) -s -C $$kdir M=$(TOP)/build/$*/src $(KBUILD_FLAGS) modules && \
	cp build/$*/src/af_smc.ko $@

modules-all:
	@for k in $$($(KERNELS) list); do \
		$(MAKE) --no-print-directory build/$$k/af_smc.ko || exit 1; \
		echo "built build/$$k/af_smc.ko ($$($(KERNELS) kver $$k))"; \
	done

# W=1 and sparse: any compiler or sparse diagnostic fails the target.
check-build:
	@rc=0; for k in 6.1 6.12; do \
		kdir=$$($(KERNELS) kdir $$k) || { echo "kernel $$k missing" >&2; exit 1; }; \
		d=$(TOP)/build/check-$$k; rm -rf $$d; mkdir -p $$d; \
		tar -cf - Kbuild net include | tar -xf - -C $$d; \
		$(MAKE) -s -C $$kdir M=$$d W=1 C=2 modules > $$d/build.log 2>&1 || rc=1; \
		if grep -E 'warning:|error:' $$d/build.log; then rc=1; fi; \
		if [ $$rc = 0 ]; then echo "check-build $$k: clean (W=1, C=2)"; \
		else echo "check-build $$k: FAILED, see $$d/build.log"; cat $$d/build.log; fi; \
	done; exit $$rc

# checkpatch.pl and its data files come from Debian's linux-source-6.1.
CHECKPATCH_DIR := $(TOP)/build/checkpatch
CHECKPATCH := $(CHECKPATCH_DIR)/scripts/checkpatch.pl
$(CHECKPATCH):
	@src=/usr/src/linux-source-6.1.tar.xz; test -f $$src || src=; \
	test -n "$$src" || { echo "need linux-source-6.1 (apt-get install linux-source-6.1)" >&2; exit 1; }; \
	mkdir -p $(CHECKPATCH_DIR) && \
	tar -xJf $$src -C $(CHECKPATCH_DIR) --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch

CODESPELL_DICT := $(firstword $(wildcard /usr/share/codespell/dictionary.txt \
	/usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt))
# TRACE_EVENT() blocks are laid out as the kernel's own trace headers are,
# which two of checkpatch's layout checks do not understand
TRACE_FILES = net/smc/smc_trace.h
STYLE_FILES = $(sort $(filter-out $(TRACE_FILES), \
	$(wildcard net/smc/*.[ch] include/uapi/linux/*.h)))
check-style: $(CHECKPATCH)
	@cd $(TOP) && $(CHECKPATCH) --strict --no-tree --terse --show-types \
		--max-line-length=80 --codespell \
		$(if $(CODESPELL_DICT),--codespellfile $(CODESPELL_DICT)) \
		--ignore MACRO_ARG_REUSE,ALLOC_SIZEOF_STRUCT,CAMELCASE \
		-f $(STYLE_FILES) > build/checkpatch.log 2>&1; \
	$(CHECKPATCH) --strict --no-tree --terse --show-types \
		--max-line-length=80 --ignore PARENTHESIS_ALIGNMENT,OPEN_ENDED_LINE \
		-f $(TRACE_FILES) >> build/checkpatch.log 2>&1; \
	if grep -E ': (ERROR|WARNING|CHECK):' build/checkpatch.log; then \
		echo "check-style: checkpatch found issues"; exit 1; \
	else echo "check-style: checkpatch --strict clean ($(words $(STYLE_FILES)) files)"; fi

unit:
	@$(MAKE) -s --no-print-directory -C tests/unit run

fuzz:
	$(MAKE) -C tests/fuzz run

check:
	bash tests/run.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null
	rm -rf build
	-$(MAKE) -C tests/unit clean 2>/dev/null
	-$(MAKE) -C tests/socket clean 2>/dev/null

.PHONY: all module debug modules-all check-build check-style unit fuzz check clean FORCE
