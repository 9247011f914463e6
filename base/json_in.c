/* json_in.c - reading and validating JSON input files. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_base.h"

/* Largest input file read, bytes: parameter files are a few kB. */
#define JSON_FILE_MAX (64L << 20)

/* A whole file (at most JSON_FILE_MAX bytes) in a NUL-terminated heap buffer. */
int dse_file_read(const char *path, char **out, size_t *out_len,
		  struct dse_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (f == NULL) /* a missing or unreadable input is bad input data */
		return dse_error_set(err, DSE_EINPUT, "%s: %s", path,
				     strerror(errno));
	do {
		if (cap - len < 4096) {
			char *nbuf;

			cap = cap ? cap * 2 : 8192;
			if ((long)cap > JSON_FILE_MAX) {
				free(buf);
				fclose(f);
				return dse_error_set(err, DSE_EINPUT,
						     "%s: file larger than %ld bytes",
						     path, JSON_FILE_MAX);
			}
			nbuf = realloc(buf, cap + 1);
			if (nbuf == NULL) {
				free(buf);
				fclose(f);
				return dse_error_set(err, DSE_ENOMEM,
						     "%s: out of memory", path);
			}
			buf = nbuf;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	if (ferror(f)) { /* a folder, or a device that will not read */
		int rc = dse_error_set(err, DSE_EINPUT, "%s: cannot read: %s",
				       path, strerror(errno));

		free(buf);
		fclose(f);
		return rc;
	}
	fclose(f);
	if (buf == NULL) {
		buf = malloc(1);
		if (buf == NULL)
			return dse_error_set(err, DSE_ENOMEM,
					     "%s: out of memory", path);
	}
	buf[len] = '\0';
	*out = buf;
	if (out_len)
		*out_len = len;
	return DSE_OK;
}

/* Line and column (from 1) of position end in text. */
static void line_col(const char *text, const char *end, long *line, long *col)
{
	const char *p;

	*line = 1;
	*col = 1;
	for (p = text; p < end; p++) {
		if (*p == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

/* Parse len bytes of text; a syntax error is reported at its line and column. */
int dse_json_parse(const char *text, size_t len, const char *file,
		   struct cJSON **out, struct dse_error *err)
{
	const char *end = NULL, *nul = memchr(text, '\0', len);
	long line, col;
	cJSON *root;

	if (nul != NULL) { /* cJSON would skip a NUL as white space */
		line_col(text, nul, &line, &col);
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%ld:%ld: NUL byte: not a JSON text", file,
				     line, col);
	}
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	/* nothing but white space may follow the value */
	if (root != NULL && end != NULL) {
		while (end < text + len && strchr(" \t\r\n", *end))
			end++;
		if (end < text + len) {
			cJSON_Delete(root);
			root = NULL;
		}
	}
	if (root != NULL) {
		*out = root;
		return DSE_OK;
	}
	if (end == NULL || end < text || end > text + len)
		end = text;
	line_col(text, end, &line, &col);
	return dse_error_set(err, DSE_EINPUT, "%s:%ld:%ld: malformed JSON",
			     file, line, col);
}

/* Read and parse the file at path. */
int dse_json_read_file(const char *path, struct cJSON **out,
		       struct dse_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc = dse_file_read(path, &text, &len, err);

	if (rc != DSE_OK)
		return rc;
	rc = dse_json_parse(text, len, path, out, err);
	free(text);
	return rc;
}

/* "." to join where to a key, or "" when where is empty. */
static const char *dot(const char *where)
{
	return where && *where ? "." : "";
}

/* Reject a non-object, an unknown or repeated key and, if required, a missing one. */
int dse_json_check_keys(const struct cJSON *obj, const char *const *known,
			int required, const char *file, const char *where,
			struct dse_error *err)
{
	const cJSON *item, *other;
	const char *const *k;

	if (!cJSON_IsObject(obj))
		return dse_error_set(err, DSE_EINPUT, "%s: %s: expected an object",
				     file, where && *where ? where : "top level");
	cJSON_ArrayForEach(item, obj) {
		for (k = known; *k; k++)
			if (strcmp(*k, item->string) == 0)
				break;
		if (*k == NULL)
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s%s%s: unknown key", file,
					     where ? where : "", dot(where),
					     item->string);
		for (other = item->next; other; other = other->next)
			if (strcmp(other->string, item->string) == 0)
				return dse_error_set(err, DSE_EINPUT,
						     "%s: %s%s%s: key repeated",
						     file, where ? where : "",
						     dot(where), item->string);
	}
	if (required)
		for (k = known; *k; k++)
			if (!cJSON_HasObjectItem(obj, *k))
				return dse_error_set(err, DSE_EINPUT,
						     "%s: %s%s%s: missing key",
						     file, where ? where : "",
						     dot(where), *k);
	return DSE_OK;
}

/* obj[key] as a finite number in range; absent is fine when optional. */
int dse_json_number(const struct cJSON *obj, const char *key, double lo,
		    int lo_open, double hi, int optional, const char *file,
		    const char *where, double *out, struct dse_error *err)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *w = where ? where : "";
	double v;

	if (item == NULL) {
		if (optional)
			return DSE_OK;
		return dse_error_set(err, DSE_EINPUT, "%s: %s%s%s: missing key",
				     file, w, dot(where), key);
	}
	if (!cJSON_IsNumber(item))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s%s%s: expected a number", file, w,
				     dot(where), key);
	v = item->valuedouble;
	if (!isfinite(v))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s%s%s: not a finite number", file, w,
				     dot(where), key);
	if (v < lo || (lo_open && v == lo) || v > hi)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s%s%s: %g outside %s%g, %g]", file, w,
				     dot(where), key, v, lo_open ? "(" : "[",
				     lo, hi);
	*out = v;
	return DSE_OK;
}

/* obj[key] as a string borrowed from obj; absent is fine when optional. */
int dse_json_string(const struct cJSON *obj, const char *key, int optional,
		    const char *file, const char *where, const char **out,
		    struct dse_error *err)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *w = where ? where : "";

	if (item == NULL) {
		if (optional)
			return DSE_OK;
		return dse_error_set(err, DSE_EINPUT, "%s: %s%s%s: missing key",
				     file, w, dot(where), key);
	}
	if (!cJSON_IsString(item) || item->valuestring == NULL)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s%s%s: expected a string", file, w,
				     dot(where), key);
	*out = item->valuestring;
	return DSE_OK;
}
