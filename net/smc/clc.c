// SPDX-License-Identifier: GPL-2.0
/* clc.c - CLC messages on the internal TCP socket.
 *
 * CLC messages travel back to back on the TCP stream with no other framing
 * than their own header. A receiver peeks at the 8-byte header, checks it,
 * then reads exactly the length the header gives, so that bytes after the
 * message (application data after a fallback) stay in the stream. Decoding
 * and validation of the contents are clc_wire.c's.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/net.h>
#include <linux/uio.h>
#include <net/sock.h>

#include "clc.h"

static int smc_clc_read(struct socket *clc, u8 *buf, size_t len, int flags)
{
	struct kvec vec = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = 0 };
	int rc;

	rc = kernel_recvmsg(clc, &msg, &vec, 1, len, flags | MSG_WAITALL);
	if (rc == -EAGAIN)
		return -ETIMEDOUT;
	if (rc >= 0 && rc < len)
		return -ECONNRESET;	/* the peer closed mid-message */
	return rc < 0 ? rc : 0;
}

/**
 * smc_clc_recv() - receive one CLC message
 * @clc: the TCP socket
 * @buf: buffer for the whole message
 * @buflen: size of @buf: the largest message of the expected type
 * @expected: the SMC_CLC_* type wanted; a DECLINE is always accepted
 * @timeo: how long to wait, in jiffies
 * @hdr: output: the decoded header
 *
 * Return: the message length; -ETIMEDOUT if the peer was too slow;
 * -ECONNRESET if the stream ended; -EPROTO for a header that is not a CLC
 * header, a message of another type, or a length that no valid message of
 * that type has. Errors are not a reason to fall back: the connection
 * fails.
 */
int smc_clc_recv(struct socket *clc, u8 *buf, size_t buflen, u8 expected,
		 long timeo, struct smc_clc_hdr *hdr)
{
	int rc;

	if (buflen < SMC_CLC_HDR_LEN)
		return -EINVAL;
	WRITE_ONCE(clc->sk->sk_rcvtimeo, timeo);
	rc = smc_clc_read(clc, buf, SMC_CLC_HDR_LEN, MSG_PEEK);
	if (rc)
		return rc;
	if (smc_clc_hdr_decode(buf, SMC_CLC_HDR_LEN, hdr))
		return -EPROTO;
	if (hdr->type != expected && hdr->type != SMC_CLC_DECLINE)
		return -EPROTO;
	if (hdr->length > buflen)
		return -EPROTO;
	rc = smc_clc_read(clc, buf, hdr->length, 0);
	return rc ? rc : hdr->length;
}

/**
 * smc_clc_send() - send one encoded CLC message
 * @clc: the TCP socket
 * @buf: the message
 * @len: its length
 *
 * Return: 0 or a negative errno.
 */
int smc_clc_send(struct socket *clc, const u8 *buf, size_t len)
{
	struct kvec vec = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	int rc;

	rc = kernel_sendmsg(clc, &msg, &vec, 1, len);
	if (rc < 0)
		return rc;
	return rc == len ? 0 : -ECONNRESET;
}

/**
 * smc_clc_send_decline() - tell the peer we will not use SMC
 * @clc: the TCP socket
 * @diag: why, an SMC_CLC_DECL_* code
 * @version: CLC version of the message (1 or 2)
 *
 * %SMC_CLC_DECL_SYNCERR carries the out-of-sync flag: the peer must drop
 * the link group it named.
 *
 * Return: 0 or a negative errno.
 */
int smc_clc_send_decline(struct socket *clc, u32 diag, u8 version)
{
	struct smc_clc_decline_info info = {
		.version = version,
		.out_of_sync = diag == SMC_CLC_DECL_SYNCERR,
		.diag = diag,
		.os_type = SMC_CLC_OS_LINUX,
	};
	u8 buf[SMC_CLC_DECLINE_MAX_LEN];
	int len;

	len = smc_clc_decline_encode(&info, buf, sizeof(buf));
	if (len < 0)
		return len;
	return smc_clc_send(clc, buf, len);
}
