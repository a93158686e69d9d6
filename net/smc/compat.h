/* SPDX-License-Identifier: GPL-2.0 */
/* compat.h - the one place where kernel versions differ for af_smc.
 *
 * Force-included into every object (see Kbuild). The COMPAT_* macros are
 * feature names; Kbuild defines them by probing the headers of the kernel
 * being built against, so a distribution backport is detected too. The
 * code tests these macros, never a version number.
 *
 * COMPAT_ACCEPT_ARG
 *	proto_ops->accept() takes a struct proto_accept_arg (flags, kern,
 *	err, is_empty) instead of separate flags and kern arguments.
 *	Linux 6.10 and later.
 * COMPAT_HAVE_SENDPAGE
 *	proto_ops->sendpage() exists: sendfile() and splice() to a socket
 *	call it. Linux 6.4 and earlier.
 * COMPAT_HAVE_SPLICE_EOF
 *	proto_ops->splice_eof() exists, called when a splice to the socket
 *	ends (Linux 6.5; Debian's 6.1 has it too, next to sendpage).
 * COMPAT_HAVE_CUSTOM_SOCKOPT
 *	A socket flagged SOCK_CUSTOM_SOCKOPT gets setsockopt(SOL_SOCKET) in
 *	proto_ops->setsockopt() instead of the generic sk_setsockopt()
 *	(Linux 6.2).
 * COMPAT_HAVE_NET_SYSCTL_SZ
 *	register_net_sysctl_sz() takes the table's size; register_net_sysctl()
 *	became a macro that needs an array (Linux 6.6). Before, the table
 *	ends with an empty entry.
 * COMPAT_HAVE_IPV6_PINFO_OFFSET
 *	struct proto has ipv6_pinfo_offset: where inet6_create() finds the
 *	ipv6_pinfo of a new sock (Linux 6.8); before, it is the object's end.
 * COMPAT_CONST_CTL_TABLE
 *	A sysctl proc_handler gets a const struct ctl_table (Linux 6.11);
 *	SMC_CTL_TABLE_CONST expands to const there, to nothing before.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_COMPAT_H
#define _AF_SMC_COMPAT_H

#ifdef COMPAT_CONST_CTL_TABLE
#define SMC_CTL_TABLE_CONST const
#else
#define SMC_CTL_TABLE_CONST
#endif

#endif /* _AF_SMC_COMPAT_H */
