// SPDX-License-Identifier: GPL-2.0
/*
 * smcabi - exercise the user ABI of an SMC implementation over netlink and
 * print what comes back: generic netlink families SMC_GEN_NETLINK and
 * SMC_PNETID, and sock_diag for AF_SMC. It speaks raw netlink (no
 * library) and includes no SMC header, so the same binary runs against
 * af_smc.ko and against the distribution's smc.ko + smc_diag.ko.
 *
 *   smcabi shape          every read request of the ABI (and the
 *                         handshake limitation toggles, restored after);
 *                         prints the SHAPE of the replies: per request the
 *                         sorted set of distinct message layouts (attribute
 *                         paths, types, flags, lengths; strings and
 *                         variable-size integers as "str"/"uint"), or the
 *                         error. No values, so two systems with the same
 *                         kinds of objects print the same text.
 *   smcabi dump gen|pnet CMD   one dump with values, one line per
 *                         attribute: "PATH len=N VALUE"; a message starts
 *                         with "msg cmd=CMD"
 *   smcabi diag EXT       sock_diag dump with diag_ext EXT, same format
 *   smcabi do gen|pnet CMD [TYPE:KIND:VALUE]...   one request without
 *                         NLM_F_DUMP (KIND u8 u16 u32 str bin), prints
 *                         "error=N" (0 on success) and any replies
 *
 * Exit status: 0 if every request could be sent and answered, 1 otherwise.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#define AFSMC		43
#define GEN_NAME	"SMC_GEN_NETLINK"
#define PNET_NAME	"SMC_PNETID"

static char rxbuf[1 << 17];

struct fam {
	const char *tag;	/* "gen", "pnet" */
	int id;
};

static int nl_open(int proto)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	int one = 1;

	if (fd < 0) {
		perror("smcabi: socket");
		exit(1);
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return fd;
}

/* --- message building --------------------------------------------------- */

struct msg {
	char buf[4096];
	struct nlmsghdr *nh;
};

static void msg_init(struct msg *m, int type, int flags)
{
	static unsigned int seq = 1;

	memset(m->buf, 0, sizeof(m->buf));
	m->nh = (struct nlmsghdr *)m->buf;
	m->nh->nlmsg_len = NLMSG_LENGTH(0);
	m->nh->nlmsg_type = type;
	m->nh->nlmsg_flags = NLM_F_REQUEST | flags;
	m->nh->nlmsg_seq = seq++;
}

static void *msg_put(struct msg *m, const void *data, size_t len)
{
	char *p = m->buf + NLMSG_ALIGN(m->nh->nlmsg_len);

	memcpy(p, data, len);
	m->nh->nlmsg_len = NLMSG_ALIGN(m->nh->nlmsg_len) + len;
	return p;
}

static void msg_attr(struct msg *m, int type, const void *data, size_t len)
{
	struct nlattr a = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	msg_put(m, &a, sizeof(a));
	if (len)
		msg_put(m, data, len);
}

static void msg_genl(struct msg *m, int family, int cmd, int flags)
{
	struct genlmsghdr g = { .cmd = cmd, .version = 1 };

	msg_init(m, family, flags);
	msg_put(m, &g, sizeof(g));
}

/* --- attribute walking ---------------------------------------------------- */

/* attributes whose length depends on the value, by "family/cmd:path" */
static const char *const str_paths[] = {
	"gen1:1/4", "gen1:1/5",
	"gen2:2/4", "gen2:2/7/3", "gen2:2/7/4",
	"gen3:2/4", "gen3:2/7/3", "gen3:2/7/4",
	"gen3:3/2", "gen3:3/4", "gen3:3/5",
	"gen4:4/6", "gen4:4/9/3", "gen4:4/9/4",
	"gen5:5/7", "gen5:5/8/2", "gen5:5/9/2", "gen5:5/10",
	"gen6:6/7", "gen6:6/8/2", "gen6:6/9/2", "gen6:6/10",
	"gen9:1", "gen13:1",
	"pnet1:1", "pnet1:2", "pnet1:3",
	NULL
};

static const char *const uint_paths[] = {
	"gen2:2/12", "gen2:2/13", "gen3:2/12", "gen3:2/13",
	"gen4:4/12", "gen4:4/13",
	"gen7:7/1/20", "gen7:7/1/21", "gen7:7/2/20", "gen7:7/2/21",
	NULL
};

static int in_list(const char *const *l, const char *key)
{
	for (; *l; l++)
		if (!strcmp(*l, key))
			return 1;
	return 0;
}

struct out {
	char *buf;
	size_t len, cap;
};

