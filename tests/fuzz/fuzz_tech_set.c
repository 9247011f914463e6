/* fuzz_tech_set.c - --set values and technology files with "base" and
 * declared ranges (dse_tech_set_parse, dse_tech_load, dse_tech_with).
 * The input: --set arguments one a line, a blank line, then a technology
 * file (whose "base" may name a built-in of $DSE_DATADIR, else ./data).
 * Every argument and file is refused with one line or gives values every
 * model function can use: finite, within each declared range, and the
 * values set stored as given, fixed, from "command line". */
#include <math.h>

#include "dse_model.h"
#include "fuzz.h"

#define SETS_MAX 16

/* The declared uncertainties of t are ranges around finite values. */
static void check_ranges(const struct dse_tech *t)
{
	size_t i;

	for (i = 0; i < dse_tech_nparams(); i++) {
		const struct dse_uncertainty *u = dse_tech_param_uncertainty(t, i);
		const char *key, *source;
		double v;

		dse_tech_param(t, i, &key, &v, &source);
		FUZZ_ASSERT(isfinite(v) && v >= 0 && source && *source);
		FUZZ_ASSERT(dse_tech_param_origin(t, i) != NULL);
		if (u == NULL)
			continue;
		FUZZ_ASSERT(isfinite(u->lo) && isfinite(u->hi));
		FUZZ_ASSERT(u->lo <= v && v <= u->hi);
		FUZZ_ASSERT(u->dist && u->source && *u->source);
		/* every quantile stays in the range */
		FUZZ_ASSERT(u->dist->quantile(0, u->lo, v, u->hi) >= u->lo);
		FUZZ_ASSERT(u->dist->quantile(0.5, u->lo, v, u->hi) <= u->hi);
		FUZZ_ASSERT(u->dist->quantile(1, u->lo, v, u->hi) <= u->hi);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *datadir = getenv("DSE_DATADIR");
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL, *set = NULL;
	size_t idx[SETS_MAX], nsets = 0, k;
	double vals[SETS_MAX];
	char *text = fuzz_text(data, size), *line, *body, *next;
	const char *path;

	if (text == NULL)
		return 0;
	body = strstr(text, "\n\n");
	if (body)
		*body = '\0';
	for (line = body ? text : NULL; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (dse_tech_set_parse(line, &idx[nsets], &vals[nsets], &err) !=
		    DSE_OK) {
			FUZZ_ASSERT(err.status == DSE_EUSAGE);
			FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
			continue;
		}
		FUZZ_ASSERT(idx[nsets] < dse_tech_nparams() && isfinite(vals[nsets]));
		if (nsets + 1 < SETS_MAX)
			nsets++;
	}
	path = body ? fuzz_file((const uint8_t *)body + 2,
				strlen(body + 2)) :
		      fuzz_file(data, size);
	if (path == NULL ||
	    dse_tech_load(path, datadir && *datadir ? datadir : "data", &tech,
			  &err) != DSE_OK) {
		if (path)
			FUZZ_ASSERT(err.status == DSE_EINPUT ||
				    err.status == DSE_EUSAGE ||
				    err.status == DSE_ENOMEM);
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
		free(text);
		return 0;
	}
	check_ranges(tech);
	if (dse_tech_with(tech, idx, vals, nsets, "command line", "--set", &set,
			  &err) == DSE_OK) {
		check_ranges(set);
		for (k = 0; k < nsets; k++) {
			const char *key, *source;
			double v;
			size_t j;

			/* the last value of a key given twice is the one kept */
			for (j = k + 1; j < nsets && idx[j] != idx[k]; j++)
				;
			if (j < nsets)
				continue;
			dse_tech_param(set, idx[k], &key, &v, &source);
			FUZZ_ASSERT(v == vals[k]);
			FUZZ_ASSERT(strcmp(source, "command line") == 0);
			FUZZ_ASSERT(dse_tech_param_uncertainty(set, idx[k]) == NULL);
		}
	} else {
		FUZZ_ASSERT(err.status == DSE_EINPUT || err.status == DSE_ENOMEM);
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
	}
	dse_tech_free(set);
	dse_tech_free(tech);
	free(text);
	return 0;
}
