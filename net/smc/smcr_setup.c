// SPDX-License-Identifier: GPL-2.0
/*
 * smcr_setup.c - the SMC-Rv2 part of the CLC handshake: what the client
 * proposes, how the server accepts, how both ends join or create a link
 * group, bring up its first link (QP states, LLC CONFIRM LINK) and give the
 * connection its buffers and the peer's RMB.
 *
 * Both functions return a decline code when SMC-R cannot be used and the
 * connection may still fall back to TCP (the caller sends the DECLINE, or
 * has received one), 0 when the connection runs SMC-R, and a negative
 * errno when the connection must fail (malformed message, timeout waiting
 * for a CLC message, stream gone).
 *
 * Sequence (SMC-R.md 2.8, 4.5), first contact:
 *   client: PROPOSAL ->            server: find device, create group + QP
 *                    <- ACCEPT     (QPN, PSN, MTU, GID, RMB rkey/address)
 *   client: create group + QP, RTR, CONFIRM ->
 *                                  server: RTR, RTS, register RMB,
 *                    <- LLC CONFIRM LINK request (on the new link)
 *   client: RTS, register RMB, LLC CONFIRM LINK response ->
 * A later connection to the same peer reuses the group: its RMB is
 * registered on the running link and announced with LLC CONFIRM RKEY
 * before the ACCEPT/CONFIRM that names it.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "bufsize.h"
#include "clc.h"
#include "close.h"
#include "eid.h"
#include "fallback.h"
#include "lgr.h"
#include "llc.h"
#include "memacct.h"
#include "netns.h"
#include "pnet.h"
#include "smcr_setup.h"
#include "sysctl.h"
#include "stats.h"
#include "smc_trace.h"

/* links per group this module can run (lgr_link.c) */
#define SMCR_MAX_LINKS		2

#define SMCR_MIN_CONNS		16
/* the client waits longer for CONFIRM LINK than the server for the answer */
#define SMCR_CLIENT_CL_WAIT	(2 * SMC_LLC_WAIT_TIME)
/* how long a side that failed in LLC listens for the peer's DECLINE */
#define SMCR_DECLINE_WINDOW	HZ

/**
 * struct smcr_ini - what one SMC-R handshake gathers
 * @sel: our device, port and GID
 * @saddr: IPv4 source address of the CLC connection
 * @vlan_id: its VLAN, 0 if untagged
 * @pnetid: pnet ID of its egress netdev, all NULs if none
 * @lgr: the link group joined or created; its conf_lock is held
 * @lnk: the link the connection uses
 * @first_contact: @lgr was created for this connection
 * @registered: the connection has its token (holds @lgr's reference)
 * @out_of_sync: the peer declined because it does not know @lgr
 * @peer: the ACCEPT (client) or CONFIRM (server) of the peer
 * @own: our ACCEPT or CONFIRM
 * @buf: CLC message buffer
 */
struct smcr_ini {
	struct smc_ib_sel sel;
	__be32 saddr;
	u16 vlan_id;
	u8 pnetid[SMC_IB_PNETID_LEN];
	struct smc_lgr *lgr;
	struct smc_link *lnk;
	bool first_contact;
	bool registered;
	bool out_of_sync;
	struct smc_clc_accept_info peer;
	struct smc_clc_accept_info own;
	u8 buf[SMC_CLC_PROPOSAL_MAX_LEN];
};

/* An IPv4 connection: an AF_INET socket, or an AF_INET6 one whose peer is
 * a v4-mapped address (a dual-stack listener's child taking an IPv4
 * client, or a client that connected to ::ffff:a.b.c.d). TCP keeps the
 * IPv4 addresses of both in inet_saddr/inet_daddr and routes them as IPv4.
 */
static bool smcr_ipv4_conn(const struct sock *tk)
{
	if (tk->sk_family == AF_INET)
		return true;
#if IS_ENABLED(CONFIG_IPV6)
	if (tk->sk_family == AF_INET6)
		return ipv6_addr_v4mapped(&tk->sk_v6_daddr);
#endif
	return false;
}

/* the CLC socket's route: egress device, VLAN and source address, and
 * the device, port and GID for the first link
 */
