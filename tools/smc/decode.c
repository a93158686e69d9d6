// SPDX-License-Identifier: GPL-2.0
/*
 * decode.c - turn one kernel reply into output. No function here touches a
 * socket: the unit test drives each of them with crafted and random bytes.
 * A reply that lacks what makes it meaningful (its nest, a link group's ID)
 * is counted in decode_ctx.malformed and skipped; attributes a newer kernel
 * added are ignored.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <linux/af_smc.h>

#include "abi.h"
#include "smc.h"

void decode_ctx_init(struct decode_ctx *c, struct out *o)
{
	memset(c, 0, sizeof(*c));
	c->o = o;
	c->want_state = c->want_mode = -1;
	c->want_sport = c->want_dport = c->want_port = -1;
}

/* ---- names ---- */

static const struct {
	unsigned int v;
	const char *name;
} smc_states[] = {
	{ 1, "ACTIVE" }, { 2, "INIT" }, { 7, "CLOSED" }, { 10, "LISTEN" },
	{ 20, "PEERCLOSEWAIT1" }, { 21, "PEERCLOSEWAIT2" },
	{ 22, "APPCLOSEWAIT1" }, { 23, "APPCLOSEWAIT2" },
	{ 24, "APPFINCLOSEWAIT" }, { 25, "PEERFINCLOSEWAIT" },
	{ 26, "PEERABORTWAIT" }, { 27, "PROCESSABORT" },
};

const char *smc_state_name(unsigned int state)
{
	for (size_t i = 0; i < ARRAY_SIZE(smc_states); i++)
		if (smc_states[i].v == state)
			return smc_states[i].name;
	return NULL;
}

/* a state name (any case) or number; -1 if unknown */
int smc_state_parse(const char *s)
{
	char *end;
	long v;

	for (size_t i = 0; i < ARRAY_SIZE(smc_states); i++)
		if (!strcasecmp(smc_states[i].name, s))
			return (int)smc_states[i].v;
	v = strtol(s, &end, 0);
	if (*s && !*end && v >= 0 && v <= 255)
		return (int)v;
	return -1;
}

static const struct {
	uint32_t code;
	const char *name;
} declines[] = {
	{ SMC_CLC_DECL_MEM, "no-memory" },
	{ SMC_CLC_DECL_TIMEOUT_CL, "timeout-confirm-link" },
	{ SMC_CLC_DECL_TIMEOUT_AL, "timeout-add-link" },
	{ SMC_CLC_DECL_CNFERR, "config-error" },
	{ SMC_CLC_DECL_PEERNOSMC, "peer-no-smc" },
	{ SMC_CLC_DECL_IPSEC, "ipsec" },
	{ SMC_CLC_DECL_NOSMCDEV, "no-smc-device" },
	{ SMC_CLC_DECL_NOSMCDDEV, "no-smcd-device" },
	{ SMC_CLC_DECL_NOSMCRDEV, "no-smcr-device" },
	{ SMC_CLC_DECL_NOISM2SUPP, "no-ismv2" },
	{ SMC_CLC_DECL_NOV2EXT, "no-v2-extension" },
	{ SMC_CLC_DECL_NOV2DEXT, "no-smcdv2-extension" },
	{ SMC_CLC_DECL_NOSEID, "no-seid" },
	{ SMC_CLC_DECL_NOSMCD2DEV, "no-smcdv2-device" },
	{ SMC_CLC_DECL_NOUEID, "no-ueid" },
	{ SMC_CLC_DECL_RELEASEERR, "release-mismatch" },
	{ SMC_CLC_DECL_MAXCONNERR, "max-conns" },
	{ SMC_CLC_DECL_MAXLINKERR, "max-links" },
	{ SMC_CLC_DECL_MODEUNSUPP, "mode-unsupported" },
	{ SMC_CLC_DECL_RMBE_EC, "rmbe-eyecatcher" },
	{ SMC_CLC_DECL_OPTUNSUPP, "option-unsupported" },
	{ SMC_CLC_DECL_DIFFPREFIX, "prefix-mismatch" },
	{ SMC_CLC_DECL_GETVLANERR, "vlan-error" },
	{ SMC_CLC_DECL_ISMVLANERR, "ism-vlan-error" },
	{ SMC_CLC_DECL_NOACTLINK, "no-active-link" },
	{ SMC_CLC_DECL_NOSRVLINK, "no-server-link" },
	{ SMC_CLC_DECL_VERSMISMAT, "version-mismatch" },
	{ SMC_CLC_DECL_MAX_DMB, "max-dmb" },
	{ SMC_CLC_DECL_NOROUTE, "no-route" },
	{ SMC_CLC_DECL_NOINDIRECT, "not-indirect" },
	{ SMC_CLC_DECL_SYNCERR, "sync-error" },
	{ SMC_CLC_DECL_PEERDECL, "peer-declined" },
	{ SMC_CLC_DECL_INTERR, "internal-error" },
	{ SMC_CLC_DECL_ERR_RTOK, "rtoken-error" },
	{ SMC_CLC_DECL_ERR_RDYLNK, "link-ready-error" },
	{ SMC_CLC_DECL_ERR_REGBUF, "buffer-registration-error" },
};

