// SPDX-License-Identifier: GPL-2.0
/*
 * smc_preload.c - LD_PRELOAD library of smc_run: socket(AF_INET or
 * AF_INET6, SOCK_STREAM[|flags], 0 or IPPROTO_TCP) returns an SMC socket,
 * either socket(AF_SMC, ..., SMCPROTO_SMC or SMCPROTO_SMC6) or
 * socket(family, ..., IPPROTO_SMC). Every other call goes to the C
 * library unchanged. If SMC sockets cannot be made (the module is not
 * there), the program runs on TCP and the library says so once.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smc_run.h"

#define SOCK_TYPE_MASK 0xf

static int (*real_socket)(int, int, int);
static int mode_ipproto, debug, sndbuf, rcvbuf;
static atomic_int unavailable;	/* no SMC sockets: do not try any more */

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "smc_run[%d]: ", (int)getpid());
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	/* one write(): lines of several threads do not mix */
	if (write(STDERR_FILENO, buf, n) < 0)
		return;
}

static int env_int(const char *name)
{
	const char *v = getenv(name);

	return v ? atoi(v) : 0;
}

__attribute__((constructor)) static void smc_preload_init(void)
{
	const char *mode = getenv(SMC_RUN_ENV_MODE);

	real_socket = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
	mode_ipproto = mode && !strcmp(mode, "ipproto");
	debug = env_int(SMC_RUN_ENV_DEBUG);
	sndbuf = env_int(SMC_RUN_ENV_SNDBUF);
	rcvbuf = env_int(SMC_RUN_ENV_RCVBUF);
	/* smc_run has printed the warning already */
	if (env_int(SMC_RUN_ENV_OFF))
		atomic_store(&unavailable, 1);
}

/* the errors that mean "no SMC here", as opposed to "no socket now" */
static int smc_missing(int err)
{
	return err == EAFNOSUPPORT || err == EPROTONOSUPPORT ||
	       err == ESOCKTNOSUPPORT || err == EPROTOTYPE;
}

static void set_buf(int fd, int opt, int bytes, const char *name)
{
	if (bytes > 0 &&
	    setsockopt(fd, SOL_SOCKET, opt, &bytes, sizeof(bytes)) && debug)
		say("setsockopt(%s, %d) on fd %d: %s\n", name, bytes, fd,
		    strerror(errno));
}

__attribute__((visibility("default")))
int socket(int family, int type, int protocol)
{
	int fd, err, expected = 0;

	if (!real_socket) {	/* called before our constructor ran */
		smc_preload_init();
		if (!real_socket) {
			errno = ENOSYS;
			return -1;
		}
	}
	if ((family != AF_INET && family != AF_INET6) ||
	    (type & SOCK_TYPE_MASK) != SOCK_STREAM ||
	    (protocol != 0 && protocol != IPPROTO_TCP) ||
	    atomic_load(&unavailable))
		return real_socket(family, type, protocol);

	if (mode_ipproto)
		fd = real_socket(family, type, IPPROTO_SMC);
	else
		fd = real_socket(AF_SMC, type,
				 family == AF_INET6 ? SMC_RUN_SMCPROTO_SMC6 :
						      SMC_RUN_SMCPROTO_SMC);
	if (fd < 0) {
		err = errno;
		if (smc_missing(err)) {
			/* the first thread to find out says it */
			if (atomic_compare_exchange_strong(&unavailable,
							   &expected, 1))
				say("%s sockets are not available (%s): is the SMC module loaded? Running over TCP.\n",
				    mode_ipproto ? "IPPROTO_SMC" : "AF_SMC",
				    strerror(err));
		} else if (err == EMFILE || err == ENFILE) {
			return fd;	/* TCP would fail the same way */
		} else if (debug) {
			say("SMC socket failed (%s), this one is TCP\n",
			    strerror(err));
		}
		return real_socket(family, type, protocol);
	}
	set_buf(fd, SO_SNDBUF, sndbuf, "SO_SNDBUF");
	set_buf(fd, SO_RCVBUF, rcvbuf, "SO_RCVBUF");
	if (debug)
		say("socket(%s, %d, %d) -> fd %d, %s\n",
		    family == AF_INET6 ? "AF_INET6" : "AF_INET", type, protocol,
		    fd, mode_ipproto ? "IPPROTO_SMC" : "AF_SMC");
	return fd;
}