static void out_add(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#include <stdarg.h>
static void out_add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(o->buf ? o->buf + o->len : NULL,
			      o->buf ? o->cap - o->len : 0, fmt, ap);
		va_end(ap);
		if (o->buf && o->len + n < o->cap)
			break;
		o->cap = (o->cap + n + 1) * 2;
		o->buf = realloc(o->buf, o->cap);
		if (!o->buf)
			exit(1);
	}
	o->len += n;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Walk the attributes of [p, p+len) under PATH. shape: one line per
 * attribute "PATH/TYPE flags len", siblings sorted; values: "PATH len val".
 */
static void walk(struct out *o, const char *key, const char *path,
		 const char *p, int len, int shape)
{
	char *lines[512];
	int n = 0, i;

	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const void *)p;
		int alen = a->nla_len, type = a->nla_type & NLA_TYPE_MASK;
		int nested = !!(a->nla_type & NLA_F_NESTED);
		const unsigned char *d = (const unsigned char *)p + NLA_HDRLEN;
		int dlen = alen - NLA_HDRLEN;
		char sub[128], full[160];
		struct out one = { 0 };

		if (alen < NLA_HDRLEN || alen > len) {
			out_add(o, "%s/! truncated attribute\n", path);
			break;
		}
		snprintf(sub, sizeof(sub), "%s%s%d", path, *path ? "/" : "",
			 type);
		snprintf(full, sizeof(full), "%s:%s", key, sub);
		if (shape) {
			if (nested)
				out_add(&one, "%s nest\n", sub);
			else if (in_list(str_paths, full))
				out_add(&one, "%s str\n", sub);
			else if (in_list(uint_paths, full) &&
				 (dlen == 4 || dlen == 8))
				out_add(&one, "%s uint\n", sub);
			else
				out_add(&one, "%s len=%d\n", sub, dlen);
		} else {
			out_add(&one, "%s len=%d", sub, dlen);
			if (nested) {
				out_add(&one, " nest");
			} else if (in_list(str_paths, full) ||
				   (dlen > 1 && !d[dlen - 1] &&
				    memchr(d, 0, dlen) == d + dlen - 1)) {
				out_add(&one, " \"%s\"", (const char *)d);
			} else if (dlen == 1) {
				out_add(&one, " %u", d[0]);
			} else if (dlen == 2) {
				uint16_t v;

				memcpy(&v, d, 2);
				out_add(&one, " %u", v);
			} else if (dlen == 4) {
				uint32_t v;

				memcpy(&v, d, 4);
				out_add(&one, " %u", v);
			} else if (dlen == 8) {
				uint64_t v;

				memcpy(&v, d, 8);
				out_add(&one, " %llu", (unsigned long long)v);
			} else {
				for (i = 0; i < dlen; i++)
					out_add(&one, "%s%02x", i ? "" : " ",
						d[i]);
			}
			out_add(&one, "\n");
		}
		if (nested)
			walk(&one, key, sub, (const char *)d, dlen, shape);
		if (n < 512)
			lines[n++] = one.buf;
		len -= NLA_ALIGN(alen);
		p += NLA_ALIGN(alen);
	}
	if (shape)
		qsort(lines, n, sizeof(lines[0]), cmp_line);
	for (i = 0; i < n; i++) {
		out_add(o, "%s", lines[i]);
		free(lines[i]);
	}
}

/* --- request / reply ------------------------------------------------------ */

struct reply {
	int err;		/* 0, or the negative errno */
	int nmsgs;
	char **msgs;		/* one text per message */
};

/* describe one message: header and attributes */
static char *describe(const struct nlmsghdr *nh, const char *tag, int diag,
		      int shape)
{
	struct out o = { 0 };
	const char *p;
	int len;
	char key[32];

	if (diag) {
		const unsigned char *m = NLMSG_DATA(nh);

		len = nh->nlmsg_len - NLMSG_LENGTH(0);
		if (shape)
			out_add(&o, "msg diag payload>=%d\n",
				len >= 64 ? 64 : len);
		else
			out_add(&o, "msg diag family=%u state=%u mode=%u shutdown=%u\n",
				m[0], m[1], m[2], m[3]);
		p = (const char *)m + NLMSG_ALIGN(64);
		len -= NLMSG_ALIGN(64);
		snprintf(key, sizeof(key), "diag");
	} else {
		const struct genlmsghdr *g = NLMSG_DATA(nh);

		out_add(&o, "msg cmd=%u\n", g->cmd);
		p = (const char *)g + GENL_HDRLEN;
		len = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
		snprintf(key, sizeof(key), "%s%u", tag, g->cmd);
	}
	walk(&o, key, "", p, len, shape);
	return o.buf;
}

