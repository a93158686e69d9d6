// SPDX-License-Identifier: GPL-2.0
/*
 * test_decode - host unit test of smc(8)'s attribute reader and reply
 * decoders (built with ASan and UBSan by "make -C tools/smc check"):
 * known replies give the expected text and valid JSON-looking output,
 * attributes of unknown types are skipped, and every truncation of a valid
 * reply and a stream of random ones decode without a memory error.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <linux/af_smc.h>

#include "abi.h"
#include "smc.h"

static int failures, checks;

#define CHECK(cond, ...) do {						\
	checks++;							\
	if (!(cond)) {							\
		failures++;						\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

/* ---- a tiny attribute builder ---- */

struct buf {
	uint8_t d[4096];
	size_t n;
};

static void put(struct buf *b, int type, const void *p, size_t len)
{
	if (!attr_put(b->d, sizeof(b->d), &b->n, type, p, len))
		abort();
}

static void put_u8(struct buf *b, int type, uint8_t v) { put(b, type, &v, 1); }
static void put_u16(struct buf *b, int type, uint16_t v) { put(b, type, &v, 2); }
static void put_u32(struct buf *b, int type, uint32_t v) { put(b, type, &v, 4); }
static void put_u64(struct buf *b, int type, uint64_t v) { put(b, type, &v, 8); }
static void put_s(struct buf *b, int type, const char *s)
{
	put(b, type, s, strlen(s) + 1);
}

/* wrap @in as attribute @type of @out */
static void nest(struct buf *out, int type, const struct buf *in)
{
	put(out, type | 0x8000, in->d, in->n);
}

typedef void (*decoder)(struct decode_ctx *c, const void *p, size_t len);

/* run @fn on @p/@len, return what it printed (static buffer) */
static const char *run(decoder fn, const void *p, size_t len, bool json,
		       bool details, int *malformed)
{
	static char *text;
	struct decode_ctx c;
	struct out o;
	size_t tlen;
	FILE *f;

	free(text);
	text = NULL;
	f = open_memstream(&text, &tlen);
	out_init(&o, f, json, false);
	decode_ctx_init(&c, &o);
	c.details = details;
	out_list_begin(&o);
	fn(&c, p, len);
	out_list_end(&o);
	out_newline(&o);
	fclose(f);
	if (malformed)
		*malformed = c.malformed;
	return text;
}

static void dec_link(struct decode_ctx *c, const void *p, size_t len)
{
	decode_link_msg(c, SMC_NETLINK_GET_LINK_SMCR, p, len);
}

static void dec_dev(struct decode_ctx *c, const void *p, size_t len)
{
	decode_dev(c, p, len, false);
}

static void dec_fback(struct decode_ctx *c, const void *p, size_t len)
{
	decode_fback(c, p, len);
	print_fback(c);
}

static void dec_stats(struct decode_ctx *c, const void *p, size_t len)
{
	c->details = true;
	decode_stats(c, p, len);
}

static const decoder all[] = {
	decode_sysinfo, decode_ueid, decode_seid, decode_pnet, decode_lgr,
	decode_lgr_smcd, dec_link, dec_dev, dec_stats, dec_fback, decode_sock,
};

/* every prefix of @p and single-byte corruptions must decode safely */
static void mangle(const uint8_t *p, size_t len)
{
	uint8_t copy[4096];

	for (size_t d = 0; d < ARRAY_SIZE(all); d++) {
		for (size_t n = 0; n <= len; n++) {
			uint8_t *exact = malloc(n ? n : 1);	/* ASan: exact size */

			memcpy(exact, p, n);
			run(all[d], exact, n, d & 1, true, NULL);
			free(exact);
		}
		for (size_t i = 0; i < len && len <= sizeof(copy); i++) {
			memcpy(copy, p, len);
			copy[i] ^= 0xff;
			run(all[d], copy, len, true, true, NULL);
			copy[i] = 0x00;
			run(all[d], copy, len, false, true, NULL);
		}
	}
}

/* ---- tests ---- */

