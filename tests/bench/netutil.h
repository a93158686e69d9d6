/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netutil.h - what the traffic tools (xfer, smcbench) share: the family
 * names of their -f option, building the address, writing a whole buffer,
 * a monotonic clock.
 */
#ifndef NETUTIL_H
#define NETUTIL_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#ifndef AF_SMC
#define AF_SMC 43
#endif

/**
 * struct net_fam - a socket family as the tools name it
 * @domain: AF_INET, AF_INET6 or AF_SMC
 * @proto: 0, or 1 (SMCPROTO_SMC6) for smc6
 * @v6: the addresses are IPv6
 */
struct net_fam {
	int domain, proto, v6;
};

/* tcp, tcp6, smc (SMCPROTO_SMC) or smc6 (SMCPROTO_SMC6); -1 if unknown */
static inline int net_parse_family(const char *s, struct net_fam *f)
{
	static const struct { const char *name; struct net_fam f; } t[] = {
		{ "tcp", { AF_INET, 0, 0 } },
		{ "tcp6", { AF_INET6, 0, 1 } },
		{ "smc", { AF_SMC, 0, 0 } },
		{ "smc6", { AF_SMC, 1, 1 } },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (!strcmp(s, t[i].name)) {
			*f = t[i].f;
			return 0;
		}
	}
	return -1;
}

/* the address ADDR:PORT of family @v6; returns its length, 0 if invalid */
static inline socklen_t net_make_addr(int v6, const char *addr, int port,
				      struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		return inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1 ?
		       sizeof(*s6) : 0;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		return inet_pton(AF_INET, addr, &s4->sin_addr) == 1 ?
		       sizeof(*s4) : 0;
	}
}

/* send all of @buf (no SIGPIPE); 0, or -1 with errno set */
static inline int net_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static inline double net_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif /* NETUTIL_H */