static int smcr_route(struct smc_sock *smc, struct smcr_ini *ini)
{
	struct smc_ib_sel *sel = &ini->sel;
	struct sock *tk = smc->clcsock->sk;
	struct dst_entry *dst;
	u16 vlan = 0;
	int rc;

	if (!smcr_ipv4_conn(tk))
		return -EAFNOSUPPORT;	/* SMC-Rv2 is IPv4 only */
	dst = sk_dst_get(tk);
	if (!dst || !dst->dev) {
		dst_release(dst);
		return -ENETUNREACH;
	}
	if (is_vlan_dev(dst->dev))
		vlan = vlan_dev_vlan_id(dst->dev);
	ini->saddr = inet_sk(tk)->inet_saddr;
	ini->vlan_id = vlan;
	smc_pnet_id_of_netdev(dst->dev, ini->pnetid);
	rc = smc_ib_find_v2(sock_net(tk), inet_sk(tk)->inet_saddr, dst->dev,
			    vlan, sel);
	dst_release(dst);
	return rc;
}

/* SO_SNDBUF/SO_RCVBUF of the socket if the application set them (half,
 * as TCP doubles what it is given), else the namespace's wmem/rmem
 */
static u32 smcr_buf_want(const struct sock *sk, bool rmb)
{
	if (sk->sk_userlocks & (rmb ? SOCK_RCVBUF_LOCK : SOCK_SNDBUF_LOCK))
		return (rmb ? READ_ONCE(sk->sk_rcvbuf) :
			      READ_ONCE(sk->sk_sndbuf)) / 2;
	return rmb ? smc_sysctl_rmem(sock_net(sk)) :
		     smc_sysctl_wmem(sock_net(sk));
}

/* our v2.1 offer: the namespace's sysctls, capped at what we support */
static u8 smcr_offer_links(const struct sock *sk)
{
	return min_t(u8, smc_sysctl_max_links(sock_net(sk)), SMCR_MAX_LINKS);
}

static u8 smcr_offer_conns(const struct sock *sk)
{
	return min_t(u8, smc_sysctl_max_conns(sock_net(sk)),
		     SMC_LGR_MAX_CONNS);
}

/* give the connection its buffers in the group (conf_lock held) */
static u32 smcr_conn_buffers(struct smc_sock *smc, struct smcr_ini *ini)
{
	struct smc_conn *conn = &smc->conn;
	struct smc_link *lnk = ini->lnk;
	struct smc_buf *rmb;
	int i;

	conn->sndbuf = smc_buf_get(ini->lgr, false,
				   smcr_buf_want(&smc->sk, false));
	if (!conn->sndbuf)
		return SMC_CLC_DECL_MEM;
	rmb = smc_buf_get(ini->lgr, true, smcr_buf_want(&smc->sk, true));
	conn->rmb = rmb;
	if (!rmb)
		return SMC_CLC_DECL_MEM;
	conn->sndbuf_size = conn->sndbuf->len;
	conn->rmbe_size = rmb->len;
	conn->lnk = lnk;
	if (ini->first_contact)
		return 0;	/* registered once the QP is ready */
	/* on every active link: a failover may move the connection */
	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		struct smc_link *l = &ini->lgr->links[i];

		if (l != lnk && (l->state != SMC_LNK_ACTIVE ||
				 atomic_read(&l->broken)))
			continue;
		if (smc_link_reg_mr(l, &rmb->reg[i]))
			return SMC_CLC_DECL_ERR_REGBUF;
	}
	if (!rmb->rkey_confirmed) {
		if (smc_llc_confirm_rkey(lnk, rmb))
			return SMC_CLC_DECL_ERR_REGBUF;
		rmb->rkey_confirmed = true;
	}
	return 0;
}

/* buffers and a token: from now on the peer's CDCs reach the socket */
static u32 smcr_conn_setup(struct smc_sock *smc, struct smcr_ini *ini)
{
	u32 code = smcr_conn_buffers(smc, ini);

	if (code)
		return code;
	if (smc_conn_register(ini->lgr, smc))
		return SMC_CLC_DECL_MEM;
	ini->registered = true;
	if (smc_mem_charge(smc, smc->conn.sndbuf_size + smc->conn.rmbe_size))
		return SMC_CLC_DECL_MEM;
	return 0;
}

