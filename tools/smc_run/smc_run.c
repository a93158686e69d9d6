// SPDX-License-Identifier: GPL-2.0
/*
 * smc_run.c - run a program with its TCP sockets turned into SMC sockets.
 *
 * usage: smc_run [-d] [-p af_smc|ipproto] [-r BYTES] [-t BYTES] COMMAND [ARGS]
 *
 * Puts libsmc_run.so (smc_preload.c) in front of LD_PRELOAD, passes the
 * options to it in the environment and executes COMMAND. It first makes
 * one SMC socket itself: if that fails because the kernel has no SMC
 * (module not loaded), it says so once and the program runs on TCP.
 * See smc_run.8.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smc_run.h"

#define LIBNAME "libsmc_run.so"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: smc_run [options] COMMAND [ARGS...]\n"
		"  -d, --debug            a line on stderr for every socket made SMC\n"
		"  -p, --proto MODE       af_smc (default): socket(AF_SMC, ..., SMCPROTO_SMC[6]);\n"
		"                         ipproto: socket(AF_INET[6], ..., IPPROTO_SMC)\n"
		"  -r, --rcvbuf BYTES     SO_RCVBUF of every SMC socket\n"
		"  -t, -s, --sndbuf BYTES SO_SNDBUF of every SMC socket\n"
		"  -h, --help             this text\n");
}

/* BYTES with an optional k/m suffix (KiB, MiB) */
static int parse_size(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (*end == 'k' || *end == 'K')
		v <<= 10, end++;
	else if (*end == 'm' || *end == 'M')
		v <<= 20, end++;
	if (errno || end == s || *end || v == 0 || v > INT_MAX) {
		fprintf(stderr, "smc_run: bad size '%s'\n", s);
		exit(2);
	}
	return (int)v;
}

/* the library: $SMC_RUN_LIB, next to this program, or in ../lib */
static const char *find_lib(char *buf, size_t len)
{
	const char *env = getenv("SMC_RUN_LIB");
	const char *subdir[] = { "", "/../lib" };
	char self[PATH_MAX];
	ssize_t n;
	char *slash;
	size_t i;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return NULL;
	self[n] = 0;
	slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	for (i = 0; i < sizeof(subdir) / sizeof(subdir[0]); i++) {
		if (snprintf(buf, len, "%s%s/" LIBNAME, self, subdir[i]) >=
		    (int)len)
			continue;
		if (!access(buf, R_OK))
			return buf;
	}
	return NULL;
}

/* can this kernel make the kind of socket we are going to ask for? */
static int smc_probe(int ipproto, int *err)
{
	int fd;

	fd = ipproto ? socket(AF_INET, SOCK_STREAM, IPPROTO_SMC) :
		       socket(AF_SMC, SOCK_STREAM, SMC_RUN_SMCPROTO_SMC);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	*err = errno;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "debug", no_argument, NULL, 'd' },
		{ "proto", required_argument, NULL, 'p' },
		{ "rcvbuf", required_argument, NULL, 'r' },
		{ "sndbuf", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char libbuf[PATH_MAX], preload[2 * PATH_MAX], num[32];
	const char *lib, *old;
	int c, debug = 0, ipproto = 0, err = 0;

	/* '+': options end at COMMAND, whose own options are its own */
	while ((c = getopt_long(argc, argv, "+dp:r:s:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			debug = 1;
			break;
		case 'p':
			if (!strcmp(optarg, "ipproto")) {
				ipproto = 1;
			} else if (strcmp(optarg, "af_smc")) {
				fprintf(stderr, "smc_run: -p af_smc or -p ipproto\n");
				return 2;
			}
			break;
		case 'r':
			snprintf(num, sizeof(num), "%d", parse_size(optarg));
			setenv(SMC_RUN_ENV_RCVBUF, num, 1);
			break;
		case 's':
		case 't':
			snprintf(num, sizeof(num), "%d", parse_size(optarg));
			setenv(SMC_RUN_ENV_SNDBUF, num, 1);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	lib = find_lib(libbuf, sizeof(libbuf));
	if (!lib) {
		fprintf(stderr, "smc_run: cannot find " LIBNAME " (set SMC_RUN_LIB)\n");
		return 127;
	}
	setenv(SMC_RUN_ENV_MODE, ipproto ? "ipproto" : "af_smc", 1);
	if (debug)
		setenv(SMC_RUN_ENV_DEBUG, "1", 1);
	unsetenv(SMC_RUN_ENV_OFF);
	if (!smc_probe(ipproto, &err)) {
		fprintf(stderr, "smc_run: %s sockets are not available (%s): is the SMC module loaded? Running over TCP.\n",
			ipproto ? "IPPROTO_SMC" : "AF_SMC", strerror(err));
		setenv(SMC_RUN_ENV_OFF, "1", 1);
	}
	old = getenv("LD_PRELOAD");
	snprintf(preload, sizeof(preload), "%s%s%s", lib, old && *old ? " " : "",
		 old ? old : "");
	setenv("LD_PRELOAD", preload, 1);
	execvp(argv[optind], argv + optind);
	fprintf(stderr, "smc_run: %s: %s\n", argv[optind], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
