// SPDX-License-Identifier: GPL-2.0
/*
 * smc - show and change the state of the kernel's SMC (AF_SMC) sockets,
 * link groups, devices, statistics and configuration tables, in the style
 * of iproute2's ip, ss and rdma. It speaks upstream Linux's user ABI
 * (smc_diag, generic netlink families SMC_GEN_NETLINK and SMC_PNETID), so
 * it works with the distribution's smc.ko (+ smc_diag.ko) as with af_smc.ko.
 * See smc.8 for the commands and the exit codes.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/af_smc.h>

#include "abi.h"
#include "smc.h"

#define SMC_TOOL_VERSION	"1.0"

const char *progname = "smc";

static bool opt_json, opt_pretty, opt_details;

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [OPTIONS] OBJECT COMMAND [ARGS]\n"
"OPTIONS: -j json  -p pretty json  -d details  -n NETNS  -V version  -h help\n"
"  sock show [state STATE] [mode smcr|smcd|fallback] [sport N] [dport N] [port N]\n"
"  lgr show [smcr|smcd]\n"
"  link show\n"
"  dev show [smcr|smcd]\n"
"  stats [show]\n"
"  pnet show [PNETID] | add PNETID [netdev NAME] [ibdev NAME [ibport N]]\n"
"       | del PNETID | flush\n"
"  ueid show | add EID | del EID | flush\n"
"  seid show | enable | disable\n"
"  info\n",
		progname);
}

static int __attribute__((format(printf, 1, 2))) bad_usage(const char *fmt,
							    ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try '%s -h')\n", progname);
	return EXIT_USAGE;
}

/* ---- output is collected first, so a failed dump prints nothing ---- */

struct sink {
	char *buf;
	size_t len;
	FILE *f;
	struct out o;
	struct decode_ctx c;
};

static int sink_open(struct sink *s)
{
	memset(s, 0, sizeof(*s));
	s->f = open_memstream(&s->buf, &s->len);
	if (!s->f) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return EXIT_SYSTEM;
	}
	out_init(&s->o, s->f, opt_json, opt_pretty);
	decode_ctx_init(&s->c, &s->o);
	s->c.details = opt_details;
	return EXIT_OK;
}

/* print what was collected if @rc is success; return the final code */
static int sink_close(struct sink *s, int rc, const char *what)
{
	out_newline(&s->o);
	fclose(s->f);
	if (rc == EXIT_OK && s->len)
		fwrite(s->buf, 1, s->len, stdout);
	free(s->buf);
	if (rc == EXIT_OK && s->c.malformed) {
		fprintf(stderr, "%s: %s: %d malformed repl%s skipped\n",
			progname, what, s->c.malformed,
			s->c.malformed == 1 ? "y" : "ies");
		rc = EXIT_SYSTEM;
	}
	if (fflush(stdout) && rc == EXIT_OK)
		rc = EXIT_SYSTEM;
	return rc;
}

/* ---- generic netlink callbacks ---- */

static void cb_sysinfo(struct decode_ctx *c, int cmd, const void *p, size_t n)
{
	(void)cmd;
	decode_sysinfo(c, p, n);
}

static void cb_ueid(struct decode_ctx *c, int cmd, const void *p, size_t n)
{
	(void)cmd;
	decode_ueid(c, p, n);
}

static void cb_seid(struct decode_ctx *c, int cmd, const void *p, size_t n)
{
	(void)cmd;
	decode_seid(c, p, n);
}

static void cb_pnet(struct decode_ctx *c, int cmd, const void *p, size_t n)
{
	(void)cmd;
	decode_pnet(c, p, n);
}

static void cb_lgr(struct decode_ctx *c, int cmd, const void *p, size_t n)
{
	if (cmd == SMC_NETLINK_GET_LGR_SMCR)
		decode_lgr(c, p, n);
}

static void cb_lgr_smcd(struct decode_ctx *c, int cmd, const void *p,
			size_t n)
{
	if (cmd == SMC_NETLINK_GET_LGR_SMCD)
		decode_lgr_smcd(c, p, n);
}

static void cb_link(struct decode_ctx *c, int cmd, const void *p, size_t n)
{
	decode_link_msg(c, cmd, p, n);
}

static void cb_dev(struct decode_ctx *c, int cmd, const void *p, size_t n)
{
	(void)cmd;
	decode_dev(c, p, n, false);
}

