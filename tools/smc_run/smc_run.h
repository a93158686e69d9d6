/* SPDX-License-Identifier: GPL-2.0 */
/* smc_run.h - what smc_run and its preload library agree on. */
#ifndef SMC_RUN_H
#define SMC_RUN_H

#ifndef AF_SMC
#define AF_SMC 43
#endif
#ifndef IPPROTO_SMC
#define IPPROTO_SMC 256
#endif
#define SMC_RUN_SMCPROTO_SMC	0	/* AF_SMC over IPv4 */
#define SMC_RUN_SMCPROTO_SMC6	1	/* AF_SMC over IPv6 */

/* environment of the program (all optional) */
#define SMC_RUN_ENV_MODE	"SMC_RUN_MODE"	/* "af_smc" (default), "ipproto" */
#define SMC_RUN_ENV_DEBUG	"SMC_RUN_DEBUG"	/* "1": a line per socket */
#define SMC_RUN_ENV_SNDBUF	"SMC_RUN_SNDBUF"	/* bytes, SO_SNDBUF */
#define SMC_RUN_ENV_RCVBUF	"SMC_RUN_RCVBUF"	/* bytes, SO_RCVBUF */
/* set by smc_run when SMC sockets are unavailable and it said so */
#define SMC_RUN_ENV_OFF		"SMC_RUN_UNAVAILABLE"

#endif