static void test_parser(void)
{
	struct attrs t;
	struct buf b = { .n = 0 };
	uint8_t v8;
	uint32_t v32;
	uint64_t v64;
	char s[8];

	put_u8(&b, 1, 7);
	put_u32(&b, 40, 99);		/* unknown: above max */
	put_u32(&b, 2, 0x12345678);
	put_s(&b, 3, "ABCDEFGHIJ   ");
	put_u32(&b, 4, 5);
	attrs_parse(&t, b.d, b.n, 4);
	CHECK(t.unknown == 1 && t.bad == 0, "unknown %d bad %d", t.unknown, t.bad);
	CHECK(attr_u8(&t, 1, &v8) && v8 == 7, "u8");
	CHECK(attr_u32(&t, 2, &v32) && v32 == 0x12345678, "u32");
	CHECK(!attr_u64(&t, 2, &v64), "u64 of a 4-byte attribute must fail");
	CHECK(attr_uint(&t, 4, &v64) && v64 == 5, "uint of 4 bytes");
	CHECK(attr_str(&t, 3, s, sizeof(s)) && !strcmp(s, "ABCDEFG"),
	      "string truncated to the buffer: '%s'", s);
	CHECK(!attr_u8(&t, 0, &v8), "absent type 0");

	/* a header that claims more than there is */
	b.d[0] = 200;
	attrs_parse(&t, b.d, b.n, 4);
	CHECK(t.bad == 1 && !t.has[1], "overlong first attribute");
	/* a length below the header size */
	b.d[0] = 2;
	attrs_parse(&t, b.d, b.n, 4);
	CHECK(t.bad == 1 && !t.has[1], "short attribute");
	/* trailing garbage shorter than a header */
	b.d[0] = 5;
	attrs_parse(&t, b.d, 9, 4);
	CHECK(t.bad == 1 && t.has[1], "trailing bytes");
	attrs_parse(&t, NULL, 0, 4);
	CHECK(!t.bad && !t.has[1], "empty");
	attrs_parse(&t, b.d, b.n, 1000);	/* max clamped */
	CHECK(t.max == ATTR_MAX_SLOTS - 1, "max clamp");

	/* strings: no NUL, control characters */
	b.n = 0;
	put(&b, 1, "AB\x01\xff", 4);
	attrs_parse(&t, b.d, b.n, 1);
	CHECK(attr_str(&t, 1, s, sizeof(s)) && !strcmp(s, "AB??"),
	      "sanitised '%s'", s);
}

static void test_sysinfo(void)
{
	struct buf in = { .n = 0 }, top = { .n = 0 };
	const char *txt;
	int bad;

	put_u8(&in, SMC_NLA_SYS_VER, 2);
	put_u8(&in, SMC_NLA_SYS_REL, 1);
	put_u8(&in, SMC_NLA_SYS_IS_ISM_V2, 0);
	put_u8(&in, SMC_NLA_SYS_IS_SMCR_V2, 1);
	put_s(&in, SMC_NLA_SYS_LOCAL_HOST, "guest                           ");
	put_u32(&in, 25, 1);		/* a future attribute */
	nest(&top, SMC_GEN_SYS_INFO, &in);
	put_u32(&top, 30, 1);		/* and a future top-level one */
	txt = run(decode_sysinfo, top.d, top.n, false, false, &bad);
	CHECK(!strcmp(txt, "smc_version 2 release 1 smcr_v2 yes ism_v2 no hostname guest seid -\n"),
	      "sysinfo text: '%s'", txt);
	CHECK(!bad, "sysinfo malformed %d", bad);
	txt = run(decode_sysinfo, top.d, top.n, true, false, &bad);
	CHECK(!strcmp(txt, "[\"smc_version\":2,\"release\":1,\"smcr_v2\":true,\"ism_v2\":false,\"hostname\":\"guest\",\"seid\":\"\"]\n"),
	      "sysinfo json: '%s'", txt);
	/* no nest at all */
	txt = run(decode_sysinfo, top.d + in.n + 4, top.n - in.n - 4, false,
		  false, &bad);
	CHECK(bad == 1 && !*txt, "sysinfo without nest: bad %d '%s'", bad, txt);
	mangle(top.d, top.n);
}

