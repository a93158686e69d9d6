// SPDX-License-Identifier: GPL-2.0
/*
 * smcnl - show and change af_smc's configuration tables over generic
 * netlink (families SMC_GEN_NETLINK and SMC_PNETID, see
 * include/uapi/linux/af_smc.h). It talks to the upstream smc module just as
 * well, since both speak the same ABI.
 *
 *   smcnl sysinfo
 *   smcnl ueid show | add EID | del EID | flush
 *   smcnl seid show | enable | disable
 *   smcnl pnet show [PNETID] | add PNETID ETHNAME | add PNETID IBNAME PORT
 *              | del PNETID | flush
 *   smcnl raw gen|pnet CMD [dump] [TYPE:KIND:VALUE]...
 *   smcnl -b FILE|-     (one command per line; stops at the first failure)
 *
 * "raw" sends any command with any attributes (KIND u8, u16, u32, u64, str
 * with a NUL, bin without one, hex bytes) and prints the replies' attributes:
 * a testing aid for malformed requests.
 *
 * Exit codes: 0 done; 1 the kernel refused (the error and the kernel's
 * explanation are printed); 2 usage; 3 af_smc is not loaded.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include <linux/af_smc.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

enum {
	EXIT_DONE	= 0,
	EXIT_REFUSED	= 1,
	EXIT_USAGE	= 2,
	EXIT_NOMODULE	= 3,
};

/* one request and what came back */
struct req {
	struct nl_sock *sk;
	struct nl_msg *msg;
	int family;
	const char *what;	/* for messages: "ueid add" */
	void (*show)(struct nlattr **tb, void *arg);
	void *show_arg;
	int maxattr;
	int replies;
	int err;		/* errno the kernel returned, 0 if none */
	char errmsg[256];	/* its extended ACK message, if any */
	int bad_attr;		/* type of the attribute it pointed at, or -1 */
	int miss_attr;		/* type of the missing attribute, or -1 */
};

static const char *progname = "smcnl";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s sysinfo\n"
		"       %s ueid show | add EID | del EID | flush\n"
		"       %s seid show | enable | disable\n"
		"       %s pnet show [PNETID] | add PNETID ETHNAME\n"
		"                  | add PNETID IBNAME PORT | del PNETID | flush\n"
		"       %s raw gen|pnet CMD [dump] [TYPE:KIND:VALUE]...\n"
		"                  KIND: u8 u16 u32 u64 str bin hex\n"
		"       %s -b FILE|-   one command per line, stop at a failure\n",
		progname, progname, progname, progname, progname, progname);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	exit(EXIT_USAGE);
}

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case EPERM:		return "EPERM";
	case ENOENT:		return "ENOENT";
	case ENOMEM:		return "ENOMEM";
	case EEXIST:		return "EEXIST";
	case ENODEV:		return "ENODEV";
	case EINVAL:		return "EINVAL";
	case ERANGE:		return "ERANGE";
	case EMSGSIZE:		return "EMSGSIZE";
	case EOPNOTSUPP:	return "EOPNOTSUPP";
	case EAGAIN:		return "EAGAIN";
	case E2BIG:		return "E2BIG";
	}
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

/* ------------------------------------------------------------------------
 * netlink plumbing
 */

/* The attribute type at @offs in the request, or -1. */
static int attr_at(struct nl_msg *msg, uint32_t offs)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *a;

	if (offs < NLMSG_HDRLEN + GENL_HDRLEN ||
	    offs + NLA_HDRLEN > h->nlmsg_len)
		return -1;
	a = (struct nlattr *)((char *)h + offs);
	return a->nla_type & NLA_TYPE_MASK;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *h = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct req *r = arg;
	struct nlattr *a;
	int rem, off;

	(void)who;
	r->err = -e->error;
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	off = sizeof(*e);
	if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
		/* the echoed request must lie inside the error message */
		if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
		    e->msg.nlmsg_len > h->nlmsg_len)
			return NL_STOP;
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	rem = (int)h->nlmsg_len - NLMSG_HDRLEN - off;
	nla_for_each_attr(a, (struct nlattr *)((char *)e + off), rem, rem) {
		switch (nla_type(a)) {
		case NLMSGERR_ATTR_MSG:
			snprintf(r->errmsg, sizeof(r->errmsg), "%.*s",
				 nla_len(a), (char *)nla_data(a));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (nla_len(a) >= 4)
				r->bad_attr = attr_at(r->msg, nla_get_u32(a));
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (nla_len(a) >= 4)
				r->miss_attr = nla_get_u32(a);
			break;
		}
	}
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[64] = { NULL };
	struct req *r = arg;

	r->replies++;
	if (!r->show)
		return NL_OK;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, r->maxattr, NULL) < 0) {
		fprintf(stderr, "%s: %s: cannot parse a reply\n", progname,
			r->what);
		return NL_SKIP;
	}
	r->show(tb, r->show_arg);
	return NL_OK;
}

