/* serve.c - runs of the serving simulator as JSON, CSV and a table. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_output.h"

/* A number of a run's statistics, by offset. */
#define STAT(key, field, meaning) \
	{ key, meaning, offsetof(struct dse_serve_stats, field), 0, 0 }
/* A [lo, hi] pair of the statistics. */
#define PAIR(key, field, meaning) \
	{ key, meaning, offsetof(struct dse_serve_stats, field), 1, 0 }
/* A figure of a run with training (section 15). */
#define TRAIN(key, field, meaning) \
	{ key, meaning, offsetof(struct dse_serve_stats, field), 0, 1 }

/* The figures of a run (sections 13 and 15), in output order. */
static const struct serve_field {
	const char *key, *meaning;
	size_t offset;
	int pair;
	int train;   /* only for runs with training */
} serve_fields[] = {
	STAT("rate_rps", rate_rps, "arrival rate lambda, requests/s"),
	STAT("load", load, "rho = lambda / capacity"),
	STAT("capacity_rps", capacity_rps, "service-time capacity C = G b / S(b)"),
	STAT("latency_mean_us", latency_mean_us, "mean latency"),
	PAIR("mean_ci_us", mean_ci_us, "95 % interval of the mean (batch means)"),
	STAT("latency_p50_us", latency_p50_us, "median latency"),
	STAT("latency_p90_us", latency_p90_us, "90th percentile"),
	STAT("latency_p99_us", latency_p99_us, "99th percentile"),
	PAIR("p99_ci_us", p99_ci_us, "95 % interval of the 99th percentile"),
	STAT("latency_p999_us", latency_p999_us, "99.9th percentile"),
	STAT("latency_max_us", latency_max_us, "largest latency"),
	STAT("percentile", percentile, "the tail percentile P"),
	STAT("latency_tail_us", latency_tail_us, "P-th percentile latency"),
	PAIR("tail_ci_us", tail_ci_us, "95 % interval of the P-th percentile"),
	STAT("slo_attainment", slo_attainment, "fraction of requests within the SLO"),
	STAT("batch_fill", batch_fill, "mean items per batch / b"),
	STAT("busy_fraction", busy_fraction, "group-time serving inference"),
	STAT("mean_in_system", mean_in_system, "time-average requests in the system"),
	STAT("energy_per_item_uj", energy_per_item_uj, "energy per item, leakage and idle included"),
	STAT("throughput_tops", throughput_tops, "served TOp/s at this load"),
	STAT("avg_power_w", avg_power_w, "average power at this load"),
	STAT("duration_us", duration_us, "simulated time"),
	STAT("idle_fraction", idle_fraction, "group-time doing nothing"),
	TRAIN("train_items_per_s", train_items_per_s, "training items of completed steps per second"),
	TRAIN("train_tops", train_tops, "training TOp/s in the idle cycles"),
	TRAIN("dedicated_train_items_per_s", dedicated_train_items_per_s, "every group training all the time"),
	TRAIN("dedicated_train_tops", dedicated_train_tops, "the same in TOp/s"),
	TRAIN("train_fraction", train_fraction, "train / dedicated: training for free"),
	TRAIN("train_busy_fraction", train_busy_fraction, "group-time running training chunks"),
	TRAIN("train_energy_per_item_uj", train_energy_per_item_uj, "training chunks' dynamic energy per item"),
};

#define NFIELDS (sizeof serve_fields / sizeof serve_fields[0])

/* A number of the statistics by offset. */
static double stat(const struct dse_serve_stats *s, size_t offset, int i)
{
	return ((const double *)(const void *)((const char *)s + offset))[i];
}

/* Add a number; non-finite as null. */
static int add_num(cJSON *obj, const char *key, double v)
{
	return (isfinite(v) ? cJSON_AddNumberToObject(obj, key, v) :
			      cJSON_AddNullToObject(obj, key)) != NULL;
}

/* Add [lo, hi] (nulls where not finite). */
static int add_pair(cJSON *obj, const char *key, double lo, double hi)
{
	cJSON *a = cJSON_AddArrayToObject(obj, key);
	double v[2] = { lo, hi };
	int i;

	for (i = 0; a && i < 2; i++)
		if (!cJSON_AddItemToArray(a, isfinite(v[i]) ?
						     cJSON_CreateNumber(v[i]) :
						     cJSON_CreateNull()))
			return 0;
	return a != NULL;
}