static void cb_dev_smcd(struct decode_ctx *c, int cmd, const void *p,
			size_t n)
{
	(void)cmd;
	decode_dev(c, p, n, true);
}

static void cb_stats(struct decode_ctx *c, int cmd, const void *p, size_t n)
{
	if (cmd == SMC_NETLINK_GET_STATS)
		decode_stats(c, p, n);
}

static void cb_fback(struct decode_ctx *c, int cmd, const void *p, size_t n)
{
	if (cmd == SMC_NETLINK_GET_FBACK_STATS)
		decode_fback(c, p, n);
}

/* a dump printed as a list */
static int list_dump(const char *family, int cmd, genl_cb cb,
		     const char *what)
{
	struct sink s;
	int rc = sink_open(&s);

	if (rc)
		return rc;
	out_list_begin(&s.o);
	rc = nl_genl(family, cmd, true, NULL, 0, cb, &s.c, what, false);
	out_list_end(&s.o);
	return sink_close(&s, rc, what);
}

/* a request without reply data */
static int simple_do(const char *family, int cmd, const void *attrs,
		     size_t len, const char *what)
{
	struct decode_ctx c;
	struct out o;

	out_init(&o, stdout, false, false);
	decode_ctx_init(&c, &o);
	return nl_genl(family, cmd, false, attrs, len, NULL, &c, what, false);
}

static bool is(const char *arg, const char *word)
{
	return arg && !strcmp(arg, word);
}

static int parse_num(const char *s, long max, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 0);
	return errno || !*s || *end || *v < 0 || *v > max ? -1 : 0;
}

/* ---- sock ---- */

static int cmd_sock(int argc, char **argv)
{
	struct sink s;
	long v;
	int rc;

	if (argc && (is(argv[0], "show") || is(argv[0], "list"))) {
		argc--;
		argv++;
	}
	rc = sink_open(&s);
	if (rc)
		return rc;
	for (; argc; argc -= 2, argv += 2) {
		if (argc < 2) {
			sink_close(&s, EXIT_USAGE, "sock show");
			return bad_usage("sock show: %s needs a value", argv[0]);
		}
		if (is(argv[0], "state")) {
			s.c.want_state = smc_state_parse(argv[1]);
			if (s.c.want_state < 0) {
				sink_close(&s, EXIT_USAGE, "sock show");
				return bad_usage("sock show: unknown state %s",
						 argv[1]);
			}
		} else if (is(argv[0], "mode")) {
			if (is(argv[1], "smcr"))
				s.c.want_mode = SMCT_MODE_SMCR;
			else if (is(argv[1], "smcd"))
				s.c.want_mode = SMCT_MODE_SMCD;
			else if (is(argv[1], "fallback") || is(argv[1], "tcp"))
				s.c.want_mode = SMCT_MODE_FALLBACK;
			else {
				sink_close(&s, EXIT_USAGE, "sock show");
				return bad_usage("sock show: unknown mode %s",
						 argv[1]);
			}
		} else if (is(argv[0], "sport") || is(argv[0], "dport") ||
			   is(argv[0], "port")) {
			if (parse_num(argv[1], 65535, &v)) {
				sink_close(&s, EXIT_USAGE, "sock show");
				return bad_usage("sock show: bad port %s",
						 argv[1]);
			}
			if (is(argv[0], "sport"))
				s.c.want_sport = (int)v;
			else if (is(argv[0], "dport"))
				s.c.want_dport = (int)v;
			else
				s.c.want_port = (int)v;
		} else {
			sink_close(&s, EXIT_USAGE, "sock show");
			return bad_usage("sock show: unknown filter %s",
					 argv[0]);
		}
	}
	out_list_begin(&s.o);
	rc = nl_sockdiag(&s.c, "sock show", false);
	out_list_end(&s.o);
	return sink_close(&s, rc, "sock show");
}

/* ---- lgr, link, dev ---- */

