/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smc_trace.h - tracepoints of af_smc (tracefs events/af_smc/):
 *
 *   smc_fallback     a socket falls back to TCP: reason, peer diagnosis,
 *                    side
 *   smc_lgr_create   a link group is created
 *   smc_lgr_free     a link group is freed, with the reason it ended
 *   smc_link_up      a link became active (LLC CONFIRM LINK done)
 *   smc_link_down    a link goes away with its group
 *   smc_conn_state   an SMC-R connection's state changed (enum
 *                    smc_conn_state values, upstream's)
 *
 * Only scalars and copied strings are recorded, so a reader needs none of
 * af_smc's structures. CREATE_TRACE_POINTS is defined in trace.c only.
 * The event names differ from upstream's smc module (smc:smc_switch_to_
 * fallback, ...) on purpose: af_smc's system is "af_smc".
 *
 * Copyright (C) 2026 The af_smc authors
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM af_smc

#if !defined(_AF_SMC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _AF_SMC_TRACE_H

#include <linux/string.h>
#include <linux/tracepoint.h>
#include <rdma/ib_verbs.h>

TRACE_EVENT(smc_fallback,
	TP_PROTO(const void *sk, unsigned int netns, bool server, u32 reason,
		 u32 peer_diagnosis),
	TP_ARGS(sk, netns, server, reason, peer_diagnosis),
	TP_STRUCT__entry(
		__field(const void *, sk)
		__field(unsigned int, netns)
		__field(bool, server)
		__field(u32, reason)
		__field(u32, peer_diagnosis)
	),
	TP_fast_assign(
		__entry->sk = sk;
		__entry->netns = netns;
		__entry->server = server;
		__entry->reason = reason;
		__entry->peer_diagnosis = peer_diagnosis;
	),
	TP_printk("sk=%p netns=%u %s reason=0x%08x peer_diagnosis=0x%08x",
		  __entry->sk, __entry->netns,
		  __entry->server ? "server" : "client", __entry->reason,
		  __entry->peer_diagnosis)
);

DECLARE_EVENT_CLASS(smc_lgr_class,
	TP_PROTO(u32 id, u8 role, unsigned int netns, u32 reason),
	TP_ARGS(id, role, netns, reason),
	TP_STRUCT__entry(
		__field(u32, id)
		__field(u8, role)
		__field(unsigned int, netns)
		__field(u32, reason)
	),
	TP_fast_assign(
		__entry->id = id;
		__entry->role = role;
		__entry->netns = netns;
		__entry->reason = reason;
	),
	TP_printk("lgr=%u %s netns=%u reason=0x%08x", __entry->id,
		  __entry->role ? "server" : "client", __entry->netns,
		  __entry->reason)
);

DEFINE_EVENT(smc_lgr_class, smc_lgr_create,
	TP_PROTO(u32 id, u8 role, unsigned int netns, u32 reason),
	TP_ARGS(id, role, netns, reason)
);

DEFINE_EVENT(smc_lgr_class, smc_lgr_free,
	TP_PROTO(u32 id, u8 role, unsigned int netns, u32 reason),
	TP_ARGS(id, role, netns, reason)
);

DECLARE_EVENT_CLASS(smc_link_class,
	TP_PROTO(u32 lgr_id, u8 link_id, const char *ibdev, u8 port),
	TP_ARGS(lgr_id, link_id, ibdev, port),
	TP_STRUCT__entry(
		__field(u32, lgr_id)
		__field(u8, link_id)
		__array(char, ibdev, IB_DEVICE_NAME_MAX)
		__field(u8, port)
	),
	TP_fast_assign(
		__entry->lgr_id = lgr_id;
		__entry->link_id = link_id;
		strscpy(__entry->ibdev, ibdev, IB_DEVICE_NAME_MAX);
		__entry->port = port;
	),
	TP_printk("lgr=%u link=%u dev=%s port=%u", __entry->lgr_id,
		  __entry->link_id, __entry->ibdev, __entry->port)
);

DEFINE_EVENT(smc_link_class, smc_link_up,
	TP_PROTO(u32 lgr_id, u8 link_id, const char *ibdev, u8 port),
	TP_ARGS(lgr_id, link_id, ibdev, port)
);

DEFINE_EVENT(smc_link_class, smc_link_down,
	TP_PROTO(u32 lgr_id, u8 link_id, const char *ibdev, u8 port),
	TP_ARGS(lgr_id, link_id, ibdev, port)
);

TRACE_EVENT(smc_conn_state,
	TP_PROTO(const void *sk, u32 token, u8 old_state, u8 new_state),
	TP_ARGS(sk, token, old_state, new_state),
	TP_STRUCT__entry(
		__field(const void *, sk)
		__field(u32, token)
		__field(u8, old_state)
		__field(u8, new_state)
	),
	TP_fast_assign(
		__entry->sk = sk;
		__entry->token = token;
		__entry->old_state = old_state;
		__entry->new_state = new_state;
	),
	TP_printk("sk=%p token=%u %u -> %u", __entry->sk, __entry->token,
		  __entry->old_state, __entry->new_state)
);

#endif /* _AF_SMC_TRACE_H */

/* out of tree: define_trace.h finds this file through -I$(src)/net/smc */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE smc_trace
#include <trace/define_trace.h>
