// SPDX-License-Identifier: GPL-2.0
/*
 * cdc_wire.c - the CDC message: encode and validate/decode.
 *
 * Layout: 0 type 0xfe, 1 length 44, 2 sequence number (2), 4 token (4),
 * 8 producer cursor {2 reserved, 2 wrap, 4 count}, 16 consumer cursor
 * (same), 24 producer flags, 25 connection state flags, 26..43 reserved.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "cdc_wire.h"

#define CDC_OFF_LEN		1
#define CDC_OFF_SEQNO		2
#define CDC_OFF_TOKEN		4
#define CDC_OFF_PROD		8
#define CDC_OFF_CONS		16
#define CDC_OFF_PROD_FLAGS	24
#define CDC_OFF_CONN_FLAGS	25
#define CURS_OFF_WRAP		2
#define CURS_OFF_COUNT		4

static void cdc_put_cursor(u8 *p, const struct smc_cursor *c)
{
	smc_wire_put_be16(p + CURS_OFF_WRAP, c->wrap);
	smc_wire_put_be32(p + CURS_OFF_COUNT, c->count);
}

static void cdc_get_cursor(const u8 *p, struct smc_cursor *c)
{
	c->wrap = smc_wire_get_be16(p + CURS_OFF_WRAP);
	c->count = smc_wire_get_be32(p + CURS_OFF_COUNT);
}

/**
 * smc_cdc_encode() - build a CDC message
 * @msg: the message; undefined flag bits are dropped
 * @buf: output buffer
 * @buflen: size of @buf, at least %SMC_CDC_MSG_LEN
 *
 * Return: %SMC_CDC_MSG_LEN, or -ENOSPC if @buf is too small.
 */
int smc_cdc_encode(const struct smc_cdc_msg *msg, u8 *buf, size_t buflen)
{
	if (buflen < SMC_CDC_MSG_LEN)
		return -ENOSPC;
	memset(buf, 0, SMC_CDC_MSG_LEN);
	buf[0] = SMC_CDC_MSG_TYPE;
	buf[CDC_OFF_LEN] = SMC_CDC_MSG_LEN;
	smc_wire_put_be16(buf + CDC_OFF_SEQNO, msg->seqno);
	smc_wire_put_be32(buf + CDC_OFF_TOKEN, msg->token);
	cdc_put_cursor(buf + CDC_OFF_PROD, &msg->prod);
	cdc_put_cursor(buf + CDC_OFF_CONS, &msg->cons);
	buf[CDC_OFF_PROD_FLAGS] = msg->prod_flags & SMC_CDC_PROD_FLAGS_MASK;
	buf[CDC_OFF_CONN_FLAGS] = msg->conn_flags & SMC_CDC_CONN_FLAGS_MASK;
	return SMC_CDC_MSG_LEN;
}

/**
 * smc_cdc_decode() - validate and decode a CDC message
 * @buf: the received bytes
 * @len: number of bytes received; must be exactly %SMC_CDC_MSG_LEN
 * @msg: output; zeroed on failure
 *
 * Checks type and length byte. Cursor counts are not checked against the
 * RMBE size here (the codec does not know it): use smc_cursor_valid().
 * Reserved bits of the flag bytes are dropped.
 *
 * Return: 0, -EBADMSG (length) or -EPROTO (type).
 */
int smc_cdc_decode(const u8 *buf, size_t len, struct smc_cdc_msg *msg)
{
	memset(msg, 0, sizeof(*msg));
	if (len != SMC_CDC_MSG_LEN)
		return -EBADMSG;
	if (buf[0] != SMC_CDC_MSG_TYPE)
		return -EPROTO;
	if (buf[CDC_OFF_LEN] != SMC_CDC_MSG_LEN)
		return -EBADMSG;
	msg->seqno = smc_wire_get_be16(buf + CDC_OFF_SEQNO);
	msg->token = smc_wire_get_be32(buf + CDC_OFF_TOKEN);
	cdc_get_cursor(buf + CDC_OFF_PROD, &msg->prod);
	cdc_get_cursor(buf + CDC_OFF_CONS, &msg->cons);
	msg->prod_flags = buf[CDC_OFF_PROD_FLAGS] & SMC_CDC_PROD_FLAGS_MASK;
	msg->conn_flags = buf[CDC_OFF_CONN_FLAGS] & SMC_CDC_CONN_FLAGS_MASK;
	return 0;
}
