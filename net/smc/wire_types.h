/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wire_types.h - basic types and byte-order helpers for the wire codecs.
 *
 * The codecs (clc_wire, llc_wire, cdc_wire, bufsize, cursor) are pure: they
 * only move bytes between a caller's buffer and host-order structs. They are
 * built into the module and, unchanged, into the host unit tests and fuzz
 * targets. This header is the only place where the two builds differ.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_WIRE_TYPES_H
#define _AF_SMC_WIRE_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#else
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>

/* the same definitions as the kernel's (asm-generic/int-ll64.h) */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef signed short s16;
typedef signed int s32;
typedef signed long long s64;
#endif

/* Loads and stores of multi-byte fields at any alignment. Wire fields are
 * big-endian; the little-endian pair exists for the two SMC-Rv2 LLC fields
 * that Linux writes in its own (x86: little-endian) byte order.
 */
static inline u16 smc_wire_get_be16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static inline u32 smc_wire_get_be24(const u8 *p)
{
	return ((u32)p[0] << 16) | ((u32)p[1] << 8) | p[2];
}

static inline u32 smc_wire_get_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static inline u64 smc_wire_get_be64(const u8 *p)
{
	return ((u64)smc_wire_get_be32(p) << 32) | smc_wire_get_be32(p + 4);
}

static inline u16 smc_wire_get_le16(const u8 *p)
{
	return (u16)((p[1] << 8) | p[0]);
}

static inline void smc_wire_put_be16(u8 *p, u16 v)
{
	p[0] = (v >> 8) & 0xff;
	p[1] = v & 0xff;
}

/* Only the low 24 bits of @v are stored. */
static inline void smc_wire_put_be24(u8 *p, u32 v)
{
	p[0] = (v >> 16) & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = v & 0xff;
}

static inline void smc_wire_put_be32(u8 *p, u32 v)
{
	p[0] = (v >> 24) & 0xff;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static inline void smc_wire_put_be64(u8 *p, u64 v)
{
	smc_wire_put_be32(p, (v >> 32) & 0xffffffff);
	smc_wire_put_be32(p + 4, v & 0xffffffff);
}

static inline void smc_wire_put_le16(u8 *p, u16 v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

#endif /* _AF_SMC_WIRE_TYPES_H */
