/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smc.h - internal interfaces of smc(8): the netlink attribute reader
 * (attr.c), text and JSON output (out.c), the decoders that turn one reply
 * into output (decode.c, free of any socket so the host unit test can feed
 * them arbitrary bytes) and the netlink requests (nl.c).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef SMC_TOOL_H
#define SMC_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* exit codes (smc.8, EXIT STATUS) */
enum {
	EXIT_OK		= 0,
	EXIT_USAGE	= 1,	/* bad command line */
	EXIT_NOTSUPP	= 2,	/* no SMC module, or it lacks this command */
	EXIT_PERM	= 3,	/* the kernel said EPERM/EACCES */
	EXIT_REFUSED	= 4,	/* the kernel refused the request otherwise */
	EXIT_SYSTEM	= 5,	/* local failure, or malformed replies */
};

/* ---- attr.c: netlink attributes, read with every bound checked ---- */

struct nla_view {
	const uint8_t *data;	/* payload */
	uint16_t len;		/* payload length */
	uint16_t type;		/* without the nested/byte-order flags */
};

#define ATTR_MAX_SLOTS	32

/*
 * One level of attributes indexed by type. Types above @max are unknown
 * (newer kernels) and skipped; a later duplicate replaces an earlier one;
 * a header that is too short or runs past the buffer ends the walk and is
 * counted in @bad.
 */
struct attrs {
	struct nla_view a[ATTR_MAX_SLOTS];
	bool has[ATTR_MAX_SLOTS];
	int max;
	int unknown;		/* attributes skipped because of their type */
	int bad;		/* malformed headers met */
};

void attrs_parse(struct attrs *t, const void *buf, size_t len, int max);
bool attrs_nested(struct attrs *t, const struct attrs *outer, int type,
		  int max);
bool attr_u8(const struct attrs *t, int type, uint8_t *v);
bool attr_u16(const struct attrs *t, int type, uint16_t *v);
bool attr_u32(const struct attrs *t, int type, uint32_t *v);
bool attr_u64(const struct attrs *t, int type, uint64_t *v);
bool attr_uint(const struct attrs *t, int type, uint64_t *v); /* 1..8 B */
/* string: up to the first NUL or the end, trailing blanks dropped */
bool attr_str(const struct attrs *t, int type, char *buf, size_t size);
/* append one attribute to a request buffer; false if it does not fit */
bool attr_put(uint8_t *buf, size_t cap, size_t *off, int type,
	      const void *data, size_t len);

/* ---- out.c: one writer for both formats ---- */

struct out {
	FILE *f;
	bool json;
	bool pretty;
	int depth;		/* JSON nesting */
	bool first[16];		/* no comma needed yet at this depth */
	bool line_open;		/* text: something printed on this line */
	const char *indent;	/* text: prefix of nested objects' lines */
};

void out_init(struct out *o, FILE *f, bool json, bool pretty);
void out_list_begin(struct out *o);		/* [ in JSON, nothing in text */
void out_list_end(struct out *o);
void out_obj_begin(struct out *o, const char *key); /* key NULL in a list */
void out_obj_end(struct out *o);
void out_str(struct out *o, const char *key, const char *v);
void out_u64(struct out *o, const char *key, uint64_t v);
void out_hex(struct out *o, const char *key, uint64_t v, int width);
void out_bool(struct out *o, const char *key, bool v);
void out_newline(struct out *o);	/* text only: end the current line */
void out_json_escape(FILE *f, const char *s);

/* ---- decode.c: one reply at a time ---- */

struct decode_ctx {
	struct out *o;
	bool details;
	int malformed;		/* replies that could not be decoded */
	/* sock filter */
	int want_state;		/* -1: any */
	int want_mode;		/* -1: any */
	int want_sport, want_dport, want_port;	/* -1: any */
	/* link show: the link group the following links belong to */
	uint32_t cur_lgr;
	bool have_lgr;
	/* stats: fallback reasons collected over several messages */
	uint64_t fb_srv_total, fb_clnt_total;
	bool fb_have_totals;
	int fb_n;
	struct { uint32_t code; uint16_t cnt; uint8_t srv; } fb[128];
	int count;		/* objects printed */
};

void decode_ctx_init(struct decode_ctx *c, struct out *o);

/* @p, @len: the generic netlink payload after the genl header */
void decode_sysinfo(struct decode_ctx *c, const void *p, size_t len);
void decode_ueid(struct decode_ctx *c, const void *p, size_t len);
void decode_seid(struct decode_ctx *c, const void *p, size_t len);
void decode_pnet(struct decode_ctx *c, const void *p, size_t len);
void decode_lgr(struct decode_ctx *c, const void *p, size_t len);
void decode_lgr_smcd(struct decode_ctx *c, const void *p, size_t len);
/* GET_LINK_SMCR replies: link group messages, then that group's links */
void decode_link_msg(struct decode_ctx *c, int cmd, const void *p,
		     size_t len);
void decode_dev(struct decode_ctx *c, const void *p, size_t len, bool smcd);
void decode_stats(struct decode_ctx *c, const void *p, size_t len);
void decode_fback(struct decode_ctx *c, const void *p, size_t len);
void print_fback(struct decode_ctx *c);
/* @p, @len: the NETLINK_SOCK_DIAG message payload (after nlmsghdr) */
void decode_sock(struct decode_ctx *c, const void *p, size_t len);

const char *smc_state_name(unsigned int state);
int smc_state_parse(const char *s);
const char *decline_name(uint32_t code);

/* ---- nl.c ---- */

typedef void (*genl_cb)(struct decode_ctx *c, int cmd, const void *p,
			size_t len);

int nl_genl(const char *family, int cmd, bool dump,
	    const void *attrs, size_t attrs_len, genl_cb cb,
	    struct decode_ctx *c, const char *what, bool quiet_notsupp);
int nl_sockdiag(struct decode_ctx *c, const char *what, bool quiet);
bool nl_family_exists(const char *family);
extern const char *progname;

#endif /* SMC_TOOL_H */