static void test_pnet(void)
{
	struct buf b = { .n = 0 };
	const char *txt;

	put_s(&b, SMC_PNETID_NAME, "NET1");
	put_s(&b, SMC_PNETID_ETHNAME, "n/a");
	put_s(&b, SMC_PNETID_IBNAME, "rxe0");
	put_u8(&b, SMC_PNETID_IBPORT, 1);
	txt = run(decode_pnet, b.d, b.n, false, false, NULL);
	CHECK(!strcmp(txt, "pnetid NET1 netdev - ibdev rxe0 ibport 1\n"),
	      "pnet: '%s'", txt);
	txt = run(decode_pnet, b.d, b.n, true, false, NULL);
	CHECK(!strcmp(txt, "[{\"pnetid\":\"NET1\",\"netdev\":\"\",\"ibdev\":\"rxe0\",\"ibport\":1}]\n"),
	      "pnet json: '%s'", txt);
	mangle(b.d, b.n);
}

static void test_lgr_link(void)
{
	struct buf in = { .n = 0 }, v2c = { .n = 0 }, v2 = { .n = 0 };
	struct buf top = { .n = 0 }, ln = { .n = 0 }, ltop = { .n = 0 };
	struct decode_ctx c;
	struct out o;
	const char *txt;
	char *text = NULL;
	size_t tlen;
	FILE *f;

	put_u32(&in, SMCT_LGR_ID, 0x00000100);
	put_u32(&in, SMCT_LGR_CONNS, 3);
	put_u8(&in, SMCT_LGR_ROLE, 1);
	put_u8(&in, SMCT_LGR_TYPE, 1);
	put_u8(&in, SMCT_LGR_BUF_TYPE, 0);
	put_u8(&in, SMCT_LGR_VLAN, 0);
	put_u64(&in, SMCT_LGR_NET_COOKIE, 1);
	put_s(&in, SMCT_LGR_PNETID, "");
	put_u32(&in, SMCT_LGR_SNDBUF_ALLOC, 3);
	put_u64(&in, SMCT_LGR_RMB_ALLOC, 3);
	put_u8(&v2c, SMCT_V2_VER, 2);	/* type 0 */
	put_u8(&v2c, SMCT_V2_REL, 1);
	put_u8(&v2c, SMCT_V2_OS, 2);
	put_s(&v2c, SMCT_V2_PEER_HOST, "peer");
	put_s(&v2c, SMCT_V2_NEG_EID, "MY-EID                          ");
	nest(&in, SMCT_LGR_V2_COMMON, &v2c);
	put_u8(&v2, SMCT_LGR_V2_DIRECT, 1);
	put_u8(&v2, SMCT_LGR_V2_MAX_CONNS, 255);
	put_u8(&v2, SMCT_LGR_V2_MAX_LINKS, 2);
	nest(&in, SMCT_LGR_V2, &v2);
	nest(&top, SMC_GEN_LGR_SMCR, &in);
	txt = run(decode_lgr, top.d, top.n, false, false, NULL);
	CHECK(!strcmp(txt, "id 0x00000100 role server type single conns 3 pnetid - vlan 0 smc_version 2 peer_release 1 peer_os Linux peer_host peer eid MY-EID direct yes max_conns 255 max_links 2\n"),
	      "lgr: '%s'", txt);
	mangle(top.d, top.n);

	put_u8(&ln, SMCT_LINK_ID, 1);
	put_u32(&ln, SMCT_LINK_STATE, 3);
	put_u32(&ln, SMCT_LINK_CONN_CNT, 3);
	put_u8(&ln, SMCT_LINK_IB_PORT, 1);
	put_u32(&ln, SMCT_LINK_NET_DEV, 0);
	put_s(&ln, SMCT_LINK_IB_DEV, "rxe0");
	put_u32(&ln, SMCT_LINK_UID, htonl(0x11223344));
	put_u32(&ln, SMCT_LINK_PEER_UID, htonl(0x55667788));
	put_s(&ln, SMCT_LINK_GID, "0000:0000:0000:0000:0000:ffff:7f00:0001");
	put_s(&ln, SMCT_LINK_PEER_GID, "0000:0000:0000:0000:0000:ffff:7f00:0001");
	nest(&ltop, SMC_GEN_LINK_SMCR, &ln);

	/* a group message, then its link */
	f = open_memstream(&text, &tlen);
	out_init(&o, f, false, false);
	decode_ctx_init(&c, &o);
	decode_link_msg(&c, SMC_NETLINK_GET_LGR_SMCR, top.d, top.n);
	decode_link_msg(&c, SMC_NETLINK_GET_LINK_SMCR, ltop.d, ltop.n);
	fclose(f);
	CHECK(!strcmp(text, "lgr 0x00000100 link 1 state active ibdev rxe0 ibport 1 netdev - conns 3 gid 0000:0000:0000:0000:0000:ffff:7f00:0001 peer_gid 0000:0000:0000:0000:0000:ffff:7f00:0001 uid 0x11223344 peer_uid 0x55667788\n"),
	      "link: '%s'", text);
	free(text);
	mangle(ltop.d, ltop.n);
}