const char *decline_name(uint32_t code)
{
	for (size_t i = 0; i < ARRAY_SIZE(declines); i++)
		if (declines[i].code == code)
			return declines[i].name;
	return code ? "unknown" : "none";
}

static const char *pick(const char *const *names, size_t n, unsigned int v)
{
	return v < n && names[v] ? names[v] : "unknown";
}

#define PICK(names, v) pick(names, ARRAY_SIZE(names), v)

static const char *const roles[] = { "client", "server" };
static const char *const lgr_types[] = {
	"none", "single", "symmetric", "asymmetric-peer", "asymmetric-local",
};
static const char *const link_states[] = {
	"unused", "inactive", "activating", "active",
};
static const char *const buf_types[] = { "physical", "virtual", "mixed" };
static const char *const os_types[16] = {
	[1] = "z/OS", [2] = "Linux", [3] = "AIX", [15] = "unknown",
};

/* ---- helpers ---- */

/* top-level nest @type of a SMC_GEN_NETLINK reply into @t */
static bool gen_nest(struct decode_ctx *c, struct attrs *t, const void *p,
		     size_t len, int type, int max)
{
	struct attrs top;

	attrs_parse(&top, p, len, SMC_GEN_MAX);
	if (!attrs_nested(t, &top, type, max)) {
		c->malformed++;
		return false;
	}
	return true;
}

static void put_u8(struct out *o, const struct attrs *t, int type,
		   const char *key)
{
	uint8_t v;

	if (attr_u8(t, type, &v))
		out_u64(o, key, v);
}

static void put_u32(struct out *o, const struct attrs *t, int type,
		    const char *key)
{
	uint32_t v;

	if (attr_u32(t, type, &v))
		out_u64(o, key, v);
}

static void put_u64(struct out *o, const struct attrs *t, int type,
		    const char *key)
{
	uint64_t v;

	if (attr_u64(t, type, &v))
		out_u64(o, key, v);
}

static void put_uint(struct out *o, const struct attrs *t, int type,
		     const char *key)
{
	uint64_t v;

	if (attr_uint(t, type, &v))
		out_u64(o, key, v);
}

static void put_str(struct out *o, const struct attrs *t, int type,
		    const char *key)
{
	char buf[128];

	if (attr_str(t, type, buf, sizeof(buf)))
		out_str(o, key, buf);
}

static void put_ifname(struct out *o, const char *key, uint32_t ifindex)
{
	char name[IF_NAMESIZE + 1] = "";

	if (!ifindex) {
		out_str(o, key, "");
		return;
	}
	if (!if_indextoname(ifindex, name))
		snprintf(name, sizeof(name), "if%u", ifindex);
	out_str(o, key, name);
}

/* ---- system info, EIDs, pnet table ---- */

