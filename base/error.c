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

/* Replace control characters (from untrusted names and keys) by '?':
   a message stays one printable line. */
static void printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* Record status and the formatted message in err (if any); returns status. */
int dse_error_set(struct dse_error *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	printable(err->msg);
	return status;
}

/* Prepend "where: " to err's message, cutting its tail to fit. */
void dse_error_prefix(struct dse_error *err, const char *where)
{
	size_t w, m;

	if (err == NULL || where == NULL)
		return;
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
	printable(err->msg);
}
