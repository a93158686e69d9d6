/* SPDX-License-Identifier: GPL-2.0 */
/* runner.h - the per-run shared log area (harness internals) */
#ifndef SMC_CONFORM_RUNNER_H
#define SMC_CONFORM_RUNNER_H

#define LOG_MAX		(256 * 1024)
#define FAIL_MAX	(32 * 1024)
/* lines starting with this may differ between IPv4 and IPv6 */
#define AF_PREFIX	"[af] "

struct shm {
	volatile size_t loglen;
	volatile size_t faillen;
	int nfail;
	volatile int fatal;
	volatile int timed_out;
	volatile int finished;
	char log[LOG_MAX + 1];
	char fail[FAIL_MAX + 1];
};

extern struct shm *g_shm;

#endif
