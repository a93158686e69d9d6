/* SPDX-License-Identifier: GPL-2.0 */
/*
 * llc.h - LLC, the link-management messages of a link group: sending,
 * waiting for a response or request, and answering the peer's requests.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_LLC_H
#define _AF_SMC_LLC_H

#include "llc_wire.h"

struct smc_buf;
struct smc_lgr;
struct smc_link;

/* how long a local flow waits for the peer (SMC-R.md 9) */
#define SMC_LLC_WAIT_TIME	(2 * HZ)
/* ... and for CONFIRM LINK of a link added to a running group */
#define SMC_LLC_WAIT_CONFIRM	(5 * HZ)

int smc_llc_init_lgr(struct smc_lgr *lgr);
void smc_llc_uninit_lgr(struct smc_lgr *lgr);
void smc_llc_rx(struct smc_link *lnk, const u8 *msg, u32 len);

int smc_llc_send(struct smc_link *lnk, struct smc_llc_msg *msg);
void smc_llc_expect(struct smc_lgr *lgr, u8 type, bool resp);
void smc_llc_expect_delete(struct smc_lgr *lgr, u8 link_num);
int smc_llc_wait(struct smc_lgr *lgr, long timeo, struct smc_llc_msg *msg);
int smc_llc_wait_long(struct smc_lgr *lgr, long timeo, struct smc_llc_msg *msg,
		      u8 *buf, u32 size);
void smc_llc_abort_wait(struct smc_lgr *lgr);
void smc_llc_flow_local(struct smc_lgr *lgr);

int smc_llc_confirm_rkey(struct smc_link *lnk, const struct smc_buf *rmb);
void smc_llc_send_delete_all(struct smc_lgr *lgr, u32 reason);
void smc_llc_link_uid(const struct smc_link *lnk, u8 *uid);
void smc_llc_confirm_link_msg(const struct smc_link *lnk, struct smc_llc_msg *m,
			      bool resp);
int smc_llc_send_delete_link(struct smc_link *lnk, u8 link_num, bool orderly,
			     u32 reason);

#endif /* _AF_SMC_LLC_H */
