// SPDX-License-Identifier: GPL-2.0
/*
 * harness.c - registration, runner and helpers of the host unit tests.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdbool.h>

#include "harness.h"

#ifndef VECTOR_DIR
#define VECTOR_DIR "../vectors"
#endif

#define MAX_TESTS 1024

static struct test_case *tests[MAX_TESTS];
static unsigned int ntests;
static int cur_failed;
/* counted in the test processes, so kept in memory shared with them */
static unsigned int *shared_vector_count;
unsigned int test_vector_count;

void test_register(struct test_case *tc)
{
	if (ntests == MAX_TESTS) {
		fprintf(stderr, "harness: too many tests\n");
		exit(2);
	}
	tests[ntests++] = tc;
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	cur_failed = 1;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void dump_hex(const char *tag, const unsigned char *p, size_t n,
		     size_t mark)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i % 16 == 0)
			printf("#   %s %04zx:", tag, i);
		printf("%c%02x", i == mark ? '*' : ' ', p[i]);
		if (i % 16 == 15 || i + 1 == n)
			printf("\n");
	}
}

void test_fail_mem(const char *file, int line, const char *what,
		   const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a, *pb = b;
	size_t i = 0;

	while (i < n && pa[i] == pb[i])
		i++;
	test_fail(file, line, "%s: %zu bytes differ from offset %zu (*)",
		  what, n, i);
	dump_hex("got ", pa, n, i);
	dump_hex("want", pb, n, i);
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

int test_load_vector(const char *name, unsigned char *buf, size_t cap)
{
	char path[512];
	int c, hi = -1;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.hex", VECTOR_DIR, name);
	f = fopen(path, "r");
	if (!f) {
		test_fail(__FILE__, __LINE__, "cannot open %s", path);
		return -1;
	}
	while ((c = fgetc(f)) != EOF) {
		int v;

		if (c == '#') {
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		if (isspace(c))
			continue;
		v = hexval(c);
		if (v < 0 || (hi < 0 && len == cap)) {
			test_fail(__FILE__, __LINE__, "%s: bad data at byte %zu",
				  path, len);
			fclose(f);
			return -1;
		}
		if (hi < 0) {
			hi = v;
		} else {
			buf[len++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	fclose(f);
	if (hi >= 0) {
		test_fail(__FILE__, __LINE__, "%s: odd number of digits", path);
		return -1;
	}
	test_vector_count++;
	return (int)len;
}

static int test_order(const void *a, const void *b)
{
	const struct test_case *x = *(const struct test_case * const *)a;
	const struct test_case *y = *(const struct test_case * const *)b;
	int rc = strcmp(x->file, y->file);

	return rc ? rc : x->line - y->line;
}

/*
 * Run one test in a child process, so that a sanitizer report or a crash
 * fails that test only. Return: true if it passed.
 */
static bool run_one(struct test_case *tc)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		cur_failed = 0;
		test_vector_count = 0;
		tc->fn();
		*shared_vector_count += test_vector_count;
		fflush(stdout);
		exit(cur_failed ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		exit(2);
	}
	if (WIFSIGNALED(status))
		printf("# %s: killed by signal %d\n", tc->name,
		       WTERMSIG(status));
	else if (WEXITSTATUS(status) > 1)
		printf("# %s: exit status %d (sanitizer report above?)\n",
		       tc->name, WEXITSTATUS(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
	unsigned int i, run = 0, passed = 0, failed = 0;
	const char *filter = argc > 1 ? argv[1] : NULL;

	setvbuf(stdout, NULL, _IOLBF, 0);
	shared_vector_count = mmap(NULL, sizeof(*shared_vector_count),
				   PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared_vector_count == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	qsort(tests, ntests, sizeof(tests[0]), test_order);
	for (i = 0; i < ntests; i++) {
		if (filter && !strstr(tests[i]->name, filter))
			continue;
		run++;
		if (run_one(tests[i])) {
			passed++;
			printf("ok %u %s\n", run, tests[i]->name);
		} else {
			failed++;
			printf("not ok %u %s\n", run, tests[i]->name);
		}
	}
	printf("# %u known-answer vector loads\n", *shared_vector_count);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