void decode_sysinfo(struct decode_ctx *c, const void *p, size_t len)
{
	struct out *o = c->o;
	struct attrs t;
	uint8_t v;

	if (!gen_nest(c, &t, p, len, SMC_GEN_SYS_INFO, SMC_NLA_SYS_MAX))
		return;
	put_u8(o, &t, SMC_NLA_SYS_VER, "smc_version");
	put_u8(o, &t, SMC_NLA_SYS_REL, "release");
	if (attr_u8(&t, SMC_NLA_SYS_IS_SMCR_V2, &v))
		out_bool(o, "smcr_v2", v);
	if (attr_u8(&t, SMC_NLA_SYS_IS_ISM_V2, &v))
		out_bool(o, "ism_v2", v);
	put_str(o, &t, SMC_NLA_SYS_LOCAL_HOST, "hostname");
	if (!attr_str(&t, SMC_NLA_SYS_SEID, (char[2]){ 0 }, 2))
		out_str(o, "seid", "");
	else
		put_str(o, &t, SMC_NLA_SYS_SEID, "seid");
	c->count++;
}

void decode_ueid(struct decode_ctx *c, const void *p, size_t len)
{
	struct attrs t;
	char eid[SMC_MAX_EID_LEN + 1];

	attrs_parse(&t, p, len, SMC_NLA_EID_TABLE_MAX);
	if (!attr_str(&t, SMC_NLA_EID_TABLE_ENTRY, eid, sizeof(eid))) {
		c->malformed++;
		return;
	}
	out_obj_begin(c->o, NULL);
	out_str(c->o, "ueid", eid);
	out_obj_end(c->o);
	c->count++;
}

void decode_seid(struct decode_ctx *c, const void *p, size_t len)
{
	struct attrs t;
	char eid[SMC_MAX_EID_LEN + 1];
	uint8_t en;

	attrs_parse(&t, p, len, SMC_NLA_SEID_TABLE_MAX);
	if (!attr_str(&t, SMC_NLA_SEID_ENTRY, eid, sizeof(eid))) {
		/* the kernel sends an empty message: no system EID */
		out_str(c->o, "seid", "");
		out_bool(c->o, "enabled", false);
		c->count++;
		return;
	}
	out_str(c->o, "seid", eid);
	if (attr_u8(&t, SMC_NLA_SEID_ENABLED, &en))
		out_bool(c->o, "enabled", en);
	c->count++;
}

void decode_pnet(struct decode_ctx *c, const void *p, size_t len)
{
	struct attrs t;
	char name[64], eth[64], ib[128];
	uint8_t port = 0;

	attrs_parse(&t, p, len, SMC_PNETID_MAX);
	if (!attr_str(&t, SMC_PNETID_NAME, name, sizeof(name))) {
		c->malformed++;
		return;
	}
	attr_str(&t, SMC_PNETID_ETHNAME, eth, sizeof(eth));
	attr_str(&t, SMC_PNETID_IBNAME, ib, sizeof(ib));
	attr_u8(&t, SMC_PNETID_IBPORT, &port);
	out_obj_begin(c->o, NULL);
	out_str(c->o, "pnetid", name);
	out_str(c->o, "netdev", strcmp(eth, "n/a") ? eth : "");
	out_str(c->o, "ibdev", strcmp(ib, "n/a") ? ib : "");
	if (port && port != 0xff && strcmp(ib, "n/a") && ib[0])
		out_u64(c->o, "ibport", port);
	out_obj_end(c->o);
	c->count++;
}

/* ---- link groups, links, devices ---- */

static void v2_common(struct out *o, const struct attrs *lgr, int type)
{
	struct attrs v;
	uint8_t os;

	if (!attrs_nested(&v, lgr, type, SMCT_V2_MAX))
		return;
	put_u8(o, &v, SMCT_V2_VER, "smc_version");
	put_u8(o, &v, SMCT_V2_REL, "peer_release");
	if (attr_u8(&v, SMCT_V2_OS, &os))
		out_str(o, "peer_os", PICK(os_types, os));
	put_str(o, &v, SMCT_V2_PEER_HOST, "peer_host");
	put_str(o, &v, SMCT_V2_NEG_EID, "eid");
}