/* SMC-R and SMC-D lists in one; a module without SMC-D is fine */
static int two_kind_dump(int argc, char **argv, const char *what,
			 int cmd_r, genl_cb cb_r, int cmd_d, genl_cb cb_d)
{
	bool want_r = true, want_d = true;
	struct sink s;
	int rc, rc_d = EXIT_OK;

	if (argc && (is(argv[0], "show") || is(argv[0], "list"))) {
		argc--;
		argv++;
	}
	if (argc == 1 && is(argv[0], "smcr"))
		want_d = false;
	else if (argc == 1 && is(argv[0], "smcd"))
		want_r = false;
	else if (argc)
		return bad_usage("%s: unexpected argument %s", what, argv[0]);
	rc = sink_open(&s);
	if (rc)
		return rc;
	out_list_begin(&s.o);
	if (want_r)
		rc = nl_genl(SMC_GENL_FAMILY_NAME, cmd_r, true, NULL, 0, cb_r,
			     &s.c, what, false);
	if (!rc && want_d) {
		/* quietly absent unless SMC-D alone was asked for */
		rc_d = nl_genl(SMC_GENL_FAMILY_NAME, cmd_d, true, NULL, 0, cb_d,
			       &s.c, what, want_r);
		if (rc_d != EXIT_NOTSUPP || !want_r)
			rc = rc_d;
	}
	out_list_end(&s.o);
	return sink_close(&s, rc, what);
}

static int cmd_lgr(int argc, char **argv)
{
	return two_kind_dump(argc, argv, "lgr show",
			     SMC_NETLINK_GET_LGR_SMCR, cb_lgr,
			     SMC_NETLINK_GET_LGR_SMCD, cb_lgr_smcd);
}

static int cmd_dev(int argc, char **argv)
{
	return two_kind_dump(argc, argv, "dev show",
			     SMC_NETLINK_GET_DEV_SMCR, cb_dev,
			     SMC_NETLINK_GET_DEV_SMCD, cb_dev_smcd);
}

static int cmd_link(int argc, char **argv)
{
	if (argc && (is(argv[0], "show") || is(argv[0], "list"))) {
		argc--;
		argv++;
	}
	if (argc)
		return bad_usage("link show: unexpected argument %s", argv[0]);
	return list_dump(SMC_GENL_FAMILY_NAME, SMC_NETLINK_GET_LINK_SMCR,
			 cb_link, "link show");
}

/* ---- stats ---- */

static int cmd_stats(int argc, char **argv)
{
	struct sink s;
	int rc;

	if (argc && is(argv[0], "show")) {
		argc--;
		argv++;
	}
	if (argc)
		return bad_usage("stats: unexpected argument %s", argv[0]);
	rc = sink_open(&s);
	if (rc)
		return rc;
	out_obj_begin(&s.o, NULL);
	rc = nl_genl(SMC_GENL_FAMILY_NAME, SMC_NETLINK_GET_STATS, true, NULL,
		     0, cb_stats, &s.c, "stats", false);
	if (!rc && !s.c.count)
		s.c.malformed++;	/* the kernel always sends one */
	if (!rc)
		rc = nl_genl(SMC_GENL_FAMILY_NAME, SMC_NETLINK_GET_FBACK_STATS,
			     true, NULL, 0, cb_fback, &s.c, "stats", false);
	if (!rc)
		print_fback(&s.c);
	out_obj_end(&s.o);
	return sink_close(&s, rc, "stats");
}

/* ---- pnet ---- */

