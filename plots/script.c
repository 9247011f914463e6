/* script.c - what every figure's script shares: text that stays text. */
#include <stdarg.h>
#include <stdio.h>

#include "plot_impl.h"

/*
 * gnuplot substitutes `command` output inside double-quoted strings and
 * everywhere outside strings, and expands @macros outside strings; inside
 * a single-quoted string nothing is substituted and the only special
 * character is the quote itself, written twice (gnuplot 5.4 manual,
 * "Strings", "Substitution").  A newline would end the command, so control
 * characters are shown as escapes instead (dse_text_escape).
 */
void plot_gp_string(FILE *f, const char *s)
{
	char buf[PLOT_TEXT_MAX];
	const char *p;

	dse_text_escape(s, buf, sizeof buf);
	fputc('\'', f);
	for (p = buf; *p; p++) {
		if (*p == '\'')
			fputc('\'', f);
		fputc(*p, f);
	}
	fputc('\'', f);
}

/* printf into a buffer, then plot_gp_string. */
void plot_gp_stringf(FILE *f, const char *fmt, ...)
{
	char buf[PLOT_TEXT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	plot_gp_string(f, buf);
}

/*
 * Inside a # comment a newline would start a command and a trailing
 * backslash would continue the comment over the next line; backquotes and
 * @ are dropped too, so no reader of the script has to wonder.
 */
void plot_gp_comment(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		if (*p >= 0x20 && *p != 0x7F && *p != '`' && *p != '@' &&
		    *p != '\\')
			fputc(*p, f);
}
