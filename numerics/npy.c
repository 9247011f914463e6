/*
 * npy.c - a strict reader of NumPy .npy files (the NPY format, versions
 * 1.0, 2.0 and 3.0, as numpy.lib.format documents it): little-endian
 * float32 or float64, C order, 1-D or 2-D.  Everything else is refused
 * with a one-line reason; nothing in a file is trusted.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "numerics_impl.h"

/* "\x93NUMPY", then major and minor version bytes. */
static const unsigned char magic[6] = { 0x93, 'N', 'U', 'M', 'P', 'Y' };

/* Bytes of data converted per read when loading a file. */
#define CHUNK_BYTES 65536

/* What the header says. */
struct header {
	size_t data_off;   /* first data byte */
	size_t itemsize;   /* 4 or 8 */
	unsigned ndim;     /* 1 or 2 */
	size_t dims[2];
	size_t count;      /* elements */
	size_t data_bytes; /* count * itemsize */
};

/* A cursor over the header text. */
struct cursor {
	const char *p, *end;
	const char *name;
	struct dse_error *err;
};

/* DSE_EINPUT "name: why". */
static int bad(const struct cursor *c, const char *why)
{
	return dse_error_set(c->err, DSE_EINPUT, "%s: %s", c->name, why);
}

/* Skip spaces (the header's padding and Python's separators). */
static void skip_ws(struct cursor *c)
{
	while (c->p < c->end && *c->p == ' ')
		c->p++;
}

/* Consume character ch after optional spaces; 0 if it is not there. */
static int take(struct cursor *c, char ch)
{
	skip_ws(c);
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 1;
	}
	return 0;
}

/* A quoted string without escapes into buf; -1 if there is none. */
static int string(struct cursor *c, char *buf, size_t len)
{
	char q;
	size_t n = 0;

	skip_ws(c);
	if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
		return -1;
	q = *c->p++;
	while (c->p < c->end && *c->p != q) {
		if (*c->p == '\\' || *c->p == '\n' || n + 1 >= len)
			return -1;
		buf[n++] = *c->p++;
	}
	if (c->p >= c->end)
		return -1;
	c->p++;
	buf[n] = '\0';
	return 0;
}

/* A word of letters (True, False) into buf; -1 if there is none. */
static int word(struct cursor *c, char *buf, size_t len)
{
	size_t n = 0;

	skip_ws(c);
	while (c->p < c->end && ((*c->p >= 'A' && *c->p <= 'Z') ||
				 (*c->p >= 'a' && *c->p <= 'z'))) {
		if (n + 1 >= len)
			return -1;
		buf[n++] = *c->p++;
	}
	buf[n] = '\0';
	return n > 0 ? 0 : -1;
}

/* A decimal dimension; -1 if there is none, -2 if it overflows size_t. */
static int dimension(struct cursor *c, size_t *out)
{
	size_t v = 0;
	int digits = 0;

	skip_ws(c);
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		size_t d = (size_t)(*c->p - '0');

		if (v > (SIZE_MAX - d) / 10)
			return -2;
		v = v * 10 + d;
		c->p++;
		digits++;
	}
	*out = v;
	return digits > 0 ? 0 : -1;
}

/* The descr value: '<f4' or '<f8', with a reason for anything else. */
static int parse_descr(struct cursor *c, struct header *h)
{
	char d[32], why[96];

	if (string(c, d, sizeof d) != 0)
		return bad(c, "header: 'descr' is not a simple dtype string");
	if (strcmp(d, "<f4") == 0 || strcmp(d, "<f8") == 0) {
		h->itemsize = d[2] == '4' ? 4 : 8;
		return DSE_OK;
	}
	if (strcmp(d, ">f4") == 0 || strcmp(d, ">f8") == 0)
		snprintf(why, sizeof why,
			 "dtype '%s' is big-endian (need little-endian '<f4' or '<f8')",
			 d);
	else
		snprintf(why, sizeof why,
			 "dtype '%.16s' is not float32 or float64 ('<f4' or '<f8')",
			 d);
	return bad(c, why);
}

