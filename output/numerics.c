/*
 * numerics.c - what dse numerics and dse formats report, per format, as
 * JSON, CSV and text: two tables of columns shared by every writer.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_output.h"

/* One reported column: key (JSON, CSV), text heading and layout. */
struct column {
	const char *key;
	const char *head;  /* text heading, unit included */
	int width;         /* text width */
	int prec;          /* digits after the point in text */
	double (*num)(const struct dse_format_row *r); /* NULL: a string */
	const char *(*str)(const struct dse_format_row *r);
};

/* String columns. */
static const char *c_format(const struct dse_format_row *r) { return r->format->name; }
static const char *c_family(const struct dse_format_row *r) { return r->format->family; }
static const char *c_element(const struct dse_format_row *r) { return r->format->element.name; }
static const char *c_series(const struct dse_format_row *r) { return r->series ? r->series : "formats"; }

/* Number columns: the format's row. */
static double c_bits(const struct dse_format_row *r) { return r->format->element.bits; }
static double c_block(const struct dse_format_row *r) { return r->format->block; }
static double c_scale_bits(const struct dse_format_row *r) { return r->format->scale_bits; }
static double c_storage(const struct dse_format_row *r) { return r->format->storage_bits; }
static double c_acc_bits(const struct dse_format_row *r) { return r->format->acc_bits; }
static double c_align_bits(const struct dse_format_row *r) { return r->format->align_bits; }
static double c_pe_pj(const struct dse_format_row *r) { return r->pe.energy_pj; }
static double c_pe_um2(const struct dse_format_row *r) { return r->pe.area_um2; }

/* Number columns: what the format did to one GEMM. */
static double c_in(const struct dse_format_row *r) { return r->r.input_sqnr_db; }
static double c_a(const struct dse_format_row *r) { return r->r.a_sqnr_db; }
static double c_b(const struct dse_format_row *r) { return r->r.b_sqnr_db; }
static double c_out(const struct dse_format_row *r) { return r->r.output_sqnr_db; }
static double c_mean(const struct dse_format_row *r) { return r->r.output_rel_err_mean; }
static double c_max(const struct dse_format_row *r) { return r->r.output_rel_err_max; }
static double c_eff(const struct dse_format_row *r) { return r->r.effective_bits; }

#define END { NULL, NULL, 0, 0, NULL, NULL }

/* dse numerics: one row per format (numerics.json, numerics.csv, table). */
static const struct column numerics_columns[] = {
	{ "format", "format", -14, 0, NULL, c_format },
	{ "family", NULL, 0, 0, NULL, c_family },
	{ "block", NULL, 0, 0, c_block, NULL },
	{ "bits_per_element", "bits/elem", 9, 3, c_storage, NULL },
	{ "input_sqnr_db", "input dB", 9, 2, c_in, NULL },
	{ "a_sqnr_db", NULL, 0, 0, c_a, NULL },
	{ "b_sqnr_db", NULL, 0, 0, c_b, NULL },
	{ "output_sqnr_db", "output dB", 10, 2, c_out, NULL },
	{ "effective_bits", "eff. bits", 9, 2, c_eff, NULL },
	{ "output_rel_err_mean", "mean |err|/rms", 14, 5, c_mean, NULL },
	{ "output_rel_err_max", "max |err|/rms", 13, 4, c_max, NULL },
	END
};

/* dse formats: one row per known format at a technology. */
static const struct column formats_columns[] = {
	{ "format", "format", -14, 0, NULL, c_format },
	{ "element", "element", -8, 0, NULL, c_element },
	{ "element_bits", "bits", 4, 0, c_bits, NULL },
	{ "block", "block", 6, 0, c_block, NULL },
	{ "scale_bits", "scale", 5, 0, c_scale_bits, NULL },
	{ "storage_bits_per_element", "bits/elem", 9, 3, c_storage, NULL },
	{ "acc_bits", "acc bits", 8, 0, c_acc_bits, NULL },
	{ "align_shifter_bits", "shifter", 7, 0, c_align_bits, NULL },
	{ "pe_energy_pj_per_mac", "pJ/MAC", 7, 4, c_pe_pj, NULL },
	{ "pe_area_um2", "um2/PE", 7, 1, c_pe_um2, NULL },
	{ "input_sqnr_db", "input dB", 8, 2, c_in, NULL },
	{ "output_sqnr_db", "GEMM dB", 8, 2, c_out, NULL },
	END
};

/* The column table of a kind of row. */
static const struct column *columns(enum dse_row_kind kind)
{
	return kind == DSE_ROWS_FORMATS ? formats_columns : numerics_columns;
}

/* A number into obj; JSON has no infinity: an error-free SQNR is null. */
static cJSON *add_number(cJSON *obj, const char *key, double v)
{
	if (!isfinite(v))
		return cJSON_AddNullToObject(obj, key);
	return cJSON_AddNumberToObject(obj, key, v);
}

/* One row as a flat JSON object of its kind's columns. */
cJSON *dse_json_format_row(const struct dse_format_row *row,
			   enum dse_row_kind kind)
{
	const struct column *c;
	cJSON *obj = cJSON_CreateObject();
	int ok = obj != NULL;

	for (c = columns(kind); ok && c->key; c++)
		ok = c->num ? add_number(obj, c->key, c->num(row)) != NULL :
			      cJSON_AddStringToObject(obj, c->key, c->str(row)) != NULL;
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

/* A number as CSV text: "inf" for no error, round-trip digits else. */
static void csv_number(char *buf, size_t len, double v)
{
	if (isinf(v))
		snprintf(buf, len, "%s", v > 0 ? "inf" : "-inf");
	else
		dse_format_double(buf, len, v);
}

/* A header line, then the rows, with a leading "series" column. */
int dse_csv_format_rows(FILE *f, const struct dse_format_row *rows, size_t n,
			enum dse_row_kind kind)
{
	const struct column *c;
	char buf[64];
	size_t i;

	fputs("series", f);
	for (c = columns(kind); c->key; c++)
		fprintf(f, ",%s", c->key);
	fputc('\n', f);
	for (i = 0; i < n; i++) {
		fputs(c_series(&rows[i]), f);
		for (c = columns(kind); c->key; c++) {
			if (c->num)
				csv_number(buf, sizeof buf, c->num(&rows[i]));
			fprintf(f, ",%s", c->num ? buf : c->str(&rows[i]));
		}
		fputc('\n', f);
	}
	return ferror(f) ? DSE_EIO : DSE_OK;
}

/* The rows as an aligned table of the columns that have a heading. */
int dse_text_format_rows(FILE *f, const struct dse_format_row *rows, size_t n,
			 enum dse_row_kind kind)
{
	const struct column *c;
	size_t i;
	int first;

	for (c = columns(kind), first = 1; c->key; c++)
		if (c->head) {
			fprintf(f, "%s%*s", first ? "" : " ", c->width, c->head);
			first = 0;
		}
	fputc('\n', f);
	for (i = 0; i < n; i++) {
		for (c = columns(kind), first = 1; c->key; c++) {
			const char *sep = first ? "" : " ";

			if (!c->head)
				continue;
			first = 0;
			if (c->num == NULL)
				fprintf(f, "%s%*s", sep, c->width, c->str(&rows[i]));
			else if (isinf(c->num(&rows[i])))
				fprintf(f, "%s%*s", sep, c->width, "inf");
			else
				fprintf(f, "%s%*.*f", sep, c->width, c->prec,
					c->num(&rows[i]));
		}
		fputc('\n', f);
	}
	return ferror(f) ? DSE_EIO : DSE_OK;
}