/* our ACCEPT or CONFIRM, from the connection and the link */
static void smcr_fill_own(struct smc_sock *smc, struct smcr_ini *ini,
			  u8 type, const u8 *eid)
{
	struct smc_clc_accept_info *a = &ini->own;
	struct smc_link *lnk = ini->lnk;
	struct smc_buf_reg *reg = &smc->conn.rmb->reg[lnk->idx];

	memset(a, 0, sizeof(*a));
	a->type = type;
	a->version = SMC_CLC_V2;
	a->first_contact = ini->first_contact;
	smc_ib_peer_id(a->peer_id);
	memcpy(a->gid, lnk->sel.gid, SMC_CLC_GID_LEN);
	memcpy(a->mac, lnk->sel.mac, SMC_CLC_MAC_LEN);
	a->qpn = lnk->qp->qp_num;
	a->rmb_rkey = reg->rkey;
	a->rmbe_idx = 1;
	a->rmbe_alert_token = smc->conn.token;
	a->rmbe_size = smc->conn.rmb->comp_size;
	a->qp_mtu = lnk->mtu;
	a->rmb_vaddr = reg->iova;
	a->psn = lnk->psn;
	memcpy(a->eid, eid, SMC_CLC_EID_LEN);
	if (!ini->first_contact)
		return;
	a->fce.v2_direct = true;
	a->fce.os_type = SMC_CLC_OS_LINUX;
	smc_eid_hostname(a->fce.hostname);
}

/* send our ACCEPT or CONFIRM; a decline code or a negative errno */
static int smcr_send_own(struct smc_sock *smc, struct smcr_ini *ini)
{
	int len = smc_clc_accept_encode(&ini->own, ini->buf, sizeof(ini->buf));

	if (len < 0)
		return SMC_CLC_DECL_INTERR;
	return smc_clc_send(smc->clcsock, ini->buf, len);
}

/* the peer's RMB element, from its ACCEPT or CONFIRM */
static u32 smcr_save_peer(struct smc_sock *smc, struct smcr_ini *ini)
{
	const struct smc_clc_accept_info *p = &ini->peer;
	struct smc_conn *conn = &smc->conn;
	int idx;

	if (!p->rmbe_idx || !p->rmbe_alert_token)
		return SMC_CLC_DECL_ERR_RTOK;
	idx = smc_lgr_rtoken_add(ini->lgr, ini->lnk, p->rmb_rkey,
				 p->rmb_vaddr);
	if (idx < 0)
		return SMC_CLC_DECL_ERR_RTOK;
	/* CDCs of the peer may already be arriving (see cdc.c) */
	spin_lock_bh(&conn->lock);
	conn->peer_rtoken = idx;
	conn->peer_token = p->rmbe_alert_token;
	conn->peer_rmbe_size = smc_bufsize_expand(p->rmbe_size);
	conn->peer_rmbe_off = (p->rmbe_idx - 1) * conn->peer_rmbe_size;
	spin_unlock_bh(&conn->lock);
	return 0;
}

/* QP data of a first link from the peer's ACCEPT or CONFIRM */
static void smcr_save_peer_qp(struct smcr_ini *ini)
{
	struct smc_link *lnk = ini->lnk;

	lnk->peer_qpn = ini->peer.qpn;
	lnk->peer_psn = ini->peer.psn;
	lnk->peer_mtu = ini->peer.qp_mtu;
	memcpy(lnk->peer_gid, ini->peer.gid, SMC_IB_GID_LEN);
	memcpy(lnk->peer_mac, ini->peer.mac, ETH_ALEN);
}

/* join a group or create one; on success its conf_lock is held */
static u32 smcr_join(struct smc_sock *smc, struct smcr_ini *ini, u8 role,
		     const u8 *peer_id, const u8 *peer_gid, u32 peer_qpn,
		     bool want_new)
{
	struct smc_lgr_want want = {
		.net = sock_net(&smc->sk),
		.role = role,
		.peer_id = peer_id,
		.peer_gid = peer_gid,
		.peer_qpn = peer_qpn,
		.sel = &ini->sel,
		.saddr = ini->saddr,
		.vlan_id = ini->vlan_id,
		.pnetid = ini->pnetid,
	};
	struct smc_lgr *lgr;

	if (!want_new) {
		ini->lgr = smc_lgr_find(&want, &ini->lnk);
		if (ini->lgr)
			return 0;
		if (role == SMC_LGR_CLIENT)
			return SMC_CLC_DECL_SYNCERR;
	}
	lgr = smc_lgr_create(&want, &ini->lnk);
	if (IS_ERR(lgr))
		return PTR_ERR(lgr) == -ENOMEM ? SMC_CLC_DECL_MEM :
						 SMC_CLC_DECL_INTERR;
	ini->lgr = lgr;
	ini->first_contact = true;
	return 0;
}

