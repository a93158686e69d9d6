// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_llc.c - libFuzzer target for the LLC decoder.
 *
 * What the decoder accepts must encode back to the same length, decode to
 * an equal message (list entries compared through the accessors) and
 * encode again to the same bytes.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <stdint.h>

#include "llc_wire.h"
#include "wire_eq.h"
#include "fuzz_check.h"

static u8 out1[SMC_LLC_V2_MAX_LEN], out2[SMC_LLC_V2_MAX_LEN];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smc_llc_rkey_pair pair;
	struct smc_llc_msg m, m2;
	u32 decline = 1, rkey;
	unsigned int i;
	int rc, n, n2;

	rc = smc_llc_decode(data, size, &m, &decline);
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG || rc == -EPROTO ||
		   rc == -EOPNOTSUPP);
	FUZZ_CHECK(decline == (rc == -EOPNOTSUPP ? SMC_CLC_DECL_RMBE_EC : 0));
	if (rc) {
		FUZZ_CHECK(fuzz_all_zero(&m, sizeof(m)));
		return 0;
	}
	FUZZ_CHECK(m.length == size && size >= SMC_LLC_MSG_LEN &&
		   size <= SMC_LLC_V2_MAX_LEN);
	(void)smc_llc_type_name(m.type);

	/* every list entry the decoder announced is readable */
	if (m.type == SMC_LLC_ADD_LINK)
		for (i = 0; i < m.add_link.num_rkeys; i++)
			FUZZ_CHECK(!smc_llc_add_link_rkey(&m.add_link, i,
							  &pair));
	if (m.type == SMC_LLC_DELETE_RKEY && m.delete_rkey.rkeys_wire)
		for (i = 0; i < m.delete_rkey.num_rkeys; i++)
			FUZZ_CHECK(!smc_llc_delete_rkey_get(&m.delete_rkey, i,
							    &rkey));

	n = smc_llc_encode(&m, out1, sizeof(out1));
	FUZZ_CHECK(n == (int)size);
	FUZZ_CHECK(smc_llc_decode(out1, (size_t)n, &m2, NULL) == 0);
	FUZZ_CHECK(llc_msg_eq(&m, &m2));
	n2 = smc_llc_encode(&m2, out2, sizeof(out2));
	FUZZ_CHECK(n2 == n && !memcmp(out1, out2, (size_t)n));
	FUZZ_CHECK(smc_llc_encode(&m, out2, (size_t)n - 1) == -ENOSPC);
	return 0;
}
