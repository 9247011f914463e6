/* topology.c - SCALE-Sim v2 topology files as workloads (MODEL.md 7). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dse_model.h"
#include "model_impl.h"

/* Cells of one line that dse reads: a convolution row has 9 at most. */
#define CELLS_MAX 16

/* One line split into trimmed cells (pointers into a writable copy). */
struct row {
	size_t ncells;
	char *cell[CELLS_MAX];
};

/* What a topology file is, told by its header (SCALE-Sim: -i conv | gemm). */
enum topo_kind { TOPO_CONV, TOPO_GEMM };

/* Where a message points: the file and the line. */
struct at {
	const char *file;
	size_t line;
};

/* A copy of text fit to quote in a message: printable ASCII, at most 24. */
static const char *quote(const char *text, char *buf, size_t cap)
{
	size_t i;

	for (i = 0; text[i] && i + 1 < cap && i < 24; i++)
		buf[i] = isprint((unsigned char)text[i]) ? text[i] : '?';
	buf[i] = '\0';
	return buf;
}

/* Trim spaces and tabs from both ends of s, in place. */
static char *trim(char *s)
{
	char *e = s + strlen(s);

	while (*s == ' ' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Split line at commas into r; cells past CELLS_MAX are ignored (notes),
   trailing empty cells dropped (SCALE-Sim ends every row with ','). */
static void split(char *line, struct row *r)
{
	char *p = line, *comma;

	r->ncells = 0;
	for (;;) {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (r->ncells < CELLS_MAX)
			r->cell[r->ncells++] = trim(p);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	while (r->ncells > 0 && r->cell[r->ncells - 1][0] == '\0')
		r->ncells--;
}

/* Case-insensitive equality of two ASCII strings. */
static int same(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

/* Case-insensitive: does s contain word? */
static int contains(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s; s++) {
		size_t i;

		for (i = 0; i < n && s[i] &&
			    tolower((unsigned char)s[i]) ==
				    tolower((unsigned char)word[i]);
		     i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

/* The format a header row names, or DSE_EINPUT. */
static int header_kind(const struct row *h, const struct at *at,
		       enum topo_kind *kind, struct dse_error *err)
{
	if (h->ncells >= 4 && same(h->cell[1], "M") && same(h->cell[2], "N") &&
	    same(h->cell[3], "K")) {
		*kind = TOPO_GEMM;
		return DSE_OK;
	}
	if (h->ncells >= 2 && contains(h->cell[1], "ifmap")) {
		*kind = TOPO_CONV;
		return DSE_OK;
	}
	return dse_error_set(err, DSE_EINPUT,
			     "%s:%zu: the header is neither SCALE-Sim's convolution format (Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides) nor its GEMM format (Layer, M, N, K)",
			     at->file, at->line);
}

/* Cell i of r as a whole number in [1, DSE_DIM_MAX]. */
static int cell_number(const struct row *r, size_t i, const char *what,
		       const struct at *at, double *out, struct dse_error *err)
{
	char buf[32], *end;
	double v;

	errno = 0;
	v = strtod(r->cell[i], &end);
	if (end == r->cell[i] || *end != '\0' || errno != 0 || !isfinite(v))
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: column %zu (%s): '%s' is not a number",
				     at->file, at->line, i + 1, what,
				     quote(r->cell[i], buf, sizeof buf));
	if (v < 1 || v > DSE_DIM_MAX || v != floor(v))
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: column %zu (%s): %g is not a whole number in [1, %.0e]",
				     at->file, at->line, i + 1, what, v,
				     DSE_DIM_MAX);
	*out = v;
	return DSE_OK;
}

/* The stage name of a row: its first cell, printable, or layer<line>. */
static void stage_name(const struct row *r, const struct at *at, char *out,
		       size_t cap)
{
	if (r->ncells > 0 && r->cell[0][0] != '\0')
		quote(r->cell[0], out, cap);
	else
		snprintf(out, cap, "layer%zu", at->line);
}

/*
 * A convolution row: name, ifmap h, w, filter h, w, channels, filters,
 * stride[, stride width]; SCALE-Sim has no padding.  A layer whose name
 * holds "DP" is depthwise (SCALE-Sim splits it into one layer per
 * channel): `channels` GEMMs of one channel each.
 */
static int conv_row(const struct row *r, const struct at *at,
		    struct dse_stage *s, struct dse_error *err)
{
	static const char *const what[] = { "ifmap height", "ifmap width",
					    "filter height", "filter width",
					    "channels", "filters", "stride",
					    "stride width" };
	double v[8];
	struct dse_conv cv;
	char where[300], name[32];
	size_t i, n = r->ncells >= 9 && r->cell[8][0] ? 8 : 7;
	int depthwise, rc;

	if (r->ncells < 8)
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: %zu columns, a convolution layer needs 8 (name, ifmap height, ifmap width, filter height, filter width, channels, filters, stride)",
				     at->file, at->line, r->ncells);
	for (i = 0; i < n; i++)
		if ((rc = cell_number(r, i + 1, what[i], at, &v[i], err)) != DSE_OK)
			return rc;
	if (n == 7)
		v[7] = v[6];
	stage_name(r, at, name, sizeof name);
	depthwise = strstr(r->cell[0], "DP") != NULL;
	cv.h = v[0];
	cv.w = v[1];
	cv.r = v[2];
	cv.s = v[3];
	cv.c = depthwise ? 1 : v[4];
	cv.filters = v[5];
	cv.stride_h = v[6];
	cv.stride_w = v[7];
	cv.pad = 0;
	cv.groups = 1;
	cv.ceil_mode = 1;
	snprintf(where, sizeof where, "%s:%zu: layer %s", at->file, at->line,
		 name);
	rc = dse_conv_gemm(&cv, where, s, err);
	if (rc != DSE_OK)
		return rc;
	if (depthwise) {
		s->count = v[4];
		if (!(s->count * s->m * s->n * s->k <= DSE_MACS_MAX))
			return dse_error_set(err, DSE_EINPUT,
					     "%s: more than %.0e MACs", where,
					     DSE_MACS_MAX);
	}
	snprintf(s->name, sizeof s->name, "%s", name);
	return DSE_OK;
}

/* A GEMM row: name, M, N, K (SCALE-Sim's -i gemm: M rows of one item). */
static int gemm_row(const struct row *r, const struct at *at,
		    struct dse_stage *s, struct dse_error *err)
{
	static const char *const what[] = { "M", "N", "K" };
	double v[3];
	size_t i;
	int rc;

	if (r->ncells < 4)
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: %zu columns, a GEMM layer needs 4 (name, M, N, K)",
				     at->file, at->line, r->ncells);
	for (i = 0; i < 3; i++)
		if ((rc = cell_number(r, i + 1, what[i], at, &v[i], err)) != DSE_OK)
			return rc;
	memset(s, 0, sizeof *s);
	stage_name(r, at, s->name, sizeof s->name);
	s->kind = DSE_STAGE_GEMM;
	s->m = v[0];
	s->n = v[1];
	s->k = v[2];
	s->count = 1;
	s->weights = 1;
	if (!(s->m * s->n * s->k <= DSE_MACS_MAX))
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: more than %.0e MACs", at->file,
				     at->line, DSE_MACS_MAX);
	snprintf(s->origin, sizeof s->origin, "gemm M %g N %g K %g", v[0],
		 v[1], v[2]);
	return DSE_OK;
}

/* The lines of text with at least one cell that is not empty. */
static size_t count_rows(const char *text, size_t len)
{
	size_t i, n = 0;
	int content = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == '\n') {
			n += content;
			content = 0;
		} else if (!strchr(" \t\r,", text[i])) {
			content = 1;
		}
	}
	return n + content;
}