/* undo a failed setup: the connection leaves the group */
static void smcr_undo(struct smc_sock *smc, struct smcr_ini *ini)
{
	struct smc_lgr *lgr = ini->lgr;

	if (!lgr)
		return;
	/* the group's list reference keeps it while we drop ours */
	mutex_unlock(&lgr->conf_lock);
	if (ini->registered) {
		smc_conn_free(smc);	/* drops the reference */
	} else {
		mutex_lock(&lgr->conf_lock);
		if (smc->conn.rmb)
			smc->conn.rmb->used = false;
		if (smc->conn.sndbuf)
			smc->conn.sndbuf->used = false;
		mutex_unlock(&lgr->conf_lock);
		smc->conn.rmb = NULL;
		smc->conn.sndbuf = NULL;
		smc->conn.lnk = NULL;
	}
	/* a group made for this connection has no other user; one the
	 * peer does not know (out of sync) is of no use to anybody
	 */
	if (ini->first_contact || ini->out_of_sync)
		smc_lgr_terminate(lgr, SMC_LLC_DEL_PROG_INIT_TERM, false);
	if (!ini->registered)
		smc_lgr_put(lgr);
	ini->lgr = NULL;
}

/* the connection is set up: hand it to the data path */
static void smcr_done(struct smc_sock *smc, struct smcr_ini *ini)
{
	struct net *net = sock_net(&smc->sk);

	smc_net_count(net, ini->lgr->role == SMC_LGR_SERVER ?
			   SMC_NET_SMCR_SERVER : SMC_NET_SMCR_CLIENT);
	if (ini->first_contact)
		smc_net_count(net, SMC_NET_LGR_CREATED);
	smc_stats_smcr_ok(net, ini->lgr->role == SMC_LGR_SERVER,
			  ini->lgr->version);
	/* a first contact's link went up in smcr_*_first_link() */
	mutex_unlock(&ini->lgr->conf_lock);
	smc_conn_start(smc);
}

/* An LLC step of the first link failed: listen briefly for the peer's
 * DECLINE (it may have failed first), else send ours. Either way the
 * connection falls back.
 */
static int smcr_llc_failed(struct smc_sock *smc, struct smcr_ini *ini,
			   u32 code)
{
	struct smc_clc_decline_info decl;
	struct smc_clc_hdr hdr;
	int len;

	len = smc_clc_recv(smc->clcsock, ini->buf, SMC_CLC_DECLINE_MAX_LEN,
			   SMC_CLC_DECLINE, SMCR_DECLINE_WINDOW, &hdr);
	if (len > 0 && !smc_clc_decline_decode(ini->buf, len, &decl)) {
		smc->peer_diagnosis = decl.diag;
		return SMC_CLC_DECL_PEERDECL;
	}
	if (len == -ETIMEDOUT)
		return code;	/* the caller sends the DECLINE */
	return len < 0 ? len : -EPROTO;
}

/* client, first contact: the server's ADD LINK request, if it comes in
 * time (SMC-R.md 4.5 step 4); the connection goes on with one link if not
 */
static void smcr_client_add_link(struct smcr_ini *ini)
{
	struct smc_llc_msg m;
	u8 *buf;

	buf = kmalloc(SMC_LLC_V2_MAX_LEN, GFP_KERNEL);
	if (!buf) {
		smc_llc_expect(ini->lgr, 0, false);
		return;
	}
	if (!smc_llc_wait_long(ini->lgr, SMC_LLC_WAIT_TIME, &m, buf,
			       SMC_LLC_V2_MAX_LEN))
		smc_lgr_add_link_client(ini->lgr, ini->lnk, &m);
	kfree(buf);
}

