// SPDX-License-Identifier: GPL-2.0
/*
 * smcdiag - list AF_SMC sockets through sock_diag (NETLINK_SOCK_DIAG,
 * family AF_SMC), the interface the distribution's smc_diag module serves.
 * Tests use it to show what the *other* implementation thinks of a
 * connection (mode SMCR or fallback).
 *
 *   smcdiag [-x EXT] one line per socket:
 *                  "ino=N state=S mode=smcr|tcp|smcd sport=P dport=P
 *                   fallback=0xRSN peer=0xDIAG shut=N [token=T sndbuf=B
 *                   rmbe=B peer_rmbe=B [rx_prod=W:C ... tx_fin=W:C]]
 *                   [link=ID dev=IBDEV port=P
 *                   role=client|server gid=G peer_gid=G]"
 *
 * EXT is the request's diag_ext bit mask (default 0xff: everything); the
 * bracketed parts appear when the kernel sent SMC_DIAG_CONNINFO and
 * SMC_DIAG_LGRINFO.
 *
 * Exit status 0 if the dump worked (even with no sockets), 1 otherwise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef AF_SMC
#define AF_SMC 43
#endif

/* the smc_diag ABI (uapi linux/smc_diag.h), spelled out here */
struct smcdiag_req {
	uint8_t family;
	uint8_t pad[2];
	uint8_t ext;
	struct inet_diag_sockid id;
};

struct smcdiag_msg {
	uint8_t family;
	uint8_t state;
	uint8_t mode;
	uint8_t shutdown;
	struct inet_diag_sockid id;
	uint32_t uid;
	uint64_t inode __attribute__((aligned(8)));
};

#define SMCDIAG_CONNINFO	1	/* attribute: token, sizes, cursors */
#define SMCDIAG_LGRINFO		2	/* attribute: link, device, role */
#define SMCDIAG_SHUTDOWN	3	/* attribute: u8 */
#define SMCDIAG_FALLBACK	5	/* attribute: u32 reason, u32 peer */

struct smcdiag_lgrinfo {
	uint8_t link_id;
	char ibname[64];
	uint8_t ibport;
	char gid[40];
	char peer_gid[40];
	uint8_t role;
};

static const char *mode_name(uint8_t m)
{
	return m == 0 ? "smcr" : m == 1 ? "tcp" : m == 2 ? "smcd" : "?";
}

static void show(const struct nlmsghdr *nh)
{
	const struct smcdiag_msg *m = NLMSG_DATA(nh);
	const struct nlattr *a;
	uint32_t rsn = 0, peer = 0, ci[4] = { 0 };
	/* the conninfo's cursors after the four sizes: rx_prod, rx_cons,
	 * tx_prod, tx_cons (8 bytes each: reserved u16, wrap u16, count
	 * u32), four flag bytes, then tx_prep, tx_sent, tx_fin
	 */
	struct { uint16_t rsvd, wrap; uint32_t count; } cur[7];
	uint8_t cflags[4];
	int have_cur = 0;
	struct smcdiag_lgrinfo li;
	int shut = -1, have_ci = 0, have_li = 0;
	int len = nh->nlmsg_len - NLMSG_LENGTH(sizeof(*m));

	a = (const void *)((const char *)m + NLMSG_ALIGN(sizeof(*m)));
	while (len >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= len) {
		if ((a->nla_type & NLA_TYPE_MASK) == SMCDIAG_FALLBACK &&
		    a->nla_len >= NLA_HDRLEN + 8) {
			memcpy(&rsn, (const char *)a + NLA_HDRLEN, 4);
			memcpy(&peer, (const char *)a + NLA_HDRLEN + 4, 4);
		}
		if ((a->nla_type & NLA_TYPE_MASK) == SMCDIAG_SHUTDOWN &&
		    a->nla_len >= NLA_HDRLEN + 1)
			shut = *((const unsigned char *)a + NLA_HDRLEN);
		if ((a->nla_type & NLA_TYPE_MASK) == SMCDIAG_CONNINFO &&
		    a->nla_len >= NLA_HDRLEN + sizeof(ci)) {
			memcpy(ci, (const char *)a + NLA_HDRLEN, sizeof(ci));
			have_ci = 1;
			if (a->nla_len >= NLA_HDRLEN + sizeof(ci) + 7 * 8 + 4) {
				const char *p = (const char *)a + NLA_HDRLEN +
						sizeof(ci);

				memcpy(cur, p, 4 * 8);
				memcpy(cflags, p + 4 * 8, 4);
				memcpy(&cur[4], p + 4 * 8 + 4, 3 * 8);
				have_cur = 1;
			}
		}
		if ((a->nla_type & NLA_TYPE_MASK) == SMCDIAG_LGRINFO &&
		    a->nla_len >= NLA_HDRLEN + sizeof(li)) {
			memcpy(&li, (const char *)a + NLA_HDRLEN, sizeof(li));
			li.ibname[sizeof(li.ibname) - 1] = 0;
			li.gid[sizeof(li.gid) - 1] = 0;
			li.peer_gid[sizeof(li.peer_gid) - 1] = 0;
			have_li = 1;
		}
		len -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	printf("ino=%llu state=%u mode=%s sport=%u dport=%u fallback=0x%08x peer=0x%08x shut=%d",
	       (unsigned long long)m->inode, m->state, mode_name(m->mode),
	       ntohs(m->id.idiag_sport), ntohs(m->id.idiag_dport), rsn, peer,
	       shut);
	if (have_ci)
		printf(" token=%u sndbuf=%u rmbe=%u peer_rmbe=%u",
		       ci[0], ci[1], ci[2], ci[3]);
	if (have_cur)
		printf(" rx_prod=%u:%u rx_cons=%u:%u tx_prod=%u:%u tx_cons=%u:%u flags=%02x/%02x/%02x/%02x tx_prep=%u:%u tx_sent=%u:%u tx_fin=%u:%u",
		       cur[0].wrap, cur[0].count, cur[1].wrap, cur[1].count,
		       cur[2].wrap, cur[2].count, cur[3].wrap, cur[3].count,
		       cflags[0], cflags[1], cflags[2], cflags[3],
		       cur[4].wrap, cur[4].count, cur[5].wrap, cur[5].count,
		       cur[6].wrap, cur[6].count);
	if (have_li)
		printf(" link=%u dev=%s port=%u role=%s gid=%s peer_gid=%s",
		       li.link_id, li.ibname, li.ibport,
		       li.role ? "server" : "client", li.gid, li.peer_gid);
	printf("\n");
}

int main(int argc, char **argv)
{
	struct {
		struct nlmsghdr nh;
		struct smcdiag_req req;
	} q = {
		.nh = {
			.nlmsg_len = sizeof(q),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.req = { .family = AF_SMC, .ext = 0xff },
	};
	static char buf[1 << 16];
	int fd, done = 0;

	if (argc == 3 && !strcmp(argv[1], "-x")) {
		q.req.ext = (uint8_t)strtoul(argv[2], NULL, 0);
	} else if (argc != 1) {
		fprintf(stderr, "usage: smcdiag [-x EXT]\n");
		return 2;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0 || send(fd, &q, sizeof(q), 0) < 0) {
		perror("smcdiag: netlink");
		return 1;
	}
	while (!done) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nh;

		if (n < 0) {
			perror("smcdiag: recv");
			return 1;
		}
		for (nh = (void *)buf; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);

				fprintf(stderr, "smcdiag: %s (is smc_diag loaded?)\n",
					strerror(-e->error));
				return 1;
			}
			show(nh);
		}
	}
	close(fd);
	return 0;
}
