// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_cdc.c - libFuzzer target for the CDC decoder and the cursor
 * arithmetic.
 *
 * Accepted messages must round-trip. Their cursors, reduced to a buffer
 * size taken from the input, drive the cursor helpers, whose results must
 * stay within the buffer.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <stdint.h>

#include "cdc_wire.h"
#include "bufsize.h"
#include "wire_eq.h"
#include "fuzz_check.h"

static void fuzz_cursors(const struct smc_cdc_msg *m)
{
	u32 size = smc_bufsize_expand(m->token & 0x0f);
	struct smc_cursor prod = m->prod, cons = m->cons, c;
	int rd, fr, cmp;
	u32 step;

	/* small sizes as well, to reach the wrap cases often */
	if (m->token & 0x10)
		size = 1 + (m->token >> 8) % 4096;
	FUZZ_CHECK(smc_bufsize_compress(size, 15) <= 15);
	prod.count %= size;
	cons.count %= size;
	FUZZ_CHECK(smc_cursor_valid(&prod, size));
	rd = smc_cursor_readable(size, &cons, &prod);
	fr = smc_cursor_free(size, &cons, &prod);
	FUZZ_CHECK((rd == -ERANGE && fr == -ERANGE) ||
		   (rd >= 0 && fr >= 0 && (u32)(rd + fr) == size));
	cmp = smc_cursor_cmp(&cons, &prod);
	FUZZ_CHECK(cmp == -smc_cursor_cmp(&prod, &cons));
	if (rd > 0)
		FUZZ_CHECK(cmp < 0);
	if (rd == 0)
		FUZZ_CHECK(cmp == 0);

	/* advancing by the readable bytes reaches the producer */
	if (rd >= 0) {
		c = cons;
		smc_cursor_add(&c, (u32)rd, size);
		FUZZ_CHECK(smc_cursor_valid(&c, size));
		FUZZ_CHECK(c.count == prod.count && c.wrap == prod.wrap);
	}
	/* any step keeps the cursor valid and moves it by that much */
	step = m->seqno % (size + 1);
	c = cons;
	smc_cursor_add(&c, step, size);
	FUZZ_CHECK(smc_cursor_valid(&c, size));
	FUZZ_CHECK(smc_cursor_diff(size, &cons, &c) == (int)step);
	FUZZ_CHECK(smc_seq_before(m->seqno, (u16)(m->seqno + 1)));
	FUZZ_CHECK(!smc_seq_before(m->seqno, m->seqno));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smc_cdc_msg m, m2;
	u8 out1[SMC_CDC_MSG_LEN], out2[SMC_CDC_MSG_LEN];
	int rc;

	rc = smc_cdc_decode(data, size, &m);
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG || rc == -EPROTO);
	if (rc) {
		FUZZ_CHECK(fuzz_all_zero(&m, sizeof(m)));
		return 0;
	}
	FUZZ_CHECK(size == SMC_CDC_MSG_LEN);
	FUZZ_CHECK(smc_cdc_encode(&m, out1, sizeof(out1)) == SMC_CDC_MSG_LEN);
	FUZZ_CHECK(smc_cdc_decode(out1, sizeof(out1), &m2) == 0);
	FUZZ_CHECK(cdc_msg_eq(&m, &m2));
	FUZZ_CHECK(smc_cdc_encode(&m2, out2, sizeof(out2)) == SMC_CDC_MSG_LEN);
	FUZZ_CHECK(!memcmp(out1, out2, sizeof(out1)));
	fuzz_cursors(&m);
	return 0;
}