/* client, first contact: CONFIRM LINK from the server on the new link */
static int smcr_client_first_link(struct smc_sock *smc, struct smcr_ini *ini)
{
	struct smc_link *lnk = ini->lnk;
	struct smc_llc_msg m;
	int rc;

	rc = smc_llc_wait(ini->lgr, SMCR_CLIENT_CL_WAIT, &m);
	if (rc)
		return smcr_llc_failed(smc, ini, SMC_CLC_DECL_TIMEOUT_CL);
	if ((m.flags & SMC_LLC_FLAG_NO_RMBE_EYEC) != SMC_LLC_FLAG_NO_RMBE_EYEC)
		return smcr_llc_failed(smc, ini, SMC_CLC_DECL_RMBE_EC);
	if (!m.confirm_link.link_num)
		return smcr_llc_failed(smc, ini, SMC_CLC_DECL_ERR_RDYLNK);
	lnk->link_id = m.confirm_link.link_num;
	if (smc_link_to_rts(lnk))
		return smcr_llc_failed(smc, ini, SMC_CLC_DECL_ERR_RDYLNK);
	if (smc_link_reg_mr(lnk, &smc->conn.rmb->reg[lnk->idx]))
		return smcr_llc_failed(smc, ini, SMC_CLC_DECL_ERR_REGBUF);
	smc->conn.rmb->rkey_confirmed = true;
	/* a server that negotiated two links asks for the second at once */
	if (ini->lgr->max_links > 1)
		smc_llc_expect(ini->lgr, SMC_LLC_ADD_LINK, false);
	smc_llc_confirm_link_msg(lnk, &m, true);
	if (smc_llc_send(lnk, &m))
		return smcr_llc_failed(smc, ini, SMC_CLC_DECL_ERR_RDYLNK);
	smc_lgr_link_up(lnk);
	if (ini->lgr->max_links > 1)
		smcr_client_add_link(ini);
	return 0;
}

/* server, first contact: the QP is RTS; confirm the link to the client */
static int smcr_server_first_link(struct smc_sock *smc, struct smcr_ini *ini)
{
	struct smc_link *lnk = ini->lnk;
	struct smc_llc_msg m;
	int rc;

	if (smc_link_to_rtr(lnk) || smc_link_to_rts(lnk))
		return SMC_CLC_DECL_ERR_RDYLNK;
	if (smc_link_reg_mr(lnk, &smc->conn.rmb->reg[lnk->idx]))
		return SMC_CLC_DECL_ERR_REGBUF;
	smc->conn.rmb->rkey_confirmed = true;
	smc_llc_expect(ini->lgr, SMC_LLC_CONFIRM_LINK, true);
	smc_llc_confirm_link_msg(lnk, &m, false);
	if (smc_llc_send(lnk, &m))
		return smcr_llc_failed(smc, ini, SMC_CLC_DECL_ERR_RDYLNK);
	rc = smc_llc_wait(ini->lgr, SMC_LLC_WAIT_TIME, &m);
	if (rc)
		return smcr_llc_failed(smc, ini, SMC_CLC_DECL_TIMEOUT_CL);
	if ((m.flags & SMC_LLC_FLAG_NO_RMBE_EYEC) != SMC_LLC_FLAG_NO_RMBE_EYEC)
		return smcr_llc_failed(smc, ini, SMC_CLC_DECL_RMBE_EC);
	smc_lgr_link_up(lnk);
	/* the second link, if negotiated; the group works without it */
	if (ini->lgr->max_links > 1)
		smc_lgr_add_link_server(ini->lgr, lnk);
	return 0;
}