static struct reply transact(int fd, struct msg *m, const char *tag, int diag,
			     int shape)
{
	struct reply r = { 0 };
	int done = 0;

	if (send(fd, m->buf, m->nh->nlmsg_len, 0) < 0) {
		r.err = -errno;
		return r;
	}
	while (!done) {
		ssize_t n = recv(fd, rxbuf, sizeof(rxbuf), 0);
		struct nlmsghdr *nh;

		if (n < 0) {
			r.err = -errno;
			break;
		}
		for (nh = (void *)rxbuf; NLMSG_OK(nh, n);
		     nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_seq != m->nh->nlmsg_seq)
				continue;
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);

				r.err = e->error;
				done = 1;
				break;
			}
			r.msgs = realloc(r.msgs, (r.nmsgs + 1) * sizeof(char *));
			r.msgs[r.nmsgs++] = describe(nh, tag, diag, shape);
			if (!(nh->nlmsg_flags & NLM_F_MULTI)) {
				done = 1;
				break;
			}
		}
	}
	return r;
}

static void print_reply(const char *what, struct reply *r, int shape)
{
	int i, j;

	printf("== %s\n", what);
	if (shape)
		qsort(r->msgs, r->nmsgs, sizeof(char *), cmp_line);
	for (i = 0; i < r->nmsgs; i++) {
		for (j = 0; shape && j < i; j++)
			if (!strcmp(r->msgs[j], r->msgs[i]))
				break;
		if (!shape || j == i)
			fputs(r->msgs[i], stdout);
	}
	for (i = 0; i < r->nmsgs; i++)
		free(r->msgs[i]);
	free(r->msgs);
	if (r->err)
		printf("error=%d (%s)\n", r->err, strerror(-r->err));
	else
		printf("%s\n", shape ? "ok" : "error=0");
}

