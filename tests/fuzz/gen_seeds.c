// SPDX-License-Identifier: GPL-2.0
/*
 * gen_seeds.c - write the seed corpora of the fuzz targets.
 *
 *   gen_seeds OUTDIR VECTORDIR
 *
 * Encodes a spread of messages with the codecs under test (every message
 * type and version, the optional parts on and off, lists empty and full)
 * into OUTDIR/{clc,llc,cdc}/, and adds the hand-written vectors.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "clc_wire.h"
#include "llc_wire.h"
#include "cdc_wire.h"

static const char *outdir;
static unsigned int nseeds;

static void put(const char *target, const char *name, const u8 *buf, int len)
{
	char path[512];
	FILE *f;

	if (len <= 0) {
		fprintf(stderr, "gen_seeds: encoding %s/%s failed: %d\n",
			target, name, len);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", outdir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, (size_t)len, f) != (size_t)len ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
	nseeds++;
}

static void clc_seeds(void)
{
	static const u8 types[][2] = { { 0, 2 }, { 0, 0 }, { 2, 0 }, { 3, 3 },
				       { 1, 1 }, { 2, 2 }, { 0, 1 } };
	struct smc_clc_proposal_info p;
	struct smc_clc_accept_info a;
	struct smc_clc_decline_info d;
	unsigned int i, v, k;
	u8 buf[SMC_CLC_PROPOSAL_MAX_LEN + 512];
	char name[64];

	for (v = 1; v <= 2; v++) {
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			for (k = 0; k <= 8; k += 4) {
				memset(&p, 0x11 * (k + 1), sizeof(p));
				p.version = (u8)v;
				p.typev1 = types[i][0];
				p.typev2 = types[i][1];
				if (v == 1 && p.typev1 == SMC_CLC_TYPE_N)
					continue;
				p.iparea_offset = v == 1 ? (u16)(k * 5) : 0;
				p.ipv4_prefix_len = 24;
				p.ipv6_cnt = (u8)k;
				for (unsigned int j = 0; j < 8; j++)
					p.ipv6[j].len = 64;
				p.release = 1;
				p.seid_flag = k & 4;
				p.eid_cnt = (u8)k;
				p.ism_gid_cnt = (u8)k;
				snprintf(name, sizeof(name), "prop-v%u-%u%u-%u",
					 v, p.typev1, p.typev2, k);
				put("clc", name, buf,
				    smc_clc_proposal_encode(&p, buf,
							    sizeof(buf)));
			}
		}
	}
	for (v = 1; v <= 2; v++) {
		for (i = 0; i < 4; i++) {
			memset(&a, 0x5a, sizeof(a));
			a.type = i & 1 ? SMC_CLC_CONFIRM : SMC_CLC_ACCEPT;
			a.version = (u8)v;
			a.first_contact = i & 2;
			a.qpn &= 0xffffff;
			a.psn &= 0xffffff;
			a.rmbe_size = 5;
			a.qp_mtu = 4;
			a.fce.v2_direct = true;
			a.fce.os_type = SMC_CLC_OS_LINUX;
			a.fce.release = 1;
			a.gid_cnt = 2;
			snprintf(name, sizeof(name), "acc-v%u-%u", v, i);
			put("clc", name, buf,
			    smc_clc_accept_encode(&a, buf, sizeof(buf)));
		}
	}
	for (v = 1; v <= 2; v++) {
		memset(&d, 0, sizeof(d));
		d.version = (u8)v;
		d.out_of_sync = v == 2;
		d.diag = v == 2 ? SMC_CLC_DECL_SYNCERR : SMC_CLC_DECL_NOSMCDEV;
		d.os_type = SMC_CLC_OS_LINUX;
		snprintf(name, sizeof(name), "decl-v%u", v);
		put("clc", name, buf, smc_clc_decline_encode(&d, buf,
							     sizeof(buf)));
	}
}

static void llc_seeds(void)
{
	static struct smc_llc_rkey_pair pairs[16];
	static u8 gids[4][16];
	static u32 rkeys[32];
	static u8 buf[SMC_LLC_V2_MAX_LEN];
	struct smc_llc_msg m;
	unsigned int t, v, k;
	char name[64];
	int n;

	memset(pairs, 0x21, sizeof(pairs));
	memset(gids, 0x31, sizeof(gids));
	memset(rkeys, 0x41, sizeof(rkeys));
	for (t = 1; t <= 9; t++) {
		for (v = 1; v <= 2; v++) {
			for (k = 0; k < 3; k++) {
				memset(&m, 0, sizeof(m));
				m.type = (u8)t;
				m.version = (u8)v;
				m.flags = k == 1 ? SMC_LLC_FLAG_RESP : 0;
				m.confirm_link.link_num = 1;
				m.add_link.has_v2_ext = k > 0;
				m.add_link.num_rkeys = (u16)(k * 8);
				m.add_link.rkeys = pairs;
				if (t == SMC_LLC_REQ_ADD_LINK) {
					m.req_add_link.gid_cnt = (u8)k;
					m.req_add_link.gids = &gids[0][0];
				}
				if (t == SMC_LLC_DELETE_RKEY) {
					m.delete_rkey.num_rkeys =
						(u8)(v == 1 ? k * 4 : k * 16);
					m.delete_rkey.rkeys = k == 1 ? NULL :
							      rkeys;
				}
				n = smc_llc_encode(&m, buf, sizeof(buf));
				if (n == -EINVAL)
					continue;	/* no such message */
				snprintf(name, sizeof(name), "llc-%u-v%u-%u",
					 t, v, k);
				put("llc", name, buf, n);
			}
		}
	}
}