/* client: the server's ACCEPT arrived; set up and CONFIRM */
static int smcr_client_accepted(struct smc_sock *smc, struct smcr_ini *ini)
{
	struct smc_clc_accept_info *acc = &ini->peer;
	struct smc_clc_accept_info *own = &ini->own;
	int rc;
	u32 code;

	if (acc->version < SMC_CLC_V2)
		return SMC_CLC_DECL_MODEUNSUPP;
	if (acc->first_contact && acc->fce.release > SMC_CLC_RELEASE_1)
		return SMC_CLC_DECL_RELEASEERR;
	if (acc->first_contact && acc->fce.release >= SMC_CLC_RELEASE_1) {
		if (acc->fce.max_conns < SMCR_MIN_CONNS)
			return SMC_CLC_DECL_MAXCONNERR;
		if (!acc->fce.max_links ||
		    acc->fce.max_links > SMCR_MAX_LINKS)
			return SMC_CLC_DECL_MAXLINKERR;
	}
	code = smcr_join(smc, ini, SMC_LGR_CLIENT, acc->peer_id, acc->gid,
			 acc->first_contact ? 0 : acc->qpn,
			 acc->first_contact);
	if (code)
		return code;
	if (ini->first_contact) {
		struct smc_lgr *lgr = ini->lgr;

		memcpy(lgr->eid, acc->eid, SMC_CLC_EID_LEN);
		memcpy(lgr->peer_hostname, acc->fce.hostname,
		       sizeof(lgr->peer_hostname));
		lgr->peer_os = acc->fce.os_type;
		lgr->peer_release = acc->fce.release;
		if (acc->fce.release >= SMC_CLC_RELEASE_1) {
			lgr->max_conns = acc->fce.max_conns;
			lgr->max_links = acc->fce.max_links;
		}
		smcr_save_peer_qp(ini);
	}
	code = smcr_conn_setup(smc, ini);
	if (!code)
		code = smcr_save_peer(smc, ini);
	if (code)
		return code;
	if (ini->first_contact && smc_link_to_rtr(ini->lnk))
		return SMC_CLC_DECL_ERR_RDYLNK;

	smcr_fill_own(smc, ini, SMC_CLC_CONFIRM, acc->eid);
	if (ini->first_contact) {
		own->qp_mtu = min_t(u8, acc->qp_mtu, ini->lnk->mtu);
		own->fce.release = acc->fce.release;
		own->fce.max_conns = acc->fce.max_conns;
		own->fce.max_links = acc->fce.max_links;
		own->fce.feature_mask = 0;
		own->gid_cnt = 1;
		memcpy(own->gids[0], ini->lnk->sel.gid, SMC_CLC_GID_LEN);
		/* armed before the CONFIRM: the answer may be quick */
		smc_llc_expect(ini->lgr, SMC_LLC_CONFIRM_LINK, false);
	}
	rc = smcr_send_own(smc, ini);
	if (rc)
		return rc;
	if (ini->first_contact)
		return smcr_client_first_link(smc, ini);
	return 0;
}

/**
 * smc_smcr_client() - the client's SMC-Rv2 handshake
 * @smc: the connecting socket; its clcsock is connected and both ends
 *	announced SMC in the TCP handshake
 *
 * Sends the PROPOSAL (or a DECLINE if nothing can be proposed) and runs
 * the handshake to its end. On fallback the reason is recorded and every
 * DECLINE needed has been sent.
 *
 * Return: 0 (SMC-R or fallback decided) or a negative errno.
 */
