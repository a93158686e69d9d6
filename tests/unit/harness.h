/* SPDX-License-Identifier: GPL-2.0 */
/*
 * harness.h - a small unit test harness for the host tests.
 *
 *   TEST(name) { ... }          define and register a test
 *   EXPECT_*(...)               record a failure and continue
 *   ASSERT_*(...)               record a failure and leave the test
 *
 * The runner prints "ok N name" / "not ok N name" per test (with the
 * failed checks as "#" lines before it), then "N passed, N failed" as its
 * last line, and exits non-zero if anything failed. An optional argument
 * selects the tests whose name contains it.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_TEST_HARNESS_H
#define _AF_SMC_TEST_HARNESS_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct test_case {
	const char *name;
	const char *file;
	int line;
	void (*fn)(void);
};

void test_register(struct test_case *tc);
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void test_fail_mem(const char *file, int line, const char *what,
		   const void *a, const void *b, size_t n);
/* number of known-answer vectors checked, reported by the runner */
extern unsigned int test_vector_count;

#define TEST(tname)							\
	static void test_fn_##tname(void);				\
	static struct test_case test_case_##tname = {			\
		.name = #tname, .file = __FILE__, .line = __LINE__,	\
		.fn = test_fn_##tname,					\
	};								\
	__attribute__((constructor)) static void test_reg_##tname(void) \
	{								\
		test_register(&test_case_##tname);			\
	}								\
	static void test_fn_##tname(void)

#define TEST_CMP_(a, op, b, on_fail)					\
	do {								\
		long long a_ = (long long)(a), b_ = (long long)(b);	\
		if (!(a_ op b_)) {					\
			test_fail(__FILE__, __LINE__,			\
				  "%s %s %s: %lld (0x%llx) vs %lld (0x%llx)", \
				  #a, #op, #b, a_,			\
				  (unsigned long long)a_, b_,		\
				  (unsigned long long)b_);		\
			on_fail;					\
		}							\
	} while (0)

#define EXPECT_EQ(a, b)	TEST_CMP_(a, ==, b, (void)0)
#define EXPECT_NE(a, b)	TEST_CMP_(a, !=, b, (void)0)
#define EXPECT_LT(a, b)	TEST_CMP_(a, <, b, (void)0)
#define EXPECT_LE(a, b)	TEST_CMP_(a, <=, b, (void)0)
#define EXPECT_GT(a, b)	TEST_CMP_(a, >, b, (void)0)
#define EXPECT_GE(a, b)	TEST_CMP_(a, >=, b, (void)0)
#define ASSERT_EQ(a, b)	TEST_CMP_(a, ==, b, return)
#define ASSERT_NE(a, b)	TEST_CMP_(a, !=, b, return)
#define ASSERT_LT(a, b)	TEST_CMP_(a, <, b, return)
#define ASSERT_LE(a, b)	TEST_CMP_(a, <=, b, return)
#define ASSERT_GT(a, b)	TEST_CMP_(a, >, b, return)
#define ASSERT_GE(a, b)	TEST_CMP_(a, >=, b, return)
#define EXPECT_TRUE(c)	TEST_CMP_(!!(c), ==, 1, (void)0)
#define EXPECT_FALSE(c)	TEST_CMP_(!!(c), ==, 0, (void)0)
#define ASSERT_TRUE(c)	TEST_CMP_(!!(c), ==, 1, return)
#define ASSERT_FALSE(c)	TEST_CMP_(!!(c), ==, 0, return)

#define TEST_PTR_(a, op, b, on_fail)					\
	do {								\
		const void *a_ = (a), *b_ = (b);			\
		if (!(a_ op b_)) {					\
			test_fail(__FILE__, __LINE__, "%s %s %s: %p vs %p", \
				  #a, #op, #b, a_, b_);			\
			on_fail;					\
		}							\
	} while (0)

#define EXPECT_PTR_EQ(a, b)	TEST_PTR_(a, ==, b, (void)0)
#define EXPECT_NULL(a)		TEST_PTR_(a, ==, NULL, (void)0)
#define ASSERT_NOT_NULL(a)	TEST_PTR_(a, !=, NULL, return)

#define TEST_MEM_(a, b, n, on_fail)					\
	do {								\
		const void *a_ = (a), *b_ = (b);			\
		size_t n_ = (n);					\
		if (memcmp(a_, b_, n_)) {				\
			test_fail_mem(__FILE__, __LINE__,		\
				      #a " == " #b, a_, b_, n_);	\
			on_fail;					\
		}							\
	} while (0)

#define EXPECT_MEMEQ(a, b, n)	TEST_MEM_(a, b, n, (void)0)
#define ASSERT_MEMEQ(a, b, n)	TEST_MEM_(a, b, n, return)

#define EXPECT_STREQ(a, b)						\
	do {								\
		const char *a_ = (a), *b_ = (b);			\
		if (strcmp(a_, b_))					\
			test_fail(__FILE__, __LINE__,			\
				  "%s == %s: \"%s\" vs \"%s\"",		\
				  #a, #b, a_, b_);			\
	} while (0)

/*
 * Load the hex vector tests/vectors/<name>.hex into @buf: hex digit pairs,
 * any white space, "#" comments to the end of the line. Counts the vector
 * in test_vector_count. Return: its length, or -1 (a failure is recorded).
 */
int test_load_vector(const char *name, unsigned char *buf, size_t cap);

#endif /* _AF_SMC_TEST_HARNESS_H */
