/* json.c - JSON, JSON Lines and CSV writers over the field table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_output.h"

/* Add a number; cJSON cannot hold NaN or infinity, so those become null. */
static cJSON *add_number(cJSON *obj, const char *key, double v)
{
	if (v != v || v - v != 0)
		return cJSON_AddNullToObject(obj, key);
	return cJSON_AddNumberToObject(obj, key, v);
}

/* Every field of the table for p, non-finite numbers as null; NULL on failure. */
cJSON *dse_json_point(const struct dse_point *p)
{
	size_t n, i;
	const struct dse_field *f = dse_fields(&n);
	cJSON *obj = cJSON_CreateObject();
	cJSON *item;

	for (i = 0; obj && i < n; i++) {
		switch (f[i].kind) {
		case DSE_FIELD_STRING:
			item = cJSON_AddStringToObject(obj, f[i].key,
						       f[i].string(p));
			break;
		case DSE_FIELD_BOOL:
			item = cJSON_AddBoolToObject(obj, f[i].key,
						     f[i].number(p) != 0);
			break;
		default:
			item = add_number(obj, f[i].key, f[i].number(p));
		}
		if (item == NULL) {
			cJSON_Delete(obj);
			obj = NULL;
		}
	}
	return obj;
}

/* One stage report as {name, origin, copies, ..., bound}; NULL on failure. */
static cJSON *stage_json(const struct dse_stage_report *st)
{
	cJSON *o = cJSON_CreateObject();

	if (o && cJSON_AddStringToObject(o, "name", st->stage->name) &&
	    cJSON_AddStringToObject(o, "type", st->stage->kind == DSE_STAGE_GEMM ?
					       "gemm" : "eltwise") &&
	    add_number(o, "copies", st->copies) &&
	    add_number(o, "onchip_fraction", st->onchip_fraction) &&
	    add_number(o, "cycles", st->cycles) &&
	    add_number(o, "time_us", st->time_us) &&
	    add_number(o, "dram_mb", st->dram_bits / DSE_BITS_PER_MB) &&
	    cJSON_AddStringToObject(o, "bound", dse_bound_name(st->bound)))
		return o;
	cJSON_Delete(o);
	return NULL;
}

