/* SPDX-License-Identifier: GPL-2.0 */
/*
 * testlink.h - TEST LINK keepalives of idle SMC-R links.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_TESTLINK_H
#define _AF_SMC_TESTLINK_H

#include <linux/completion.h>
#include <linux/workqueue.h>

struct smc_lgr;
struct smc_link;

/**
 * struct smc_testlink - the keep-alive state of one link
 * @work: runs when the link may have been silent for the interval
 * @answered: completed when the peer's TEST LINK response arrives
 * @last_rx: jiffies of the last message received on the link
 * @lnk: the link
 */
struct smc_testlink {
	struct delayed_work work;
	struct completion answered;
	unsigned long last_rx;
	struct smc_link *lnk;
};

void smc_testlink_init(struct smc_lgr *lgr);
void smc_testlink_start(struct smc_link *lnk);
void smc_testlink_rx(struct smc_link *lnk);
void smc_testlink_answered(struct smc_link *lnk);
void smc_testlink_stop_link(struct smc_link *lnk);
void smc_testlink_stop(struct smc_lgr *lgr);

#endif /* _AF_SMC_TESTLINK_H */
