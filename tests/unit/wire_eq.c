// SPDX-License-Identifier: GPL-2.0
/*
 * wire_eq.c - field-by-field equality of decoded messages.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "wire_eq.h"

#define F(x) (a->x == b->x)
#define M(x) (!memcmp(a->x, b->x, sizeof(a->x)))

bool clc_proposal_eq(const struct smc_clc_proposal_info *a,
		     const struct smc_clc_proposal_info *b)
{
	unsigned int i;

	if (!(F(version) && F(typev1) && F(typev2) && M(peer_id) && M(gid) &&
	      M(mac) && F(iparea_offset) && F(ism_gid) && F(ism_chid) &&
	      M(vendor_oui) && M(vendor_exp) && F(ipv4_subnet) &&
	      F(ipv4_prefix_len) && F(ipv6_cnt) && F(release) &&
	      F(seid_flag) && M(roce_gid) && F(max_conns) && F(max_links) &&
	      F(feature_mask) && F(eid_cnt) && M(seid) && F(ism_gid_cnt)))
		return false;
	for (i = 0; i < a->ipv6_cnt && i < SMC_CLC_MAX_V6_PREFIXES; i++)
		if (memcmp(a->ipv6[i].prefix, b->ipv6[i].prefix, 16) ||
		    a->ipv6[i].len != b->ipv6[i].len)
			return false;
	for (i = 0; i < a->eid_cnt && i < SMC_CLC_MAX_UEIDS; i++)
		if (memcmp(a->ueids[i], b->ueids[i], SMC_CLC_EID_LEN))
			return false;
	for (i = 0; i < a->ism_gid_cnt && i < SMC_CLC_MAX_ISM_GIDS; i++)
		if (a->ism_gids[i].gid != b->ism_gids[i].gid ||
		    a->ism_gids[i].chid != b->ism_gids[i].chid)
			return false;
	return true;
}

bool clc_accept_eq(const struct smc_clc_accept_info *a,
		   const struct smc_clc_accept_info *b)
{
	unsigned int i;

	if (!(F(type) && F(version) && F(first_contact) && M(peer_id) &&
	      M(gid) && M(mac) && F(qpn) && F(rmb_rkey) && F(rmbe_idx) &&
	      F(rmbe_alert_token) && F(rmbe_size) && F(qp_mtu) &&
	      F(rmb_vaddr) && F(psn) && M(eid) && F(fce.v2_direct) &&
	      F(fce.os_type) && F(fce.release) && M(fce.hostname) &&
	      F(fce.max_conns) && F(fce.max_links) && F(fce.feature_mask) &&
	      F(fce.vendor_opts) && F(gid_cnt)))
		return false;
	for (i = 0; i < a->gid_cnt && i < SMC_CLC_MAX_GIDS; i++)
		if (memcmp(a->gids[i], b->gids[i], SMC_CLC_GID_LEN))
			return false;
	return true;
}

bool clc_decline_eq(const struct smc_clc_decline_info *a,
		    const struct smc_clc_decline_info *b)
{
	return F(version) && F(out_of_sync) && M(peer_id) && F(diag) &&
	       F(os_type) && M(diag_v2);
}

static bool rtoken_eq(const struct smc_llc_rtoken *a,
		      const struct smc_llc_rtoken *b)
{
	return F(link_num) && F(rkey) && F(vaddr);
}

static bool pair_eq(const struct smc_llc_rkey_pair *a,
		    const struct smc_llc_rkey_pair *b)
{
	return F(rkey) && F(rkey_new) && F(vaddr_new);
}

static bool add_link_eq(const struct smc_llc_add_link *a,
			const struct smc_llc_add_link *b)
{
	struct smc_llc_rkey_pair pa, pb;
	unsigned int i;

	if (!(M(mac) && M(gid) && F(qpn) && F(link_num) && F(qp_mtu) &&
	      F(psn) && F(reject_reason) && F(has_v2_ext) && F(v2_direct) &&
	      M(target_gid) && F(num_rkeys)))
		return false;
	for (i = 0; i < a->num_rkeys; i++) {
		memset(&pa, 0, sizeof(pa));
		memset(&pb, 0, sizeof(pb));
		if (smc_llc_add_link_rkey(a, i, &pa) !=
		    smc_llc_add_link_rkey(b, i, &pb) || !pair_eq(&pa, &pb))
			return false;
	}
	return true;
}

static bool delete_rkey_eq(const struct smc_llc_delete_rkey *a,
			   const struct smc_llc_delete_rkey *b)
{
	unsigned int i;
	u32 ra, rb;

	if (!(F(num_rkeys) && F(err)))
		return false;
	for (i = 0; i < a->num_rkeys; i++) {
		ra = 0;
		rb = 0;
		if (smc_llc_delete_rkey_get(a, i, &ra) !=
		    smc_llc_delete_rkey_get(b, i, &rb) || ra != rb)
			return false;
	}
	return true;
}

bool llc_msg_eq(const struct smc_llc_msg *a, const struct smc_llc_msg *b)
{
	unsigned int i;

	if (!(F(type) && F(version) && F(flags) && F(length)))
		return false;
	switch (a->type) {
	case SMC_LLC_CONFIRM_LINK:
		return M(confirm_link.mac) && M(confirm_link.gid) &&
		       F(confirm_link.qpn) && F(confirm_link.link_num) &&
		       M(confirm_link.link_uid) &&
		       F(confirm_link.max_links) && F(confirm_link.max_conns);
	case SMC_LLC_ADD_LINK:
		return add_link_eq(&a->add_link, &b->add_link);
	case SMC_LLC_ADD_LINK_CONT:
		if (!(F(add_link_cont.link_num) && F(add_link_cont.num_rkeys)))
			return false;
		for (i = 0; i < SMC_LLC_ADD_LINK_CONT_RKEYS; i++)
			if (!pair_eq(&a->add_link_cont.rkeys[i],
				     &b->add_link_cont.rkeys[i]))
				return false;
		return true;
	case SMC_LLC_DELETE_LINK:
		return F(delete_link.link_num) && F(delete_link.reason);
	case SMC_LLC_REQ_ADD_LINK:
		if (!F(req_add_link.gid_cnt))
			return false;
		return !a->req_add_link.gid_cnt ||
		       !memcmp(a->req_add_link.gids, b->req_add_link.gids,
			       16 * (size_t)a->req_add_link.gid_cnt);
	case SMC_LLC_CONFIRM_RKEY:
		if (!(F(confirm_rkey.num_rkeys) && F(confirm_rkey.rkey) &&
		      F(confirm_rkey.vaddr)))
			return false;
		for (i = 0; i < SMC_LLC_CONFIRM_RKEY_OTHERS; i++)
			if (!rtoken_eq(&a->confirm_rkey.others[i],
				       &b->confirm_rkey.others[i]))
				return false;
		return true;
	case SMC_LLC_CONFIRM_RKEY_CONT:
		if (!F(confirm_rkey_cont.num_rkeys))
			return false;
		for (i = 0; i < SMC_LLC_RKEY_CONT_ENTRIES; i++)
			if (!rtoken_eq(&a->confirm_rkey_cont.rtokens[i],
				       &b->confirm_rkey_cont.rtokens[i]))
				return false;
		return true;
	case SMC_LLC_DELETE_RKEY:
		return delete_rkey_eq(&a->delete_rkey, &b->delete_rkey);
	case SMC_LLC_TEST_LINK:
		return M(test_link.user_data);
	}
	return true;
}

bool cdc_msg_eq(const struct smc_cdc_msg *a, const struct smc_cdc_msg *b)
{
	return F(seqno) && F(token) && F(prod.wrap) && F(prod.count) &&
	       F(cons.wrap) && F(cons.count) && F(prod_flags) &&
	       F(conn_flags);
}