int smc_smcr_client(struct smc_sock *smc)
{
	struct smc_clc_proposal_info *prop;
	struct smc_clc_decline_info decl;
	struct socket *clc = smc->clcsock;
	struct smc_clc_hdr hdr;
	struct smcr_ini *ini;
	int len, rc = 0;
	u32 code = 0;

	ini = kzalloc(sizeof(*ini), GFP_KERNEL);
	prop = kzalloc(sizeof(*prop), GFP_KERNEL);
	if (!ini || !prop) {
		code = SMC_CLC_DECL_MEM;
		goto decline;
	}
	prop->eid_cnt = smc_eid_list(&prop->ueids[0][0], SMC_CLC_MAX_UEIDS);
	if (!prop->eid_cnt || smcr_route(smc, ini)) {
		code = SMC_CLC_DECL_NOSMCDEV;
		goto decline;
	}
	prop->version = SMC_CLC_V2;
	prop->typev1 = SMC_CLC_TYPE_N;
	prop->typev2 = SMC_CLC_TYPE_R;
	smc_ib_peer_id(prop->peer_id);
	prop->release = SMC_CLC_RELEASE_1;
	memcpy(prop->roce_gid, ini->sel.gid, SMC_CLC_GID_LEN);
	prop->max_conns = smcr_offer_conns(&smc->sk);
	prop->max_links = smcr_offer_links(&smc->sk);
	len = smc_clc_proposal_encode(prop, ini->buf, sizeof(ini->buf));
	if (len < 0) {
		code = SMC_CLC_DECL_INTERR;
		goto decline;
	}
	rc = smc_clc_send(clc, ini->buf, len);
	if (rc)
		goto out;

	len = smc_clc_recv(clc, ini->buf, SMC_CLC_ACCEPT_MAX_LEN,
			   SMC_CLC_ACCEPT, SMC_CLC_WAIT_TIME, &hdr);
	if (len < 0) {
		rc = len;
		goto out;
	}
	if (hdr.type == SMC_CLC_DECLINE) {
		if (smc_clc_decline_decode(ini->buf, len, &decl)) {
			rc = -EPROTO;
			goto out;
		}
		smc->peer_diagnosis = decl.diag;
		smc_fback_set_reason(smc, SMC_CLC_DECL_PEERDECL);
		goto out;
	}
	if (smc_clc_accept_decode(ini->buf, len, SMC_CLC_ACCEPT, &ini->peer,
				  &code)) {
		if (!code) {
			rc = -EPROTO;
			goto out;
		}
		goto decline;
	}
	rc = smcr_client_accepted(smc, ini);
	if (rc < 0) {
		smcr_undo(smc, ini);
		goto out;
	}
	if (rc == SMC_CLC_DECL_PEERDECL) {
		smcr_undo(smc, ini);
		smc_fback_set_reason(smc, SMC_CLC_DECL_PEERDECL);
		rc = 0;
		goto out;
	}
	code = rc;
	rc = 0;
	if (!code) {
		smcr_done(smc, ini);
		goto out;
	}
decline:
	if (ini)
		smcr_undo(smc, ini);
	rc = smc_clc_send_decline(clc, code, SMC_CLC_V2);
	if (!rc)
		smc_fback_set_reason(smc, code);
out:
	if (ini)
		smc_ib_sel_put(&ini->sel);
	kfree(prop);
	kfree(ini);
	return rc;
}

/* server: check the PROPOSAL's v2 part and choose our device */
static u32 smcr_server_check(struct smc_sock *smc, struct smcr_ini *ini,
			     const struct smc_clc_proposal_info *prop,
			     u8 *eid)
{
	if (prop->version < SMC_CLC_V2 || prop->typev2 == SMC_CLC_TYPE_N ||
	    prop->typev2 == SMC_CLC_TYPE_D)
		return SMC_CLC_DECL_NOSMCDEV;	/* v1 only: not on RoCE v2 */
	if (!prop->eid_cnt)
		return SMC_CLC_DECL_NOUEID;
	if (!smc_eid_match(&prop->ueids[0][0], prop->eid_cnt, eid))
		return SMC_CLC_DECL_NOSMCDEV;
	if (prop->release >= SMC_CLC_RELEASE_1 &&
	    min_t(u8, prop->max_conns, SMC_LGR_MAX_CONNS) < SMCR_MIN_CONNS)
		return SMC_CLC_DECL_MAXCONNERR;
	if (prop->release >= SMC_CLC_RELEASE_1 && !prop->max_links)
		return SMC_CLC_DECL_MAXLINKERR;
	if (smcr_route(smc, ini))
		return SMC_CLC_DECL_NOSMCRDEV;
	return 0;
}

