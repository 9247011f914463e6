/* error.c - status names and the error record shared by every module. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dse_base.h"

/* Static name of a status; "unknown error" for any other value. */
const char *dse_strerror(int status)
{
	switch (status) {
	case DSE_OK: return "success";
	case DSE_EUSAGE: return "bad usage";
	case DSE_EINPUT: return "bad input data";
	case DSE_EINFEASIBLE: return "infeasible design";
	case DSE_ENOMEM: return "out of memory";
	case DSE_EIO: return "input/output error";
	case DSE_ENUMERIC: return "numerical failure";
	case DSE_EEXTERNAL: return "external program failed";
	default: return "unknown error";
	}
}

/* Copy src into dst (cap bytes), control characters escaped; NUL-terminated. */
static void escape(char *dst, size_t cap, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)src; *p && n + 1 < cap; p++) {
		char e = *p == '\n' ? 'n' : *p == '\t' ? 't' : *p == '\r' ? 'r' : 0;

		if (*p >= 0x20 && *p != 0x7f) {
			dst[n++] = (char)*p;
		} else if (e && n + 3 <= cap) {
			dst[n++] = '\\';
			dst[n++] = e;
		} else if (!e && n + 5 <= cap) {
			dst[n++] = '\\';
			dst[n++] = 'x';
			dst[n++] = hex[*p >> 4];
			dst[n++] = hex[*p & 15];
		} else {
			break;
		}
	}
	dst[n] = '\0';
}

/* Record status and the formatted message in err (if any); returns status. */
int dse_error_set(struct dse_error *err, int status, const char *fmt, ...)
{
	char raw[DSE_ERROR_MAX];
	va_list ap;

	if (err == NULL)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	escape(err->msg, sizeof err->msg, raw);
	return status;
}

/* Prepend "where: " to err's message, cutting its tail to fit. */
void dse_error_prefix(struct dse_error *err, const char *where)
{
	size_t w, m;
	char safe[DSE_ERROR_MAX];

	if (err == NULL || where == NULL)
		return;
	escape(safe, sizeof safe, where);
	where = safe;
	w = strlen(where) + 2;
	if (w >= sizeof err->msg)
		return;
	m = strnlen(err->msg, sizeof err->msg - 1);
	if (m > sizeof err->msg - 1 - w)
		m = sizeof err->msg - 1 - w; /* keep the head, cut the tail */
	memmove(err->msg + w, err->msg, m);
	memcpy(err->msg, where, w - 2);
	memcpy(err->msg + w - 2, ": ", 2);
	err->msg[w + m] = '\0';
}
