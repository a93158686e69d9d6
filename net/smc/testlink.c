// SPDX-License-Identifier: GPL-2.0
/*
 * testlink.c - TEST LINK keepalives of idle SMC-R links (SMC-R.md 4.9).
 *
 * A link group takes the interval from its namespace's smcr_testlink_time
 * when it is created (0: none). Once a link is active, a delayed work
 * item looks at it whenever the interval may have passed since the last
 * message received on it (any CDC or LLC message counts). If it did,
 * the work sends a TEST LINK request and waits up to SMC_LLC_WAIT_TIME for
 * the echo; without one the link is taken for lost (smc_lgr_link_down()):
 * its connections move to the group's other link, or, when it was the
 * last one, the group is terminated and its connections abort. The
 * echo does not use the group's LLC response slot (smc_llc_expect()), so a
 * keepalive never waits for, nor disturbs, a connection's LLC flow.
 *
 * Counters of the namespace (debugfs netstat): testlink_sent,
 * testlink_answered, testlink_timeout. Answering the peer's requests is
 * llc.c's.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "lgr.h"
#include "llc.h"
#include "netns.h"
#include "sysctl.h"
#include "testlink.h"

static void smc_testlink_work(struct work_struct *work)
{
	struct smc_testlink *tl = container_of(to_delayed_work(work),
					       struct smc_testlink, work);
	struct smc_link *lnk = tl->lnk;
	struct smc_lgr *lgr = smc_link_lgr(lnk);
	struct smc_llc_msg m = { .type = SMC_LLC_TEST_LINK };
	unsigned long due;

	if (READ_ONCE(lgr->terminating) || atomic_read(&lnk->broken))
		return;
	due = READ_ONCE(tl->last_rx) + lgr->testlink_time;
	if (time_before(jiffies, due)) {
		smc_lgr_queue_delayed(&tl->work, due - jiffies);
		return;
	}
	reinit_completion(&tl->answered);
	if (smc_llc_send(lnk, &m))
		return;		/* the link is broken: its owner knows */
	smc_net_count(lgr->net, SMC_NET_TESTLINK_SENT);
	if (!wait_for_completion_timeout(&tl->answered, SMC_LLC_WAIT_TIME)) {
		if (READ_ONCE(lgr->terminating))
			return;
		smc_net_count(lgr->net, SMC_NET_TESTLINK_TIMEOUT);
		net_info_ratelimited("link group %u: no TEST LINK response on link %u, taking it down\n",
				     lgr->id, lnk->link_id);
		smc_lgr_link_down(lnk, SMC_LLC_DEL_LOST_PATH, true);
		return;
	}
	if (READ_ONCE(lgr->terminating))
		return;
	smc_net_count(lgr->net, SMC_NET_TESTLINK_ANSWERED);
	smc_lgr_queue_delayed(&tl->work, lgr->testlink_time);
}

/**
 * smc_testlink_init() - keep-alive state of a new link group
 * @lgr: the group, not yet listed
 */
void smc_testlink_init(struct smc_lgr *lgr)
{
	int i;

	lgr->testlink_time = smc_sysctl_testlink_time(lgr->net);
	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		struct smc_testlink *tl = &lgr->testlink[i];

		INIT_DELAYED_WORK(&tl->work, smc_testlink_work);
		init_completion(&tl->answered);
		tl->lnk = &lgr->links[i];
	}
}

/**
 * smc_testlink_start() - a link became active: watch it
 * @lnk: the link
 */
void smc_testlink_start(struct smc_link *lnk)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);
	struct smc_testlink *tl = &lgr->testlink[lnk->idx];

	WRITE_ONCE(tl->last_rx, jiffies);
	if (lgr->testlink_time)
		smc_lgr_queue_delayed(&tl->work, lgr->testlink_time);
}

/**
 * smc_testlink_rx() - a message arrived on a link: it is alive
 * @lnk: the link
 *
 * Context: softirq.
 */
void smc_testlink_rx(struct smc_link *lnk)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);

	WRITE_ONCE(lgr->testlink[lnk->idx].last_rx, jiffies);
}

/**
 * smc_testlink_answered() - the peer echoed a TEST LINK request
 * @lnk: the link it arrived on
 *
 * Context: softirq.
 */
void smc_testlink_answered(struct smc_link *lnk)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);

	complete(&lgr->testlink[lnk->idx].answered);
}

static void smc_testlink_stop_one(struct smc_testlink *tl)
{
	complete(&tl->answered);
	cancel_delayed_work_sync(&tl->work);
}

/**
 * smc_testlink_stop_link() - no more keepalives on one link
 * @lnk: a link that is broken or being removed
 *
 * Wakes its keep-alive if that waits for an echo and waits until it no
 * longer runs; smc_testlink_start() may watch the slot again later.
 *
 * Context: process context; not from the keep-alive work itself.
 */
void smc_testlink_stop_link(struct smc_link *lnk)
{
	smc_testlink_stop_one(&smc_link_lgr(lnk)->testlink[lnk->idx]);
}

/**
 * smc_testlink_stop() - no more keepalives: the group is terminating
 * @lgr: the group, marked terminating
 *
 * Context: process context.
 */
void smc_testlink_stop(struct smc_lgr *lgr)
{
	int i;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++)
		smc_testlink_stop_one(&lgr->testlink[i]);
}