/* the SMC_GEN_LGR_SMCR nest @t as one object; false if it has no ID */
static bool lgr_obj(struct decode_ctx *c, const struct attrs *t)
{
	struct out *o = c->o;
	struct attrs v2;
	uint32_t id;
	uint8_t v;

	if (!attr_u32(t, SMCT_LGR_ID, &id)) {
		c->malformed++;
		return false;
	}
	out_obj_begin(o, NULL);
	out_hex(o, "id", id, 8);
	if (attr_u8(t, SMCT_LGR_ROLE, &v))
		out_str(o, "role", PICK(roles, v));
	if (attr_u8(t, SMCT_LGR_TYPE, &v))
		out_str(o, "type", PICK(lgr_types, v));
	put_u32(o, t, SMCT_LGR_CONNS, "conns");
	put_str(o, t, SMCT_LGR_PNETID, "pnetid");
	put_u8(o, t, SMCT_LGR_VLAN, "vlan");
	v2_common(o, t, SMCT_LGR_V2_COMMON);
	if (attrs_nested(&v2, t, SMCT_LGR_V2, SMCT_LGR_V2_MAX)) {
		if (attr_u8(&v2, SMCT_LGR_V2_DIRECT, &v))
			out_bool(o, "direct", v);
		put_u8(o, &v2, SMCT_LGR_V2_MAX_CONNS, "max_conns");
		put_u8(o, &v2, SMCT_LGR_V2_MAX_LINKS, "max_links");
	}
	if (c->details || o->json) {
		if (attr_u8(t, SMCT_LGR_BUF_TYPE, &v))
			out_str(o, "buf_type", PICK(buf_types, v));
		put_uint(o, t, SMCT_LGR_SNDBUF_ALLOC, "sndbufs");
		put_uint(o, t, SMCT_LGR_RMB_ALLOC, "rmbs");
		put_u64(o, t, SMCT_LGR_NET_COOKIE, "net_cookie");
	}
	out_obj_end(o);
	c->count++;
	return true;
}

void decode_lgr(struct decode_ctx *c, const void *p, size_t len)
{
	struct attrs t;

	if (gen_nest(c, &t, p, len, SMC_GEN_LGR_SMCR, SMCT_LGR_MAX))
		lgr_obj(c, &t);
}

void decode_lgr_smcd(struct decode_ctx *c, const void *p, size_t len)
{
	struct out *o = c->o;
	struct attrs t;
	uint32_t id;

	if (!gen_nest(c, &t, p, len, SMC_GEN_LGR_SMCD, SMCT_LGRD_MAX))
		return;
	if (!attr_u32(&t, SMCT_LGRD_ID, &id)) {
		c->malformed++;
		return;
	}
	out_obj_begin(o, NULL);
	out_hex(o, "id", id, 8);
	out_str(o, "kind", "smcd");
	put_u32(o, &t, SMCT_LGRD_CONNS, "conns");
	put_str(o, &t, SMCT_LGRD_PNETID, "pnetid");
	put_u8(o, &t, SMCT_LGRD_VLAN, "vlan");
	put_u64(o, &t, SMCT_LGRD_GID, "gid");
	put_u64(o, &t, SMCT_LGRD_PEER_GID, "peer_gid");
	put_uint(o, &t, SMCT_LGRD_CHID, "chid");
	v2_common(o, &t, SMCT_LGRD_V2_COMMON);
	out_obj_end(o);
	c->count++;
}