/* The fortran_order value: False (C order) only. */
static int parse_order(struct cursor *c)
{
	char w[8];

	if (word(c, w, sizeof w) != 0 ||
	    (strcmp(w, "True") != 0 && strcmp(w, "False") != 0))
		return bad(c, "header: 'fortran_order' is not True or False");
	if (strcmp(w, "True") == 0)
		return bad(c, "Fortran order (column-major) is not supported: save it in C order");
	return DSE_OK;
}

/* The shape tuple: one or two dimensions. */
static int parse_shape(struct cursor *c, struct header *h)
{
	size_t d;
	unsigned n = 0;
	int rc;

	int comma = 0;

	if (!take(c, '('))
		return bad(c, "header: 'shape' is not a tuple");
	while (!take(c, ')')) {
		if (n > 0 && !comma)
			return bad(c, "header: 'shape' is not a tuple of whole numbers");
		rc = dimension(c, &d);
		if (rc == -2)
			return bad(c, "header: a dimension of 'shape' overflows");
		if (rc != 0)
			return bad(c, "header: 'shape' is not a tuple of whole numbers");
		if (n == 2)
			return bad(c, "shape has more than 2 dimensions (need 1-D or 2-D)");
		h->dims[n++] = d;
		comma = take(c, ',');
	}
	if (n == 0)
		return bad(c, "shape () is a 0-D scalar (need 1-D or 2-D)");
	/* Python: (3) is a number, (3,) a tuple */
	if (n == 1 && !comma)
		return bad(c, "header: 'shape' is not a tuple of whole numbers");
	h->ndim = n;
	return DSE_OK;
}

/* The dictionary: 'descr', 'fortran_order', 'shape', each exactly once. */
static int parse_dict(struct cursor *c, struct header *h)
{
	static const char *const keys[] = { "descr", "fortran_order", "shape" };
	int seen[3] = { 0, 0, 0 }, comma = 0, i_entry = 0;
	char key[32], why[96];
	size_t i;
	int rc;

	if (!take(c, '{'))
		return bad(c, "header: not a Python dictionary");
	while (!take(c, '}')) {
		if (i_entry++ > 0 && !comma)
			return bad(c, "header: expected ',' or '}'");
		if (string(c, key, sizeof key) != 0 || !take(c, ':'))
			return bad(c, "header: expected 'key': value");
		for (i = 0; i < 3 && strcmp(key, keys[i]) != 0; i++)
			;
		if (i == 3 || seen[i]) {
			snprintf(why, sizeof why, "header: %s key '%.20s'",
				 i == 3 ? "unknown" : "repeated", key);
			return bad(c, why);
		}
		seen[i] = 1;
		rc = i == 0 ? parse_descr(c, h) :
		     i == 1 ? parse_order(c) : parse_shape(c, h);
		if (rc != DSE_OK)
			return rc;
		comma = take(c, ',');
	}
	for (i = 0; i < 3; i++)
		if (!seen[i]) {
			snprintf(why, sizeof why, "header: no '%s'", keys[i]);
			return bad(c, why);
		}
	skip_ws(c);
	if (c->p + 1 != c->end || *c->p != '\n')
		return bad(c, "header: garbage after the dictionary (it must end in a newline)");
	return DSE_OK;
}

/* Magic, version, header length and dictionary of buf[0..len). */
static int parse_header(const unsigned char *buf, size_t len, const char *name,
			struct header *h, struct dse_error *err)
{
	struct cursor c = { NULL, NULL, name, err };
	size_t hlen, pre, i, max_count;
	char why[96];
	int rc;

