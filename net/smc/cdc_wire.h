/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cdc_wire.h - the CDC (connection data control) message and its codec.
 *
 * A CDC message is a 44-byte RDMA SEND that follows the RDMA writes of a
 * connection's data and carries the sender's cursors and flags.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_CDC_WIRE_H
#define _AF_SMC_CDC_WIRE_H

#include "wire_types.h"
#include "cursor.h"

#define SMC_CDC_MSG_TYPE	0xfe
#define SMC_CDC_MSG_LEN		44

/* producer flags (byte 24) */
#define SMC_CDC_PROD_WRITE_BLOCKED	0x80	/* sender has more data */
#define SMC_CDC_PROD_URG_PENDING	0x40	/* urgent data not written */
#define SMC_CDC_PROD_URG_PRESENT	0x20	/* last byte is urgent */
#define SMC_CDC_PROD_CONS_UPD_REQ	0x10	/* please send your cursor */
#define SMC_CDC_PROD_FAILOVER_VAL	0x08	/* failover validation */
#define SMC_CDC_PROD_FLAGS_MASK		0xf8

/* connection state flags (byte 25) */
#define SMC_CDC_CONN_DONE_WRITING	0x80	/* shutdown(SHUT_WR) */
#define SMC_CDC_CONN_CLOSED		0x40	/* orderly close */
#define SMC_CDC_CONN_ABORT		0x20	/* abnormal close */
#define SMC_CDC_CONN_FLAGS_MASK		0xe0

/**
 * struct smc_cdc_msg - a CDC message
 * @seqno: sequence number, per connection and direction
 * @token: alert token of the receiving connection
 * @prod: producer cursor: how far the sender has written into the
 *	receiver's RMBE
 * @cons: consumer cursor: how far the sender has read its own RMBE
 * @prod_flags: SMC_CDC_PROD_* bits
 * @conn_flags: SMC_CDC_CONN_* bits
 */
struct smc_cdc_msg {
	u16 seqno;
	u32 token;
	struct smc_cursor prod;
	struct smc_cursor cons;
	u8 prod_flags;
	u8 conn_flags;
};

int smc_cdc_encode(const struct smc_cdc_msg *msg, u8 *buf, size_t buflen);
int smc_cdc_decode(const u8 *buf, size_t len, struct smc_cdc_msg *msg);

#endif /* _AF_SMC_CDC_WIRE_H */