void decode_link_msg(struct decode_ctx *c, int cmd, const void *p,
		     size_t len)
{
	struct out *o = c->o;
	struct attrs t;
	uint32_t v32;
	uint8_t v;
	char gid[64];

	if (cmd == SMC_NETLINK_GET_LGR_SMCR) {
		/* remember the group of the links that follow */
		c->have_lgr = gen_nest(c, &t, p, len, SMC_GEN_LGR_SMCR,
				       SMCT_LGR_MAX) &&
			      attr_u32(&t, SMCT_LGR_ID, &c->cur_lgr);
		return;
	}
	if (!gen_nest(c, &t, p, len, SMC_GEN_LINK_SMCR, SMCT_LINK_MAX))
		return;
	if (!attr_u8(&t, SMCT_LINK_ID, &v)) {
		c->malformed++;
		return;
	}
	out_obj_begin(o, NULL);
	if (c->have_lgr)
		out_hex(o, "lgr", c->cur_lgr, 8);
	out_u64(o, "link", v);
	if (attr_u32(&t, SMCT_LINK_STATE, &v32))
		out_str(o, "state", PICK(link_states, v32));
	put_str(o, &t, SMCT_LINK_IB_DEV, "ibdev");
	put_u8(o, &t, SMCT_LINK_IB_PORT, "ibport");
	if (attr_u32(&t, SMCT_LINK_NET_DEV, &v32))
		put_ifname(o, "netdev", v32);
	put_u32(o, &t, SMCT_LINK_CONN_CNT, "conns");
	if (attr_str(&t, SMCT_LINK_GID, gid, sizeof(gid)))
		out_str(o, "gid", gid);
	if (attr_str(&t, SMCT_LINK_PEER_GID, gid, sizeof(gid)))
		out_str(o, "peer_gid", gid);
	if (attr_u32(&t, SMCT_LINK_UID, &v32))
		out_hex(o, "uid", ntohl(v32), 8);
	if (attr_u32(&t, SMCT_LINK_PEER_UID, &v32))
		out_hex(o, "peer_uid", ntohl(v32), 8);
	out_obj_end(o);
	c->count++;
}

void decode_dev(struct decode_ctx *c, const void *p, size_t len, bool smcd)
{
	static const char *const port_keys[] = { "port1", "port2" };
	struct out *o = c->o;
	struct attrs t, pt;
	char name[128];
	uint32_t v32;
	uint16_t v16;
	uint8_t v;

	if (!gen_nest(c, &t, p, len, smcd ? SMC_GEN_DEV_SMCD : SMC_GEN_DEV_SMCR,
		      SMCT_DEV_MAX))
		return;
	if (!attr_str(&t, SMCT_DEV_IB_NAME, name, sizeof(name)) &&
	    !attr_str(&t, SMCT_DEV_PCI_ID, name, sizeof(name))) {
		c->malformed++;
		return;
	}
	out_obj_begin(o, NULL);
	out_str(o, smcd ? "ismdev" : "ibdev", name);
	if (attr_u8(&t, SMCT_DEV_IS_CRIT, &v))
		out_bool(o, "critical", v);
	put_u32(o, &t, SMCT_DEV_USE_CNT, "users");
	put_str(o, &t, SMCT_DEV_PCI_ID, "pci_id");
	if (attr_u16(&t, SMCT_DEV_PCI_VENDOR, &v16))
		out_hex(o, "pci_vendor", v16, 4);
	if (attr_u16(&t, SMCT_DEV_PCI_DEVICE, &v16))
		out_hex(o, "pci_device", v16, 4);
	if (c->details || o->json) {
		if (attr_u32(&t, SMCT_DEV_PCI_FID, &v32))
			out_hex(o, "pci_fid", v32, 8);
		if (attr_u16(&t, SMCT_DEV_PCI_CHID, &v16))
			out_hex(o, "pci_chid", v16, 4);
	}
	for (int i = 0; i < 2; i++) {
		if (!attrs_nested(&pt, &t, SMCT_DEV_PORT + i, SMCT_PORT_MAX))
			continue;
		out_obj_begin(o, port_keys[i]);
		if (attr_u8(&pt, SMCT_PORT_STATE, &v))
			out_str(o, "state", v ? "active" : "inactive");
		if (attr_str(&pt, SMCT_PORT_PNETID, name, sizeof(name)))
			out_str(o, "pnetid", name);
		if (attr_u8(&pt, SMCT_PORT_PNET_USR, &v))
			out_bool(o, "pnetid_by_user", v);
		if (attr_u32(&pt, SMCT_PORT_NETDEV, &v32))
			put_ifname(o, "netdev", v32);
		put_u32(o, &pt, SMCT_PORT_LNK_CNT, "links");
		out_obj_end(o);
	}
	out_obj_end(o);
	c->count++;
}

