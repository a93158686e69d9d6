// SPDX-License-Identifier: GPL-2.0
/*
 * smc_opt.bpf.c - put the SMC experimental TCP option on SYNs and SYN-ACKs.
 *
 * A BPF_PROG_TYPE_SOCK_OPS program for one cgroup v2 (smc_opt_cg attaches
 * it). A plain TCP socket of that cgroup then announces SMC in its TCP
 * handshake as an AF_SMC socket would (SMC-R.md section 1: kind 254,
 * length 6, magic E2 D4 C3 D9), so a user-space program can talk CLC to
 * af_smc: as a client (the option on its SYN) or as a server (on the
 * SYN-ACKs of its listener). The kernel pads the option to 8 bytes with
 * NOPs, as Linux's own SMC option is sent.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TCP_FLAG_SYN	0x02	/* in skb_tcp_flags */

SEC("sockops")
int smc_opt_sockops(struct bpf_sock_ops *skops)
{
	/* kind 254, length 6, magic E2 D4 C3 D9; volatile keeps clang from
	 * copying it from .rodata, so the program needs no map
	 */
	volatile __u8 opt[6];

	switch (skops->op) {
	case BPF_SOCK_OPS_TCP_CONNECT_CB:	/* before the SYN is built */
	case BPF_SOCK_OPS_TCP_LISTEN_CB:	/* SYN-ACKs: the listener's flags */
		bpf_sock_ops_cb_flags_set(skops,
					  skops->bpf_sock_ops_cb_flags |
					  BPF_SOCK_OPS_WRITE_HDR_OPT_CB_FLAG);
		break;
	case BPF_SOCK_OPS_HDR_OPT_LEN_CB:
		if (skops->skb_tcp_flags & TCP_FLAG_SYN)
			bpf_reserve_hdr_opt(skops, sizeof(opt), 0);
		break;
	case BPF_SOCK_OPS_WRITE_HDR_OPT_CB:
		if (!(skops->skb_tcp_flags & TCP_FLAG_SYN))
			break;
		opt[0] = 254;
		opt[1] = 6;
		opt[2] = 0xe2;
		opt[3] = 0xd4;
		opt[4] = 0xc3;
		opt[5] = 0xd9;
		bpf_store_hdr_opt(skops, (void *)opt, sizeof(opt), 0);
		break;
	}
	return 1;
}

char _license[] SEC("license") = "GPL";