static void test_dev_stats_fback(void)
{
	struct buf d = { .n = 0 }, p = { .n = 0 }, top = { .n = 0 };
	struct buf s = { .n = 0 }, t = { .n = 0 }, h = { .n = 0 };
	struct buf fb = { .n = 0 }, ftop = { .n = 0 };
	const char *txt;

	put_u8(&d, SMCT_DEV_IS_CRIT, 1);
	put_s(&d, SMCT_DEV_IB_NAME, "rxe0");
	put_u8(&p, SMCT_PORT_PNET_USR, 1);
	put_s(&p, SMCT_PORT_PNETID, "NET1");
	put_u32(&p, SMCT_PORT_NETDEV, 0);
	put_u8(&p, SMCT_PORT_VALID, 1);
	put_u8(&p, SMCT_PORT_STATE, 1);
	put_u32(&p, SMCT_PORT_LNK_CNT, 2);
	nest(&d, SMCT_DEV_PORT, &p);
	nest(&top, SMC_GEN_DEV_SMCR, &d);
	txt = run(dec_dev, top.d, top.n, false, false, NULL);
	CHECK(!strcmp(txt, "ibdev rxe0 critical yes\n    port1: state active pnetid NET1 pnetid_by_user yes netdev - links 2\n"),
	      "dev: '%s'", txt);
	mangle(top.d, top.n);

	for (int i = 1; i <= 9; i++)
		put_u64(&h, i, (uint64_t)i);
	put_u64(&t, SMCT_T_CLNT_V2_SUCC, 4);
	put_u64(&t, SMCT_T_SRV_V2_SUCC, 5);
	put_u64(&t, SMCT_T_RX_BYTES, 1000);
	put_u32(&t, SMCT_T_RX_RMB_USAGE, 7);
	nest(&t, SMCT_T_TXPLOAD_SIZE, &h);
	nest(&s, SMCT_STATS_SMCR_TECH, &t);
	put_u64(&s, SMCT_STATS_CLNT_HS_ERR, 0);
	nest(&top, SMC_GEN_STATS, &s);
	top.n = 0;
	nest(&top, SMC_GEN_STATS, &s);
	txt = run(dec_stats, top.d, top.n, false, false, NULL);
	CHECK(strstr(txt, "client_handshake_errors 0") &&
	      strstr(txt, "smcr: client_v2 4 server_v2 5 rx_bytes 1000 rx_rmb_usage 7") &&
	      strstr(txt, "tx_payload: 8K 1 16K 2"), "stats: '%s'", txt);
	mangle(top.d, top.n);

	put_u8(&fb, SMCT_FB_TYPE, 1);
	put_u64(&fb, SMCT_FB_SRV_CNT, 3);
	put_u64(&fb, SMCT_FB_CLNT_CNT, 2);
	put_u32(&fb, SMCT_FB_RSN_CODE, SMC_CLC_DECL_PEERNOSMC);
	put_u16(&fb, SMCT_FB_RSN_CNT, 3);
	nest(&ftop, SMC_GEN_FBACK_STATS, &fb);
	txt = run(dec_fback, ftop.d, ftop.n, true, false, NULL);
	CHECK(!strcmp(txt, "[\"fallback\":{\"server\":3,\"client\":2,\"server_reasons\":{\"0x03010000\":{\"name\":\"peer-no-smc\",\"count\":3}}}]\n"),
	      "fback json: '%s'", txt);
	mangle(ftop.d, ftop.n);
}