/* ---- statistics ---- */

static const char *const pload_keys[] = {
	NULL, "8K", "16K", "32K", "64K", "128K", "256K", "512K", "1024K",
	"more",
};
static const char *const rmb_keys[] = {
	NULL, "small_peer", "small", "full_peer", "full", "reuse", "alloc",
	"downgrade",
};

static void histogram(struct out *o, const struct attrs *tech, int type,
		      const char *key)
{
	struct attrs h;
	uint64_t v;

	if (!attrs_nested(&h, tech, type, SMCT_PLOAD_MAX))
		return;
	out_obj_begin(o, key);
	for (int i = SMCT_PLOAD_8K; i <= SMCT_PLOAD_G_1024K; i++)
		if (attr_u64(&h, i, &v))
			out_u64(o, pload_keys[i], v);
	out_obj_end(o);
}

static void rmb_stats(struct out *o, const struct attrs *tech, int type,
		      const char *key)
{
	struct attrs h;
	uint64_t v;

	if (!attrs_nested(&h, tech, type, SMCT_RMB_MAX))
		return;
	out_obj_begin(o, key);
	for (int i = 1; i <= SMCT_RMB_MAX; i++)
		if (attr_u64(&h, i, &v))
			out_u64(o, rmb_keys[i], v);
	out_obj_end(o);
}

static void tech_stats(struct decode_ctx *c, const struct attrs *s, int type,
		       const char *key)
{
	static const struct { int type; const char *key; } counters[] = {
		{ SMCT_T_CLNT_V1_SUCC, "client_v1" },
		{ SMCT_T_CLNT_V2_SUCC, "client_v2" },
		{ SMCT_T_SRV_V1_SUCC, "server_v1" },
		{ SMCT_T_SRV_V2_SUCC, "server_v2" },
		{ SMCT_T_RX_BYTES, "rx_bytes" },
		{ SMCT_T_TX_BYTES, "tx_bytes" },
		{ SMCT_T_RX_CNT, "rx_calls" },
		{ SMCT_T_TX_CNT, "tx_calls" },
		{ SMCT_T_SENDPAGE_CNT, "sendpage" },
		{ SMCT_T_SPLICE_CNT, "splice" },
		{ SMCT_T_CORK_CNT, "cork" },
		{ SMCT_T_NDLY_CNT, "nodelay" },
		{ SMCT_T_URG_DATA_CNT, "urgent" },
	};
	struct out *o = c->o;
	struct attrs t;

	if (!attrs_nested(&t, s, type, SMCT_T_MAX))
		return;
	out_obj_begin(o, key);
	for (size_t i = 0; i < ARRAY_SIZE(counters); i++)
		put_u64(o, &t, counters[i].type, counters[i].key);
	put_uint(o, &t, SMCT_T_RX_RMB_USAGE, "rx_rmb_usage");
	put_uint(o, &t, SMCT_T_TX_RMB_USAGE, "tx_rmb_usage");
	if (c->details || o->json) {
		histogram(o, &t, SMCT_T_TXPLOAD_SIZE, "tx_payload");
		histogram(o, &t, SMCT_T_RXPLOAD_SIZE, "rx_payload");
		histogram(o, &t, SMCT_T_TX_RMB_SIZE, "tx_buf_size");
		histogram(o, &t, SMCT_T_RX_RMB_SIZE, "rx_buf_size");
		rmb_stats(o, &t, SMCT_T_TX_RMB_STATS, "tx_buf");
		rmb_stats(o, &t, SMCT_T_RX_RMB_STATS, "rx_buf");
	}
	out_obj_end(o);
}

void decode_stats(struct decode_ctx *c, const void *p, size_t len)
{
	struct attrs s;

	if (!gen_nest(c, &s, p, len, SMC_GEN_STATS, SMCT_STATS_MAX))
		return;
	put_u64(c->o, &s, SMCT_STATS_CLNT_HS_ERR, "client_handshake_errors");
	put_u64(c->o, &s, SMCT_STATS_SRV_HS_ERR, "server_handshake_errors");
	tech_stats(c, &s, SMCT_STATS_SMCR_TECH, "smcr");
	tech_stats(c, &s, SMCT_STATS_SMCD_TECH, "smcd");
	c->count++;
}

