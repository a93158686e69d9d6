/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cursor.h - RMBE cursor and CDC sequence number arithmetic.
 *
 * A cursor is a position in a ring buffer (an RMBE) of a given size: a byte
 * offset @count below the size plus a 16-bit @wrap counter that is bumped
 * each time @count passes the end of the buffer. The producer cursor says
 * how far the writer has filled the reader's RMBE, the consumer cursor how
 * far the reader has emptied it. The writer may fill the whole buffer, so
 * equal counts mean "empty" when the wraps are equal and "full" when the
 * producer is one wrap ahead.
 *
 * Nothing here checks that @count is below the buffer size; callers validate
 * cursors received from the peer with smc_cursor_valid() first.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_CURSOR_H
#define _AF_SMC_CURSOR_H

#include "wire_types.h"

/**
 * struct smc_cursor - position in a ring buffer
 * @wrap: number of times @count went past the end of the buffer, modulo 2^16
 * @count: byte offset in the buffer, below the buffer size
 */
struct smc_cursor {
	u16 wrap;
	u32 count;
};

/**
 * smc_cursor_valid() - check a cursor against a buffer size
 * @c: the cursor
 * @size: buffer size in bytes
 *
 * Return: true if @size is not zero and @c lies inside the buffer.
 */
static inline bool smc_cursor_valid(const struct smc_cursor *c, u32 size)
{
	return c->count < size;
}

/**
 * smc_cursor_add() - advance a cursor
 * @c: the cursor, valid for @size
 * @n: number of bytes, at most @size (larger values are treated as @size)
 * @size: buffer size in bytes, not zero
 *
 * Moves @c forward by @n bytes, wrapping at the end of the buffer.
 */
static inline void smc_cursor_add(struct smc_cursor *c, u32 n, u32 size)
{
	u32 room = size - c->count;

	if (n > size)
		n = size;
	if (n < room) {
		c->count += n;
		return;
	}
	c->count = n - room;
	c->wrap++;
}

/**
 * smc_cursor_diff() - distance between two cursors of the same buffer
 * @size: buffer size in bytes, at most 2^31 - 1
 * @old: the cursor that is behind (e.g. a consumer cursor)
 * @new: the cursor that is ahead (e.g. the matching producer cursor)
 *
 * The two cursors must be valid for @size. @new may be at most one full
 * buffer ahead of @old.
 *
 * Return: the number of bytes from @old to @new (0 .. @size), or -ERANGE if
 * @new is behind @old or more than one buffer ahead of it.
 */
static inline int smc_cursor_diff(u32 size, const struct smc_cursor *old,
				  const struct smc_cursor *new)
{
	u16 dwrap = (u16)(new->wrap - old->wrap);

	if (dwrap == 0 && new->count >= old->count)
		return (int)(new->count - old->count);
	if (dwrap == 1 && new->count <= old->count)
		return (int)(size - old->count + new->count);
	return -ERANGE;
}

/**
 * smc_seq_before() - compare two 16-bit CDC sequence numbers
 * @a: first sequence number
 * @b: second sequence number
 *
 * Serial number arithmetic: @a is before @b if @b follows it by less than
 * 2^15. At exactly 2^15 apart the order is undefined in principle; the
 * larger raw value is taken as the earlier one, so that exactly one of
 * smc_seq_before(a, b) and smc_seq_before(b, a) holds for a != b.
 *
 * Return: true if @a was sent before @b.
 */
static inline bool smc_seq_before(u16 a, u16 b)
{
	u16 dist = (u16)(b - a);

	return dist && (dist < 0x8000 || (dist == 0x8000 && a > b));
}

/**
 * smc_cursor_cmp() - order two cursors of the same buffer
 * @a: first cursor
 * @b: second cursor
 *
 * Wraps are compared with serial number arithmetic like smc_seq_before()
 * (a wrap counter that went from 0xffff to 0 is newer), so the result is
 * meaningful while the cursors are less than 2^15 wraps apart.
 *
 * Return: negative if @a is before @b, 0 if equal, positive if after;
 * smc_cursor_cmp(a, b) == -smc_cursor_cmp(b, a) always.
 */
static inline int smc_cursor_cmp(const struct smc_cursor *a,
				 const struct smc_cursor *b)
{
	if (a->wrap != b->wrap)
		return smc_seq_before(a->wrap, b->wrap) ? -1 : 1;
	if (a->count != b->count)
		return a->count < b->count ? -1 : 1;
	return 0;
}

/**
 * smc_cursor_readable() - bytes waiting to be read in an RMBE
 * @size: RMBE size in bytes
 * @cons: the reader's consumer cursor
 * @prod: the writer's producer cursor
 *
 * Return: 0 .. @size, or -ERANGE if the cursors are inconsistent.
 */
static inline int smc_cursor_readable(u32 size, const struct smc_cursor *cons,
				      const struct smc_cursor *prod)
{
	return smc_cursor_diff(size, cons, prod);
}

/**
 * smc_cursor_free() - bytes the writer may still put into an RMBE
 * @size: RMBE size in bytes
 * @cons: the reader's consumer cursor (as last reported by the reader)
 * @prod: the writer's producer cursor
 *
 * Return: 0 .. @size, or -ERANGE if the cursors are inconsistent.
 */
static inline int smc_cursor_free(u32 size, const struct smc_cursor *cons,
				  const struct smc_cursor *prod)
{
	int used = smc_cursor_diff(size, cons, prod);

	return used < 0 ? used : (int)(size - (u32)used);
}

/**
 * struct smc_tx_cursors - the send cursors of a connection that a failover
 *	resets
 * @sent: send buffer: end of the data written to the peer
 * @fin: send buffer: end of the data whose CDC completed
 * @prod: peer's RMBE: our producer cursor
 * @prod_fin: peer's RMBE: the producer cursor of the last CDC that completed
 */
struct smc_tx_cursors {
	struct smc_cursor sent;
	struct smc_cursor fin;
	struct smc_cursor prod;
	struct smc_cursor prod_fin;
};

/**
 * smc_cursor_failover() - the send cursors after a move to another link
 * @c: the cursors, changed in place
 * @peer_cons: the consumer cursor the peer last reported
 * @sndbuf_size: send buffer size
 * @rmbe_size: the peer's RMBE size
 *
 * SMC-R.md 5.6: what was sent after the last completed CDC is sent again,
 * so @sent goes back to @fin and @prod to @prod_fin. If the peer reported
 * consuming beyond @prod_fin (it received a CDC whose completion was lost),
 * the peer has those bytes: all four move up by that distance. The send
 * buffer and the RMBE cursors advance in step, byte for byte.
 */
static inline void smc_cursor_failover(struct smc_tx_cursors *c,
				       const struct smc_cursor *peer_cons,
				       u32 sndbuf_size, u32 rmbe_size)
{
	int diff;

	c->sent = c->fin;
	c->prod = c->prod_fin;
	if (!rmbe_size || smc_cursor_cmp(peer_cons, &c->prod) <= 0)
		return;
	diff = smc_cursor_diff(rmbe_size, &c->prod, peer_cons);
	if (diff <= 0)
		return;
	smc_cursor_add(&c->sent, (u32)diff, sndbuf_size);
	smc_cursor_add(&c->fin, (u32)diff, sndbuf_size);
	smc_cursor_add(&c->prod, (u32)diff, rmbe_size);
	c->prod_fin = c->prod;
}

#endif /* _AF_SMC_CURSOR_H */