static void test_sock(void)
{
	uint8_t msg[512];
	struct smct_diag_msg m = { 0 };
	struct smct_diag_fallback fb = { SMC_CLC_DECL_PEERNOSMC, 0 };
	struct smct_diag_lgrinfo li = { 0 };
	struct decode_ctx c;
	struct out o;
	size_t n = 0;
	const char *txt;
	char *text = NULL;
	size_t tlen;
	FILE *f;

	m.family = 43;
	m.state = 1;
	m.mode = SMCT_MODE_FALLBACK;
	m.id.sport = htons(22100);
	m.id.dport = htons(40000);
	m.id.src[0] = htonl(0x7f000001);
	m.id.dst[0] = htonl(0x7f000001);
	m.uid = 0;
	m.inode = 42;
	memcpy(msg, &m, sizeof(m));
	n = sizeof(m);
	attr_put(msg, sizeof(msg), &n, SMCT_DIAG_SHUTDOWN, "", 1);
	attr_put(msg, sizeof(msg), &n, SMCT_DIAG_FALLBACK, &fb, sizeof(fb));
	txt = run(decode_sock, msg, n, false, false, NULL);
	CHECK(!strcmp(txt, "state ACTIVE mode fallback local 127.0.0.1:22100 peer 127.0.0.1:40000 uid 0 inode 42 fallback 0x03010000 fallback_name peer-no-smc peer_diagnosis 0x00000000\n"),
	      "sock: '%s'", txt);
	li.link_id = 1;
	memcpy(li.ibname, "rxe0", 4);
	li.ibport = 1;
	li.role = 0;
	attr_put(msg, sizeof(msg), &n, SMCT_DIAG_LGRINFO, &li, sizeof(li));
	mangle(msg, n);

	/* filters */
	f = open_memstream(&text, &tlen);
	out_init(&o, f, false, false);
	decode_ctx_init(&c, &o);
	c.want_mode = SMCT_MODE_SMCR;
	decode_sock(&c, msg, n);
	c.want_mode = -1;
	c.want_state = 10;
	decode_sock(&c, msg, n);
	c.want_state = -1;
	c.want_port = 40000;
	decode_sock(&c, msg, n);
	c.want_port = -1;
	c.want_sport = 40000;
	decode_sock(&c, msg, n);
	fclose(f);
	CHECK(c.count == 1, "filters let %d of 4 through", c.count);
	free(text);

	/* IPv6 */
	m.id.src[0] = htonl(0x20010db8);
	m.id.src[3] = htonl(1);
	memcpy(msg, &m, sizeof(m));
	txt = run(decode_sock, msg, sizeof(m), false, false, NULL);
	CHECK(strstr(txt, "local [2001:db8::1]:22100") != NULL, "v6: '%s'", txt);
	txt = run(decode_sock, msg, sizeof(m) - 1, false, false, NULL);
	CHECK(!*txt, "short sock message printed '%s'", txt);
}

static void test_random(void)
{
	uint8_t *b;
	unsigned int seed = 12345;

	for (int i = 0; i < 20000; i++) {
		size_t len = (size_t)(rand_r(&seed) % 300);

		b = malloc(len ? len : 1);
		for (size_t j = 0; j < len; j++)
			b[j] = (uint8_t)rand_r(&seed);
		/* make some headers plausible */
		if (len >= 4 && (i & 1)) {
			uint16_t l = (uint16_t)(len - (size_t)(rand_r(&seed) % 4));

			memcpy(b, &l, 2);
		}
		run(all[i % (ARRAY_SIZE(all))], b, len, i & 2,
		    true, NULL);
		free(b);
	}
}

int main(void)
{
	test_parser();
	test_sysinfo();
	test_pnet();
	test_lgr_link();
	test_dev_stats_fback();
	test_sock();
	test_random();
	printf("test_decode: %d checks, %d failed\n", checks, failures);
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