/* one fallback reason per message, printed by print_fback() */
void decode_fback(struct decode_ctx *c, const void *p, size_t len)
{
	struct attrs t;
	uint32_t code;
	uint16_t cnt;
	uint8_t srv;

	if (!gen_nest(c, &t, p, len, SMC_GEN_FBACK_STATS, SMCT_FB_MAX))
		return;
	if (attr_u64(&t, SMCT_FB_SRV_CNT, &c->fb_srv_total) |
	    attr_u64(&t, SMCT_FB_CLNT_CNT, &c->fb_clnt_total))
		c->fb_have_totals = true;
	if (!attr_u8(&t, SMCT_FB_TYPE, &srv) ||
	    !attr_u32(&t, SMCT_FB_RSN_CODE, &code) ||
	    !attr_u16(&t, SMCT_FB_RSN_CNT, &cnt)) {
		c->malformed++;
		return;
	}
	if (c->fb_n >= (int)(ARRAY_SIZE(c->fb)))
		return;
	c->fb[c->fb_n].code = code;
	c->fb[c->fb_n].cnt = cnt;
	c->fb[c->fb_n].srv = srv;
	c->fb_n++;
}

void print_fback(struct decode_ctx *c)
{
	struct out *o = c->o;
	char code[16];

	out_obj_begin(o, "fallback");
	out_u64(o, "server", c->fb_srv_total);
	out_u64(o, "client", c->fb_clnt_total);
	for (int side = 1; side >= 0; side--) {
		bool any = false;

		for (int i = 0; i < c->fb_n; i++) {
			if (c->fb[i].srv != side)
				continue;
			if (!any) {
				out_obj_begin(o, side ? "server_reasons" :
							"client_reasons");
				any = true;
			}
			snprintf(code, sizeof(code), "0x%08x", c->fb[i].code);
			out_obj_begin(o, code);
			out_str(o, "name", decline_name(c->fb[i].code));
			out_u64(o, "count", c->fb[i].cnt);
			out_obj_end(o);
		}
		if (any)
			out_obj_end(o);
	}
	out_obj_end(o);
}

/* ---- sockets (smc_diag) ---- */

static bool is_v6(const struct smct_sockid *id)
{
	return id->src[1] || id->src[2] || id->src[3] ||
	       id->dst[1] || id->dst[2] || id->dst[3];
}

static void put_addr(struct out *o, const char *key, const uint32_t *a,
		     uint16_t port_be, bool v6)
{
	char ip[INET6_ADDRSTRLEN], buf[INET6_ADDRSTRLEN + 16];
	bool any = !a[0] && !a[1] && !a[2] && !a[3];

	if (any)
		snprintf(ip, sizeof(ip), "*");
	else if (!inet_ntop(v6 ? AF_INET6 : AF_INET, a, ip, sizeof(ip)))
		snprintf(ip, sizeof(ip), "?");
	if (v6 && !any)
		snprintf(buf, sizeof(buf), "[%s]:%u", ip, ntohs(port_be));
	else
		snprintf(buf, sizeof(buf), "%s:%u", ip, ntohs(port_be));
	out_str(o, key, buf);
}

static const char *const modes[] = { "smcr", "fallback", "smcd" };

static void cursor(struct out *o, const char *key, const struct smct_cursor *cu)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%u:%u", cu->wrap, cu->count);
	out_str(o, key, buf);
}

