/*
 * npy.c - design points as a NumPy structured array (.npy format 1.0):
 * one named field per column of the field table, numbers as
 * little-endian float64, strings as fixed-width bytes, booleans as bool.
 * Written as a stream: the header reserves room for the count, which is
 * filled in when the writer is closed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dse_output.h"

/* Bytes of a string field (names are shorter; longer ones are cut). */
#define NPY_STRING_BYTES 32
/* Digits reserved for the count in the header's shape. */
#define COUNT_DIGITS 20
/* The header (magic to newline) is padded to a multiple of this. */
#define NPY_ALIGN 64

struct dse_npy_writer {
	FILE *f;
	long count_at;        /* file offset of the count's digits */
	uint64_t count;
	size_t nfields, record;
	const struct dse_field *fields;
	unsigned char *buf;   /* one record */
};

/* Bytes one field takes in a record. */
static size_t field_bytes(const struct dse_field *f)
{
	switch (f->kind) {
	case DSE_FIELD_STRING: return NPY_STRING_BYTES;
	case DSE_FIELD_BOOL: return 1;
	default: return 8;
	}
}

/* NumPy's type string of a field. */
static const char *field_descr(const struct dse_field *f)
{
	switch (f->kind) {
	case DSE_FIELD_STRING: return "|S32";
	case DSE_FIELD_BOOL: return "|b1";
	default: return "<f8";
	}
}

/* v as 8 little-endian bytes of an IEEE double at out. */
static void put_f8(unsigned char *out, double v)
{
	uint64_t bits;
	int i;

	memcpy(&bits, &v, sizeof bits);
	for (i = 0; i < 8; i++)
		out[i] = (unsigned char)(bits >> (8 * i));
}

/* Start points.npy on f: the header with room for the count. */
int dse_npy_open(FILE *f, struct dse_npy_writer **out, struct dse_error *err)
{
	struct dse_npy_writer *w = calloc(1, sizeof *w);
	char *dict = NULL;
	size_t cap = 256, len = 0, i, total, pad;
	int rc = DSE_OK;

	if (w == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	w->f = f;
	w->fields = dse_fields(&w->nfields);
	for (i = 0; i < w->nfields; i++) {
		w->record += field_bytes(&w->fields[i]);
		cap += strlen(w->fields[i].key) + 16;
	}
	dict = malloc(cap);
	w->buf = malloc(w->record);
	if (dict == NULL || w->buf == NULL) {
		free(dict);
		dse_npy_free(w);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	len = (size_t)snprintf(dict, cap, "{'descr': [");
	for (i = 0; i < w->nfields; i++) /* keys are [a-z0-9_]: no quoting */
		len += (size_t)snprintf(dict + len, cap - len, "%s('%s', '%s')",
					i ? ", " : "", w->fields[i].key,
					field_descr(&w->fields[i]));
	len += (size_t)snprintf(dict + len, cap - len,
				"], 'fortran_order': False, 'shape': (");
	w->count_at = (long)(10 + len);
	len += (size_t)snprintf(dict + len, cap - len, "%*s,), }", COUNT_DIGITS, "0");
	/* magic (6), version (2), header length (2), dict, spaces, newline */
	total = 10 + len + 1;
	pad = (NPY_ALIGN - total % NPY_ALIGN) % NPY_ALIGN;
	if (len + pad + 1 > 65535) {
		rc = dse_error_set(err, DSE_ENOMEM, "points.npy: header too long");
	} else {
		unsigned hl = (unsigned)(len + pad + 1);
		unsigned char head[10] = { 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
					   (unsigned char)(hl & 0xff),
					   (unsigned char)(hl >> 8) };

		if (fwrite(head, 1, 10, f) != 10 || fwrite(dict, 1, len, f) != len ||
		    fprintf(f, "%*s\n", (int)pad, "") < 0)
			rc = dse_error_set(err, DSE_EIO, "write failed");
	}
	free(dict);
	if (rc != DSE_OK) {
		dse_npy_free(w);
		return rc;
	}
	*out = w;
	return DSE_OK;
}

/* Append one design as a record. */
int dse_npy_point(struct dse_npy_writer *w, const struct dse_point *p)
{
	unsigned char *o = w->buf;
	size_t i;

	for (i = 0; i < w->nfields; i++) {
		const struct dse_field *f = &w->fields[i];

		switch (f->kind) {
		case DSE_FIELD_STRING:
			memset(o, 0, NPY_STRING_BYTES);
			strncpy((char *)o, f->string(p), NPY_STRING_BYTES);
			o += NPY_STRING_BYTES;
			break;
		case DSE_FIELD_BOOL:
			*o++ = f->number(p) != 0;
			break;
		default:
			put_f8(o, f->number(p));
			o += 8;
		}
	}
	if (fwrite(w->buf, 1, w->record, w->f) != w->record)
		return DSE_EIO;
	w->count++;
	return DSE_OK;
}

/* Write the count into the header's shape; the file stays open. */
int dse_npy_finish(struct dse_npy_writer *w)
{
	char digits[COUNT_DIGITS + 1];
	long end = ftell(w->f);

	snprintf(digits, sizeof digits, "%*llu", COUNT_DIGITS,
		 (unsigned long long)w->count);
	if (end < 0 || fseek(w->f, w->count_at, SEEK_SET) != 0 ||
	    fwrite(digits, 1, COUNT_DIGITS, w->f) != COUNT_DIGITS ||
	    fseek(w->f, end, SEEK_SET) != 0)
		return DSE_EIO;
	return DSE_OK;
}

/* Release the writer (not its file); NULL is a no-op. */
void dse_npy_free(struct dse_npy_writer *w)
{
	if (w == NULL)
		return;
	free(w->buf);
	free(w);
}