static int cmd_pnet(int argc, char **argv)
{
	const char *op = argc ? argv[0] : "show";
	uint8_t req[512];
	size_t off = 0;
	long port;

	if (argc)
		argc--, argv++;
	if (is(op, "show") || is(op, "list")) {
		struct sink s;
		int rc;

		if (argc > 1)
			return bad_usage("pnet show: too many arguments");
		if (!argc)
			return list_dump(SMCR_GENL_FAMILY_NAME, SMC_PNETID_GET,
					 cb_pnet, "pnet show");
		if (!attr_put(req, sizeof(req), &off, SMC_PNETID_NAME, argv[0],
			      strlen(argv[0]) + 1))
			return bad_usage("pnet show: PNETID too long");
		rc = sink_open(&s);
		if (rc)
			return rc;
		out_list_begin(&s.o);
		rc = nl_genl(SMCR_GENL_FAMILY_NAME, SMC_PNETID_GET, false, req,
			     off, cb_pnet, &s.c, "pnet show", false);
		out_list_end(&s.o);
		return sink_close(&s, rc, "pnet show");
	}
	if (is(op, "flush")) {
		if (argc)
			return bad_usage("pnet flush: too many arguments");
		return simple_do(SMCR_GENL_FAMILY_NAME, SMC_PNETID_FLUSH, NULL,
				 0, "pnet flush");
	}
	if (is(op, "del") || is(op, "delete")) {
		if (argc != 1)
			return bad_usage("pnet del: one PNETID expected");
		if (!attr_put(req, sizeof(req), &off, SMC_PNETID_NAME, argv[0],
			      strlen(argv[0]) + 1))
			return bad_usage("pnet del: PNETID too long");
		return simple_do(SMCR_GENL_FAMILY_NAME, SMC_PNETID_DEL, req,
				 off, "pnet del");
	}
	if (!is(op, "add"))
		return bad_usage("pnet: unknown command %s", op);
	if (!argc)
		return bad_usage("pnet add: PNETID expected");
	if (!attr_put(req, sizeof(req), &off, SMC_PNETID_NAME, argv[0],
		      strlen(argv[0]) + 1))
		return bad_usage("pnet add: PNETID too long");
	argc--, argv++;
	if (!argc)
		return bad_usage("pnet add: netdev or ibdev expected");
	for (; argc; argc -= 2, argv += 2) {
		int type;
		uint8_t p8;

		if (argc < 2)
			return bad_usage("pnet add: %s needs a value", argv[0]);
		if (is(argv[0], "netdev") || is(argv[0], "eth") ||
		    is(argv[0], "ethdev")) {
			type = SMC_PNETID_ETHNAME;
		} else if (is(argv[0], "ibdev") || is(argv[0], "ib")) {
			type = SMC_PNETID_IBNAME;
		} else if (is(argv[0], "ibport") || is(argv[0], "port")) {
			if (parse_num(argv[1], 255, &port) || !port)
				return bad_usage("pnet add: bad port %s",
						 argv[1]);
			p8 = (uint8_t)port;
			if (!attr_put(req, sizeof(req), &off, SMC_PNETID_IBPORT,
				      &p8, 1))
				return bad_usage("pnet add: too long");
			continue;
		} else {
			return bad_usage("pnet add: unknown keyword %s",
					 argv[0]);
		}
		if (!attr_put(req, sizeof(req), &off, type, argv[1],
			      strlen(argv[1]) + 1))
			return bad_usage("pnet add: %s too long", argv[1]);
	}
	return simple_do(SMCR_GENL_FAMILY_NAME, SMC_PNETID_ADD, req, off,
			 "pnet add");
}

/* ---- ueid, seid ---- */

static int cmd_ueid(int argc, char **argv)
{
	const char *op = argc ? argv[0] : "show";
	char eid[SMC_MAX_EID_LEN + 1];
	uint8_t req[64];
	size_t off = 0, n;
	int cmd;

	if (argc)
		argc--, argv++;
	if (is(op, "show") || is(op, "list")) {
		if (argc)
			return bad_usage("ueid show: too many arguments");
		return list_dump(SMC_GENL_FAMILY_NAME, SMC_NETLINK_DUMP_UEID,
				 cb_ueid, "ueid show");
	}
	if (is(op, "flush")) {
		if (argc)
			return bad_usage("ueid flush: too many arguments");
		return simple_do(SMC_GENL_FAMILY_NAME, SMC_NETLINK_FLUSH_UEID,
				 NULL, 0, "ueid flush");
	}
	if (is(op, "add"))
		cmd = SMC_NETLINK_ADD_UEID;
	else if (is(op, "del") || is(op, "delete"))
		cmd = SMC_NETLINK_REMOVE_UEID;
	else
		return bad_usage("ueid: unknown command %s", op);
	if (argc != 1)
		return bad_usage("ueid %s: one EID expected", op);
	n = strlen(argv[0]);
	if (!n || n > SMC_MAX_EID_LEN)
		return bad_usage("ueid %s: an EID has 1 to %d characters", op,
				 SMC_MAX_EID_LEN);
	/* the kernel wants exactly 32 upper-case characters, blank padded */
	memset(eid, ' ', SMC_MAX_EID_LEN);
	for (size_t i = 0; i < n; i++)
		eid[i] = (char)toupper((unsigned char)argv[0][i]);
	eid[SMC_MAX_EID_LEN] = '\0';
	attr_put(req, sizeof(req), &off, SMC_NLA_EID_TABLE_ENTRY, eid,
		 sizeof(eid));
	return simple_do(SMC_GENL_FAMILY_NAME, cmd, req, off,
			 cmd == SMC_NETLINK_ADD_UEID ? "ueid add" : "ueid del");
}