static int family_id(int fd, const char *name)
{
	struct msg m;
	ssize_t n;
	struct nlmsghdr *nh;

	msg_genl(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	msg_attr(&m, CTRL_ATTR_FAMILY_NAME, name, strlen(name) + 1);
	if (send(fd, m.buf, m.nh->nlmsg_len, 0) < 0)
		return -1;
	n = recv(fd, rxbuf, sizeof(rxbuf), 0);
	for (nh = (void *)rxbuf; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
		const char *p;
		int len;

		if (nh->nlmsg_type != GENL_ID_CTRL)
			return -1;
		p = (const char *)NLMSG_DATA(nh) + GENL_HDRLEN;
		len = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
		while (len >= NLA_HDRLEN) {
			const struct nlattr *a = (const void *)p;

			if (a->nla_type == CTRL_ATTR_FAMILY_ID) {
				uint16_t id;

				memcpy(&id, p + NLA_HDRLEN, 2);
				/* drain the ACK */
				recv(fd, rxbuf, sizeof(rxbuf), MSG_DONTWAIT);
				return id;
			}
			len -= NLA_ALIGN(a->nla_len);
			p += NLA_ALIGN(a->nla_len);
		}
	}
	return -1;
}

static void fam_get(int fd, struct fam *f, const char *tag)
{
	f->tag = tag;
	f->id = family_id(fd, !strcmp(tag, "gen") ? GEN_NAME : PNET_NAME);
	if (f->id < 0) {
		fprintf(stderr, "smcabi: no generic netlink family for %s (module not loaded?)\n",
			tag);
		exit(1);
	}
}

static struct reply genl_req(int fd, const struct fam *f, int cmd, int flags,
			     int shape, int argc, char **argv)
{
	struct msg m;
	int i;

	msg_genl(&m, f->id, cmd, flags);
	for (i = 0; i < argc; i++) {
		char kind[8];
		int type;
		char *val = NULL;

		if (sscanf(argv[i], "%d:%7[^:]:", &type, kind) != 2 ||
		    !(val = strchr(strchr(argv[i], ':') + 1, ':'))) {
			fprintf(stderr, "smcabi: bad attribute %s\n", argv[i]);
			exit(2);
		}
		val++;
		if (!strcmp(kind, "u8")) {
			uint8_t v = strtoul(val, NULL, 0);

			msg_attr(&m, type, &v, 1);
		} else if (!strcmp(kind, "u16")) {
			uint16_t v = strtoul(val, NULL, 0);

			msg_attr(&m, type, &v, 2);
		} else if (!strcmp(kind, "u32")) {
			uint32_t v = strtoul(val, NULL, 0);

			msg_attr(&m, type, &v, 4);
		} else if (!strcmp(kind, "str")) {
			msg_attr(&m, type, val, strlen(val) + 1);
		} else if (!strcmp(kind, "bin")) {
			msg_attr(&m, type, val, strlen(val));
		} else {
			fprintf(stderr, "smcabi: bad kind %s\n", kind);
			exit(2);
		}
	}
	return transact(fd, &m, f->tag, 0, shape);
}

static struct reply diag_req(int fd, int ext, int shape)
{
	struct msg m;
	unsigned char req[4 + sizeof(struct inet_diag_sockid)] = { AFSMC };

	req[3] = ext;
	msg_init(&m, SOCK_DIAG_BY_FAMILY, NLM_F_DUMP);
	msg_put(&m, req, sizeof(req));
	return transact(fd, &m, "diag", 1, shape);
}

static const char *const gen_names[] = {
	[1] = "GET_SYS_INFO", [2] = "GET_LGR_SMCR", [3] = "GET_LINK_SMCR",
	[4] = "GET_LGR_SMCD", [5] = "GET_DEV_SMCD", [6] = "GET_DEV_SMCR",
	[7] = "GET_STATS", [8] = "GET_FBACK_STATS", [9] = "DUMP_UEID",
	[13] = "DUMP_SEID", [16] = "DUMP_HS_LIMITATION",
	[17] = "ENABLE_HS_LIMITATION", [18] = "DISABLE_HS_LIMITATION",
};

static int shape_all(void)
{
	int g = nl_open(NETLINK_GENERIC), d = nl_open(NETLINK_SOCK_DIAG);
	static const int dumps[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16 };
	static const int exts[] = { 0, 1, 2, 4, 8, 16, 0xff };
	struct fam gen, pnet;
	struct reply r;
	char what[96];
	unsigned int i;

	fam_get(g, &gen, "gen");
	fam_get(g, &pnet, "pnet");
	for (i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		snprintf(what, sizeof(what), "gen %d %s dump", dumps[i],
			 gen_names[dumps[i]]);
		r = genl_req(g, &gen, dumps[i], NLM_F_DUMP, 1, 0, NULL);
		print_reply(what, &r, 1);
	}
	/* the toggles, leaving the limitation off as the test starts it */
	r = genl_req(g, &gen, 17, NLM_F_ACK, 1, 0, NULL);
	print_reply("gen 17 ENABLE_HS_LIMITATION", &r, 1);
	r = genl_req(g, &gen, 16, NLM_F_DUMP, 1, 0, NULL);
	print_reply("gen 16 DUMP_HS_LIMITATION dump (enabled)", &r, 1);
	r = genl_req(g, &gen, 18, NLM_F_ACK, 1, 0, NULL);
	print_reply("gen 18 DISABLE_HS_LIMITATION", &r, 1);
	r = genl_req(g, &gen, 1, NLM_F_ACK, 1, 0, NULL);
	print_reply("gen 1 GET_SYS_INFO without NLM_F_DUMP", &r, 1);
	r = genl_req(g, &gen, 99, NLM_F_DUMP, 1, 0, NULL);
	print_reply("gen 99 (no such command) dump", &r, 1);

	r = genl_req(g, &pnet, 1, NLM_F_DUMP, 1, 0, NULL);
	print_reply("pnet 1 GET dump", &r, 1);

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		snprintf(what, sizeof(what), "diag dump ext=0x%02x", exts[i]);
		r = diag_req(d, exts[i], 1);
		print_reply(what, &r, 1);
	}
	close(g);
	close(d);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: smcabi shape | dump gen|pnet CMD | diag EXT | do gen|pnet CMD [TYPE:KIND:VALUE]...\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct reply r;
	struct fam f;
	int fd;

	if (argc == 2 && !strcmp(argv[1], "shape"))
		return shape_all();
	if (argc == 3 && !strcmp(argv[1], "diag")) {
		fd = nl_open(NETLINK_SOCK_DIAG);
		r = diag_req(fd, strtoul(argv[2], NULL, 0), 0);
		print_reply("diag", &r, 0);
		return r.err ? 1 : 0;
	}
	if (argc >= 4 && (!strcmp(argv[1], "dump") || !strcmp(argv[1], "do")) &&
	    (!strcmp(argv[2], "gen") || !strcmp(argv[2], "pnet"))) {
		int dump = !strcmp(argv[1], "dump");

		if (dump && argc != 4)
			return usage();
		fd = nl_open(NETLINK_GENERIC);
		fam_get(fd, &f, argv[2]);
		r = genl_req(fd, &f, atoi(argv[3]), dump ? NLM_F_DUMP : NLM_F_ACK,
			     0, argc - 4, argv + 4);
		print_reply(argv[1], &r, 0);
		return r.err ? 1 : 0;
	}
	return usage();
}