	memset(h, 0, sizeof *h);
	if (len < 10 || memcmp(buf, magic, sizeof magic) != 0)
		return bad(&c, "not a .npy file (bad magic)");
	if (buf[6] < 1 || buf[6] > 3 || buf[7] != 0) {
		snprintf(why, sizeof why, "unsupported .npy version %u.%u (1.0, 2.0, 3.0)",
			 buf[6], buf[7]);
		return bad(&c, why);
	}
	if (buf[6] == 1) {
		pre = 10;
		hlen = (size_t)buf[8] | (size_t)buf[9] << 8;
	} else {
		if (len < 12)
			return bad(&c, "truncated header");
		pre = 12;
		hlen = (size_t)buf[8] | (size_t)buf[9] << 8 |
		       (size_t)buf[10] << 16 | (size_t)buf[11] << 24;
	}
	if (hlen > DSE_NPY_HEADER_MAX) {
		snprintf(why, sizeof why, "header of %zu bytes (more than %d)",
			 hlen, DSE_NPY_HEADER_MAX);
		return bad(&c, why);
	}
	if (len < pre + hlen)
		return bad(&c, "truncated header");
	for (i = pre; i < pre + hlen; i++)
		if ((buf[i] < 0x20 && buf[i] != '\n') || buf[i] > 0x7e)
			return bad(&c, "header: not printable ASCII");
	c.p = (const char *)buf + pre;
	c.end = c.p + hlen;
	rc = parse_dict(&c, h);
	if (rc != DSE_OK)
		return rc;
	h->data_off = pre + hlen;
	h->count = h->dims[0];
	max_count = SIZE_MAX / h->itemsize;
	if (h->ndim == 2) {
		if (h->dims[1] != 0 && h->dims[0] > max_count / h->dims[1])
			return bad(&c, "shape overflows: more elements than memory can address");
		h->count *= h->dims[1];
	}
	if (h->count > max_count)
		return bad(&c, "shape overflows: more elements than memory can address");
	if (h->count == 0)
		return bad(&c, "the array has no elements");
	if (h->count > DSE_NUMERICS_ELEMENTS_MAX) {
		snprintf(why, sizeof why, "%zu elements (more than %lu)", h->count,
			 DSE_NUMERICS_ELEMENTS_MAX);
		return bad(&c, why);
	}
	h->data_bytes = h->count * h->itemsize;
	return DSE_OK;
}

/* DSE_EINPUT unless the data after the header is exactly what it needs. */
static int check_size(const struct header *h, size_t total, const char *name,
		      struct dse_error *err)
{
	size_t have = total - h->data_off;

	if (have < h->data_bytes)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: truncated data: %zu bytes, the shape needs %zu",
				     name, have, h->data_bytes);
	if (have > h->data_bytes)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %zu bytes after the data", name,
				     have - h->data_bytes);
	return DSE_OK;
}

/* Decode n little-endian values of itemsize bytes into x (any host order). */
static int decode(const unsigned char *p, size_t n, size_t itemsize,
		  size_t first, double *x, const char *name,
		  struct dse_error *err)
{
	size_t i;
	int b;

	for (i = 0; i < n; i++, p += itemsize) {
		uint64_t bits = 0;

		for (b = (int)itemsize - 1; b >= 0; b--)
			bits = bits << 8 | p[b];
		if (itemsize == 4) {
			uint32_t w = (uint32_t)bits;
			float f;

			memcpy(&f, &w, sizeof f);
			x[i] = f;
		} else {
			memcpy(&x[i], &bits, sizeof x[i]);
		}
		if (!isfinite(x[i]))
			return dse_error_set(err, DSE_EINPUT,
					     "%s: element %zu is not finite",
					     name, first + i);
	}
	return DSE_OK;
}

/* A tensor with room for h's elements, named name. */
static int tensor_new(const struct header *h, const char *name,
		      struct dse_tensor **out, struct dse_error *err)
{
	struct dse_tensor *t = calloc(1, sizeof *t);