static void text_field_str(struct out *o, const char *key, const uint8_t *s,
			   size_t n)
{
	char buf[80];
	size_t i;

	for (i = 0; i < n && i < sizeof(buf) - 1 && s[i]; i++)
		buf[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? (char)s[i] : '?';
	buf[i] = '\0';
	out_str(o, key, buf);
}

void decode_sock(struct decode_ctx *c, const void *p, size_t len)
{
	struct smct_diag_msg m;
	struct out *o = c->o;
	struct attrs t;
	const char *st;
	char sbuf[16];
	bool v6;

	if (len < sizeof(m)) {
		c->malformed++;
		return;
	}
	memcpy(&m, p, sizeof(m));
	attrs_parse(&t, (const uint8_t *)p + sizeof(m), len - sizeof(m),
		    SMCT_DIAG_MAX);
	if (c->want_state >= 0 && m.state != c->want_state)
		return;
	if (c->want_mode >= 0 && m.mode != c->want_mode)
		return;
	if (c->want_sport >= 0 && ntohs(m.id.sport) != c->want_sport)
		return;
	if (c->want_dport >= 0 && ntohs(m.id.dport) != c->want_dport)
		return;
	if (c->want_port >= 0 && ntohs(m.id.sport) != c->want_port &&
	    ntohs(m.id.dport) != c->want_port)
		return;

	v6 = is_v6(&m.id);
	out_obj_begin(o, NULL);
	st = smc_state_name(m.state);
	if (!st) {
		snprintf(sbuf, sizeof(sbuf), "%u", m.state);
		st = sbuf;
	}
	out_str(o, "state", st);
	out_str(o, "mode", PICK(modes, m.mode));
	put_addr(o, "local", m.id.src, m.id.sport, v6);
	put_addr(o, "peer", m.id.dst, m.id.dport, v6);
	out_u64(o, "uid", m.uid);
	out_u64(o, "inode", m.inode);
	if (t.has[SMCT_DIAG_FALLBACK] &&
	    t.a[SMCT_DIAG_FALLBACK].len >= sizeof(struct smct_diag_fallback)) {
		struct smct_diag_fallback fb;

		memcpy(&fb, t.a[SMCT_DIAG_FALLBACK].data, sizeof(fb));
		if (fb.reason || m.mode == SMCT_MODE_FALLBACK || o->json) {
			out_hex(o, "fallback", fb.reason, 8);
			out_str(o, "fallback_name", decline_name(fb.reason));
			out_hex(o, "peer_diagnosis", fb.peer_diagnosis, 8);
		}
	}
	if (t.has[SMCT_DIAG_LGRINFO] &&
	    t.a[SMCT_DIAG_LGRINFO].len >= sizeof(struct smct_diag_lgrinfo)) {
		struct smct_diag_lgrinfo li;

		memcpy(&li, t.a[SMCT_DIAG_LGRINFO].data, sizeof(li));
		text_field_str(o, "ibdev", li.ibname, sizeof(li.ibname));
		out_u64(o, "ibport", li.ibport);
		out_u64(o, "link", li.link_id);
		out_str(o, "role", PICK(roles, li.role));
		if (c->details || o->json) {
			text_field_str(o, "gid", li.gid, sizeof(li.gid));
			text_field_str(o, "peer_gid", li.peer_gid,
				       sizeof(li.peer_gid));
		}
	}
	if ((c->details || o->json) && t.has[SMCT_DIAG_CONNINFO] &&
	    t.a[SMCT_DIAG_CONNINFO].len >= sizeof(struct smct_diag_conninfo)) {
		struct smct_diag_conninfo ci;

		memcpy(&ci, t.a[SMCT_DIAG_CONNINFO].data, sizeof(ci));
		out_obj_begin(o, "conn");
		out_hex(o, "token", ci.token, 8);
		out_u64(o, "sndbuf", ci.sndbuf_size);
		out_u64(o, "rmbe", ci.rmbe_size);
		out_u64(o, "peer_rmbe", ci.peer_rmbe_size);
		cursor(o, "rx_prod", &ci.rx_prod);
		cursor(o, "rx_cons", &ci.rx_cons);
		cursor(o, "tx_prod", &ci.tx_prod);
		cursor(o, "tx_cons", &ci.tx_cons);
		cursor(o, "tx_prep", &ci.tx_prep);
		cursor(o, "tx_sent", &ci.tx_sent);
		cursor(o, "tx_fin", &ci.tx_fin);
		out_obj_end(o);
	}
	out_obj_end(o);
	c->count++;
}