/* One run as a flat JSON object; with_cdf adds the latency distribution. */
cJSON *dse_json_serve_row(const struct dse_serve_row *r, int with_cdf)
{
	const struct dse_serve_stats *s = &r->stats;
	cJSON *obj = cJSON_CreateObject(), *a;
	size_t i;
	int ok = obj && cJSON_AddStringToObject(obj, "policy", r->policy) &&
		 cJSON_AddStringToObject(obj, "arrivals", r->arrivals) &&
		 add_num(obj, "slo_us", r->slo_us > 0 ? r->slo_us : NAN) &&
		 cJSON_AddNumberToObject(obj, "requests", (double)s->requests) &&
		 cJSON_AddNumberToObject(obj, "warmup", (double)s->warmup) &&
		 cJSON_AddNumberToObject(obj, "batches", (double)s->batches);

	for (i = 0; ok && i < NFIELDS; i++) {
		const struct serve_field *f = &serve_fields[i];

		if (f->train && !r->trained)
			continue;
		ok = f->pair ? add_pair(obj, f->key, stat(s, f->offset, 0),
					stat(s, f->offset, 1)) :
			       add_num(obj, f->key, stat(s, f->offset, 0));
	}
	ok = ok && cJSON_AddBoolToObject(obj, "stable", s->stable) &&
	     cJSON_AddBoolToObject(obj, "steady", s->steady) &&
	     cJSON_AddBoolToObject(obj, "meets_slo", s->meets_slo) &&
	     (!r->trained || cJSON_AddBoolToObject(obj, "train_blocked",
						  s->train_blocked));
	if (ok && r->capacity) {
		ok = add_num(obj, "tail_capacity_rps", r->capacity->tail_capacity_rps) &&
		     add_num(obj, "tail_capacity_tops", r->capacity->tail_capacity_tops) &&
		     add_num(obj, "tail_load", r->capacity->tail_load) &&
		     cJSON_AddNumberToObject(obj, "capacity_steps", r->capacity->steps);
	}
	if (ok && with_cdf) { /* the latency at each probability cdf_p */
		cJSON *pa;

		ok = (a = cJSON_AddArrayToObject(obj, "cdf_us")) != NULL &&
		     (pa = cJSON_AddArrayToObject(obj, "cdf_p")) != NULL;
		for (i = 0; ok && i < DSE_SERVE_CDF_POINTS; i++)
			ok = cJSON_AddItemToArray(a, cJSON_CreateNumber(s->cdf_us[i])) &&
			     cJSON_AddItemToArray(pa, cJSON_CreateNumber(
						 dse_serve_cdf_p((unsigned)i)));
	}
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

/* The server: groups, batch, capacity and S(k) for every k. */
cJSON *dse_json_serve_server(const struct dse_serve_server *srv)
{
	cJSON *obj = cJSON_CreateObject(), *a = NULL;
	unsigned k;
	int ok = obj && cJSON_AddNumberToObject(obj, "groups", srv->groups) &&
		 cJSON_AddNumberToObject(obj, "batch", srv->batch) &&
		 cJSON_AddNumberToObject(obj, "capacity_rps", srv->capacity_rps) &&
		 cJSON_AddNumberToObject(obj, "capacity_tops",
					 srv->capacity_rps * srv->ops_per_item * 1e-12) &&
		 cJSON_AddNumberToObject(obj, "ops_per_item", srv->ops_per_item) &&
		 cJSON_AddNumberToObject(obj, "static_power_w", srv->static_power_w) &&
		 cJSON_AddNumberToObject(obj, "idle_group_w", srv->idle_group_w) &&
		 (a = cJSON_AddArrayToObject(obj, "service_us")) != NULL;

	for (k = 0; ok && k < srv->batch; k++)
		ok = cJSON_AddItemToArray(a, cJSON_CreateNumber(srv->service_us[k]));
	ok = ok && (a = cJSON_AddArrayToObject(obj, "batch_energy_uj")) != NULL;
	for (k = 0; ok && k < srv->batch; k++)
		ok = cJSON_AddItemToArray(a, cJSON_CreateNumber(srv->energy_uj[k]));
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

/* CSV header of serve.csv: the same keys, pairs as _lo and _hi columns. */
int dse_csv_serve_header(FILE *f)
{
	size_t i;

	if (fputs("policy,arrivals,slo_us,requests,warmup,batches", f) == EOF)
		return DSE_EIO;
	for (i = 0; i < NFIELDS; i++) {
		const struct serve_field *sf = &serve_fields[i];
		int rc = sf->pair ? fprintf(f, ",%s_lo,%s_hi", sf->key, sf->key) :
				    fprintf(f, ",%s", sf->key);

		if (rc < 0)
			return DSE_EIO;
	}
	return fputs(",stable,meets_slo,tail_capacity_rps,tail_capacity_tops,tail_load\n",
		     f) == EOF ? DSE_EIO : DSE_OK;
}

/* A CSV cell of v: exact, empty when not finite. */
static int cell(FILE *f, double v)
{
	char buf[64];

	dse_format_double(buf, sizeof buf, v);
	return fprintf(f, ",%s", strcmp(buf, "null") ? buf : "") < 0 ? DSE_EIO :
								     DSE_OK;
}

/* One run as a CSV row under dse_csv_serve_header. */
int dse_csv_serve_row(FILE *f, const struct dse_serve_row *r)
{
	const struct dse_serve_stats *s = &r->stats;
	const struct dse_serve_capacity *c = r->capacity;
	size_t i;
	int rc;

	/* policy and arrival names are [a-z0-9_.:] */
	if (fprintf(f, "%s,%s", r->policy, r->arrivals) < 0)
		return DSE_EIO;
	rc = cell(f, r->slo_us > 0 ? r->slo_us : NAN);
	rc = rc ? rc : cell(f, (double)s->requests);
	rc = rc ? rc : cell(f, (double)s->warmup);
	rc = rc ? rc : cell(f, (double)s->batches);
	for (i = 0; rc == DSE_OK && i < NFIELDS; i++) {
		if (serve_fields[i].train && !r->trained) { /* an empty cell */
			rc = cell(f, NAN);
			continue;
		}
		rc = cell(f, stat(s, serve_fields[i].offset, 0));
		if (rc == DSE_OK && serve_fields[i].pair)
			rc = cell(f, stat(s, serve_fields[i].offset, 1));
	}
	if (rc == DSE_OK && fprintf(f, ",%s,%s", s->stable ? "true" : "false",
				    s->meets_slo ? "true" : "false") < 0)
		rc = DSE_EIO;
	rc = rc ? rc : cell(f, c ? c->tail_capacity_rps : NAN);
	rc = rc ? rc : cell(f, c ? c->tail_capacity_tops : NAN);
	rc = rc ? rc : cell(f, c ? c->tail_load : NAN);
	return rc == DSE_OK && fputc('\n', f) != EOF ? DSE_OK : DSE_EIO;
}

/* A latency in us, 4 significant digits, or "-". */
static void put_us(FILE *f, double v, int width)
{
	if (isfinite(v))
		fprintf(f, " %*.4g", width, v);
	else
		fprintf(f, " %*s", width, "-");
}

/* The server in two lines: shape, service times, capacity. */
int dse_text_serve_server(FILE *f, const struct dse_point *p,
			  const struct dse_serve_server *srv)
{
	const struct dse_design *d = &p->design;
	char c[32];

	fprintf(f, "Design: %s %s %u x %u, k-split %u, %.4g GHz, %.4g V; %u group%s of b = %u\n",
		d->format->name, dse_dataflow_name(d->dataflow), d->rows,
		d->cols, d->ksplit, p->result.freq_ghz, p->result.voltage_v,
		srv->groups, srv->groups == 1 ? "" : "s", srv->batch);
	fprintf(f, "Service: S(1) = %.4g us, S(%u) = %.4g us; capacity C = %s items/s (%.4g TOp/s)\n",
		srv->service_us[0], srv->batch, srv->service_us[srv->batch - 1],
		dse_format_count(srv->capacity_rps, c, sizeof c),
		srv->capacity_rps * srv->ops_per_item * 1e-12);
	return ferror(f) ? DSE_EIO : DSE_OK;
}

/* The runs as a table, one row per policy and load. */
int dse_text_serve(FILE *f, const struct dse_serve_row *rows, size_t n)
{
	size_t i;

	fprintf(f, "%-12s %5s %11s %9s %9s %9s %9s %9s %9s %6s %5s %5s %9s\n",
		"policy", "load", "rate_rps", "mean_us", "p50_us", "p99_us",
		"p99_ci_lo", "p99_ci_hi", "p99.9_us", "in_slo", "fill",
		"busy", "uJ/item");
	for (i = 0; i < n; i++) {
		const struct dse_serve_stats *s = &rows[i].stats;
		char rate[32];

		fprintf(f, "%-12s %5.3g %11s", rows[i].policy, s->load,
			dse_format_count(s->rate_rps, rate, sizeof rate));
		put_us(f, s->latency_mean_us, 9);
		put_us(f, s->latency_p50_us, 9);
		put_us(f, s->latency_p99_us, 9);
		put_us(f, s->p99_ci_us[0], 9);
		put_us(f, s->p99_ci_us[1], 9);
		put_us(f, s->latency_p999_us, 9);
		if (rows[i].slo_us > 0)
			fprintf(f, " %5.1f%%", 100.0 * s->slo_attainment);
		else
			fprintf(f, " %6s", "-");
		fprintf(f, " %5.3f %5.3f %9.4g%s\n", s->batch_fill,
			s->busy_fraction, s->energy_per_item_uj,
			s->stable ? "" : "  unstable (load >= 1)");
	}
	return ferror(f) ? DSE_EIO : DSE_OK;
}

/* Training in the idle cycles of each run (rows that trained). */
int dse_text_serve_train(FILE *f, const struct dse_serve_row *rows, size_t n,
			 const char *workload, double items_per_step)
{
	char a[32], b[32];
	size_t i;

	for (i = 0; i < n && !rows[i].trained; i++)
		;
	if (i == n)
		return DSE_OK;
	fprintf(f, "\nTraining in the idle cycles (SERVING.md 15): %s, %g items per step; dedicated %s items/s\n",
		workload, items_per_step,
		dse_format_count(rows[i].stats.dedicated_train_items_per_s, a, sizeof a));
	fprintf(f, "%-12s %5s %13s %10s %9s %10s %9s %6s\n", "policy", "load",
		"train_items/s", "train_TOps", "fraction", "inference",
		"training", "idle");
	for (i = 0; i < n; i++) {
		const struct dse_serve_stats *s = &rows[i].stats;

		if (!rows[i].trained)
			continue;
		fprintf(f, "%-12s %5.3g %13s %10.4g %8.1f%% %9.1f%% %8.1f%% %5.1f%%%s\n",
			rows[i].policy, s->load,
			dse_format_count(s->train_items_per_s, b, sizeof b),
			s->train_tops, 100 * s->train_fraction,
			100 * s->busy_fraction, 100 * s->train_busy_fraction,
			100 * s->idle_fraction,
			s->train_blocked ? "  no chunk fits in L - S(b): nothing trains" : "");
	}
	return ferror(f) ? DSE_EIO : DSE_OK;
}

/* The tail capacity of each run's policy (rows with a capacity). */
int dse_text_serve_capacity(FILE *f, const struct dse_serve_row *rows,
			    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct dse_serve_capacity *c = rows[i].capacity;
		char t[32], cap[32];

		if (c == NULL || (i > 0 && rows[i - 1].capacity == c))
			continue;
		fprintf(f, "Tail capacity, %s, p%g <= %g us (%s): %s requests/s = %.3g C, %.4g TOp/s; service-time capacity %s /s; %u simulations\n",
			rows[i].policy, rows[i].stats.percentile, rows[i].slo_us,
			rows[i].arrivals,
			dse_format_count(c->tail_capacity_rps, t, sizeof t),
			c->tail_load, c->tail_capacity_tops,
			dse_format_count(c->capacity_rps, cap, sizeof cap),
			c->steps);
	}
	return ferror(f) ? DSE_EIO : DSE_OK;
}
