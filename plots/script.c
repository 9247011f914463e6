/*
 * script.c - what every figure's script shares: text that stays text, the
 * page and its terminals, styles, titles, keys, log axes, bound guides.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Bytes of the UTF-8 character starting at p (1 for a stray byte). */
static size_t utf8_char(const unsigned char *p)
{
	size_t n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1, i;

	for (i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

/* name, or its first PLOT_LABEL_CHARS - 1 characters and an ellipsis. */
const char *plot_label(const char *name, char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t chars = 0, keep, n, o = 0;

	for (; *p; p += utf8_char(p))
		chars++;
	keep = chars <= PLOT_LABEL_CHARS ? chars : PLOT_LABEL_CHARS - 1;
	for (p = (const unsigned char *)name; keep > 0 && o + 8 < len; keep--) {
		n = utf8_char(p);
		memcpy(buf + o, p, n);
		o += n;
		p += n;
	}
	if (chars > PLOT_LABEL_CHARS && o + 4 <= len) {
		memcpy(buf + o, "…", 3); /* 3 bytes in UTF-8 */
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* Characters of name as plot_label shows it. */
size_t plot_label_chars(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t chars = 0;

	for (; *p; p += utf8_char(p))
		chars++;
	return chars < PLOT_LABEL_CHARS ? chars : PLOT_LABEL_CHARS;
}

/* ---- the page ---- */

/*
 * Metrics that decide what fits, in em (the font size).  Text: digits and
 * lower case of DejaVu Sans (the Sans of Debian's fontconfig) average
 * 0.62 em across.  gnuplot places tick labels, axis labels and key lines
 * in its own character units, which differ by terminal: 0.64 x 1.18 em in
 * the cairo terminals, 0.7 x 1.5 em in svg (gnuplot 5.4, GPVAL_TERM_HCHAR
 * and VCHAR); room is reserved for the larger.  (a) measured, used only to
 * lay figures out.
 */
#define CHAR_EM 0.62
#define GP_CHAR_EM 0.7
#define LINE_EM 1.5
/* Depth of the middle of an x label under its axis, em: under tick labels
   that gnuplot sets 1.18 em (cairo) or 1.5 em (svg) below it. */
#define XLABEL_EM 2.9

/* Resolution of the PNG images (print quality). */
#define PNG_DPI 300.0

/*
 * Calibration of the terminals to one layout.  pango in the cairo
 * terminals draws a font of F points at 96 dpi on a 72-dpi canvas, 4/3
 * too large: fontscale 0.75 makes PDF text F points.  pdfcairo's line
 * width unit is 0.5 pt, pngcairo's 1 pixel, svg's 1 pt.  A point of size 1
 * is 7 pt across in svg, 6.24 pt in pdfcairo and 6.75 pixels in pngcairo
 * (gnuplot 5.4, measured on rendered circles), hence the point scales.
 */
#define CAIRO_FONTSCALE 0.75
#define PDF_POINTSCALE (7.0 / 6.24)
#define PNG_POINTSCALE (7.0 / 6.75 * PNG_DPI / 72)

/* A size or font from the options, or the fallback when 0. */
static double chosen(double v, double fallback)
{
	return v > 0 ? v : fallback;
}

/* The page: paper or default, overridden by the sizes given. */
int plot_page_init(struct plot_page *page, const struct dse_plot_options *opt,
		   struct dse_error *err)
{
	static const struct dse_plot_options none = { NULL, 0, 0, 0, 0, 0 };
	int paper;

	if (opt == NULL)
		opt = &none;
	paper = opt->paper != 0;
	page->paper = paper;
	page->formats = opt->formats ? opt->formats : DSE_PLOT_PNG | DSE_PLOT_SVG;
	page->width_in = chosen(opt->width_in, paper ? DSE_PLOT_PAPER_WIDTH_IN :
						   DSE_PLOT_WIDTH_IN);
	page->height_in = chosen(opt->height_in, paper ? DSE_PLOT_PAPER_HEIGHT_IN :
						     DSE_PLOT_HEIGHT_IN);
	page->font_pt = chosen(opt->font_pt, paper ? DSE_PLOT_PAPER_FONT_PT :
						 DSE_PLOT_FONT_PT);
	if (!(page->width_in >= DSE_PLOT_SIZE_MIN_IN &&
	      page->width_in <= DSE_PLOT_SIZE_MAX_IN &&
	      page->height_in >= DSE_PLOT_SIZE_MIN_IN &&
	      page->height_in <= DSE_PLOT_SIZE_MAX_IN))
		return dse_error_set(err, DSE_EUSAGE,
				     "--size: %g,%g in: each must be in [%g, %g]",
				     page->width_in, page->height_in,
				     DSE_PLOT_SIZE_MIN_IN, DSE_PLOT_SIZE_MAX_IN);
	if (!(page->font_pt >= DSE_PLOT_FONT_MIN_PT &&
	      page->font_pt <= DSE_PLOT_FONT_MAX_PT))
		return dse_error_set(err, DSE_EUSAGE,
				     "--font: %g pt outside [%g, %g]", page->font_pt,
				     DSE_PLOT_FONT_MIN_PT, DSE_PLOT_FONT_MAX_PT);
	return DSE_OK;
}

/* "W,H" as two sizes in inches. */
int dse_plot_size_parse(const char *text, double *width_in, double *height_in,
			struct dse_error *err)
{
	double v[2];
	const char *p = text;
	char *end;
	int i;

	for (i = 0; i < 2; i++) {
		if (*p < '0' || *p > '9') /* no sign, blank, hex or inf */
			break;
		v[i] = strtod(p, &end);
		if (end == p || (*end != (i ? '\0' : ',')) ||
		    !(v[i] >= DSE_PLOT_SIZE_MIN_IN && v[i] <= DSE_PLOT_SIZE_MAX_IN))
			break;
		p = end + 1;
	}
	if (i < 2 || strchr(text, 'x') || strchr(text, 'X'))
		return dse_error_set(err, DSE_EUSAGE,
				     "'%.40s': expected W,H in inches, each in [%g, %g]",
				     text, DSE_PLOT_SIZE_MIN_IN, DSE_PLOT_SIZE_MAX_IN);
	*width_in = v[0];
	*height_in = v[1];
	return DSE_OK;
}

/* Characters of text across width_in inches. */
double plot_chars(const struct plot_page *page, double width_in)
{
	return width_in * 72 / (CHAR_EM * page->font_pt);
}

/* Lines of text down height_in inches. */
double plot_lines(const struct plot_page *page, double height_in)
{
	return height_in * 72 / (LINE_EM * page->font_pt);
}

/* Inches of n characters. */
double plot_chars_in(const struct plot_page *page, double n)
{
	return n * CHAR_EM * page->font_pt / 72;
}

/* Inches of n lines. */
double plot_lines_in(const struct plot_page *page, double n)
{
	return n * LINE_EM * page->font_pt / 72;
}

/* Line widths and point sizes relative to the paper font's. */
static double page_scale(const struct plot_page *page)
{
	return page->font_pt / DSE_PLOT_PAPER_FONT_PT;
}

/* The options of gnuplot terminal `bit` for a page height_in tall. */
static void terminal_options(char *buf, size_t len, unsigned bit,
			     const struct plot_page *page, double height_in)
{
	double w = page->width_in, s = page_scale(page), ft = page->font_pt;

	if (bit == DSE_PLOT_PNG)
		snprintf(buf, len,
			 "pngcairo size %.0f,%.0f font \"Sans,%g\" fontscale %.4g linewidth %.4g pointscale %.4g noenhanced background \"#ffffff\"",
			 w * PNG_DPI, height_in * PNG_DPI, ft,
			 CAIRO_FONTSCALE * PNG_DPI / 72, s * PNG_DPI / 72,
			 PNG_POINTSCALE);
	else if (bit == DSE_PLOT_SVG)
		snprintf(buf, len,
			 "svg size %.0f,%.0f font \"Sans,%g\" linewidth %.4g noenhanced background \"#ffffff\"",
			 w * 72, height_in * 72, ft, s);
	else
		snprintf(buf, len,
			 "pdfcairo size %.4gin,%.4gin font \"Sans,%g\" fontscale %.4g linewidth %.4g pointscale %.4g noenhanced",
			 w, height_in, ft, CAIRO_FONTSCALE, 2 * s, PDF_POINTSCALE);
}

/* Image formats: bit and file extension, in the order they are drawn. */
static const struct {
	unsigned bit;
	const char *ext;
} terminals[] = {
	{ DSE_PLOT_PNG, "png" },
	{ DSE_PLOT_SVG, "svg" },
	{ DSE_PLOT_PDF, "pdf" },
};

#define NTERMINALS (sizeof terminals / sizeof terminals[0])

/* Comment, encoding, terminals and common settings of a script. */
void plot_script_head(FILE *f, const struct plot_figure *fig,
		      const struct plot_page *page, double height_in)
{
	char opts[512];
	size_t i, n = 0, k;

	for (i = 0; i < NTERMINALS; i++)
		n += (page->formats & terminals[i].bit) != 0;
	fprintf(f, "# plot-%s.gp - %s\n"
		   "# Written by dse plot from the results folder; reads plot-%s.dat.\n"
		   "# Edit and rerun in this folder: gnuplot plot-%s.gp\n\n"
		   "set encoding utf8\n\n"
		   "# Images written: a gnuplot terminal and a file name each, one\n"
		   "# layout: %g x %g in, text %g pt.\n"
		   "array terminal[%zu] = [",
		fig->name, fig->what, fig->name, fig->name, page->width_in,
		height_in, page->font_pt, n);
	for (i = 0, k = 0; i < NTERMINALS; i++)
		if (page->formats & terminals[i].bit) {
			fputs(k++ ? ", \\\n\t" : " \\\n\t", f);
			terminal_options(opts, sizeof opts, terminals[i].bit, page,
					 height_in);
			plot_gp_string(f, opts);
		}
	fprintf(f, "]\narray output[%zu] = [", n);
	for (i = 0, k = 0; i < NTERMINALS; i++)
		if (page->formats & terminals[i].bit) {
			fputs(k++ ? ", " : "", f);
			plot_gp_stringf(f, "plot-%s.%s", fig->name, terminals[i].ext);
		}
	fprintf(f, "]\n\n"
		   "set pointsize %.4g\n"
		   "set border lw 0.6\n"
		   "set grid xtics ytics mxtics mytics lt 1 lc rgb \"#d9d9d9\" lw 0.4, lt 1 lc rgb \"#f0f0f0\" lw 0.4\n"
		   "set tics nomirror out scale 0.6, 0.3\n"
		   "set key noopaque nobox samplen 2 spacing 1.1\n",
		page_scale(page));
}

/* Image formats of a comma-separated list, by the terminal table. */
int dse_plot_formats_parse(const char *list, unsigned *out,
			   struct dse_error *err)
{
	const char *p = list;
	unsigned bits = 0;
	size_t i, len;

	do {
		len = strcspn(p, ",");
		for (i = 0; i < NTERMINALS; i++)
			if (strlen(terminals[i].ext) == len &&
			    strncmp(p, terminals[i].ext, len) == 0)
				break;
		if (i == NTERMINALS) {
			char names[64] = "";

			for (i = 0; i < NTERMINALS; i++)
				snprintf(names + strlen(names),
					 sizeof names - strlen(names), "%s%s",
					 i ? ", " : "", terminals[i].ext);
			return dse_error_set(err, DSE_EUSAGE,
					     "'%.*s' is not an image format (%s)",
					     (int)len, p, names);
		}
		bits |= terminals[i].bit;
		p += len;
	} while (*p++ == ',');
	*out = bits;
	return DSE_OK;
}

/* ---- styles, titles, keys ---- */

/*
 * Line colour, dash, filled and open point of format k (Okabe & Ito
 * colours, which colour-blind readers tell apart; the dash and point
 * tell them apart in grey).  Dash type 3 (dotted) is left to the
 * canonical designs.
 */
static const struct {
	const char *color, *dash;
	int point, open_point;
} format_styles[] = {
	{ "#0072B2", "1", 7, 6 },          /* blue, solid, circle */
	{ "#D55E00", "2", 5, 4 },          /* vermilion, dashed, square */
	{ "#009E73", "4", 9, 8 },          /* green, dash-dot, triangle */
	{ "#CC79A7", "5", 13, 12 },        /* purple, dash-dot-dot, diamond */
	{ "#E69F00", "(12,4)", 11, 10 },   /* orange, long dash, down triangle */
	{ "#56B4E9", "(2,4,8,4)", 15, 14 },/* sky blue, dot-dash, pentagon */
	{ "#000000", "(20,6)", 7, 6 },     /* black, longer dash, circle */
};

#define NSTYLES (sizeof format_styles / sizeof format_styles[0])

/* Styles k + 1 (frontier) and 101 + k (canonical) of every format. */
void plot_format_styles(FILE *f, const struct plot_input *in)
{
	size_t k;

	fputs("\n# Line styles: format k is style k (frontier) and 100 + k (its canonical design).\n", f);
	plot_series_styles(f, in->format, in->nformats);
	for (k = 0; k < in->nformats; k++)
		fprintf(f, "set style line %zu lc rgb \"%s\" lw 0.8 dt 3 pt %d ps 0.6\n",
			101 + k, format_styles[k % NSTYLES].color,
			format_styles[k % NSTYLES].open_point);
}

/* Line style k + 1 of series k (a format, a policy): colour, dash, point. */
void plot_series_styles(FILE *f, char *const *names, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		fprintf(f, "set style line %zu lc rgb \"%s\" lw 1.2 dt %s pt %d ps 0.5  # ",
			k + 1, format_styles[k % NSTYLES].color,
			format_styles[k % NSTYLES].dash,
			format_styles[k % NSTYLES].point);
		plot_gp_comment(f, names[k]);
		fputc('\n', f);
	}
}

/* Inches of one em of the page's font. */
static double em_in(const struct plot_page *page)
{
	return page->font_pt / 72;
}

/* The four margins of box b at screen positions. */
void plot_margins(FILE *f, const struct plot_page *page, double height_in,
		  const struct plot_box *b)
{
	fprintf(f, "\tset lmargin at screen %.4f\n\tset rmargin at screen %.4f\n"
		   "\tset bmargin at screen %.4f\n\tset tmargin at screen %.4f\n",
		b->x0 / page->width_in, b->x1 / page->width_in,
		b->y0 / height_in, b->y1 / height_in);
}

/* Room for tick labels tick_chars long (gnuplot's gap before them),
   the y label (plot_ylabel) and a margin. */
double plot_left_in(const struct plot_page *page, double tick_chars)
{
	return em_in(page) * (tick_chars * CHAR_EM + GP_CHAR_EM + 1.9);
}

/*
 * The y label of box b as a rotated label left of tick labels tick_chars
 * long (tag 903): gnuplot's own y label sits where each terminal's
 * character width puts it, and svg drops it when that falls off the page.
 */
void plot_ylabel(FILE *f, const struct plot_page *page, double height_in,
		 const struct plot_box *b, double tick_chars, const char *text)
{
	fputs("\tset label 903 ", f);
	plot_gp_string(f, text);
	fprintf(f, " at screen %.4f, screen %.4f center rotate by 90\n",
		(b->x0 - em_in(page) * (tick_chars * CHAR_EM + GP_CHAR_EM + 1.1)) /
		page->width_in, (b->y0 + b->y1) / 2 / height_in);
}

/* The x label of box b under its tick labels (tag 904). */
void plot_xlabel(FILE *f, const struct plot_page *page, double height_in,
		 const struct plot_box *b, const char *text)
{
	fputs("\tset label 904 ", f);
	plot_gp_string(f, text);
	fprintf(f, " at screen %.4f, screen %.4f center\n",
		(b->x0 + b->x1) / 2 / page->width_in,
		(b->y0 - em_in(page) * XLABEL_EM) / height_in);
}

/* Room for the x tick labels (gnuplot's, a line below the axis) and the
   x label (plot_xlabel). */
double plot_bottom_in(const struct plot_page *page)
{
	return em_in(page) * (XLABEL_EM + 0.9);
}

/* Two lines, or none on a paper page. */
double plot_title_lines(const struct plot_page *page)
{
	return page->paper ? 0 : 2;
}

/* The headline and the setting as two labels at the top of the figure. */
void plot_title(FILE *f, const struct plot_page *page, double height_in,
		const char *headline, const struct plot_input *in)
{
	char tech[64], wl[64];
	double line = em_in(page) * LINE_EM / height_in;

	if (page->paper)
		return;
	fputs("\tset label 900 ", f);
	plot_gp_string(f, headline);
	fprintf(f, " at screen 0.5, screen %.4f center front\n\tset label 901 ",
		1 - 0.8 * line);
	plot_gp_stringf(f, "%s, %s; budget %g mm², %g W, %g MB SRAM",
			plot_label(in->tech, tech, sizeof tech),
			plot_label(in->workload, wl, sizeof wl), in->area_mm2,
			in->power_w, in->sram_mb);
	fprintf(f, " at screen 0.5, screen %.4f center front\n", 1 - 1.7 * line);
}

/* Remove the title labels (after the first panel of a multiplot). */
void plot_untitle(FILE *f, const struct plot_page *page)
{
	if (!page->paper)
		fputs("\tunset label 900\n\tunset label 901\n", f);
}

/*
 * The "width" of a key whose longest label has `longest` characters:
 * gnuplot takes a character of the cairo terminals for about 1.1 times
 * what DejaVu Sans draws (a: measured on rendered keys), and without
 * this correction breaks a key into fewer columns than fit.
 */
int plot_key_width(size_t longest)
{
	return -(int)((double)longest * 0.1);
}

/* Inside the top left for a short key (unless `below`), else below in
   columns that fit. */
struct plot_key_room plot_key_room(const struct plot_page *page,
				   size_t entries, size_t longest, int titled,
				   double width_in, int below)
{
	struct plot_key_room room = { 0, 0, 0 };
	double cols = floor(plot_chars(page, width_in) / ((double)longest + 4));

	if (entries <= PLOT_KEY_INSIDE_MAX && !below) {
		room.inside = (double)entries + titled + 0.5;
		return room;
	}
	if (cols < 1)
		cols = 1;
	room.rows = (entries + (size_t)cols - 1) / (size_t)cols;
	room.below = (double)room.rows * 1.1 + titled + 0.4;
	return room;
}

/* "set key" inside the top left of b, or centred under b's x label. */
void plot_key(FILE *f, const struct plot_page *page, double height_in,
	      const struct plot_box *b, const struct plot_key_room *room,
	      size_t longest)
{
	if (room->rows == 0) {
		fputs("set key inside top left Left reverse opaque nobox\n", f);
		return;
	}
	fprintf(f, "set key at screen %.4f, screen %.4f center top vertical maxrows %zu Left reverse noopaque nobox width %d\n",
		(b->x0 + b->x1) / 2 / page->width_in,
		(b->y0 - plot_bottom_in(page)) / height_in, room->rows,
		plot_key_width(longest));
}

/* ---- what the figures draw ---- */

/* Formats with frontier designs, and the longest of their labels. */
size_t plot_formats_drawn(const struct plot_input *in, size_t *longest)
{
	size_t k, n = 0;

	*longest = 0;
	for (k = 0; k < in->nformats; k++)
		if (in->frontier[k].n > 0) {
			n++;
			if (plot_label_chars(in->format[k]) > *longest)
				*longest = plot_label_chars(in->format[k]);
		}
	return n;
}

/* Widen x by the latencies and y by the throughputs of n design lists. */
void plot_designs_add(struct plot_range *x, struct plot_range *y,
		      const struct plot_designs *lists, size_t n)
{
	size_t k, i;

	for (k = 0; k < n; k++)
		for (i = 0; i < lists[k].n; i++) {
			if (x)
				plot_range_add(x, lists[k].d[i].latency_us);
			if (y)
				plot_range_add(y, lists[k].d[i].throughput_tops);
		}
}

/* The highest throughput of n design lists at latency <= x_max; 0: none. */
double plot_designs_top(const struct plot_designs *lists, size_t n,
			double x_max)
{
	double top = 0;
	size_t k, i;

	for (k = 0; k < n; k++)
		for (i = 0; i < lists[k].n; i++)
			if (lists[k].d[i].latency_us <= x_max &&
			    lists[k].d[i].throughput_tops > top)
				top = lists[k].d[i].throughput_tops;
	return top;
}

/* ---- ranges and log axes ---- */

/* Widen r to hold v. */
void plot_range_add(struct plot_range *r, double v)
{
	if (v < r->lo)
		r->lo = v;
	if (v > r->hi)
		r->hi = v;
}

/* Largest 1, 2 or 5 x 10^k not above v (v > 0). */
double plot_nice_below(double v)
{
	static const double steps[] = { 5, 2, 1 };
	double p = pow(10, floor(log10(v)));
	size_t i;

	for (i = 0; i < 3; i++)
		if (steps[i] * p <= v)
			return steps[i] * p;
	return p / 2;
}

/* Smallest 1, 2 or 5 x 10^k not below v (v > 0). */
double plot_nice_above(double v)
{
	static const double steps[] = { 1, 2, 5, 10 };
	double p = pow(10, floor(log10(v)));
	size_t i;

	for (i = 0; i < 4; i++)
		if (steps[i] * p >= v)
			return steps[i] * p;
	return 10 * p;
}

/* r padded by 20 % each way to 1-2-5 values; 1..10 when empty. */
struct plot_range plot_log_pad(struct plot_range r)
{
	struct plot_range p = { 1, 10 };

	if (r.lo > r.hi || !(r.lo > 0))
		return p;
	p.lo = plot_nice_below(r.lo / 1.2);
	p.hi = plot_nice_above(r.hi * 1.2);
	return p;
}

/* The top of r raised so that `lines` lines fit above `top`. */
struct plot_range plot_log_headroom(struct plot_range r, double top,
				    double lines, double plot_in,
				    const struct plot_page *page)
{
	double frac = plot_in > 0 ? plot_lines_in(page, lines) / plot_in : 0, hi;

	if (frac <= 0 || !(top > r.lo))
		return r;
	if (frac > 0.6) /* a key that tall leaves too little for data */
		frac = 0.6;
	/* data up to top take the bottom 1 - frac of the axis */
	hi = plot_nice_above(r.lo * pow(top / r.lo, 1 / (1 - frac)));
	if (hi > r.hi)
		r.hi = hi;
	return r;
}

/* The label of tic v: %g; its width in characters. */
static double tic_label(double v, char *buf, size_t len)
{
	return (double)snprintf(buf, len, "%g", v);
}

/*
 * Add a labelled tic at v to a "set <axis>tics add (...)" list.  gnuplot
 * 5.4 drops the label of a tic exactly at an end of a log axis, so one
 * there moves a millionth inside.
 */
static void tic_add(FILE *f, const char *axis, int *first, double v,
		    struct plot_range r)
{
	char label[32];

	tic_label(v, label, sizeof label);
	if (v <= r.lo)
		v = r.lo * (1 + 1e-6);
	if (v >= r.hi)
		v = r.hi * (1 - 1e-6);
	if (*first)
		fprintf(f, "set %stics add ('%s' %.8g", axis, label, v);
	else
		fprintf(f, ", '%s' %.8g", label, v);
	*first = 0;
}

/* Log axis range and tics that fit its length. */
void plot_log_axis(FILE *f, const struct plot_page *page, const char *axis,
		   struct plot_range r, double length_in, int across)
{
	double per_decade = length_in / log10(r.hi / r.lo), need = 0, e, m, w;
	double e0 = ceil(log10(r.lo) - 1e-9), e1 = floor(log10(r.hi) + 1e-9);
	double most;
	char label[32];
	int step, phase, first = 1;

	fprintf(f, "set %srange [%g:%g]\n", axis, r.lo, r.hi);
	/* the widest decade label (across) or a line (stacked), and a gap */
	for (e = e0; e <= e1; e++) {
		w = across ? (tic_label(pow(10, e), label, sizeof label) + 1.5) *
			     CHAR_EM : 1.4 * LINE_EM;
		if (w > need)
			need = w;
	}
	need *= em_in(page);
	for (step = 1; step < 6 && step * per_decade < need; step++)
		;
	/* the decades labelled: every step-th, from the first that gives most */
	for (phase = 0, most = 0, e = 0; e < step; e++) {
		double count = floor((e1 - (e0 + e)) / step) + 1;

		if (count > most) {
			most = count;
			phase = (int)e;
		}
	}
	/* every decade a tic (minor ones between), labelled every step-th */
	fprintf(f, "set %stics 10 format ''\n", axis);
	for (e = e0 + phase; e <= e1; e += step)
		tic_add(f, axis, &first, pow(10, e), r);
	/* a short axis with room: 2 and 5 x 10^k labelled too */
	if (step == 1 && per_decade >= 3.2 * need && log10(r.hi / r.lo) < 2.5)
		for (e = floor(log10(r.lo)); e <= e1; e++)
			for (m = 2; m <= 5; m += 3) {
				double v = m * pow(10, e);

				if (v >= r.lo * 0.999 && v <= r.hi * 1.001)
					tic_add(f, axis, &first, v, r);
			}
	if (!first)
		fputs(")\n", f);
}

/* Row (0, 1) of each bound's label, -1 for none; returns the rows used. */
static int place_bound_labels(const struct plot_input *in, struct plot_range r,
			      double width_chars, int unit, int *row)
{
	double end[2] = { -HUGE_VAL, -HUGE_VAL }, at, half;
	char text[40];
	size_t i, last = 0;
	int rows = 0, with_unit;

	for (i = 0; i < in->nbounds; i++) /* the rightmost bound in r, + 1 */
		if (in->bound_us[i] >= r.lo && in->bound_us[i] <= r.hi &&
		    (last == 0 || in->bound_us[i] > in->bound_us[last - 1]))
			last = i + 1;
	for (i = 0; i < in->nbounds; i++) {
		double b = in->bound_us[i];

		row[i] = -1;
		if (b < r.lo || b > r.hi)
			continue;
		with_unit = unit == 2 || (unit == 1 && i + 1 == last);
		/* µ is two bytes and one character */
		half = ((double)snprintf(text, sizeof text,
					 with_unit ? "%g µs" : "%g", b) - with_unit) / 2;
		at = width_chars * log(b / r.lo) / log(r.hi / r.lo);
		for (row[i] = 0; row[i] < 2 && at - half < end[row[i]] + 0.8; row[i]++)
			;
		if (row[i] == 2) {
			row[i] = -1;
			continue;
		}
		end[row[i]] = at + half;
		if (row[i] + 1 > rows)
			rows = row[i] + 1;
	}
	return rows;
}

/* Units on every label if one row holds them, else on the last alone
   if one row holds that, else bare numbers (then on up to two rows). */
static int bound_units(const struct plot_input *in, struct plot_range r,
		       const struct plot_page *page, double width_in, int *row)
{
	int unit;

	for (unit = 2; unit > 0; unit--)
		if (place_bound_labels(in, r, plot_chars(page, width_in), unit,
				       row) <= 1)
			break;
	return unit;
}

/* Rows the labels take. */
int plot_bound_rows(const struct plot_input *in, struct plot_range r,
		    const struct plot_page *page, double width_in)
{
	int row[DSE_STUDY_MAX_BOUNDS];

	return place_bound_labels(in, r, plot_chars(page, width_in),
				  bound_units(in, r, page, width_in, row), row);
}

/* Dotted guides at the bounds, labels placed where they do not touch. */
void plot_bound_guides(FILE *f, const struct plot_input *in,
		       struct plot_range r, const struct plot_page *page,
		       double height_in, const struct plot_box *b)
{
	int row[DSE_STUDY_MAX_BOUNDS], unit;
	double chars = plot_chars(page, b->x1 - b->x0), rightmost = -HUGE_VAL;
	size_t i;

	if (in->nbounds == 0)
		return;
	for (i = 0; i < in->nbounds; i++)
		if (in->bound_us[i] >= r.lo && in->bound_us[i] <= r.hi &&
		    in->bound_us[i] > rightmost)
			rightmost = in->bound_us[i];
	unit = bound_units(in, r, page, b->x1 - b->x0, row);
	place_bound_labels(in, r, chars, unit, row);
	fputs("\n# Latency bounds of the study (us): dotted guides, labelled on top\n"
	      "# where a label has room (a second row takes what the first cannot)\n", f);
	for (i = 0; i < in->nbounds; i++) {
		double v = in->bound_us[i];

		if (v < r.lo || v > r.hi)
			continue;
		fprintf(f, "set arrow from %g, graph 0 to %g, graph 1 nohead back dt 3 lw 0.6 lc rgb \"#777777\"\n",
			v, v);
		if (row[i] < 0)
			continue;
		fputs("set label ", f);
		plot_gp_stringf(f, unit == 2 || (unit == 1 && v == rightmost) ?
				"%g µs" : "%g", v);
		fprintf(f, " at first %g, screen %.4f center tc rgb \"#555555\"\n", v,
			(b->y1 + em_in(page) * LINE_EM * (0.45 + 0.85 * row[i])) /
			height_in);
	}
}

/* ---- a single log-log plot ---- */

/* Lines a single plot gets at least; the figure grows taller for them. */
#define SINGLE_MIN_LINES 6.0

/* Box, bound rows and figure height for a key that takes key->below. */
static void single_box(const struct plot_page *page, struct plot_single *s)
{
	double line = em_in(page) * LINE_EM, top, bottom;

	bottom = plot_bottom_in(page) + s->key.below * line;
	top = line * (plot_title_lines(page) + s->rows * 0.85 + 0.6);
	s->height_in = top + bottom + SINGLE_MIN_LINES * line;
	if (s->height_in < page->height_in)
		s->height_in = page->height_in;
	s->box.y0 = bottom;
	s->box.y1 = s->height_in - top;
}

/*
 * Box, key, bound rows and y range of a single log-log plot.  A short key
 * goes inside the top left when the room it needs above the data there
 * stretches the y axis by at most a quarter, else below the plot.
 */
void plot_single_layout(const struct plot_page *page,
			const struct plot_input *in, struct plot_range x,
			struct plot_range y, size_t entries, size_t longest,
			int key_titled, plot_top_fn under_key,
			struct plot_single *s)
{
	double key_in, x_key, decades, key_w;
	char label[32];

	s->x = x;
	s->longest = longest;
	s->box.x0 = plot_left_in(page, PLOT_TICK_CHARS);
	s->box.x1 = page->width_in - em_in(page) * 3 * CHAR_EM;
	s->rows = s->no_guides ? 0 :
		  plot_bound_rows(in, x, page, s->box.x1 - s->box.x0);
	/* a key below is centred under the plot: as wide as the plot and
	   twice the room right of it */
	key_w = s->box.x1 - s->box.x0 + 2 * (page->width_in - s->box.x1);
	s->key = plot_key_room(page, entries, longest, key_titled, key_w,
			       s->key_below || s->y_linear);
	single_box(page, s);
	s->y = s->y_linear ? y : plot_log_pad(y);
	if (s->key.rows == 0) {
		/* the key's right end in data: sample, label and a gap */
		key_in = em_in(page) * (((double)longest + 5) * CHAR_EM + 1);
		x_key = s->x_linear ?
				x.lo + (x.hi - x.lo) * key_in / (s->box.x1 - s->box.x0) :
				x.lo * pow(x.hi / x.lo, key_in / (s->box.x1 - s->box.x0));
		decades = log10(s->y.hi / s->y.lo);
		s->y = plot_log_headroom(s->y, under_key(in, x_key),
					 s->key.inside, s->box.y1 - s->box.y0,
					 page);
		if (log10(s->y.hi / s->y.lo) > 1.25 * decades) {
			s->key = plot_key_room(page, entries, longest, key_titled,
					       key_w, 1);
			single_box(page, s);
			s->y = plot_log_pad(y);
		}
	}
	/* room for the longest y tick label */
	s->tick_chars = tic_label(s->y.hi, label, sizeof label);
	s->box.x0 = plot_left_in(page, s->tick_chars);
}

/* Title, margins, key, bound guides and axes of a single plot. */
void plot_single_write(FILE *f, const struct plot_page *page,
		       const struct plot_input *in, const char *headline,
		       const char *xlabel, const char *ylabel,
		       const struct plot_single *s)
{
	plot_title(f, page, s->height_in, headline, in);
	plot_xlabel(f, page, s->height_in, &s->box, xlabel);
	plot_ylabel(f, page, s->height_in, &s->box, s->tick_chars, ylabel);
	plot_margins(f, page, s->height_in, &s->box);
	plot_key(f, page, s->height_in, &s->box, &s->key, s->longest);
	if (!s->no_guides)
		plot_bound_guides(f, in, s->x, page, s->height_in, &s->box);
	if (s->x_linear)
		fprintf(f, "set xrange [%g:%g]\n", s->x.lo, s->x.hi);
	else
		plot_log_axis(f, page, "x", s->x, s->box.x1 - s->box.x0, 1);
	if (s->y_linear)
		fprintf(f, "set yrange [%g:%g]\n", s->y.lo, s->y.hi);
	else
		plot_log_axis(f, page, "y", s->y, s->box.y1 - s->box.y0, 0);
}

/* ---- the loop over images, plot clauses, data files ---- */

/* Open the loop that draws the figure once per terminal and file. */
void plot_loop_begin(FILE *f)
{
	fputs("\ndo for [i = 1:|terminal|] {\n"
	      "\teval \"set terminal \" . terminal[i]\n"
	      "\tset output output[i]\n", f);
}

/* Close the file of this terminal and the loop. */
void plot_loop_end(FILE *f)
{
	fputs("\tset output\n}\n", f);
}

/* Start or continue a plot command (each clause on its own line). */
void plot_clause(FILE *f, int *first)
{
	fputs(*first ? "\tplot " : ", \\\n\t     ", f);
	*first = 0;
}

/* End a data set: gnuplot's index counts blocks split by two blank lines. */
void plot_end_block(FILE *f, size_t rows, size_t columns)
{
	size_t c;

	if (rows == 0) /* an empty block would merge with the next one */
		for (c = 0; c < columns; c++)
			fputs(c ? " NaN" : "NaN", f);
	fputs(rows == 0 ? "\n\n\n" : "\n\n", f);
}

/* Comment heading a data file: its script, data sets and columns. */
void plot_data_head(FILE *f, const char *name, const char *blocks,
		    const char *columns)
{
	fprintf(f, "# plot-%s.dat - drawn by plot-%s.gp; written by dse plot from the\n"
		   "# results folder.  Data sets (gnuplot index):\n"
		   "# %s\n# columns: %s\n",
		name, name, blocks, columns);
}

/* DSE_EIO if a write to f failed. */
int plot_status(FILE *f)
{
	return ferror(f) ? DSE_EIO : DSE_OK;
}

/* Columns that fit, rows, and a height that gives each row room. */
void plot_grid_layout(const struct plot_page *page, size_t panels,
		      double tick_chars, double right_in, size_t key_rows,
		      struct plot_grid *g)
{
	double fit, need, min_w;

	g->panels = panels > 0 ? panels : 1;
	g->tick_chars = tick_chars;
	g->line = plot_lines_in(page, 1);
	g->right = right_in;
	min_w = plot_left_in(page, tick_chars) +
		plot_chars_in(page, PLOT_GRID_MIN_CHARS + 3);
	fit = floor((page->width_in - right_in) / min_w);
	g->cols = fit < 1 ? 1 : fit > PLOT_GRID_MAX_COLS ? PLOT_GRID_MAX_COLS :
							   (size_t)fit;
	if (g->cols > g->panels)
		g->cols = g->panels;
	g->rows = (g->panels + g->cols - 1) / g->cols;
	g->cols = (g->panels + g->rows - 1) / g->rows; /* 4 panels: 2 x 2 */
	g->top = g->line * (plot_title_lines(page) + 0.3);
	g->key = g->line * ((double)key_rows * 1.1 + 0.4);
	need = g->top + g->key + (double)g->rows *
	       (plot_bottom_in(page) + g->line * (PLOT_GRID_MIN_LINES + 1.4));
	g->height_in = need > page->height_in ? need : page->height_in;
	g->cell_w = (page->width_in - right_in) / (double)g->cols;
	g->cell_h = (g->height_in - g->top - g->key) / (double)g->rows;
}

/* The plot box of panel p: its tick labels and axis labels inside the
   cell, a line and a half above it for the panel's title. */
struct plot_box plot_grid_box(const struct plot_page *page,
			      const struct plot_grid *g, size_t p)
{
	struct plot_box b;
	double cy1 = g->height_in - g->top - (double)(p / g->cols) * g->cell_h;

	b.x0 = (double)(p % g->cols) * g->cell_w +
	       plot_left_in(page, g->tick_chars);
	b.x1 = (double)(p % g->cols + 1) * g->cell_w - plot_chars_in(page, 3);
	b.y1 = cy1 - g->line * 1.4;
	b.y0 = cy1 - g->cell_h + plot_bottom_in(page);
	return b;
}