static void cdc_seeds(void)
{
	struct smc_cdc_msg m;
	unsigned int i;
	u8 buf[SMC_CDC_MSG_LEN];
	char name[64];

	for (i = 0; i < 4; i++) {
		memset(&m, 0, sizeof(m));
		m.seqno = (u16)(i * 0x5555);
		m.token = 0x1000 + i * 0x11;
		m.prod.wrap = (u16)(0xffff + i);
		m.prod.count = i * 1000;
		m.cons.wrap = (u16)(0xfffe + i);
		m.cons.count = i * 3000;
		m.prod_flags = (u8)(0x80 >> i);
		m.conn_flags = (u8)(0x80 >> i);
		snprintf(name, sizeof(name), "cdc-%u", i);
		put("cdc", name, buf, smc_cdc_encode(&m, buf, sizeof(buf)));
	}
}

/* the hand-written vectors, converted from hex */
static void vector_seeds(const char *vecdir)
{
	static u8 buf[SMC_LLC_V2_MAX_LEN];
	char path[512], target[4];
	struct dirent *de;
	int c, hi, len;
	DIR *dir;
	FILE *f;

	dir = opendir(vecdir);
	if (!dir) {
		perror(vecdir);
		exit(1);
	}
	while ((de = readdir(dir))) {
		size_t nl = strlen(de->d_name);

		if (nl < 8 || strcmp(de->d_name + nl - 4, ".hex"))
			continue;
		memcpy(target, de->d_name, 3);
		target[3] = 0;
		snprintf(path, sizeof(path), "%s/%s", vecdir, de->d_name);
		f = fopen(path, "r");
		if (!f) {
			perror(path);
			exit(1);
		}
		len = 0;
		hi = -1;
		while ((c = fgetc(f)) != EOF && len < (int)sizeof(buf)) {
			int d;

			if (c == '#') {
				while ((c = fgetc(f)) != EOF && c != '\n')
					;
				continue;
			}
			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else
				continue;
			if (hi < 0) {
				hi = d;
			} else {
				buf[len++] = (u8)(hi << 4 | d);
				hi = -1;
			}
		}
		fclose(f);
		de->d_name[nl - 4] = 0;
		put(target, de->d_name, buf, len);
	}
	closedir(dir);
}

int main(int argc, char **argv)
{
	static const char * const targets[] = { "clc", "llc", "cdc" };
	char path[512];
	unsigned int i;

	if (argc != 3) {
		fprintf(stderr, "usage: %s OUTDIR VECTORDIR\n", argv[0]);
		return 2;
	}
	outdir = argv[1];
	mkdir(outdir, 0755);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, targets[i]);
		mkdir(path, 0755);
	}
	clc_seeds();
	llc_seeds();
	cdc_seeds();
	vector_seeds(argv[2]);
	printf("gen_seeds: %u seeds in %s\n", nseeds, outdir);
	return 0;
}