/* The workload's name: the file's base name without its extension. */
static void base_name(const char *file, char *out, size_t cap)
{
	const char *slash = strrchr(file, '/');
	const char *b = slash ? slash + 1 : file;
	const char *dot = strrchr(b, '.');
	size_t n = dot && dot > b ? (size_t)(dot - b) : strlen(b);
	char tmp[64];

	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	memcpy(tmp, b, n);
	tmp[n] = '\0';
	quote(tmp, out, cap);
}

/* Every data line of copy (NUL-separated lines) after the header, as stages. */
static int read_rows(char *copy, size_t len, const char *file,
		     struct dse_workload *wl, struct dse_error *err)
{
	struct at at = { file, 0 };
	enum topo_kind kind = TOPO_CONV;
	struct row r;
	char *line = copy, *end = copy + len;
	int header = 1, rc;

	while (line <= end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));

		if (nl)
			*nl = '\0';
		at.line++;
		split(line, &r);
		line = nl ? nl + 1 : end + 1;
		if (r.ncells == 0)
			continue;
		if (header) {
			if ((rc = header_kind(&r, &at, &kind, err)) != DSE_OK)
				return rc;
			header = 0;
			continue;
		}
		rc = kind == TOPO_GEMM ? gemm_row(&r, &at, &wl->stages[wl->nstages], err) :
					 conv_row(&r, &at, &wl->stages[wl->nstages], err);
		if (rc != DSE_OK)
			return rc;
		wl->nstages++;
	}
	if (header)
		return dse_error_set(err, DSE_EINPUT, "%s: empty: no header",
				     file);
	if (wl->nstages == 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: no layer after the header", file);
	return DSE_OK;
}

/* A workload of one weight GEMM per layer of a SCALE-Sim topology. */
int dse_workload_parse_topology(const char *text, size_t len,
				const char *file, struct dse_workload **out,
				struct dse_error *err)
{
	char name[64], desc[160], *copy;
	size_t nrows;
	int rc;

	*out = NULL;
	if (memchr(text, '\0', len) != NULL)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: holds a NUL byte: not a text file", file);
	nrows = count_rows(text, len);
	if (nrows > DSE_STAGES_MAX + 1)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: more than %d layers", file,
				     DSE_STAGES_MAX);
	base_name(file, name, sizeof name);
	snprintf(desc, sizeof desc,
		 "SCALE-Sim v2 topology %.100s: one GEMM with its own weights per layer, one item per image",
		 name);
	rc = model_workload_new(name, desc, 1, nrows, out, err);
	if (rc != DSE_OK)
		return rc;
	copy = malloc(len + 1);
	if (copy == NULL) {
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	} else {
		memcpy(copy, text, len);
		copy[len] = '\0';
		rc = read_rows(copy, len, file, *out, err);
		free(copy);
	}
	if (rc == DSE_OK && ((*out)->source = strdup(file)) == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc == DSE_OK)
		rc = model_workload_finish(*out, file, err);
	if (rc != DSE_OK) {
		dse_workload_free(*out);
		*out = NULL;
	}
	return rc;
}
