// SPDX-License-Identifier: GPL-2.0
/*
 * attr.c - read netlink attributes without trusting the kernel's lengths.
 * Every reply smc(8) decodes passes through attrs_parse(), which the host
 * unit test (tests/test_decode.c) feeds truncated and random buffers.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <string.h>

#include "smc.h"

#define NLA_HDR		4
#define NLA_TYPE_BITS	0x3fff	/* without NLA_F_NESTED, NLA_F_NET_BYTEORDER */

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

void attrs_parse(struct attrs *t, const void *buf, size_t len, int max)
{
	const uint8_t *p = buf;
	size_t off = 0;

	memset(t, 0, sizeof(*t));
	if (max >= ATTR_MAX_SLOTS)
		max = ATTR_MAX_SLOTS - 1;
	t->max = max;
	if (!p)
		return;
	while (off + NLA_HDR <= len) {
		uint16_t alen, type;

		memcpy(&alen, p + off, 2);
		memcpy(&type, p + off + 2, 2);
		type &= NLA_TYPE_BITS;
		if (alen < NLA_HDR || alen > len - off) {
			t->bad++;
			return;
		}
		if (type > max) {
			t->unknown++;
		} else {
			t->a[type].data = p + off + NLA_HDR;
			t->a[type].len = alen - NLA_HDR;
			t->a[type].type = type;
			t->has[type] = true;
		}
		off += align4(alen);
	}
	/* 1..3 trailing bytes cannot hold a header */
	if (off < len)
		t->bad++;
}

bool attrs_nested(struct attrs *t, const struct attrs *outer, int type,
		  int max)
{
	if (type < 0 || type > outer->max || !outer->has[type]) {
		attrs_parse(t, NULL, 0, max);
		return false;
	}
	attrs_parse(t, outer->a[type].data, outer->a[type].len, max);
	return true;
}

static const struct nla_view *get(const struct attrs *t, int type)
{
	if (type < 0 || type > t->max || !t->has[type])
		return NULL;
	return &t->a[type];
}

bool attr_u8(const struct attrs *t, int type, uint8_t *v)
{
	const struct nla_view *a = get(t, type);

	if (!a || a->len < 1)
		return false;
	*v = a->data[0];
	return true;
}

bool attr_u16(const struct attrs *t, int type, uint16_t *v)
{
	const struct nla_view *a = get(t, type);

	if (!a || a->len < 2)
		return false;
	memcpy(v, a->data, 2);
	return true;
}

bool attr_u32(const struct attrs *t, int type, uint32_t *v)
{
	const struct nla_view *a = get(t, type);

	if (!a || a->len < 4)
		return false;
	memcpy(v, a->data, 4);
	return true;
}

bool attr_u64(const struct attrs *t, int type, uint64_t *v)
{
	const struct nla_view *a = get(t, type);

	if (!a || a->len < 8)
		return false;
	memcpy(v, a->data, 8);
	return true;
}

/* an integer of whatever width the kernel chose (nla_put_uint: 4 or 8) */
bool attr_uint(const struct attrs *t, int type, uint64_t *v)
{
	const struct nla_view *a = get(t, type);
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;

	if (!a)
		return false;
	switch (a->len) {
	case 1:
		u8 = a->data[0];
		*v = u8;
		return true;
	case 2:
		memcpy(&u16, a->data, 2);
		*v = u16;
		return true;
	case 4:
		memcpy(&u32, a->data, 4);
		*v = u32;
		return true;
	case 8:
		memcpy(v, a->data, 8);
		return true;
	}
	return false;
}

bool attr_str(const struct attrs *t, int type, char *buf, size_t size)
{
	const struct nla_view *a = get(t, type);
	size_t n = 0;

	if (!size)
		return false;
	buf[0] = '\0';
	if (!a)
		return false;
	while (n < a->len && a->data[n] != '\0')
		n++;
	while (n > 0 && a->data[n - 1] == ' ')
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, a->data, n);
	buf[n] = '\0';
	/* names are ASCII; anything else would garble a terminal or JSON */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] > 0x7e)
			buf[i] = '?';
	return true;
}

bool attr_put(uint8_t *buf, size_t cap, size_t *off, int type,
	      const void *data, size_t len)
{
	uint16_t alen = (uint16_t)(NLA_HDR + len), t = (uint16_t)type;
	size_t need = align4(NLA_HDR + len);

	if (len > 0xffff - NLA_HDR || *off > cap || need > cap - *off)
		return false;
	memcpy(buf + *off, &alen, 2);
	memcpy(buf + *off + 2, &t, 2);
	if (len)
		memcpy(buf + *off + NLA_HDR, data, len);
	memset(buf + *off + NLA_HDR + len, 0, need - NLA_HDR - len);
	*off += need;
	return true;
}
