/* number.c - strict decimal numbers: what a flag, range or spec may hold. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dse_base.h"

/* Length of the run of decimal digits at s. */
static size_t digits(const char *s)
{
	return strspn(s, "0123456789");
}

/* Scan [+-]digits[.digits][(e|E)[+-]digits] at s, then convert with strtod. */
int dse_number_scan(const char *s, const char **end, double *out)
{
	const char *p = s;
	size_t whole, frac = 0;
	char *stop;
	double v;

	if (*p == '+' || *p == '-')
		p++;
	whole = digits(p);
	p += whole;
	if (*p == '.') {
		frac = digits(p + 1);
		p += 1 + frac;
	}
	if (whole + frac == 0)
		return DSE_EUSAGE;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;

		if (*q == '+' || *q == '-')
			q++;
		if (digits(q) == 0)
			return DSE_EUSAGE;
		p = q + digits(q);
	}
	/* the grammar above is a subset of strtod's: it must stop at p too */
	errno = 0;
	v = strtod(s, &stop);
	if (stop != p || errno == ERANGE || !isfinite(v))
		return DSE_EUSAGE;
	*out = v;
	if (end)
		*end = p;
	return DSE_OK;
}

/* The whole of text as one strict decimal number. */
int dse_number_parse(const char *text, double *out)
{
	const char *end;
	double v;

	if (dse_number_scan(text, &end, &v) != DSE_OK || *end != '\0')
		return DSE_EUSAGE;
	*out = v;
	return DSE_OK;
}

/* The whole of text as decimal digits only, at most max. */
int dse_uint_parse(const char *text, unsigned long long max,
		   unsigned long long *out)
{
	size_t n = digits(text);
	unsigned long long v;
	char *stop;

	if (n == 0 || text[n] != '\0')
		return DSE_EUSAGE;
	errno = 0;
	v = strtoull(text, &stop, 10);
	if (errno == ERANGE || *stop != '\0' || v > max)
		return DSE_EUSAGE;
	*out = v;
	return DSE_OK;
}