	if (t) {
		t->ndim = h->ndim;
		t->rows = h->ndim == 1 ? 1 : h->dims[0];
		t->cols = h->ndim == 1 ? h->dims[0] : h->dims[1];
		t->data = malloc(h->count * sizeof *t->data);
		t->name = strdup(name);
	}
	if (t == NULL || t->data == NULL || t->name == NULL) {
		dse_numerics_tensor_free(t);
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", name);
	}
	*out = t;
	return DSE_OK;
}

/* Release a tensor. */
void dse_numerics_tensor_free(struct dse_tensor *t)
{
	if (t == NULL)
		return;
	free(t->data);
	free(t->name);
	free(t);
}

/* Parse a whole .npy file held in memory. */
int dse_numerics_npy_parse(const void *buf, size_t len, const char *name,
			   struct dse_tensor **out, struct dse_error *err)
{
	const unsigned char *b = buf;
	struct dse_tensor *t;
	struct header h;
	int rc = parse_header(b, len, name, &h, err);

	if (rc == DSE_OK)
		rc = check_size(&h, len, name, err);
	if (rc == DSE_OK)
		rc = tensor_new(&h, name, &t, err);
	if (rc != DSE_OK)
		return rc;
	rc = decode(b + h.data_off, h.count, h.itemsize, 0, t->data, name, err);
	if (rc != DSE_OK) {
		dse_numerics_tensor_free(t);
		return rc;
	}
	*out = t;
	return DSE_OK;
}

/* Read the data of f (positioned after the header) into t, chunk by chunk. */
static int read_data(FILE *f, const struct header *h, struct dse_tensor *t,
		     const char *path, struct dse_error *err)
{
	unsigned char chunk[CHUNK_BYTES];
	size_t per = CHUNK_BYTES / h->itemsize, done = 0;
	int rc = DSE_OK;

	while (rc == DSE_OK && done < h->count) {
		size_t n = h->count - done < per ? h->count - done : per;

		if (fread(chunk, h->itemsize, n, f) != n)
			return dse_error_set(err, ferror(f) ? DSE_EIO : DSE_EINPUT,
					     "%s: %s", path, ferror(f) ?
					     strerror(errno) : "truncated data");
		rc = decode(chunk, n, h->itemsize, done, t->data + done, path, err);
		done += n;
	}
	return rc;
}

/* Read and check a .npy file, its size against the header first. */
int dse_numerics_npy_read(const char *path, struct dse_tensor **out,
			  struct dse_error *err)
{
	unsigned char head[12 + DSE_NPY_HEADER_MAX];
	struct dse_tensor *t = NULL;
	struct header h;
	struct stat st;
	size_t got;
	FILE *f;
	int rc;

	if (stat(path, &st) != 0)
		return dse_error_set(err, DSE_EINPUT, "%s: %s", path,
				     strerror(errno));
	if (!S_ISREG(st.st_mode))
		return dse_error_set(err, DSE_EINPUT, "%s: not a regular file",
				     path);
	f = fopen(path, "rb");
	if (f == NULL)
		return dse_error_set(err, DSE_EINPUT, "%s: %s", path,
				     strerror(errno));
	got = fread(head, 1, sizeof head, f);
	rc = ferror(f) ? dse_error_set(err, DSE_EIO, "%s: %s", path,
				       strerror(errno)) :
			 parse_header(head, got, path, &h, err);
	if (rc == DSE_OK)
		rc = check_size(&h, (size_t)st.st_size, path, err);
	if (rc == DSE_OK && fseek(f, (long)h.data_off, SEEK_SET) != 0)
		rc = dse_error_set(err, DSE_EIO, "%s: %s", path, strerror(errno));
	if (rc == DSE_OK)
		rc = tensor_new(&h, path, &t, err);
	if (rc == DSE_OK)
		rc = read_data(f, &h, t, path, err);
	fclose(f);
	if (rc != DSE_OK) {
		dse_numerics_tensor_free(t);
		return rc;
	}
	*out = t;
	return DSE_OK;
}