/* server: wait for the CONFIRM and check it against our ACCEPT */
static int smcr_server_confirm(struct smc_sock *smc, struct smcr_ini *ini)
{
	struct smc_clc_accept_info *c = &ini->peer, *own = &ini->own;
	struct smc_clc_decline_info decl;
	struct smc_clc_hdr hdr;
	u32 code = 0;
	int len;

	len = smc_clc_recv(smc->clcsock, ini->buf, SMC_CLC_ACCEPT_MAX_LEN,
			   SMC_CLC_CONFIRM, SMC_CLC_WAIT_TIME, &hdr);
	if (len < 0)
		return len;
	if (hdr.type == SMC_CLC_DECLINE) {
		if (smc_clc_decline_decode(ini->buf, len, &decl))
			return -EPROTO;
		smc->peer_diagnosis = decl.diag;
		ini->out_of_sync = decl.out_of_sync && !ini->first_contact;
		return SMC_CLC_DECL_PEERDECL;
	}
	if (smc_clc_accept_decode(ini->buf, len, SMC_CLC_CONFIRM, c, &code))
		return code ? code : -EPROTO;
	if (c->version < SMC_CLC_V2 || c->first_contact != ini->first_contact)
		return SMC_CLC_DECL_MODEUNSUPP;
	if (ini->first_contact && c->fce.release != own->fce.release)
		return SMC_CLC_DECL_RELEASEERR;
	if (ini->first_contact && own->fce.release >= SMC_CLC_RELEASE_1 &&
	    (c->fce.max_conns != own->fce.max_conns ||
	     c->fce.max_links != own->fce.max_links))
		return c->fce.max_links != own->fce.max_links ?
		       SMC_CLC_DECL_MAXLINKERR : SMC_CLC_DECL_MAXCONNERR;
	return 0;
}

/* server: the SMC-R setup after a valid PROPOSAL */
static int smcr_server(struct smc_sock *smc, struct smcr_ini *ini,
		       const struct smc_clc_proposal_info *prop)
{
	struct smc_clc_accept_info *own = &ini->own;
	u8 eid[SMC_CLC_EID_LEN];
	int rc;
	u32 code;

	code = smcr_server_check(smc, ini, prop, eid);
	if (code)
		return code;
	code = smcr_join(smc, ini, SMC_LGR_SERVER, prop->peer_id,
			 prop->roce_gid, 0, false);
	if (code)
		return code;
	if (ini->first_contact) {
		struct smc_lgr *lgr = ini->lgr;

		memcpy(lgr->eid, eid, SMC_CLC_EID_LEN);
		if (prop->release >= SMC_CLC_RELEASE_1) {
			lgr->max_conns = min(prop->max_conns,
					     smcr_offer_conns(&smc->sk));
			lgr->max_links = min(prop->max_links,
					     smcr_offer_links(&smc->sk));
		}
	}
	code = smcr_conn_setup(smc, ini);
	if (code)
		return code;

	smcr_fill_own(smc, ini, SMC_CLC_ACCEPT, eid);
	if (ini->first_contact) {
		own->fce.release = min_t(u8, prop->release, SMC_CLC_RELEASE_1);
		if (own->fce.release >= SMC_CLC_RELEASE_1) {
			own->fce.max_conns = ini->lgr->max_conns;
			own->fce.max_links = ini->lgr->max_links;
		}
	}
	rc = smcr_send_own(smc, ini);
	if (rc)
		return rc;
	rc = smcr_server_confirm(smc, ini);
	if (rc)
		return rc;
	if (ini->first_contact) {
		memcpy(ini->lgr->peer_hostname, ini->peer.fce.hostname,
		       sizeof(ini->lgr->peer_hostname));
		ini->lgr->peer_os = ini->peer.fce.os_type;
		ini->lgr->peer_release = ini->peer.fce.release;
		smcr_save_peer_qp(ini);
	}
	code = smcr_save_peer(smc, ini);
	if (code)
		return code;
	if (ini->first_contact)
		return smcr_server_first_link(smc, ini);
	return 0;
}

/**
 * smc_smcr_server() - the server's SMC-Rv2 handshake after a PROPOSAL
 * @smc: the accepted socket
 * @prop: the client's valid PROPOSAL
 *
 * Return: 0 when the connection runs SMC-R; a positive SMC_CLC_DECL_*
 * code to DECLINE with (nothing was sent yet that needs undoing), or
 * %SMC_CLC_DECL_PEERDECL when the client declined (the peer diagnosis is
 * recorded); a negative errno when the connection must fail.
 */
int smc_smcr_server(struct smc_sock *smc,
		    const struct smc_clc_proposal_info *prop)
{
	struct smcr_ini *ini;
	int rc;

	ini = kzalloc(sizeof(*ini), GFP_KERNEL);
	if (!ini)
		return SMC_CLC_DECL_MEM;
	rc = smcr_server(smc, ini, prop);
	if (rc)
		smcr_undo(smc, ini);
	else
		smcr_done(smc, ini);
	smc_ib_sel_put(&ini->sel);
	kfree(ini);
	return rc;
}