/* Connect, resolve @family_name; exit 3 if it does not exist. */
static void req_open(struct req *r, const char *family_name, const char *what)
{
	int one = 1, rc;

	memset(r, 0, sizeof(*r));
	r->what = what;
	r->bad_attr = r->miss_attr = -1;
	r->sk = nl_socket_alloc();
	if (!r->sk) {
		fprintf(stderr, "%s: out of memory\n", progname);
		exit(EXIT_REFUSED);
	}
	rc = genl_connect(r->sk);
	if (rc < 0) {
		fprintf(stderr, "%s: generic netlink: %s\n", progname,
			nl_geterror(rc));
		exit(EXIT_REFUSED);
	}
	setsockopt(nl_socket_get_fd(r->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(r->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	r->family = genl_ctrl_resolve(r->sk, family_name);
	if (r->family == -NLE_OBJ_NOTFOUND) {
		fprintf(stderr,
			"%s: af_smc module not loaded (no generic netlink family %s)\n",
			progname, family_name);
		exit(EXIT_NOMODULE);
	}
	if (r->family < 0) {
		fprintf(stderr, "%s: resolving %s: %s\n", progname,
			family_name, nl_geterror(r->family));
		exit(EXIT_REFUSED);
	}
}

static void req_start(struct req *r, uint8_t cmd, bool dump, int version)
{
	r->msg = nlmsg_alloc();
	if (!r->msg || !genlmsg_put(r->msg, NL_AUTO_PORT, NL_AUTO_SEQ,
				    r->family, 0, dump ? NLM_F_DUMP : 0, cmd,
				    version)) {
		fprintf(stderr, "%s: out of memory\n", progname);
		exit(EXIT_REFUSED);
	}
}

static void put_failed(struct req *r)
{
	fprintf(stderr, "%s: %s: request too large\n", progname, r->what);
	exit(EXIT_USAGE);
}

/*
 * Send the request, read replies until the ACK or the end of the dump.
 * Return: 0, or the kernel's errno (already printed).
 */
static int req_run(struct req *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int rc;

	if (!cb) {
		fprintf(stderr, "%s: out of memory\n", progname);
		exit(EXIT_REFUSED);
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	rc = nl_send_auto(r->sk, r->msg);
	if (rc >= 0)
		rc = nl_recvmsgs(r->sk, cb);
	nl_cb_put(cb);
	if (r->err) {
		fprintf(stderr, "%s: %s: %s (%s)", progname, r->what,
			strerror(r->err), errname(r->err));
		if (r->errmsg[0])
			fprintf(stderr, ": %s", r->errmsg);
		if (r->bad_attr >= 0)
			fprintf(stderr, " [attribute %d]", r->bad_attr);
		if (r->miss_attr >= 0)
			fprintf(stderr, " [missing attribute %d]",
				r->miss_attr);
		fputc('\n', stderr);
		return r->err;
	}
	if (rc < 0) {
		fprintf(stderr, "%s: %s: %s\n", progname, r->what,
			nl_geterror(rc));
		return EIO;
	}
	return 0;
}

static void req_close(struct req *r)
{
	nlmsg_free(r->msg);
	nl_socket_free(r->sk);
}

/* Open, run a request without attributes, close; return the exit code. */
static int simple(const char *family, uint8_t cmd, bool dump,
		  const char *what, int maxattr,
		  void (*show)(struct nlattr **tb, void *arg), void *arg)
{
	struct req r;
	int rc;

	req_open(&r, family, what);
	req_start(&r, cmd, dump, 1);
	r.show = show;
	r.show_arg = arg;
	r.maxattr = maxattr;
	rc = req_run(&r);
	req_close(&r);
	return rc ? EXIT_REFUSED : EXIT_DONE;
}

/* a string attribute without its trailing blanks */
static void print_trimmed(const char *label, struct nlattr *a)
{
	int n = nla_len(a);
	const char *s = nla_data(a);

	while (n > 0 && (s[n - 1] == '\0' || s[n - 1] == ' '))
		n--;
	printf("%s%.*s\n", label, n, s);
}

/* ------------------------------------------------------------------------
 * sysinfo, ueid, seid
 */

static void show_sysinfo(struct nlattr **tb, void *arg)
{
	struct nlattr *in[SMC_NLA_SYS_MAX + 1] = { NULL };

	(void)arg;
	if (!tb[SMC_GEN_SYS_INFO] ||
	    nla_parse_nested(in, SMC_NLA_SYS_MAX, tb[SMC_GEN_SYS_INFO], NULL))
		return;
	if (in[SMC_NLA_SYS_VER])
		printf("version: %u\n", nla_get_u8(in[SMC_NLA_SYS_VER]));
	if (in[SMC_NLA_SYS_REL])
		printf("release: %u\n", nla_get_u8(in[SMC_NLA_SYS_REL]));
	if (in[SMC_NLA_SYS_IS_SMCR_V2])
		printf("smcr_v2: %u\n", nla_get_u8(in[SMC_NLA_SYS_IS_SMCR_V2]));
	if (in[SMC_NLA_SYS_IS_ISM_V2])
		printf("ism_v2: %u\n", nla_get_u8(in[SMC_NLA_SYS_IS_ISM_V2]));
	if (in[SMC_NLA_SYS_LOCAL_HOST])
		print_trimmed("hostname: ", in[SMC_NLA_SYS_LOCAL_HOST]);
	if (in[SMC_NLA_SYS_SEID])
		print_trimmed("seid: ", in[SMC_NLA_SYS_SEID]);
	else
		printf("seid: none\n");
}

static void show_ueid(struct nlattr **tb, void *arg)
{
	(void)arg;
	if (tb[SMC_NLA_EID_TABLE_ENTRY])
		print_trimmed("", tb[SMC_NLA_EID_TABLE_ENTRY]);
}

static void show_seid(struct nlattr **tb, void *arg)
{
	(void)arg;
	if (!tb[SMC_NLA_SEID_ENTRY]) {
		printf("no system EID\n");
		return;
	}
	print_trimmed("", tb[SMC_NLA_SEID_ENTRY]);
	if (tb[SMC_NLA_SEID_ENABLED])
		printf("%s\n", nla_get_u8(tb[SMC_NLA_SEID_ENABLED]) ?
		       "enabled" : "disabled");
}

static int cmd_ueid(int argc, char **argv)
{
	char eid[SMC_MAX_EID_LEN + 64];
	const char *op = argc > 0 ? argv[0] : "show";
	uint8_t cmd;
	struct req r;
	int rc;

	if (!strcmp(op, "show") && argc <= 1)
		return simple(SMC_GENL_FAMILY_NAME, SMC_NETLINK_DUMP_UEID, true,
			      "ueid show", SMC_NLA_EID_TABLE_MAX, show_ueid,
			      NULL);
	if (!strcmp(op, "flush") && argc == 1)
		return simple(SMC_GENL_FAMILY_NAME, SMC_NETLINK_FLUSH_UEID,
			      false, "ueid flush", 0, NULL, NULL);
	if (!strcmp(op, "add") && argc == 2)
		cmd = SMC_NETLINK_ADD_UEID;
	else if (!strcmp(op, "del") && argc == 2)
		cmd = SMC_NETLINK_REMOVE_UEID;
	else
		die_usage("ueid: unknown command or wrong arguments");

	/* blank padded to 32 characters; the kernel judges the rest */
	if (strlen(argv[1]) >= sizeof(eid))
		die_usage("ueid: EID too long");
	snprintf(eid, sizeof(eid), "%-*s", SMC_MAX_EID_LEN, argv[1]);
	req_open(&r, SMC_GENL_FAMILY_NAME,
		 cmd == SMC_NETLINK_ADD_UEID ? "ueid add" : "ueid del");
	req_start(&r, cmd, false, SMC_GENL_FAMILY_VERSION);
	if (nla_put_string(r.msg, SMC_NLA_EID_TABLE_ENTRY, eid) < 0)
		put_failed(&r);
	rc = req_run(&r);
	req_close(&r);
	return rc ? EXIT_REFUSED : EXIT_DONE;
}

static int cmd_seid(int argc, char **argv)
{
	const char *op = argc > 0 ? argv[0] : "show";

	if (argc > 1)
		die_usage("seid: too many arguments");
	if (!strcmp(op, "show"))
		return simple(SMC_GENL_FAMILY_NAME, SMC_NETLINK_DUMP_SEID, true,
			      "seid show", SMC_NLA_SEID_TABLE_MAX, show_seid,
			      NULL);
	if (!strcmp(op, "enable"))
		return simple(SMC_GENL_FAMILY_NAME, SMC_NETLINK_ENABLE_SEID,
			      false, "seid enable", 0, NULL, NULL);
	if (!strcmp(op, "disable"))
		return simple(SMC_GENL_FAMILY_NAME, SMC_NETLINK_DISABLE_SEID,
			      false, "seid disable", 0, NULL, NULL);
	die_usage("seid: unknown command %s", op);
}

/* ------------------------------------------------------------------------
 * pnet
 */

static void show_pnet(struct nlattr **tb, void *arg)
{
	(void)arg;
	if (!tb[SMC_PNETID_NAME] || !tb[SMC_PNETID_ETHNAME] ||
	    !tb[SMC_PNETID_IBNAME] || !tb[SMC_PNETID_IBPORT])
		return;
	printf("%s %s %s %u\n", nla_get_string(tb[SMC_PNETID_NAME]),
	       nla_get_string(tb[SMC_PNETID_ETHNAME]),
	       nla_get_string(tb[SMC_PNETID_IBNAME]),
	       nla_get_u8(tb[SMC_PNETID_IBPORT]));
}

static int cmd_pnet(int argc, char **argv)
{
	const char *op = argc > 0 ? argv[0] : "show";
	struct req r;
	unsigned long port;
	char *end;
	int rc;

	if (!strcmp(op, "show") && argc <= 1)
		return simple(SMCR_GENL_FAMILY_NAME, SMC_PNETID_GET, true,
			      "pnet show", SMC_PNETID_MAX, show_pnet, NULL);
	if (!strcmp(op, "flush") && argc == 1)
		return simple(SMCR_GENL_FAMILY_NAME, SMC_PNETID_FLUSH, false,
			      "pnet flush", 0, NULL, NULL);

	if (!strcmp(op, "show") && argc == 2) {
		req_open(&r, SMCR_GENL_FAMILY_NAME, "pnet show");
		req_start(&r, SMC_PNETID_GET, false, SMCR_GENL_FAMILY_VERSION);
		r.show = show_pnet;
		r.maxattr = SMC_PNETID_MAX;
	} else if (!strcmp(op, "del") && argc == 2) {
		req_open(&r, SMCR_GENL_FAMILY_NAME, "pnet del");
		req_start(&r, SMC_PNETID_DEL, false, SMCR_GENL_FAMILY_VERSION);
	} else if (!strcmp(op, "add") && (argc == 3 || argc == 4)) {
		req_open(&r, SMCR_GENL_FAMILY_NAME, "pnet add");
		req_start(&r, SMC_PNETID_ADD, false, SMCR_GENL_FAMILY_VERSION);
		if (argc == 3) {
			if (nla_put_string(r.msg, SMC_PNETID_ETHNAME, argv[2]))
				put_failed(&r);
		} else {
			errno = 0;
			port = strtoul(argv[3], &end, 0);
			if (errno || *end || end == argv[3] || port > 255)
				die_usage("pnet add: bad port %s", argv[3]);
			if (nla_put_string(r.msg, SMC_PNETID_IBNAME, argv[2]) ||
			    nla_put_u8(r.msg, SMC_PNETID_IBPORT, port))
				put_failed(&r);
		}
	} else {
		die_usage("pnet: unknown command or wrong arguments");
	}
	if (nla_put_string(r.msg, SMC_PNETID_NAME, argv[1]))
		put_failed(&r);
	rc = req_run(&r);
	req_close(&r);
	return rc ? EXIT_REFUSED : EXIT_DONE;
}

/* ------------------------------------------------------------------------
 * raw
 */

static void print_attrs(struct nlattr *head, int len, int depth)
{
	struct nlattr *a;
	int rem, i;

	nla_for_each_attr(a, head, len, rem) {
		const unsigned char *d = nla_data(a);
		int n = nla_len(a);
		bool str = n > 0 && d[n - 1] == '\0';

		printf("%*sattr %d len %d:", depth * 2, "", nla_type(a), n);
		for (i = 0; str && i < n - 1; i++)
			if (!isprint(d[i]))
				str = false;
		if (a->nla_type & NLA_F_NESTED) {
			printf(" nest\n");
			print_attrs(nla_data(a), n, depth + 1);
			continue;
		}
		if (str)
			printf(" \"%s\"", (const char *)d);
		else
			for (i = 0; i < n && i < 64; i++)
				printf(" %02x", d[i]);
		printf("\n");
	}
}

static int on_raw(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(h);
	struct req *r = arg;

	r->replies++;
	printf("reply cmd %u\n", g->cmd);
	print_attrs(genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), 1);
	return NL_OK;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* TYPE:KIND:VALUE */
static void put_raw(struct req *r, const char *spec)
{
	unsigned char buf[4096];
	char kind[8], *end;
	unsigned long long v;
	unsigned long type;
	const char *val;
	int len = 0, hi, lo;

	type = strtoul(spec, &end, 0);
	if (end == spec || *end != ':' || type > (unsigned long)NLA_TYPE_MASK)
		die_usage("raw: bad attribute %s", spec);
	val = strchr(end + 1, ':');
	if (!val || val - end - 1 >= (long)sizeof(kind))
		die_usage("raw: bad attribute %s", spec);
	memcpy(kind, end + 1, val - end - 1);
	kind[val - end - 1] = '\0';
	val++;
	if (!strcmp(kind, "str") || !strcmp(kind, "bin")) {
		len = strlen(val) + !strcmp(kind, "str");
		if (len > (int)sizeof(buf))
			die_usage("raw: value too long");
		memcpy(buf, val, len);
	} else if (!strcmp(kind, "hex")) {
		for (; val[0] && val[1]; val += 2) {
			hi = hexval(val[0]);
			lo = hexval(val[1]);
			if (hi < 0 || lo < 0 || len >= (int)sizeof(buf))
				die_usage("raw: bad hex value");
			buf[len++] = hi << 4 | lo;
		}
		if (*val)
			die_usage("raw: odd number of hex digits");
	} else {
		errno = 0;
		v = strtoull(val, &end, 0);
		if (errno || *end || end == val)
			die_usage("raw: bad number %s", val);
		if (!strcmp(kind, "u8"))
			len = 1;
		else if (!strcmp(kind, "u16"))
			len = 2;
		else if (!strcmp(kind, "u32"))
			len = 4;
		else if (!strcmp(kind, "u64"))
			len = 8;
		else
			die_usage("raw: unknown kind %s", kind);
		if (len < 8 && v >> (8 * len))
			die_usage("raw: %s does not fit %s", val, kind);
		/* host byte order, as netlink integers are */
		if (len == 1) {
			uint8_t x = v;

			memcpy(buf, &x, 1);
		} else if (len == 2) {
			uint16_t x = v;

			memcpy(buf, &x, 2);
		} else if (len == 4) {
			uint32_t x = v;

			memcpy(buf, &x, 4);
		} else {
			uint64_t x = v;

			memcpy(buf, &x, 8);
		}
	}
	if (nla_put(r->msg, type, len, buf) < 0)
		put_failed(r);
}

static int cmd_raw(int argc, char **argv)
{
	const char *family;
	unsigned long cmd;
	bool dump = false;
	struct req r;
	struct nl_cb *cb;
	char *end;
	int i = 2, rc;

	if (argc < 2)
		die_usage("raw: need a family and a command");
	if (!strcmp(argv[0], "gen"))
		family = SMC_GENL_FAMILY_NAME;
	else if (!strcmp(argv[0], "pnet"))
		family = SMCR_GENL_FAMILY_NAME;
	else
		die_usage("raw: family must be gen or pnet");
	cmd = strtoul(argv[1], &end, 0);
	if (*end || end == argv[1] || cmd > 255)
		die_usage("raw: bad command %s", argv[1]);
	if (argc > 2 && !strcmp(argv[2], "dump")) {
		dump = true;
		i++;
	}
	req_open(&r, family, "raw");
	req_start(&r, cmd, dump, 1);
	for (; i < argc; i++)
		put_raw(&r, argv[i]);

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		exit(EXIT_REFUSED);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_raw, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &r);
	rc = nl_send_auto(r.sk, r.msg);
	if (rc >= 0)
		rc = nl_recvmsgs(r.sk, cb);
	nl_cb_put(cb);
	if (r.err) {
		printf("error %s", errname(r.err));
		if (r.errmsg[0])
			printf(": %s", r.errmsg);
		if (r.bad_attr >= 0)
			printf(" [attribute %d]", r.bad_attr);
		if (r.miss_attr >= 0)
			printf(" [missing attribute %d]", r.miss_attr);
		printf("\n");
		rc = EXIT_REFUSED;
	} else if (rc < 0) {
		fprintf(stderr, "%s: raw: %s\n", progname, nl_geterror(rc));
		rc = EXIT_REFUSED;
	} else {
		printf("ok, %d repl%s\n", r.replies,
		       r.replies == 1 ? "y" : "ies");
		rc = EXIT_DONE;
	}
	req_close(&r);
	return rc;
}

/* one command: argv[0] is the object ("ueid"), the rest its arguments */
static int run(int argc, char **argv)
{
	const char *obj = argv[0];

	argc--;
	argv++;
	if (!strcmp(obj, "sysinfo") && argc == 0)
		return simple(SMC_GENL_FAMILY_NAME, SMC_NETLINK_GET_SYS_INFO,
			      true, "sysinfo", SMC_GEN_MAX, show_sysinfo,
			      NULL);
	if (!strcmp(obj, "ueid"))
		return cmd_ueid(argc, argv);
	if (!strcmp(obj, "seid"))
		return cmd_seid(argc, argv);
	if (!strcmp(obj, "pnet"))
		return cmd_pnet(argc, argv);
	if (!strcmp(obj, "raw"))
		return cmd_raw(argc, argv);
	die_usage("unknown command %s", obj);
}

/*
 * -b FILE: one command per line ("-" reads stdin), words separated by
 * blanks, empty lines and lines starting with '#' skipped. Stops at the
 * first command that fails and returns its exit code.
 */
static int batch(const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char line[4096], *words[64];
	int lineno = 0, n, rc;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", progname, file, strerror(errno));
		return EXIT_USAGE;
	}
	while (fgets(line, sizeof(line), f)) {
		char *save = NULL, *w;

		lineno++;
		n = 0;
		for (w = strtok_r(line, " \t\r\n", &save); w && n < 63;
		     w = strtok_r(NULL, " \t\r\n", &save))
			words[n++] = w;
		words[n] = NULL;
		if (!n || words[0][0] == '#')
			continue;
		rc = run(n, words);
		if (rc) {
			fprintf(stderr, "%s: %s:%d failed\n", progname, file,
				lineno);
			return rc;
		}
	}
	if (f != stdin)
		fclose(f);
	return EXIT_DONE;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		die_usage("missing command");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_DONE;
	}
	if (!strcmp(argv[1], "-b")) {
		if (argc != 3)
			die_usage("-b takes one file name");
		return batch(argv[2]);
	}
	return run(argc - 1, argv + 1);
}
