// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_clc.c - libFuzzer target for the CLC decoders.
 *
 * Every input goes through the header decoder and all four message
 * decoders. Whatever a decoder accepts must encode back to a message of
 * the same length that decodes to an equal result, and encoding that again
 * must give the same bytes. Failures must leave the output zeroed and use
 * the documented error codes.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <stdint.h>

#include "clc_wire.h"
#include "wire_eq.h"
#include "fuzz_check.h"

#define OUT_MAX 0x10000

static u8 out1[OUT_MAX], out2[OUT_MAX];

static void check_rc(int rc, u32 decline)
{
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG || rc == -EPROTO ||
		   rc == -EOPNOTSUPP);
	if (rc == -EOPNOTSUPP)
		FUZZ_CHECK(decline == SMC_CLC_DECL_MODEUNSUPP);
	else
		FUZZ_CHECK(decline == 0);
}

static void fuzz_proposal(const u8 *data, size_t size)
{
	struct smc_clc_proposal_info p, p2;
	u32 decline = 1;
	int rc, n, n2;

	rc = smc_clc_proposal_decode(data, size, &p, &decline);
	check_rc(rc, decline);
	if (rc) {
		FUZZ_CHECK(fuzz_all_zero(&p, sizeof(p)));
		return;
	}
	FUZZ_CHECK(rc != -EOPNOTSUPP);
	n = smc_clc_proposal_encode(&p, out1, sizeof(out1));
	FUZZ_CHECK(n == (int)size);
	FUZZ_CHECK(smc_clc_proposal_decode(out1, (size_t)n, &p2, NULL) == 0);
	FUZZ_CHECK(clc_proposal_eq(&p, &p2));
	n2 = smc_clc_proposal_encode(&p2, out2, sizeof(out2));
	FUZZ_CHECK(n2 == n && !memcmp(out1, out2, (size_t)n));
	FUZZ_CHECK(smc_clc_proposal_encode(&p, out2, (size_t)n - 1) ==
		   -ENOSPC);
}

static void fuzz_accept(const u8 *data, size_t size, u8 type)
{
	struct smc_clc_accept_info a, a2;
	u32 decline = 1;
	int rc, n, n2;

	rc = smc_clc_accept_decode(data, size, type, &a, &decline);
	check_rc(rc, decline);
	if (rc) {
		FUZZ_CHECK(fuzz_all_zero(&a, sizeof(a)));
		return;
	}
	FUZZ_CHECK(a.type == type && a.version >= 1 && a.rmbe_idx &&
		   a.qp_mtu >= 1 && a.qp_mtu <= 5);
	n = smc_clc_accept_encode(&a, out1, sizeof(out1));
	FUZZ_CHECK(n == (int)size && n <= SMC_CLC_ACCEPT_MAX_LEN);
	FUZZ_CHECK(smc_clc_accept_decode(out1, (size_t)n, type, &a2,
					 NULL) == 0);
	FUZZ_CHECK(clc_accept_eq(&a, &a2));
	n2 = smc_clc_accept_encode(&a2, out2, sizeof(out2));
	FUZZ_CHECK(n2 == n && !memcmp(out1, out2, (size_t)n));
}

static void fuzz_decline(const u8 *data, size_t size)
{
	struct smc_clc_decline_info d, d2;
	int rc, n, n2;

	rc = smc_clc_decline_decode(data, size, &d);
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG || rc == -EPROTO);
	if (rc) {
		FUZZ_CHECK(fuzz_all_zero(&d, sizeof(d)));
		return;
	}
	n = smc_clc_decline_encode(&d, out1, sizeof(out1));
	FUZZ_CHECK(n == (int)size && n <= SMC_CLC_DECLINE_MAX_LEN);
	FUZZ_CHECK(smc_clc_decline_decode(out1, (size_t)n, &d2) == 0);
	FUZZ_CHECK(clc_decline_eq(&d, &d2));
	n2 = smc_clc_decline_encode(&d2, out2, sizeof(out2));
	FUZZ_CHECK(n2 == n && !memcmp(out1, out2, (size_t)n));
	(void)smc_clc_decline_name(d.diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smc_clc_hdr hdr;
	int rc;

	rc = smc_clc_hdr_decode(data, size, &hdr);
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG || rc == -EPROTO);
	fuzz_proposal(data, size);
	fuzz_accept(data, size, SMC_CLC_ACCEPT);
	fuzz_accept(data, size, SMC_CLC_CONFIRM);
	fuzz_decline(data, size);
	return 0;
}
