// SPDX-License-Identifier: GPL-2.0
/*
 * nl.c - the netlink side of smc(8), on libnl-3: generic netlink requests
 * and dumps to the SMC_GEN_NETLINK and SMC_PNETID families, and the
 * NETLINK_SOCK_DIAG dump of AF_SMC sockets. Replies go to the decoders
 * as raw payloads; the kernel's errors become the exit codes of smc.h.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include <linux/af_smc.h>

#include "abi.h"
#include "smc.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

struct nlreq {
	struct decode_ctx *c;
	genl_cb cb;
	bool genl;
	int err;		/* errno from the kernel, 0 if none */
	char errmsg[256];	/* extended ACK text */
};

/* Which SMC implementation is loaded, for messages. */
static const char *loaded_module(void)
{
	if (!access("/sys/module/af_smc", F_OK))
		return "af_smc";
	if (!access("/sys/module/smc", F_OK))
		return "smc";
	return NULL;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *h = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlreq *r = arg;
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
	if (rem <= 0)
		return NL_STOP;
	nla_for_each_attr(a, (struct nlattr *)((char *)e + off), rem, rem) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(r->errmsg, sizeof(r->errmsg), "%.*s",
				 nla_len(a), (char *)nla_data(a));
	}
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlreq *r = arg;
	size_t hdr = NLMSG_HDRLEN + (r->genl ? GENL_HDRLEN : 0);
	const struct genlmsghdr *g;

	if (h->nlmsg_len < hdr) {
		r->c->malformed++;
		return NL_SKIP;
	}
	if (!r->genl) {
		decode_sock(r->c, (char *)h + NLMSG_HDRLEN,
			    h->nlmsg_len - NLMSG_HDRLEN);
		return NL_OK;
	}
	g = (const struct genlmsghdr *)((char *)h + NLMSG_HDRLEN);
	if (r->cb)
		r->cb(r->c, g->cmd, (char *)h + hdr, h->nlmsg_len - hdr);
	return NL_OK;
}

static struct nl_sock *open_sock(int proto, const char *what)
{
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1, rc;

	if (!sk) {
		fprintf(stderr, "%s: %s: out of memory\n", progname, what);
		return NULL;
	}
	rc = nl_connect(sk, proto);
	if (rc < 0) {
		fprintf(stderr, "%s: %s: netlink: %s\n", progname, what,
			nl_geterror(rc));
		nl_socket_free(sk);
		return NULL;
	}
	/* kernels without these options still work, only less verbose */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
	return sk;
}

/* exit code for errno @err of request @what, after saying why */
static int report(const struct nlreq *r, const char *what, int err,
		  bool quiet_notsupp)
{
	const char *mod = loaded_module();

	switch (err) {
	case EPERM:
	case EACCES:
		fprintf(stderr, "%s: %s: permission denied (%s)%s%s\n",
			progname, what,
			"changing SMC settings needs CAP_NET_ADMIN",
			r->errmsg[0] ? ": " : "", r->errmsg);
		return EXIT_PERM;
	case EOPNOTSUPP:
		if (!quiet_notsupp)
			fprintf(stderr,
				"%s: %s: not supported by the loaded SMC module (%s)%s%s\n",
				progname, what, mod ? mod : "unknown",
				r->errmsg[0] ? ": " : "", r->errmsg);
		return EXIT_NOTSUPP;
	}
	fprintf(stderr, "%s: %s: %s%s%s\n", progname, what, strerror(err),
		r->errmsg[0] ? ": " : "", r->errmsg);
	return EXIT_REFUSED;
}

/* run @msg on @sk until the ACK or the end of the dump */
static int run(struct nl_sock *sk, struct nl_msg *msg, struct nlreq *r,
	       const char *what)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int rc;

	if (!cb) {
		fprintf(stderr, "%s: %s: out of memory\n", progname, what);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	rc = nl_send_auto(sk, msg);
	if (rc >= 0)
		rc = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	if (r->err)
		return r->err;
	if (rc == -NLE_DUMP_INTR) {
		fprintf(stderr, "%s: %s: the table changed during the dump; the list may be incomplete\n",
			progname, what);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "%s: %s: %s\n", progname, what,
			nl_geterror(rc));
		return -EIO;
	}
	return 0;
}

bool nl_family_exists(const char *family)
{
	struct nl_sock *sk = nl_socket_alloc();
	bool found = false;

	if (!sk)
		return false;
	if (!genl_connect(sk))
		found = genl_ctrl_resolve(sk, family) >= 0;
	nl_socket_free(sk);
	return found;
}

