// SPDX-License-Identifier: GPL-2.0
/*
 * smc_opt_cg - run a command in a cgroup whose TCP sockets announce SMC.
 *
 *   smc_opt_cg [-o BPF_OBJECT] CGROUP_DIR CMD [ARGS...]
 *
 * Creates CGROUP_DIR (a directory of a mounted cgroup v2 hierarchy) if it
 * does not exist, attaches the sock_ops program of smc_opt.bpf.o (default:
 * next to this binary) to it, starts CMD inside it and waits. The program
 * stays attached while CMD runs and is detached when it ends, so nothing
 * outlives the command. SIGTERM, SIGINT and SIGHUP are passed on to CMD.
 * Exit status: CMD's, or 125 if the set-up failed.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#define SETUP_FAILED	125

static pid_t child;

/* SIGTERM/SIGINT/SIGHUP: pass them on, the command decides */
static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

static void usage(void)
{
	fprintf(stderr, "usage: smc_opt_cg [-o BPF_OBJECT] CGROUP_DIR CMD [ARGS...]\n");
	exit(SETUP_FAILED);
}

/* smc_opt.bpf.o next to our own binary */
static const char *default_obj(void)
{
	static char path[PATH_MAX];
	char self[PATH_MAX];
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return "smc_opt.bpf.o";
	self[n] = 0;
	snprintf(path, sizeof(path), "%s/smc_opt.bpf.o", dirname(self));
	return path;
}

/* move the calling process into the cgroup */
static int join_cgroup(const char *dir)
{
	char path[PATH_MAX];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, "0\n", 2) == 2;	/* "0": the writer itself */
	close(fd);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *obj_path = NULL, *cg;
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_link *link;
	int c, cgfd, status;
	pid_t pid;

	while ((c = getopt(argc, argv, "+o:")) != -1) {
		if (c != 'o')
			usage();
		obj_path = optarg;
	}
	if (argc - optind < 2)
		usage();
	cg = argv[optind];
	if (!obj_path)
		obj_path = default_obj();

	if (mkdir(cg, 0755) && errno != EEXIST) {
		fprintf(stderr, "smc_opt_cg: mkdir %s: %s\n", cg, strerror(errno));
		return SETUP_FAILED;
	}
	cgfd = open(cg, O_RDONLY | O_DIRECTORY);
	if (cgfd < 0) {
		fprintf(stderr, "smc_opt_cg: %s: %s\n", cg, strerror(errno));
		return SETUP_FAILED;
	}
	obj = bpf_object__open_file(obj_path, NULL);
	if (!obj) {
		fprintf(stderr, "smc_opt_cg: cannot open %s\n", obj_path);
		return SETUP_FAILED;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "smc_opt_cg: cannot load %s\n", obj_path);
		return SETUP_FAILED;
	}
	prog = bpf_object__find_program_by_name(obj, "smc_opt_sockops");
	link = prog ? bpf_program__attach_cgroup(prog, cgfd) : NULL;
	if (!link) {
		fprintf(stderr, "smc_opt_cg: cannot attach to %s: %s\n", cg,
			strerror(errno));
		return SETUP_FAILED;
	}

	signal(SIGTERM, forward);
	signal(SIGINT, forward);
	signal(SIGHUP, forward);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("smc_opt_cg: fork");
		return SETUP_FAILED;
	}
	if (!pid) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		if (join_cgroup(cg)) {
			fprintf(stderr, "smc_opt_cg: cannot join %s: %s\n", cg,
				strerror(errno));
			_exit(SETUP_FAILED);
		}
		execvp(argv[optind + 1], argv + optind + 1);
		fprintf(stderr, "smc_opt_cg: %s: %s\n", argv[optind + 1],
			strerror(errno));
		_exit(SETUP_FAILED);
	}
	child = pid;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("smc_opt_cg: waitpid");
			return SETUP_FAILED;
		}
	bpf_link__destroy(link);
	bpf_object__close(obj);
	close(cgfd);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
