/* SPDX-License-Identifier: GPL-2.0 */
/*
 * eid.h - how this system names itself in SMCv2 handshakes: the table of
 * user EIDs (UEIDs) and the host name.
 *
 * An SMC-Rv2 connection needs an EID that both peers know: the client
 * proposes its UEIDs, the server picks the first one that is in its own
 * table. The table is global, as upstream's is: an EID names a group of
 * systems, not a network namespace. There is no system EID (SEID) here; only
 * s390 machines with ISMv2 have one.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_EID_H
#define _AF_SMC_EID_H

#include <linux/types.h>
#include <uapi/linux/af_smc.h>

/* An EID on the wire and in the table: 32 bytes, blank padded, no NUL. */
#define SMC_EID_LEN		SMC_MAX_EID_LEN

void smc_eid_init(void);

int smc_eid_add(const u8 *ueid);
int smc_eid_del(const u8 *ueid);
void smc_eid_flush(void);

int smc_eid_list(u8 *ueids, int max);
bool smc_eid_match(const u8 *ueids, int cnt, u8 *out);
void smc_eid_hostname(u8 *out);

#endif /* _AF_SMC_EID_H */