/* A feasible design's point object with its "stages" array (dse eval --json). */
int dse_json_eval(const struct dse_model *model, const struct dse_point *p,
		  cJSON **out, struct dse_error *err)
{
	struct dse_stage_report *st = NULL;
	cJSON *obj = dse_json_point(p), *a = NULL, *one;
	size_t i;
	int rc = obj ? DSE_OK : dse_error_set(err, DSE_ENOMEM, "out of memory");

	if (rc == DSE_OK)
		rc = dse_model_stages(model, &p->design, &p->result, &st, err);
	if (rc == DSE_OK && (a = cJSON_AddArrayToObject(obj, "stages")) == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (i = 0; rc == DSE_OK && i < model->wl->nstages; i++) {
		one = stage_json(&st[i]);
		if (one == NULL || !cJSON_AddItemToArray(a, one)) {
			cJSON_Delete(one);
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
		}
	}
	free(st);
	if (rc != DSE_OK) {
		cJSON_Delete(obj);
		return rc;
	}
	*out = obj;
	return DSE_OK;
}

/* A parameter's origin as the results say it: "file" for the
   technology's own file, else dse_tech_param_origin ("derived",
   "command line" or the path of a base file). */
static const char *origin_text(const struct dse_tech *tech, size_t i)
{
	const char *o = dse_tech_param_origin(tech, i);

	return tech->path && strcmp(o, tech->path) == 0 ? "file" : o;
}

/* A declared uncertainty: range, distribution and the range's source. */
static int add_uncertainty(cJSON *one, const struct dse_uncertainty *u)
{
	cJSON *range = cJSON_AddArrayToObject(one, "range");

	return range && cJSON_AddItemToArray(range, cJSON_CreateNumber(u->lo)) &&
	       cJSON_AddItemToArray(range, cJSON_CreateNumber(u->hi)) &&
	       cJSON_AddStringToObject(one, "distribution", u->dist->name) &&
	       cJSON_AddStringToObject(one, "range_source", u->source);
}

/* The technology: name, file, description, each parameter's value, source,
   origin (origin_text) and declared uncertainty. */
cJSON *dse_json_tech(const struct dse_tech *tech)
{
	cJSON *obj = cJSON_CreateObject(), *params, *one;
	size_t i;
	int ok;

	ok = obj && cJSON_AddStringToObject(obj, "name", tech->name) &&
	     cJSON_AddStringToObject(obj, "file", tech->path) &&
	     cJSON_AddStringToObject(obj, "description", tech->description) &&
	     (params = cJSON_AddObjectToObject(obj, "parameters")) != NULL;
	for (i = 0; ok && i < dse_tech_nparams(); i++) {
		const struct dse_uncertainty *u = dse_tech_param_uncertainty(tech, i);
		const char *key, *source;
		double v;

		dse_tech_param(tech, i, &key, &v, &source);
		ok = (one = cJSON_AddObjectToObject(params, key)) != NULL &&
		     add_number(one, "value", v) &&
		     cJSON_AddStringToObject(one, "source", source) &&
		     cJSON_AddStringToObject(one, "origin", origin_text(tech, i)) &&
		     (u == NULL || add_uncertainty(one, u));
	}
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

/* The workload: name, description, derived totals and each stage. */
cJSON *dse_json_workload(const struct dse_workload *wl)
{
	cJSON *obj = cJSON_CreateObject(), *stages = NULL, *st;
	size_t i;
	int ok;

	ok = obj && cJSON_AddStringToObject(obj, "name", wl->name) &&
	     cJSON_AddStringToObject(obj, "description", wl->description) &&
	     (wl->source == NULL ||
	      cJSON_AddStringToObject(obj, "source", wl->source)) &&
	     add_number(obj, "repeat", wl->repeat) &&
	     add_number(obj, "layers", wl->layers) &&
	     add_number(obj, "weights", wl->weights) &&
	     add_number(obj, "macs_per_item", wl->macs_per_item) &&
	     (stages = cJSON_AddArrayToObject(obj, "stages")) != NULL;
	for (i = 0; ok && i < wl->nstages; i++) {
		const struct dse_stage *s = &wl->stages[i];

		ok = (st = cJSON_CreateObject()) != NULL;
		if (ok)
			cJSON_AddItemToArray(stages, st);
		ok = ok && cJSON_AddStringToObject(st, "name", s->name);
		if (ok && s->kind == DSE_STAGE_GEMM)
			ok = cJSON_AddStringToObject(st, "type", "gemm") &&
			     add_number(st, "m", s->m) &&
			     add_number(st, "n", s->n) &&
			     add_number(st, "k", s->k) &&
			     add_number(st, "count", s->count) &&
			     cJSON_AddBoolToObject(st, "weights", s->weights) &&
			     (s->origin[0] == '\0' ||
			      cJSON_AddStringToObject(st, "origin", s->origin));
		else if (ok)
			ok = cJSON_AddStringToObject(st, "type", "eltwise") &&
			     add_number(st, "ops_per_item", s->ops_per_item);
	}
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

/* The budget as {area_mm2, power_w, sram_mb}. */
cJSON *dse_json_budget(const struct dse_budget *b)
{
	cJSON *obj = cJSON_CreateObject();

	if (obj && add_number(obj, "area_mm2", b->area_mm2) &&
	    add_number(obj, "power_w", b->power_w) &&
	    add_number(obj, "sram_mb", b->sram_mb))
		return obj;
	cJSON_Delete(obj);
	return NULL;
}

/* One GEMM's shape, folds, cycles, MACs and SRAM words as a JSON object. */
cJSON *dse_json_gemm(enum dse_dataflow df, double rows, double cols, double m,
		     double n, double k, const struct dse_gemm_stats *s)
{
	cJSON *obj = cJSON_CreateObject();

	if (obj && cJSON_AddStringToObject(obj, "dataflow", dse_dataflow_name(df)) &&
	    add_number(obj, "rows", rows) && add_number(obj, "cols", cols) &&
	    add_number(obj, "m", m) && add_number(obj, "n", n) &&
	    add_number(obj, "k", k) && add_number(obj, "cycles", s->cycles) &&
	    add_number(obj, "cycles_per_fold", s->cycles_per_fold) &&
	    add_number(obj, "row_folds", s->row_folds) &&
	    add_number(obj, "col_folds", s->col_folds) &&
	    add_number(obj, "folds", s->folds) &&
	    add_number(obj, "macs", s->macs) &&
	    add_number(obj, "pe_cycles", s->pe_cycles) &&
	    add_number(obj, "utilization", s->utilization) &&
	    add_number(obj, "a_reads_words", s->a_reads) &&
	    add_number(obj, "b_reads_words", s->b_reads) &&
	    add_number(obj, "o_reads_words", s->o_reads) &&
	    add_number(obj, "o_writes_words", s->o_writes) &&
	    add_number(obj, "sram_reads_words",
		       s->a_reads + s->b_reads + s->o_reads) &&
	    add_number(obj, "sram_writes_words", s->o_writes))
		return obj;
	cJSON_Delete(obj);
	return NULL;
}

/* One topology layer on one array as a JSON object; NULL on failure. */
static cJSON *layer_json(size_t i, const struct dse_stage *st,
			 const struct dse_gemm_stats *s)
{
	cJSON *o = cJSON_CreateObject();

	if (o && add_number(o, "layer", (double)i) &&
	    cJSON_AddStringToObject(o, "name", st->name) &&
	    add_number(o, "m", st->m) && add_number(o, "n", st->n) &&
	    add_number(o, "k", st->k) && add_number(o, "gemms", st->count) &&
	    add_number(o, "folds", st->count * s->folds) &&
	    add_number(o, "cycles", st->count * s->cycles) &&
	    add_number(o, "macs", st->count * s->macs) &&
	    add_number(o, "utilization", s->utilization))
		return o;
	cJSON_Delete(o);
	return NULL;
}

/* Every layer of a topology on one array, and the totals, as JSON. */
cJSON *dse_json_topology(enum dse_dataflow df, double rows, double cols,
			 const struct dse_array_arch *arch,
			 const struct dse_workload *wl)
{
	cJSON *obj = cJSON_CreateObject(), *a = NULL, *one;
	struct dse_gemm_stats s;
	double cycles = 0, macs = 0;
	size_t i;
	int ok = obj && cJSON_AddStringToObject(obj, "topology", wl->name) &&
		 cJSON_AddStringToObject(obj, "dataflow", dse_dataflow_name(df)) &&
		 add_number(obj, "rows", rows) && add_number(obj, "cols", cols) &&
		 cJSON_AddBoolToObject(obj, "fold_overlap", arch->fold_overlap) &&
		 add_number(obj, "acc_depth", arch->acc_depth) &&
		 (a = cJSON_AddArrayToObject(obj, "layers")) != NULL;

	for (i = 0; ok && i < wl->nstages; i++) {
		const struct dse_stage *st = &wl->stages[i];

		if (st->kind != DSE_STAGE_GEMM)
			continue;
		dse_gemm_eval_arch(df, rows, cols, st->m, st->n, st->k, arch, &s);
		cycles += st->count * s.cycles;
		macs += st->count * s.macs;
		one = layer_json(i, st, &s);
		ok = one && cJSON_AddItemToArray(a, one);
		if (!ok)
			cJSON_Delete(one);
	}
	ok = ok && add_number(obj, "cycles", cycles) &&
	     add_number(obj, "macs", macs) &&
	     add_number(obj, "utilization",
			cycles > 0 ? macs / (rows * cols * cycles) : 0.0);
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

/* Each chip: name, technology, workload, its point and every figure. */
cJSON *dse_json_chips(const struct dse_chip_report *rep, size_t n)
{
	const struct dse_chip_figure *fig = dse_chip_figures();
	cJSON *a = cJSON_CreateArray(), *c, *figs, *one;
	size_t i, k;
	int ok = a != NULL;

	for (i = 0; ok && i < n; i++) {
		struct dse_point p;

		p.design = rep[i].chip->design;
		p.result = rep[i].result;
		ok = (c = cJSON_CreateObject()) != NULL && cJSON_AddItemToArray(a, c) &&
		     cJSON_AddStringToObject(c, "chip", rep[i].chip->name) &&
		     cJSON_AddStringToObject(c, "description",
					     rep[i].chip->description) &&
		     cJSON_AddStringToObject(c, "technology", rep[i].tech_name) &&
		     cJSON_AddStringToObject(c, "workload", rep[i].workload_name) &&
		     add_number(c, "avg_power_tops_per_w", rep[i].result.tops_per_w) &&
		     (figs = cJSON_AddObjectToObject(c, "figures")) != NULL;
		for (k = 0; ok && k < DSE_CHIP_NFIGURES; k++)
			ok = (one = cJSON_AddObjectToObject(figs, fig[k].key)) != NULL &&
			     cJSON_AddStringToObject(one, "unit", fig[k].unit) &&
			     add_number(one, "dse", rep[i].dse[k]) &&
			     add_number(one, "published", rep[i].chip->published[k]) &&
			     add_number(one, "ratio", rep[i].dse[k] /
							rep[i].chip->published[k]) &&
			     cJSON_AddStringToObject(one, "source",
						     rep[i].chip->source[k]);
		if (ok) {
			one = dse_json_point(&p);
			ok = one != NULL && cJSON_AddItemToObject(c, "design", one);
			if (!ok)
				cJSON_Delete(one);
		}
	}
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* The CSV header line: every field key, in table order. */
int dse_csv_header(FILE *f)
{
	size_t n, i;
	const struct dse_field *fl = dse_fields(&n);

	for (i = 0; i < n; i++)
		if (fprintf(f, "%s%s", i ? "," : "", fl[i].key) < 0)
			return DSE_EIO;
	return fputc('\n', f) == EOF ? DSE_EIO : DSE_OK;
}

/* s as a CSV field, quoted (RFC 4180 section 2) when it must be. */
int dse_csv_string(FILE *f, const char *s)
{
	if (s[strcspn(s, ",\"\r\n")] == '\0')
		return fputs(s, f) == EOF ? DSE_EIO : DSE_OK;
	if (fputc('"', f) == EOF)
		return DSE_EIO;
	for (; *s; s++)
		if ((*s == '"' && fputc('"', f) == EOF) || fputc(*s, f) == EOF)
			return DSE_EIO;
	return fputc('"', f) == EOF ? DSE_EIO : DSE_OK;
}

/* s as a JSON string (RFC 8259 section 7); negative on a write error. */
static int json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int bad = fputc('"', f) == EOF;

	for (; *p && !bad; p++) {
		if (*p == '"' || *p == '\\')
			bad = fprintf(f, "\\%c", *p) < 0;
		else if (*p < 0x20 || *p == 0x7F)
			bad = fprintf(f, "\\u%04x", *p) < 0;
		else
			bad = fputc(*p, f) == EOF;
	}
	return bad || fputc('"', f) == EOF ? -1 : 0;
}

/* Write field i of p as a CSV cell or a JSON value. */
static int put_value(FILE *f, const struct dse_field *fl,
		     const struct dse_point *p, int json)
{
	char buf[64];

	switch (fl->kind) {
	case DSE_FIELD_STRING:
		if (json)
			return json_string(f, fl->string(p));
		return dse_csv_string(f, fl->string(p)) == DSE_OK ? 0 : -1;
	case DSE_FIELD_BOOL:
		return fputs(fl->number(p) != 0 ? "true" : "false", f);
	default:
		dse_format_double(buf, sizeof buf, fl->number(p));
		return fputs(json || strcmp(buf, "null") != 0 ? buf : "", f);
	}
}

/* One CSV row for p; non-finite numbers as empty cells. */
int dse_csv_point(FILE *f, const struct dse_point *p)
{
	size_t n, i;
	const struct dse_field *fl = dse_fields(&n);

	for (i = 0; i < n; i++)
		if ((i && fputc(',', f) == EOF) || put_value(f, &fl[i], p, 0) < 0)
			return DSE_EIO;
	return fputc('\n', f) == EOF ? DSE_EIO : DSE_OK;
}

/* p as one JSON object on one line. */
int dse_jsonl_point(FILE *f, const struct dse_point *p)
{
	size_t n, i;
	const struct dse_field *fl = dse_fields(&n);

	for (i = 0; i < n; i++)
		if (fprintf(f, "%s\"%s\":", i ? "," : "{", fl[i].key) < 0 ||
		    put_value(f, &fl[i], p, 1) < 0)
			return DSE_EIO;
	return fputs("}\n", f) == EOF ? DSE_EIO : DSE_OK;
}