int nl_genl(const char *family, int cmd, bool dump, const void *attrs,
	    size_t attrs_len, genl_cb cb, struct decode_ctx *c,
	    const char *what, bool quiet_notsupp)
{
	struct nlreq r = { .c = c, .cb = cb, .genl = true };
	struct nl_msg *msg = NULL;
	struct nl_sock *sk;
	int id, rc, ret;

	sk = open_sock(NETLINK_GENERIC, what);
	if (!sk)
		return EXIT_SYSTEM;
	id = genl_ctrl_resolve(sk, family);
	if (id < 0) {
		const char *other = strcmp(family, SMC_GENL_FAMILY_NAME) ?
				    SMC_GENL_FAMILY_NAME : SMCR_GENL_FAMILY_NAME;

		nl_socket_free(sk);
		if (id != -NLE_OBJ_NOTFOUND) {
			fprintf(stderr, "%s: %s: resolving %s: %s\n", progname,
				what, family, nl_geterror(id));
			return EXIT_SYSTEM;
		}
		if (!nl_family_exists(other))
			fprintf(stderr,
				"%s: %s: af_smc module not loaded (no generic netlink family %s or %s; load smc.ko or af_smc.ko)\n",
				progname, what, SMC_GENL_FAMILY_NAME,
				SMCR_GENL_FAMILY_NAME);
		else
			fprintf(stderr,
				"%s: %s: not supported by the loaded SMC module (no generic netlink family %s)\n",
				progname, what, family);
		return EXIT_NOTSUPP;
	}
	msg = nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, id, 0,
				 dump ? NLM_F_DUMP : 0, (uint8_t)cmd, 1) ||
	    (attrs_len && nlmsg_append(msg, (void *)attrs, attrs_len, 4) < 0)) {
		fprintf(stderr, "%s: %s: out of memory\n", progname, what);
		nlmsg_free(msg);
		nl_socket_free(sk);
		return EXIT_SYSTEM;
	}
	rc = run(sk, msg, &r, what);
	nlmsg_free(msg);
	nl_socket_free(sk);
	if (rc > 0)
		ret = report(&r, what, rc, quiet_notsupp);
	else
		ret = rc ? EXIT_SYSTEM : EXIT_OK;
	return ret;
}

int nl_sockdiag(struct decode_ctx *c, const char *what, bool quiet)
{
	struct smct_diag_req req = {
		.family = AF_SMC,
		.ext = (1 << (SMCT_DIAG_CONNINFO - 1)) |
		       (1 << (SMCT_DIAG_LGRINFO - 1)) |
		       (1 << (SMCT_DIAG_DMBINFO - 1)),
	};
	struct nlreq r = { .c = c };
	struct nl_msg *msg;
	struct nl_sock *sk;
	int rc;

	sk = open_sock(NETLINK_SOCK_DIAG, what);
	if (!sk)
		return EXIT_SYSTEM;
	msg = nlmsg_alloc_simple(SOCK_DIAG_BY_FAMILY, NLM_F_DUMP);
	if (!msg || nlmsg_append(msg, &req, sizeof(req), NLMSG_ALIGNTO) < 0) {
		fprintf(stderr, "%s: %s: out of memory\n", progname, what);
		nlmsg_free(msg);
		nl_socket_free(sk);
		return EXIT_SYSTEM;
	}
	rc = run(sk, msg, &r, what);
	nlmsg_free(msg);
	nl_socket_free(sk);
	if (rc < 0)
		return EXIT_SYSTEM;
	if (!rc)
		return EXIT_OK;
	if (rc == ENOENT) {
		/* no sock_diag handler registered for AF_SMC */
		const char *mod = loaded_module();

		if (quiet)
			return EXIT_NOTSUPP;
		if (!mod)
			fprintf(stderr,
				"%s: %s: af_smc module not loaded (no sock_diag handler for AF_SMC; load smc.ko and smc_diag.ko, or af_smc.ko)\n",
				progname, what);
		else
			fprintf(stderr,
				"%s: %s: not supported by the loaded SMC module (%s): no sock_diag handler for AF_SMC%s\n",
				progname, what, mod,
				strcmp(mod, "smc") ? "" : " (load smc_diag.ko)");
		return EXIT_NOTSUPP;
	}
	if (quiet)
		return EXIT_REFUSED;
	return report(&r, what, rc, false);
}
