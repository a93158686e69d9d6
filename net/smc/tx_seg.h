/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tx_seg.h - how one transfer from the send buffer into the peer's RMBE
 * splits into RDMA writes.
 *
 * Both buffers are rings. A transfer of @len bytes starts at an offset in
 * the send buffer (the source) and at an offset in the peer's RMBE (the
 * destination). The destination may wrap once: then two writes are needed,
 * the second one at RMBE offset 0. The source may wrap once too: the write
 * that contains the wrap point gathers from two pieces (two SGEs). As
 * neither ring is crossed more than once, no write ever needs more than two
 * pieces.
 *
 * Pure arithmetic: compiles in the kernel and in the host unit tests.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_TX_SEG_H
#define _AF_SMC_TX_SEG_H

#include "wire_types.h"

/* writes per transfer, local pieces per write */
#define SMC_TX_SEG_MAX		2
#define SMC_TX_SEG_MAX_SGE	2

/**
 * struct smc_tx_seg - one RDMA write of a transfer
 * @dst_off: where the write lands in the peer's RMBE
 * @nsge: number of local pieces, 1 or 2
 * @src_off: offsets of the pieces in the send buffer
 * @len: lengths of the pieces, each non-zero
 */
struct smc_tx_seg {
	u32 dst_off;
	u32 nsge;
	u32 src_off[SMC_TX_SEG_MAX_SGE];
	u32 len[SMC_TX_SEG_MAX_SGE];
};

/**
 * smc_tx_segs() - split a transfer into RDMA writes
 * @src_off: start offset in the send buffer, below @src_size
 * @src_size: send buffer size in bytes, not zero
 * @dst_off: start offset in the peer's RMBE, below @dst_size
 * @dst_size: RMBE size in bytes, not zero
 * @len: bytes to transfer, at most @src_size and at most @dst_size
 * @seg: output, %SMC_TX_SEG_MAX entries; entries not returned are untouched
 *
 * Return: the number of writes (1 or 2), or 0 if @len is zero or the
 * arguments are out of range (nothing to send).
 */
static inline unsigned int smc_tx_segs(u32 src_off, u32 src_size,
				       u32 dst_off, u32 dst_size, u32 len,
				       struct smc_tx_seg *seg)
{
	unsigned int nseg = 0;
	u32 done = 0;

	if (!len || !src_size || !dst_size || src_off >= src_size ||
	    dst_off >= dst_size || len > src_size || len > dst_size)
		return 0;
	while (done < len) {
		/* the destination piece: up to the end of the RMBE */
		u32 d = nseg ? 0 : dst_off;
		u32 chunk = len - done;
		struct smc_tx_seg *w = &seg[nseg++];
		u32 s, left;

		if (chunk > dst_size - d)
			chunk = dst_size - d;
		w->dst_off = d;
		w->nsge = 0;
		/* its source: from the send buffer ring, wrapping once */
		s = (u32)(((u64)src_off + done) % src_size);
		left = chunk;
		while (left) {
			u32 piece = left;

			if (piece > src_size - s)
				piece = src_size - s;
			w->src_off[w->nsge] = s;
			w->len[w->nsge] = piece;
			w->nsge++;
			left -= piece;
			s = 0;
		}
		done += chunk;
	}
	return nseg;
}

#endif /* _AF_SMC_TX_SEG_H */