static int cmd_seid(int argc, char **argv)
{
	const char *op = argc ? argv[0] : "show";

	if (argc > 1)
		return bad_usage("seid: too many arguments");
	if (is(op, "show") || is(op, "list")) {
		struct sink s;
		int rc = sink_open(&s);

		if (rc)
			return rc;
		out_obj_begin(&s.o, NULL);
		rc = nl_genl(SMC_GENL_FAMILY_NAME, SMC_NETLINK_DUMP_SEID, true,
			     NULL, 0, cb_seid, &s.c, "seid show", false);
		out_obj_end(&s.o);
		return sink_close(&s, rc, "seid show");
	}
	if (is(op, "enable"))
		return simple_do(SMC_GENL_FAMILY_NAME, SMC_NETLINK_ENABLE_SEID,
				 NULL, 0, "seid enable");
	if (is(op, "disable"))
		return simple_do(SMC_GENL_FAMILY_NAME,
				 SMC_NETLINK_DISABLE_SEID, NULL, 0,
				 "seid disable");
	return bad_usage("seid: unknown command %s", op);
}

/* ---- info ---- */

static int cmd_info(int argc, char **argv)
{
	struct decode_ctx probe;
	struct out null_out;
	const char *mod = NULL;
	struct sink s;
	FILE *devnull;
	int rc;

	(void)argv;
	if (argc > 1 || (argc == 1 && !is(argv[0], "show")))
		return bad_usage("info: unexpected argument");
	rc = sink_open(&s);
	if (rc)
		return rc;
	out_obj_begin(&s.o, NULL);
	rc = nl_genl(SMC_GENL_FAMILY_NAME, SMC_NETLINK_GET_SYS_INFO, true,
		     NULL, 0, cb_sysinfo, &s.c, "info", false);
	if (!rc && !s.c.count)
		s.c.malformed++;
	/* after the request: it may have loaded the module on demand */
	if (!access("/sys/module/af_smc", F_OK))
		mod = "af_smc";
	else if (!access("/sys/module/smc", F_OK))
		mod = "smc";
	if (!rc) {
		out_str(&s.o, "module", mod ? mod : "");
		devnull = fopen("/dev/null", "w");
		if (devnull) {
			out_init(&null_out, devnull, opt_json, false);
			decode_ctx_init(&probe, &null_out);
			probe.want_state = 256;	/* matches nothing */
			out_bool(&s.o, "sock_diag",
				 nl_sockdiag(&probe, "info", true) == EXIT_OK);
			fclose(devnull);
		}
		out_bool(&s.o, "pnet_table",
			 nl_family_exists(SMCR_GENL_FAMILY_NAME));
	}
	out_obj_end(&s.o);
	return sink_close(&s, rc, "info");
}

/* ---- main ---- */

static int enter_netns(const char *name)
{
	char path[4096];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/var/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: network namespace %s: %s\n", progname,
			name, strerror(errno));
		return EXIT_SYSTEM;
	}
	if (setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "%s: entering network namespace %s: %s\n",
			progname, name, strerror(errno));
		close(fd);
		return errno == EPERM ? EXIT_PERM : EXIT_SYSTEM;
	}
	close(fd);
	return EXIT_OK;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} objects[] = {
	{ "sock", cmd_sock }, { "socket", cmd_sock },
	{ "lgr", cmd_lgr }, { "linkgroup", cmd_lgr },
	{ "link", cmd_link },
	{ "dev", cmd_dev }, { "device", cmd_dev },
	{ "stats", cmd_stats }, { "statistics", cmd_stats },
	{ "pnet", cmd_pnet },
	{ "ueid", cmd_ueid },
	{ "seid", cmd_seid },
	{ "info", cmd_info },
};

int main(int argc, char **argv)
{
	const char *netns = NULL;
	int opt, rc;

	while ((opt = getopt(argc, argv, "+jpdn:Vh")) != -1) {
		switch (opt) {
		case 'j':
			opt_json = true;
			break;
		case 'p':
			opt_json = opt_pretty = true;
			break;
		case 'd':
			opt_details = true;
			break;
		case 'n':
			netns = optarg;
			break;
		case 'V':
			printf("smc %s (af_smc)\n", SMC_TOOL_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (!argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (is(argv[0], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(objects); i++) {
		if (strcmp(argv[0], objects[i].name))
			continue;
		if (netns) {
			rc = enter_netns(netns);
			if (rc)
				return rc;
		}
		return objects[i].fn(argc - 1, argv + 1);
	}
	return bad_usage("unknown object %s", argv[0]);
}
