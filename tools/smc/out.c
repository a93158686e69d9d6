// SPDX-License-Identifier: GPL-2.0
/*
 * out.c - print objects as "key value" lines (text, in the style of
 * iproute2) or as JSON. Decoders call the same functions for both.
 *
 * Text: every top-level object is one line; a nested object continues on
 * its own indented line.
 * JSON: a list is an array, an object an object; keys are written as given.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <inttypes.h>
#include <string.h>

#include "smc.h"

#define MAX_DEPTH	15

void out_init(struct out *o, FILE *f, bool json, bool pretty)
{
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->json = json;
	o->pretty = pretty;
	o->first[0] = true;
}

void out_json_escape(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch > 0x7e)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void json_sep(struct out *o)
{
	if (!o->first[o->depth])
		fputc(',', o->f);
	o->first[o->depth] = false;
	if (o->pretty) {
		fputc('\n', o->f);
		for (int i = 0; i < o->depth; i++)
			fputs("  ", o->f);
	}
}

static void json_key(struct out *o, const char *key)
{
	json_sep(o);
	if (key) {
		out_json_escape(o->f, key);
		fputs(o->pretty ? ": " : ":", o->f);
	}
}

static void json_push(struct out *o, char ch)
{
	fputc(ch, o->f);
	if (o->depth < MAX_DEPTH)
		o->depth++;
	o->first[o->depth] = true;
}

static void json_pop(struct out *o, char ch)
{
	bool empty = o->first[o->depth];

	if (o->depth > 0)
		o->depth--;
	if (o->pretty && !empty) {
		fputc('\n', o->f);
		for (int i = 0; i < o->depth; i++)
			fputs("  ", o->f);
	}
	fputc(ch, o->f);
}

/* text: before a field, a separator or the indentation of a new line */
static void text_field(struct out *o)
{
	if (o->line_open) {
		fputc(' ', o->f);
	} else {
		for (int i = 1; i < o->depth; i++)
			fputs("    ", o->f);
		o->line_open = true;
	}
}

void out_newline(struct out *o)
{
	if (o->json || !o->line_open)
		return;
	fputc('\n', o->f);
	o->line_open = false;
}

void out_list_begin(struct out *o)
{
	if (o->json)
		json_push(o, '[');
}

void out_list_end(struct out *o)
{
	if (o->json) {
		json_pop(o, ']');
		if (o->depth == 0)
			fputc('\n', o->f);
	}
}

void out_obj_begin(struct out *o, const char *key)
{
	if (o->json) {
		json_key(o, key);
		json_push(o, '{');
		return;
	}
	if (key) {
		out_newline(o);
		o->depth++;
		text_field(o);
		fprintf(o->f, "%s:", key);
		return;
	}
	out_newline(o);
	o->depth++;
}

void out_obj_end(struct out *o)
{
	if (o->json) {
		json_pop(o, '}');
		if (o->depth == 0)
			fputc('\n', o->f);
		return;
	}
	out_newline(o);
	if (o->depth > 0)
		o->depth--;
}

void out_str(struct out *o, const char *key, const char *v)
{
	if (o->json) {
		json_key(o, key);
		out_json_escape(o->f, v);
		return;
	}
	text_field(o);
	/* an empty value would shift every later column */
	fprintf(o->f, "%s %s", key, *v ? v : "-");
}

void out_u64(struct out *o, const char *key, uint64_t v)
{
	if (o->json) {
		json_key(o, key);
		fprintf(o->f, "%" PRIu64, v);
		return;
	}
	text_field(o);
	fprintf(o->f, "%s %" PRIu64, key, v);
}

void out_hex(struct out *o, const char *key, uint64_t v, int width)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%0*" PRIx64, width, v);
	out_str(o, key, buf);
}

void out_bool(struct out *o, const char *key, bool v)
{
	if (o->json) {
		json_key(o, key);
		fputs(v ? "true" : "false", o->f);
		return;
	}
	text_field(o);
	fprintf(o->f, "%s %s", key, v ? "yes" : "no");
}
