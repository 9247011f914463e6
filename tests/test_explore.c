/* test_explore.c - studies, the sweep and its outputs (MODEL.md section 8). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <cjson/cJSON.h>

#include "dse_explore.h"
#include "dse_model.h"
#include "dse_output.h"
#include "suites.h"

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

static struct dse_tech *tech;
static struct dse_workload *wl;
static struct dse_model model;

static void model_setup(void)
{
	struct dse_error err = { 0, "" };
	struct dse_budget b = { DSE_DEFAULT_AREA_MM2, DSE_DEFAULT_POWER_W,
				DSE_DEFAULT_SRAM_MB, 0 };

	ck_assert_msg(dse_tech_load("n7", test_datadir(), &tech, &err) == DSE_OK,
		      "n7: %s", err.msg);
	ck_assert_msg(dse_workload_find("lstm", test_datadir(), &wl, &err) == DSE_OK, "lstm: %s",
		      err.msg);
	ck_assert_msg(dse_model_init(&model, tech, wl, &b, &err) == DSE_OK,
		      "model: %s", err.msg);
}

static void model_teardown(void)
{
	dse_workload_free(wl);
	dse_tech_free(tech);
	wl = NULL;
	tech = NULL;
}

/* The name of objective row i. */
static const char *objective_name(size_t i)
{
	size_t n;

	return dse_objectives(&n)[i].name;
}

/* Set a study key that must be accepted. */
static void set(struct dse_study *st, const char *key, const char *value)
{
	struct dse_error err = { 0, "" };

	ck_assert_msg(dse_study_set(st, key, value, NULL, &err) == DSE_OK,
		      "%s = '%s': %s", key, value, err.msg);
}

/*
 * The tiny study: 32 rows x 2 cols x 2 k-splits x 7 frequencies
 * (0.6, 0.7, ..., 1.2) x 2 formats, os only: 32 * 2 * 2 * 7 * 2 = 1792
 * designs, all in one chunk of the sweep.
 */
#define TINY_TOTAL 1792.0

static void tiny_study(struct dse_study *st, const char *threads)
{
	dse_study_defaults(st);
	set(st, "rows", "1:32");
	set(st, "cols", "64,128");
	set(st, "k_split", "1:2");
	set(st, "freq_ghz", "0.6:1.2:0.1");
	set(st, "sample", "100");
	set(st, "threads", threads);
}

/*
 * A study of several chunks, so that threads really share the work: a
 * chunk is at most 8192 / nfreq = 27 tuples (of 301 frequencies) of one
 * format, and 16 rows x 2 cols x 2 k-splits = 64 tuples per format make 3
 * chunks, 6 in all; 2 x 64 x 301 = 38528 designs.
 */
#define MULTI_TOTAL 38528.0

static void multi_study(struct dse_study *st, const char *threads)
{
	dse_study_defaults(st);
	set(st, "rows", "1:16");
	set(st, "cols", "64,128");
	set(st, "k_split", "1:2");
	set(st, "freq_ghz", "0.6:1.2:0.002");
	set(st, "sample", "100");
	set(st, "threads", threads);
}

static void run_ok(const struct dse_study *st, const struct dse_model *m,
		   const struct dse_explore_hooks *hooks,
		   struct dse_explore_result *res)
{
	struct dse_error err = { 0, "" };
	int rc = dse_explore_run(st, m, hooks, res, &err);

	ck_assert_msg(rc == DSE_OK, "explore: %d %s", rc, err.msg);
}

/* ------------------------------------------------------------------ */
/* The reference frontier (as in test_pareto.c)                        */
/* ------------------------------------------------------------------ */

struct rec {
	unsigned format, dataflow, rows, cols, ksplit, batch;
	double freq_ghz;
	int verdict;
	double latency_us, throughput_tops, energy_uj;
};

/* A record's objectives as a frontier candidate (its id does not matter). */
static struct dse_cand rec_cand(const struct rec *r)
{
	struct dse_cand c;

	memset(&c, 0, sizeof c);
	c.obj[0] = r->latency_us;
	c.obj[1] = -r->throughput_tops;
	c.obj[2] = r->energy_uj;
	return c;
}

/* The reference relations of check_dse.c on records. */
static int rec_dominates(int dims, const struct rec *a, const struct rec *b)
{
	struct dse_cand x = rec_cand(a), y = rec_cand(b);

	return ref_dominates(dims, &x, &y);
}

static int rec_equal(int dims, const struct rec *a, const struct rec *b)
{
	struct dse_cand x = rec_cand(a), y = rec_cand(b);

	return ref_equal(dims, &x, &y);
}

/*
 * Record i (its enumeration index is its id) is on the frontier of the
 * feasible records of format `format` (-1: every format): nobody dominates
 * it, and of the records equal to it it comes first.
 */
static int ref_member(int dims, const struct rec *r, size_t n, size_t i,
		      int format)
{
	size_t j;

	if (r[i].verdict != DSE_FEASIBLE ||
	    (format >= 0 && r[i].format != (unsigned)format))
		return 0;
	for (j = 0; j < n; j++) {
		if (j == i || r[j].verdict != DSE_FEASIBLE ||
		    (format >= 0 && r[j].format != (unsigned)format))
			continue;
		if (rec_dominates(dims, &r[j], &r[i]) ||
		    (rec_equal(dims, &r[j], &r[i]) && j < i))
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* A point hook that records every design                             */
/* ------------------------------------------------------------------ */

struct collect {
	const struct dse_study *st;
	struct rec *r;
	size_t n, cap;
	size_t disorder;   /* first index out of enumeration order, or 0 */
	size_t stop_after; /* 0: never; else fail from this call on */
	size_t calls;
};

static unsigned format_index(const struct dse_study *st, const char *name)
{
	unsigned i;

	for (i = 0; i < st->nformats; i++)
		if (strcmp(st->formats[i].name, name) == 0)
			return i;
	return 999;
}

static unsigned dataflow_index(const struct dse_study *st,
			       enum dse_dataflow df)
{
	unsigned i;

	for (i = 0; i < st->ndataflows; i++)
		if (st->dataflows[i] == df)
			return i;
	return 999;
}

/* -1, 0, 1 as a comes before, with or after b in enumeration order:
   format, dataflow, rows, cols, k-split, batch, frequency. */
static int rec_order(const struct rec *a, const struct rec *b)
{
	const unsigned ka[] = { a->format, a->dataflow, a->rows, a->cols,
				a->ksplit, a->batch };
	const unsigned kb[] = { b->format, b->dataflow, b->rows, b->cols,
				b->ksplit, b->batch };
	size_t i;

	for (i = 0; i < N_OF(ka); i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i] ? -1 : 1;
	return (a->freq_ghz > b->freq_ghz) - (a->freq_ghz < b->freq_ghz);
}

static int on_point(const struct dse_point *p, void *arg)
{
	struct collect *c = arg;
	struct rec *r;

	c->calls++;
	if (c->stop_after && c->calls >= c->stop_after)
		return DSE_EIO;
	if (c->n == c->cap) {
		size_t ncap = c->cap ? 2 * c->cap : 1024;
		struct rec *nr = realloc(c->r, ncap * sizeof *nr);

		if (nr == NULL)
			return DSE_ENOMEM;
		c->r = nr;
		c->cap = ncap;
	}
	r = &c->r[c->n];
	r->format = format_index(c->st, p->design.format->name);
	r->dataflow = dataflow_index(c->st, p->design.dataflow);
	r->rows = p->design.rows;
	r->cols = p->design.cols;
	r->ksplit = p->design.ksplit;
	r->batch = p->design.batch;
	r->freq_ghz = p->design.opp.freq_ghz;
	r->verdict = (int)p->result.verdict;
	r->latency_us = p->result.latency_us;
	r->throughput_tops = p->result.throughput_tops;
	r->energy_uj = p->result.energy_per_item_uj;
	if (c->n > 0 && c->disorder == 0 && rec_order(&c->r[c->n - 1], r) >= 0)
		c->disorder = c->n;
	c->n++;
	return DSE_OK;
}

/* Index of the recorded design of a frontier point; fails if none. */
static size_t find_rec(const struct collect *c, const struct dse_point *p)
{
	struct rec key;
	size_t i;

	key.format = format_index(c->st, p->design.format->name);
	key.dataflow = dataflow_index(c->st, p->design.dataflow);
	key.rows = p->design.rows;
	key.cols = p->design.cols;
	key.ksplit = p->design.ksplit;
	key.batch = p->design.batch;
	key.freq_ghz = p->design.opp.freq_ghz;
	for (i = 0; i < c->n; i++)
		if (rec_order(&c->r[i], &key) == 0)
			return i;
	ck_abort_msg("frontier design %ux%u k%u %.17g GHz was never streamed",
		     key.rows, key.cols, key.ksplit, key.freq_ghz);
	return 0;
}

/* A frontier equals the reference frontier of the records, in order. */
static void check_frontier(const struct dse_frontier *fr,
			   const struct collect *c, int dims, int format)
{
	size_t i, count = 0, prev = 0;

	for (i = 0; i < c->n; i++)
		count += (size_t)ref_member(dims, c->r, c->n, i, format);
	ck_assert_msg(count > 0, "empty reference frontier");
	ck_assert_msg(fr->n == count, "format %d: %zu members, reference %zu",
		      format, fr->n, count);
	for (i = 0; i < fr->n; i++) {
		const struct dse_point *p = &fr->p[i];
		size_t k = find_rec(c, p);

		ck_assert_msg(ref_member(dims, c->r, c->n, k, format),
			      "format %d: member %zu (design %zu) is dominated",
			      format, i, k);
		ck_assert_int_eq(p->result.verdict, DSE_FEASIBLE);
		/* re-evaluated in full: the same figures as in the sweep */
		ck_assert(p->result.latency_us == c->r[k].latency_us);
		ck_assert(p->result.throughput_tops == c->r[k].throughput_tops);
		ck_assert(p->result.energy_per_item_uj == c->r[k].energy_uj);
		if (i > 0) { /* by latency, then enumeration order */
			ck_assert(fr->p[i - 1].result.latency_us <=
				  p->result.latency_us);
			if (fr->p[i - 1].result.latency_us == p->result.latency_us)
				ck_assert(prev < k);
		}
		prev = k;
	}
}

/* ------------------------------------------------------------------ */
/* Studies                                                            */
/* ------------------------------------------------------------------ */

/* Defaults as dse explore --help and MODEL.md 1 state them. */
START_TEST(study_defaults)
{
	static const double bounds[] = { 25, 50, 100, 250, 500 };
	struct dse_study st;
	size_t i;

	memset(&st, 0x5a, sizeof st);
	dse_study_defaults(&st);
	ck_assert_uint_eq(st.ntechs, 1);
	ck_assert_str_eq(st.techs[0], "n7");
	ck_assert_uint_eq(st.nworkloads, 1);
	ck_assert_str_eq(st.workloads[0], "lstm");
	ck_assert_uint_eq(dse_study_groups(&st), 1);
	ck_assert_double_eq_tol(st.budget.area_mm2, 300, 1e-12);
	ck_assert_double_eq_tol(st.budget.power_w, 75, 1e-12);
	ck_assert_double_eq_tol(st.budget.sram_mb, 75, 1e-12);
	ck_assert_uint_eq(st.nformats, 2);
	ck_assert_str_eq(st.formats[0].name, "hbfp8_576");
	ck_assert_str_eq(st.formats[1].name, "bf16");
	ck_assert_uint_eq(st.ndataflows, 1);
	ck_assert_int_eq(st.dataflows[0], DSE_OS);
	ck_assert_str_eq(st.rows.text, "1:1024");
	ck_assert_str_eq(st.cols.text, "32:4096:x2");
	ck_assert_str_eq(st.ksplit.text, "1:8");
	ck_assert_str_eq(st.batch.text, "1:1024:x2");
	ck_assert_str_eq(st.freq.range.text, "dvfs");
	ck_assert_int_eq(st.freq.dvfs, 1);
	ck_assert_double_eq_tol(st.freq.step_ghz, 0.01, 1e-15);
	ck_assert_uint_eq(st.nbounds, N_OF(bounds));
	for (i = 0; i < N_OF(bounds); i++)
		ck_assert_double_eq_tol(st.bounds_us[i], bounds[i], 1e-12);
	ck_assert_uint_eq(st.nconstraints, 0);
	ck_assert_uint_eq(st.nobjectives, 2);
	ck_assert_str_eq(objective_name(st.objectives[0]), "latency");
	ck_assert_str_eq(objective_name(st.objectives[1]), "throughput");
	ck_assert_int_eq(st.prune, 1);
	ck_assert_str_eq(st.baseline, "");
	ck_assert_uint_eq(st.seed, 1);
	ck_assert_uint_eq(st.sample, 20000);
	ck_assert_uint_eq(st.threads, 0);
	/* realistic arrays (MODEL.md 2.1), one SRAM size, DRAM outside */
	ck_assert_str_eq(st.sram_mb.text, "75");
	ck_assert_int_eq(st.fold_overlap, 1);
	ck_assert_int_eq(st.accumulators, 1);
	ck_assert_int_eq(st.budget.dram_in_budget, 0);
	ck_assert_uint_eq(st.npublished, 0);
}
END_TEST

/* Every key with a good value. */
START_TEST(study_set_good)
{
	struct dse_study st;

	dse_study_defaults(&st);
	set(&st, "tech", "n16");
	ck_assert_uint_eq(st.ntechs, 1);
	ck_assert_str_eq(st.techs[0], "n16");
	set(&st, "workload", "gemm:1024,1024");
	ck_assert_uint_eq(st.nworkloads, 1);
	ck_assert_str_eq(st.workloads[0], "gemm:1024,1024");
	set(&st, "area_mm2", "200");
	ck_assert_double_eq_tol(st.budget.area_mm2, 200, 1e-12);
	set(&st, "power_w", "50.5");
	ck_assert_double_eq_tol(st.budget.power_w, 50.5, 1e-12);
	set(&st, "sram_mb", "32");
	ck_assert_double_eq_tol(st.budget.sram_mb, 32, 1e-12);
	/* a range: the budget's S is its smallest value */
	set(&st, "sram_mb", "64,16:32:x2");
	ck_assert_str_eq(st.sram_mb.text, "64,16:32:x2");
	ck_assert_double_eq_tol(st.budget.sram_mb, 16, 1e-12);
	set(&st, "fold_overlap", "off");
	ck_assert_int_eq(st.fold_overlap, 0);
	set(&st, "accumulators", "no");
	ck_assert_int_eq(st.accumulators, 0);
	set(&st, "dram_in_budget", "true");
	ck_assert_int_eq(st.budget.dram_in_budget, 1);

	/* formats: canonical names, duplicates dropped, list replaced */
	set(&st, "formats", "hbfp6_225,int8,hbfp8,hbfp8_576");
	ck_assert_uint_eq(st.nformats, 3);
	ck_assert_str_eq(st.formats[0].name, "hbfp6_225");
	ck_assert_str_eq(st.formats[1].name, "int8");
	ck_assert_str_eq(st.formats[2].name, "hbfp8_576");
	set(&st, "formats", "bf16");
	ck_assert_uint_eq(st.nformats, 1);
	ck_assert_str_eq(st.formats[0].name, "bf16");

	set(&st, "dataflows", "ws,is,ws");
	ck_assert_uint_eq(st.ndataflows, 2);
	ck_assert_int_eq(st.dataflows[0], DSE_WS);
	ck_assert_int_eq(st.dataflows[1], DSE_IS);

	set(&st, "objectives", "latency,throughput,energy");
	ck_assert_uint_eq(st.nobjectives, 3);
	ck_assert_str_eq(objective_name(st.objectives[2]), "energy");
	set(&st, "objectives", "area,efficiency,latency,power");
	ck_assert_uint_eq(st.nobjectives, 4);
	ck_assert_str_eq(objective_name(st.objectives[0]), "area");
	ck_assert_str_eq(objective_name(st.objectives[3]), "power");
	set(&st, "objectives", "latency,throughput");
	ck_assert_uint_eq(st.nobjectives, 2);

	set(&st, "rows", "1,8:32:x2");
	ck_assert_str_eq(st.rows.text, "1,8:32:x2");
	ck_assert_uint_eq(st.rows.nitems, 2);
	set(&st, "cols", "64:256:x2");
	ck_assert_str_eq(st.cols.text, "64:256:x2");
	set(&st, "k_split", "1:4");
	ck_assert_str_eq(st.ksplit.text, "1:4");
	set(&st, "batch", "1,16");
	ck_assert_str_eq(st.batch.text, "1,16");
	set(&st, "freq_ghz", "0.5:1.0:0.1");
	ck_assert_str_eq(st.freq.range.text, "0.5:1.0:0.1");
	ck_assert_int_eq(st.freq.dvfs, 0);
	set(&st, "freq_ghz", "dvfs:0.05");
	ck_assert_str_eq(st.freq.range.text, "dvfs:0.05");
	ck_assert_double_eq_tol(st.freq.step_ghz, 0.05, 1e-15);
	set(&st, "freq_ghz", "dvfs");
	ck_assert_str_eq(st.freq.range.text, "dvfs");

	/* constraints: latency_max_us is max latency=L; a second bound on
	   the same figure and side replaces the first */
	set(&st, "latency_max_us", "250");
	ck_assert_uint_eq(st.nconstraints, 1);
	ck_assert_str_eq(objective_name(st.constraints[0].objective), "latency");
	ck_assert_int_eq(st.constraints[0].upper, 1);
	ck_assert_double_eq_tol(st.constraints[0].bound, 250, 1e-12);
	set(&st, "max", "latency=100,power=60");
	ck_assert_uint_eq(st.nconstraints, 2);
	ck_assert_double_eq_tol(st.constraints[0].bound, 100, 1e-12);
	set(&st, "min", "throughput=300.5");
	ck_assert_uint_eq(st.nconstraints, 3);
	ck_assert_int_eq(st.constraints[2].upper, 0);
	ck_assert_double_eq_tol(st.constraints[2].bound, 300.5, 1e-12);
	set(&st, "baseline", "hbfp8");
	ck_assert_str_eq(st.baseline, "hbfp8_576");
	set(&st, "prune", "off");
	ck_assert_int_eq(st.prune, 0);
	/* lists of settings: one group per combination */
	set(&st, "tech", "n7,n16");
	set(&st, "workload", "lstm,gemm:1024,1024,mlp:64,32");
	ck_assert_uint_eq(st.nworkloads, 3);
	ck_assert_str_eq(st.workloads[1], "gemm:1024,1024");
	ck_assert_str_eq(st.workloads[2], "mlp:64,32");
	set(&st, "power_w", "50,75");
	ck_assert_uint_eq(dse_study_groups(&st), 2 * 3 * 2);
	ck_assert_double_eq_tol(st.budget.power_w, 50, 1e-12);
	set(&st, "bounds_us", "500,25,75.5");
	ck_assert_uint_eq(st.nbounds, 3);  /* sorted */
	ck_assert_double_eq_tol(st.bounds_us[0], 25, 1e-12);
	ck_assert_double_eq_tol(st.bounds_us[1], 75.5, 1e-12);
	ck_assert_double_eq_tol(st.bounds_us[2], 500, 1e-12);

	set(&st, "seed", "18446744073709551615");
	ck_assert(st.seed == UINT64_MAX);
	set(&st, "seed", "0");
	ck_assert_uint_eq(st.seed, 0);
	set(&st, "sample", "100");
	ck_assert_uint_eq(st.sample, 100);
	set(&st, "sample", "0");
	ck_assert_uint_eq(st.sample, 0);
	set(&st, "threads", "3");
	ck_assert_uint_eq(st.threads, 3);
	set(&st, "threads", "0");
	ck_assert_uint_eq(st.threads, 0);
}
END_TEST

static const struct {
	const char *key, *value;
} bad_keys[] = {
	{ "speed", "1" },            /* unknown key */
	{ "Rows", "1:8" },
	{ "", "1" },
	{ "formats", "hbfp0_0" },
	{ "formats", "xyz" },
	{ "formats", "hbfp8,xyz" },
	{ "formats", "" },
	{ "formats", "bf16,,int8" },
	{ "dataflows", "zz" },
	{ "dataflows", "os,zz" },
	{ "dataflows", "os," },
	{ "objectives", "speed" },
	{ "objectives", "latency,speed" },
	{ "objectives", "throughput" },          /* one is not a trade-off */
	{ "objectives", "latency,energy,area,power,efficiency" }, /* five */
	{ "objectives", "latency,latency" },
	{ "objectives", "latency,tail" },        /* known after the sweep */
	{ "objectives", "latency,,throughput" },
	{ "max", "latency" },
	{ "max", "=5" },
	{ "max", "speed=5" },
	{ "max", "latency=fast" },
	{ "max", "latency=1e99" },
	{ "max", "tail=5" },
	{ "min", "throughput=" },
	{ "min", "throughput=1,energy" },
	{ "baseline", "xyz" },
	{ "prune", "sometimes" },
	{ "tech", "n7,,n16" },
	{ "tech", "a,b,c,d,e,f,g,h,i" },         /* more than 8 values */
	{ "power_w", "50,-1" },
	{ "area_mm2", "100," },
	{ "threads", "-1" },
	{ "threads", "1.5" },
	{ "threads", "two" },
	{ "threads", "1025" },
	{ "seed", "-1" },
	{ "seed", "1.5" },
	{ "seed", "" },
	{ "seed", "18446744073709551616" },
	{ "sample", "1.5" },
	{ "sample", "-3" },
	{ "area_mm2", "0" },
	{ "area_mm2", "-5" },
	{ "area_mm2", "abc" },
	{ "power_w", "inf" },
	{ "power_w", "nan" },
	{ "power_w", "75W" },
	{ "sram_mb", "" },
	{ "sram_mb", "0" },
	{ "sram_mb", "32,-8" },
	{ "sram_mb", "-8:8:4" },
	{ "sram_mb", "1e7" },
	{ "fold_overlap", "maybe" },
	{ "accumulators", "" },
	{ "dram_in_budget", "2" },
	{ "latency_max_us", "0" },
	{ "latency_max_us", "-1" },
	{ "bounds_us", "x" },
	{ "bounds_us", "25,0" },
	{ "bounds_us", "25,," },
	{ "rows", "0" },
	{ "rows", "0:0" },
	{ "rows", "5:1" },
	{ "rows", "1.5" },
	{ "cols", "1:8:0" },
	{ "cols", "64:128:x1" },
	{ "k_split", "a" },
	{ "batch", "1," },
	{ "freq_ghz", "0" },
	{ "freq_ghz", "1:0.5" },
	{ "freq_ghz", "dvfs:0" },
	{ "freq_ghz", "dvfs:-0.1" },
	{ "freq_ghz", "dvfs:x" },
	{ "freq_ghz", "dvfsx" },
	{ "freq_ghz", "1e999" },
};

/* Bad values: DSE_EUSAGE, the message naming the label (or the key). */
START_TEST(study_set_bad)
{
	struct dse_study st;
	struct dse_error err = { 0, "" };
	const char *key = bad_keys[_i].key, *value = bad_keys[_i].value;
	int rc;

	dse_study_defaults(&st);
	rc = dse_study_set(&st, key, value, "--the-label", &err);
	ck_assert_msg(rc == DSE_EUSAGE, "%s = '%s' gave %d", key, value, rc);
	ck_assert_int_eq(err.status, DSE_EUSAGE);
	ck_assert_msg(strncmp(err.msg, "--the-label", 11) == 0,
		      "%s = '%s': message '%s'", key, value, err.msg);

	dse_study_defaults(&st);
	err.msg[0] = '\0';
	rc = dse_study_set(&st, key, value, NULL, &err);
	ck_assert_int_eq(rc, DSE_EUSAGE);
	ck_assert_msg(strstr(err.msg, key) != NULL, "%s = '%s': message '%s'",
		      key, value, err.msg);
}
END_TEST

/* A value too long for the study's field is refused, not cut. */
START_TEST(study_set_too_long)
{
	struct dse_study st;
	struct dse_error err = { 0, "" };
	char big[2048];

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	dse_study_defaults(&st);
	ck_assert_int_eq(dse_study_set(&st, "tech", big, NULL, &err), DSE_EUSAGE);
	ck_assert_str_eq(st.techs[0], "n7");
	ck_assert_int_eq(dse_study_set(&st, "workload", big, NULL, &err),
			 DSE_EUSAGE);
	ck_assert_str_eq(st.workloads[0], "lstm");
	ck_assert_int_eq(dse_study_set(&st, "rows", big, NULL, &err), DSE_EUSAGE);
	ck_assert_str_eq(st.rows.text, "1:1024");
}
END_TEST

static void study_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/data/%s", test_inputs(), name);
}

/* tests/data/study-small.json, value by value. */
START_TEST(study_load_good)
{
	struct dse_study st;
	struct dse_error err = { 0, "" };
	char path[4096];

	study_path(path, sizeof path, "study-small.json");
	dse_study_defaults(&st);
	ck_assert_msg(dse_study_load(&st, path, &err) == DSE_OK, "%s", err.msg);
	ck_assert_str_eq(st.techs[0], "n7");
	ck_assert_str_eq(st.workloads[0], "lstm");
	ck_assert_double_eq_tol(st.budget.area_mm2, 300, 1e-12); /* default */
	ck_assert_double_eq_tol(st.budget.power_w, 70, 1e-12);
	ck_assert_uint_eq(st.nformats, 2);
	ck_assert_str_eq(st.formats[0].name, "hbfp8_576");
	ck_assert_str_eq(st.formats[1].name, "bf16");
	ck_assert_uint_eq(st.ndataflows, 1);
	ck_assert_int_eq(st.dataflows[0], DSE_OS);
	ck_assert_str_eq(st.rows.text, "1:8");
	ck_assert_str_eq(st.cols.text, "64,128");      /* [64, 128] */
	ck_assert_str_eq(st.ksplit.text, "1:2");
	ck_assert_str_eq(st.freq.range.text, "0.6:1.2:0.1");
	ck_assert_str_eq(st.batch.text, "1,8");
	ck_assert_uint_eq(st.nbounds, 2);
	ck_assert_double_eq_tol(st.bounds_us[0], 50, 1e-12);
	ck_assert_double_eq_tol(st.bounds_us[1], 100, 1e-12);
	ck_assert_uint_eq(st.nconstraints, 1);
	ck_assert_double_eq_tol(st.constraints[0].bound, 1000, 1e-12);
	ck_assert_uint_eq(st.nobjectives, 2);
	ck_assert_uint_eq(st.seed, 7);
	ck_assert_uint_eq(st.sample, 50);
	ck_assert_uint_eq(st.threads, 2);
}
END_TEST

static const struct {
	const char *file, *key; /* key: what the message must name */
} bad_studies[] = {
	{ "study-malformed.json", "" },
	{ "study-not-object.json", "" },
	{ "study-unknown-key.json", "rowz" },
	{ "study-repeated-key.json", "rows" },
	{ "study-object-value.json", "rows" },
	{ "study-empty-array.json", "formats" },
	{ "study-nested-array.json", "cols" },
	{ "study-null-value.json", "sample" },
	{ "study-bad-range.json", "rows" },
	{ "study-empty-range.json", "k_split" },
	{ "study-bad-format.json", "formats" },
	{ "study-bad-dataflow.json", "dataflows" },
	{ "study-bad-threads.json", "threads" },
	{ "study-bad-figure.json", "published[0].figure" },
	{ "study-published-missing.json", "published[0].bound_us" },
	{ "study-bad-sram.json", "sram_mb" },
};

/* Bad files: DSE_EINPUT, the message naming the file and the key. */
START_TEST(study_load_bad)
{
	struct dse_study st;
	struct dse_error err = { 0, "" };
	char path[4096], want[4200];
	int rc;

	study_path(path, sizeof path, bad_studies[_i].file);
	dse_study_defaults(&st);
	rc = dse_study_load(&st, path, &err);
	ck_assert_msg(rc == DSE_EINPUT, "%s gave %d (%s)", bad_studies[_i].file,
		      rc, err.msg);
	ck_assert_int_eq(err.status, DSE_EINPUT);
	ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0,
		      "message '%s' does not start with the path", err.msg);
	if (bad_studies[_i].key[0] != '\0') {
		snprintf(want, sizeof want, "%s: %s", path, bad_studies[_i].key);
		ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0,
			      "message '%s' does not start with '%s'", err.msg,
			      want);
	}
}
END_TEST

START_TEST(study_load_missing)
{
	struct dse_study st;
	struct dse_error err = { 0, "" };
	char path[4096];

	study_path(path, sizeof path, "study-does-not-exist.json");
	dse_study_defaults(&st);
	ck_assert_int_ne(dse_study_load(&st, path, &err), DSE_OK);
	ck_assert_ptr_nonnull(strstr(err.msg, "study-does-not-exist.json"));
}
END_TEST

/*
 * DVFS frequencies of n7 by the alpha-power law, f(V) = f_nom [(V - V_th)^a
 * / V] / [(V_nom - V_th)^a / V_nom], with V_nom 0.75, V_th 0.3, a 1.3,
 * f_nom 1 GHz:
 *   (0.45)^1.3 / 0.75 = 0.354141 / 0.75 = 0.472188
 *   f(0.50) = (0.2)^1.3 / 0.5 / 0.472188 = 0.123407 / 0.5 / 0.472188 = 0.52270
 *   f(0.95) = (0.65)^1.3 / 0.95 / 0.472188 = 0.571199 / 0.95 / 0.472188 = 1.27335
 * In steps of 0.01 GHz: 0.52270 + 0.01 k for k = 0..75 (1.27270), then
 * f(v_max) itself: 77 values.  In steps of 0.1: k = 0..7, then f(v_max): 9.
 */
/* The frequencies of spec (a freq_ghz value) on n7. */
static int freqs(const char *spec, struct dse_range *r, struct dse_error *err)
{
	struct dse_study st;
	int rc;

	dse_study_defaults(&st);
	rc = dse_study_set(&st, "freq_ghz", spec, NULL, err);
	return rc == DSE_OK ? dse_study_freqs(&st.freq, tech, r, err) : rc;
}

START_TEST(study_freqs_dvfs)
{
	const double f_lo = 0.52270, f_hi = 1.27335;
	struct dse_range r = { 0, NULL };
	struct dse_error err = { 0, "" };
	size_t k;

	ck_assert_msg(freqs("dvfs", &r, &err) == DSE_OK, "%s", err.msg);
	ck_assert_uint_eq(r.n, 77);
	ck_assert_double_eq_tol(r.v[0], f_lo, 1e-5);
	ck_assert_double_eq_tol(r.v[r.n - 1], f_hi, 1e-5);
	/* both ends exactly: f(v_min) and f(v_max) are feasible */
	ck_assert(r.v[0] == dse_tech_freq_ghz(tech, tech->v_min_v));
	ck_assert(r.v[r.n - 1] == dse_tech_freq_ghz(tech, tech->v_max_v));
	for (k = 0; k + 1 < r.n; k++)
		ck_assert_double_eq_tol(r.v[k], f_lo + 0.01 * (double)k, 1e-5);
	dse_range_free(&r);

	ck_assert_int_eq(freqs("dvfs:0.1", &r, &err), DSE_OK);
	ck_assert_uint_eq(r.n, 9);
	ck_assert_double_eq_tol(r.v[7], f_lo + 0.7, 1e-5);
	ck_assert(r.v[8] == dse_tech_freq_ghz(tech, tech->v_max_v));
	dse_range_free(&r);

	/* a step wider than the range: the two ends */
	ck_assert_int_eq(freqs("dvfs:5", &r, &err), DSE_OK);
	ck_assert_uint_eq(r.n, 2);
	dse_range_free(&r);

	/* a plain range is just parsed */
	ck_assert_int_eq(freqs("0.6:1.2:0.1", &r, &err), DSE_OK);
	ck_assert_uint_eq(r.n, 7);
	ck_assert(r.v[6] == 1.2);
	dse_range_free(&r);

	ck_assert_int_eq(freqs("dvfs:0", &r, &err), DSE_EUSAGE);
	ck_assert_int_eq(freqs("dvfs;0.1", &r, &err), DSE_EUSAGE);
	ck_assert_int_eq(freqs("0:1", &r, &err), DSE_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "freq_ghz"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* The sweep                                                          */
/* ------------------------------------------------------------------ */

START_TEST(sweep_counts)
{
	struct dse_study st;
	struct dse_explore_result res;
	double sum = 0;
	size_t v, i;

	tiny_study(&st, "2");
	run_ok(&st, &model, NULL, &res);
	ck_assert_uint_eq(res.rows.n, 32);
	ck_assert_uint_eq(res.cols.n, 2);
	ck_assert_uint_eq(res.ksplit.n, 2);
	ck_assert_uint_eq(res.freq_ghz.n, 7);
	ck_assert_uint_eq(res.nformats, 2);
	ck_assert_str_eq(res.formats[0].name, "hbfp8_576");
	ck_assert_str_eq(res.formats[1].name, "bf16");
	ck_assert(res.total == TINY_TOTAL);
	ck_assert(res.infeasible[DSE_FEASIBLE] == 0);
	for (v = 0; v < DSE_VERDICT_COUNT; v++)
		sum += res.infeasible[v];
	ck_assert(res.feasible + sum == res.total);
	ck_assert(res.feasible > 0);
	ck_assert_uint_eq(res.nconstraints, 0); /* no bound */
	ck_assert(res.infeasible[DSE_INF_CONSTRAINT] == 0);
	/* every feasible design is offered or proven off the frontiers */
	ck_assert(res.evaluated + res.pruned == res.feasible);
	ck_assert(res.evaluated > 0 && res.pruned > 0);
	ck_assert_int_eq(res.dims, 2);
	/* the sample: min(100, feasible) feasible designs, by key */
	ck_assert_uint_eq(res.nsample, res.feasible < 100 ? (size_t)res.feasible : 100);
	for (i = 1; i < res.nsample; i++)
		ck_assert(res.sample[i - 1].key < res.sample[i].key);
	dse_explore_result_free(&res);
	dse_explore_result_free(&res);
	dse_explore_result_free(NULL);
}
END_TEST

/*
 * Every design goes through hooks.point, in enumeration order; the
 * frontiers (per format, over formats; 2-D and 3-D) are the reference
 * frontiers of all of them.
 */
START_TEST(sweep_matches_reference)
{
	const int dims = 2 + _i;
	struct dse_study st;
	struct dse_explore_result res;
	struct collect c;
	struct dse_explore_hooks hooks = { NULL, NULL, on_point, &c };
	size_t f, i, j;

	tiny_study(&st, "2");
	if (dims == 3)
		set(&st, "objectives", "latency,throughput,energy");
	memset(&c, 0, sizeof c);
	c.st = &st;
	run_ok(&st, &model, &hooks, &res);
	ck_assert_int_eq(res.dims, dims);
	ck_assert_uint_eq(c.n, (size_t)TINY_TOTAL);
	ck_assert_msg(c.disorder == 0, "design %zu out of order", c.disorder);
	for (f = 0; f < res.nformats; f++)
		check_frontier(&res.frontier[f], &c, dims, (int)f);
	check_frontier(&res.all, &c, dims, -1);

	/* the sample: feasible streamed designs, none beating the frontier */
	for (i = 0; i < res.nsample; i++) {
		const struct dse_sample *s = &res.sample[i];
		struct rec r;

		for (j = 0; j < c.n; j++)
			if (c.r[j].format == s->format && c.r[j].rows == s->rows &&
			    c.r[j].cols == s->cols && c.r[j].ksplit == s->ksplit &&
			    c.r[j].freq_ghz == s->freq_ghz)
				break;
		ck_assert_msg(j < c.n, "sample %zu was never streamed", i);
		ck_assert_int_eq(c.r[j].verdict, DSE_FEASIBLE);
		ck_assert(s->latency_us == c.r[j].latency_us);
		ck_assert(s->throughput_tops == c.r[j].throughput_tops);
		ck_assert(s->energy_per_item_uj == c.r[j].energy_uj);
		r = c.r[j];
		for (f = 0; f < res.frontier[s->format].n; f++) {
			const struct dse_point *p = &res.frontier[s->format].p[f];
			struct rec m = r;

			m.latency_us = p->result.latency_us;
			m.throughput_tops = p->result.throughput_tops;
			m.energy_uj = p->result.energy_per_item_uj;
			ck_assert(!rec_dominates(dims, &r, &m));
		}
	}
	free(c.r);
	dse_explore_result_free(&res);
}
END_TEST

/* Two points describe the same design and figures. */
static void same_point(const struct dse_point *a, const struct dse_point *b)
{
	ck_assert_str_eq(a->design.format->name, b->design.format->name);
	ck_assert_int_eq(a->design.dataflow, b->design.dataflow);
	ck_assert_uint_eq(a->design.rows, b->design.rows);
	ck_assert_uint_eq(a->design.cols, b->design.cols);
	ck_assert_uint_eq(a->design.ksplit, b->design.ksplit);
	ck_assert_uint_eq(a->design.batch, b->design.batch);
	ck_assert(a->design.opp.freq_ghz == b->design.opp.freq_ghz);
	ck_assert(a->result.latency_us == b->result.latency_us);
	ck_assert(a->result.throughput_tops == b->result.throughput_tops);
	ck_assert(a->result.energy_per_item_uj == b->result.energy_per_item_uj);
}

static void same_frontier(const struct dse_frontier *a,
			  const struct dse_frontier *b)
{
	size_t i;

	ck_assert_uint_eq(a->n, b->n);
	for (i = 0; i < a->n; i++)
		same_point(&a->p[i], &b->p[i]);
}

/* 1, 2 and 3 threads over 4 chunks: the same results, to the bit. */
START_TEST(sweep_thread_independent)
{
	static const char *const threads[] = { "1", "2", "3" };
	struct dse_study st;
	struct dse_explore_result res[3];
	size_t k, f, i, v;

	for (k = 0; k < 3; k++) {
		multi_study(&st, threads[k]);
		run_ok(&st, &model, NULL, &res[k]);
		ck_assert_uint_eq(res[k].threads, k + 1); /* really k + 1 */
		ck_assert_uint_eq(res[k].freq_ghz.n, 301);
		ck_assert(res[k].total == MULTI_TOTAL);
		ck_assert(res[k].evaluated + res[k].pruned == res[k].feasible);
	}
	for (k = 1; k < 3; k++) {
		ck_assert(res[k].feasible == res[0].feasible);
		/* pruning decides within a chunk: the same counts */
		ck_assert(res[k].evaluated == res[0].evaluated);
		ck_assert(res[k].pruned == res[0].pruned);
		for (v = 0; v < DSE_VERDICT_COUNT; v++)
			ck_assert(res[k].infeasible[v] == res[0].infeasible[v]);
		for (f = 0; f < res[0].nformats; f++) {
			same_frontier(&res[k].frontier[f], &res[0].frontier[f]);
			same_frontier(&res[k].canonical[f], &res[0].canonical[f]);
		}
		same_frontier(&res[k].all, &res[0].all);
		ck_assert_uint_eq(res[k].nsample, res[0].nsample);
		ck_assert_uint_eq(res[0].nsample, 100);
		for (i = 0; i < res[0].nsample; i++) {
			const struct dse_sample *a = &res[k].sample[i];
			const struct dse_sample *b = &res[0].sample[i];

			ck_assert(a->key == b->key && a->format == b->format &&
				  a->dataflow == b->dataflow && a->rows == b->rows &&
				  a->cols == b->cols && a->ksplit == b->ksplit &&
				  a->batch == b->batch && a->freq_ghz == b->freq_ghz &&
				  a->latency_us == b->latency_us &&
				  a->throughput_tops == b->throughput_tops &&
				  a->energy_per_item_uj == b->energy_per_item_uj);
		}
	}
	for (k = 0; k < 3; k++)
		dse_explore_result_free(&res[k]);
}
END_TEST

/* Over several chunks and threads, points still arrive in order, once. */
START_TEST(sweep_hook_order_threads)
{
	struct dse_study st;
	struct dse_explore_result res;
	struct collect c;
	struct dse_explore_hooks hooks = { NULL, NULL, on_point, &c };

	multi_study(&st, "3");
	memset(&c, 0, sizeof c);
	c.st = &st;
	run_ok(&st, &model, &hooks, &res);
	ck_assert_uint_eq(res.threads, 3);
	ck_assert_uint_eq(c.n, (size_t)MULTI_TOTAL);
	ck_assert_msg(c.disorder == 0, "design %zu out of order", c.disorder);
	/* first and last designs of the enumeration */
	ck_assert(c.r[0].format == 0 && c.r[0].rows == 1 && c.r[0].cols == 64 &&
		  c.r[0].ksplit == 1 && c.r[0].freq_ghz == 0.6);
	ck_assert(c.r[c.n - 1].format == 1 && c.r[c.n - 1].rows == 16 &&
		  c.r[c.n - 1].cols == 128 && c.r[c.n - 1].ksplit == 2 &&
		  c.r[c.n - 1].freq_ghz == 1.2);
	free(c.r);
	dse_explore_result_free(&res);
}
END_TEST

/*
 * Dataflows with a swept batch: per format, os gives 4 rows x 1 col x 1
 * k-split = 4 tuples (batch = rows), ws 4 x 2 batches = 8 tuples; at 2
 * frequencies and 2 formats, (4 + 8) * 2 * 2 = 48 designs.
 */
START_TEST(sweep_dataflows_and_batch)
{
	struct dse_study st;
	struct dse_explore_result res;
	struct collect c;
	struct dse_explore_hooks hooks = { NULL, NULL, on_point, &c };
	size_t i, per[2][2] = { { 0, 0 }, { 0, 0 } };

	dse_study_defaults(&st);
	set(&st, "formats", "hbfp8,bf16");
	set(&st, "dataflows", "os,ws");
	set(&st, "rows", "1:4");
	set(&st, "cols", "64");
	set(&st, "k_split", "1");
	set(&st, "batch", "1,4");
	set(&st, "freq_ghz", "0.8,1.0");
	set(&st, "threads", "2");
	memset(&c, 0, sizeof c);
	c.st = &st;
	run_ok(&st, &model, &hooks, &res);
	ck_assert(res.total == 48);
	ck_assert_uint_eq(c.n, 48);
	ck_assert_msg(c.disorder == 0, "design %zu out of order", c.disorder);
	for (i = 0; i < c.n; i++) {
		ck_assert(c.r[i].format < 2 && c.r[i].dataflow < 2);
		per[c.r[i].format][c.r[i].dataflow]++;
		if (c.r[i].dataflow == 1)
			ck_assert(c.r[i].batch == 1 || c.r[i].batch == 4);
	}
	ck_assert_uint_eq(per[0][0], 8);
	ck_assert_uint_eq(per[0][1], 16);
	ck_assert_uint_eq(per[1][0], 8);
	ck_assert_uint_eq(per[1][1], 16);
	free(c.r);
	dse_explore_result_free(&res);
}
END_TEST

/*
 * A latency bound L keeps exactly the unbounded frontier's members with
 * latency <= L: a design within L can only be dominated by a faster one,
 * itself within L.  What the bound drops is counted as latency.
 */
START_TEST(sweep_latency_bound)
{
	struct dse_study st;
	struct dse_explore_result res0, res1;
	char text[64];
	double bound;
	size_t f, i, k;

	tiny_study(&st, "2");
	run_ok(&st, &model, NULL, &res0);
	ck_assert_uint_gt(res0.all.n, 4);
	bound = res0.all.p[res0.all.n / 2].result.latency_us;
	snprintf(text, sizeof text, "%.17g", bound);
	set(&st, "latency_max_us", text);
	run_ok(&st, &model, NULL, &res1);
	ck_assert_uint_eq(res1.nconstraints, 1);
	ck_assert(res1.constrained[0] > 0);
	ck_assert(res1.feasible + res1.constrained[0] == res0.feasible);
	for (i = DSE_INF_AREA; i < DSE_VERDICT_COUNT; i++)
		ck_assert(res1.infeasible[i] == res0.infeasible[i]);
	for (f = 0; f <= res0.nformats; f++) {
		const struct dse_frontier *a = f < res0.nformats ?
			&res0.frontier[f] : &res0.all;
		const struct dse_frontier *b = f < res0.nformats ?
			&res1.frontier[f] : &res1.all;

		for (i = k = 0; i < a->n; i++) {
			if (a->p[i].result.latency_us > bound)
				continue;
			ck_assert_uint_lt(k, b->n);
			same_point(&a->p[i], &b->p[k]);
			k++;
		}
		ck_assert_uint_eq(k, b->n);
		for (i = 0; i < b->n; i++)
			ck_assert(b->p[i].result.latency_us <= bound);
	}
	for (f = 0; f < res1.nformats; f++)
		for (i = 0; i < res1.canonical[f].n; i++)
			ck_assert(res1.canonical[f].p[i].result.latency_us <= bound);
	for (i = 0; i < res1.nsample; i++)
		ck_assert(res1.sample[i].latency_us <= bound);
	dse_explore_result_free(&res0);
	dse_explore_result_free(&res1);
}
END_TEST

/* No design within 1 us (the fastest lstm run takes tens of us). */
START_TEST(sweep_latency_unmet)
{
	struct dse_study st;
	struct dse_explore_result res;
	struct dse_error err = { 0, "" };

	tiny_study(&st, "2");
	set(&st, "latency_max_us", "1");
	ck_assert_int_eq(dse_explore_run(&st, &model, NULL, &res, &err),
			 DSE_EINFEASIBLE);
	ck_assert_int_eq(err.status, DSE_EINFEASIBLE);
	ck_assert_msg(strstr(err.msg, "latency") != NULL, "%s", err.msg);
	ck_assert(res.feasible == 0);
	ck_assert(res.constrained[0] > 0);
	dse_explore_result_free(&res);
}
END_TEST

/*
 * A power budget just above what the SRAM and fixed costs draw on n7
 * (75 MB x 0.01 W/MB leakage + 5 W fixed = 5.75 W): 5.76 W leaves 10 mW,
 * less than the smallest array (1 x 64 at 0.6 GHz streams 65 words a cycle
 * at ~8 bits x 0.22 pJ/bit, ~70 mW).  Every design fails on power.
 */
START_TEST(sweep_power_unmet)
{
	struct dse_study st;
	struct dse_explore_result res;
	struct dse_error err = { 0, "" };
	struct dse_budget b = { 300, 5.76, 75, 0 };
	struct dse_model m;
	size_t v;

	ck_assert_msg(dse_model_init(&m, tech, wl, &b, &err) == DSE_OK, "%s",
		      err.msg);
	tiny_study(&st, "2");
	ck_assert_int_eq(dse_explore_run(&st, &m, NULL, &res, &err),
			 DSE_EINFEASIBLE);
	ck_assert_msg(strstr(err.msg, "power") != NULL, "%s", err.msg);
	ck_assert(res.feasible == 0);
	ck_assert(res.total == TINY_TOTAL);
	ck_assert(res.evaluated == 0);
	for (v = DSE_INF_AREA; v < DSE_VERDICT_COUNT; v++)
		ck_assert(res.infeasible[DSE_INF_POWER] >= res.infeasible[v]);
	ck_assert(res.infeasible[DSE_INF_POWER] > 0);
	dse_explore_result_free(&res);
}
END_TEST

/* Names and ranges the study cannot have come from dse_study_set. */
START_TEST(sweep_bad_study)
{
	struct dse_study st;
	struct dse_explore_result res;
	struct dse_error err = { 0, "" };

	tiny_study(&st, "1");
	st.nformats = 0;
	ck_assert_int_eq(dse_explore_run(&st, &model, NULL, &res, &err),
			 DSE_EUSAGE);
	dse_explore_result_free(&res);

	tiny_study(&st, "1");
	st.ndataflows = 0;
	ck_assert_int_eq(dse_explore_run(&st, &model, NULL, &res, &err),
			 DSE_EUSAGE);
	dse_explore_result_free(&res);

	tiny_study(&st, "1");
	st.nobjectives = 1;
	ck_assert_int_eq(dse_explore_run(&st, &model, NULL, &res, &err),
			 DSE_EUSAGE);
	dse_explore_result_free(&res);

	/* several groups need a model each */
	tiny_study(&st, "1");
	set(&st, "power_w", "50,75");
	ck_assert_int_eq(dse_explore_run(&st, &model, NULL, &res, &err),
			 DSE_EUSAGE);
	ck_assert_msg(strstr(err.msg, "2 groups") != NULL, "%s", err.msg);
	dse_explore_result_free(&res);
}
END_TEST

/* The baseline of the ratios must be one of the study's formats. */
START_TEST(sweep_bad_baseline)
{
	struct dse_study st;
	struct dse_explore_result res;
	struct dse_error err = { 0, "" };

	tiny_study(&st, "1");
	set(&st, "baseline", "int8");
	ck_assert_int_eq(dse_explore_run(&st, &model, NULL, &res, &err),
			 DSE_EUSAGE);
	ck_assert_msg(strstr(err.msg, "int8") != NULL, "%s", err.msg);
	dse_explore_result_free(&res);
}
END_TEST

/* A point hook that fails stops the sweep with its status. */
START_TEST(sweep_hook_stops)
{
	struct dse_study st;
	struct dse_explore_result res;
	struct dse_error err = { 0, "" };
	struct collect c;
	struct dse_explore_hooks hooks = { NULL, NULL, on_point, &c };

	multi_study(&st, "3");
	memset(&c, 0, sizeof c);
	c.st = &st;
	c.stop_after = 100;
	ck_assert_int_eq(dse_explore_run(&st, &model, &hooks, &res, &err),
			 DSE_EIO);
	ck_assert_int_eq(err.status, DSE_EIO);
	ck_assert_uint_eq(c.n, 99);
	free(c.r);
	dse_explore_result_free(&res);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Best under a bound and the canonical design                        */
/* ------------------------------------------------------------------ */

START_TEST(best_by_hand)
{
	struct dse_point p[4];
	struct dse_frontier fr = { 4, p }, empty = { 0, NULL };
	static const double lat[] = { 10, 20, 30, 40 }, thr[] = { 1, 5, 7, 9 };
	size_t i;

	memset(p, 0, sizeof p);
	for (i = 0; i < 4; i++) {
		p[i].result.latency_us = lat[i];
		p[i].result.throughput_tops = thr[i];
	}
	ck_assert_ptr_null(dse_frontier_best(&fr, 9.99));
	ck_assert_ptr_eq(dse_frontier_best(&fr, 10), &p[0]);   /* bound inclusive */
	ck_assert_ptr_eq(dse_frontier_best(&fr, 25), &p[1]);
	ck_assert_ptr_eq(dse_frontier_best(&fr, 30), &p[2]);
	ck_assert_ptr_eq(dse_frontier_best(&fr, 39.999), &p[2]);
	ck_assert_ptr_eq(dse_frontier_best(&fr, 1e9), &p[3]);
	ck_assert_ptr_null(dse_frontier_best(&empty, 1e9));
}
END_TEST

/* Best under a bound = the most throughput of any feasible design within
   it, found by brute force over every streamed design. */
START_TEST(best_brute_force)
{
	struct dse_study st;
	struct dse_explore_result res;
	struct collect c;
	struct dse_explore_hooks hooks = { NULL, NULL, on_point, &c };
	size_t f, i, j, b;

	tiny_study(&st, "2");
	memset(&c, 0, sizeof c);
	c.st = &st;
	run_ok(&st, &model, &hooks, &res);
	for (f = 0; f <= res.nformats; f++) {
		const struct dse_frontier *fr = f < res.nformats ?
			&res.frontier[f] : &res.all;
		double bounds[64];
		size_t nb = 0;

		bounds[nb++] = fr->p[0].result.latency_us * 0.999;
		bounds[nb++] = fr->p[fr->n - 1].result.latency_us * 2;
		for (i = 0; i < fr->n && nb + 2 < N_OF(bounds); i += 1 + fr->n / 24) {
			bounds[nb++] = fr->p[i].result.latency_us;
			bounds[nb++] = fr->p[i].result.latency_us * 1.001;
		}
		for (b = 0; b < nb; b++) {
			const struct dse_point *best = dse_frontier_best(fr, bounds[b]);
			double brute = -1;

			for (j = 0; j < c.n; j++)
				if (c.r[j].verdict == DSE_FEASIBLE &&
				    (f == res.nformats || c.r[j].format == f) &&
				    c.r[j].latency_us <= bounds[b] &&
				    c.r[j].throughput_tops > brute)
					brute = c.r[j].throughput_tops;
			if (brute < 0) {
				ck_assert_ptr_null(best);
				continue;
			}
			ck_assert_ptr_nonnull(best);
			ck_assert(best->result.latency_us <= bounds[b]);
			ck_assert(best->result.throughput_tops == brute);
		}
	}
	free(c.r);
	dse_explore_result_free(&res);
}
END_TEST

/* ws, 128 x 128, k-split 1, f_nom, at each batch of the range. */
START_TEST(canonical_designs)
{
	static const double batches[] = { 1, 8, 64, 512 };
	struct dse_study st;
	struct dse_explore_result res;
	struct dse_error err = { 0, "" };
	size_t f, i, b, feasible;

	tiny_study(&st, "2");
	set(&st, "batch", "512,1,64,8");
	run_ok(&st, &model, NULL, &res);
	for (f = 0; f < res.nformats; f++) {
		const struct dse_frontier *cf = &res.canonical[f];
		struct dse_design d;
		struct dse_result r;

		/* which batches the model finds feasible for that design */
		memset(&d, 0, sizeof d);
		d.format = &res.formats[f];
		d.dataflow = DSE_WS;
		d.rows = d.cols = 128;
		d.ksplit = 1;
		d.fold_overlap = 1;
		d.accumulators = 1;
		ck_assert_int_eq(dse_tech_opp(tech, tech->f_nom_ghz, &d.opp, &err),
				 DSE_OK);
		for (b = feasible = 0; b < N_OF(batches); b++) {
			d.batch = (unsigned)batches[b];
			ck_assert_int_eq(dse_model_eval(&model, &d, &r, &err), DSE_OK);
			feasible += r.verdict == DSE_FEASIBLE;
		}
		ck_assert_uint_gt(feasible, 0);
		ck_assert_uint_eq(cf->n, feasible);
		for (i = 0; i < cf->n; i++) {
			const struct dse_point *p = &cf->p[i];

			ck_assert_str_eq(p->design.format->name, res.formats[f].name);
			ck_assert_int_eq(p->design.dataflow, DSE_WS);
			ck_assert_uint_eq(p->design.rows, 128);
			ck_assert_uint_eq(p->design.cols, 128);
			ck_assert_uint_eq(p->design.ksplit, 1);
			/* TPU-like: double-buffered, with accumulators */
			ck_assert_int_eq(p->design.fold_overlap, 1);
			ck_assert_int_eq(p->result.accumulators, 1);
			ck_assert(p->design.opp.freq_ghz == tech->f_nom_ghz);
			ck_assert_int_eq(p->result.verdict, DSE_FEASIBLE);
			ck_assert(p->design.batch == 1 || p->design.batch == 8 ||
				  p->design.batch == 64 || p->design.batch == 512);
			if (i > 0) /* by latency */
				ck_assert(cf->p[i - 1].result.latency_us <=
					  p->result.latency_us);
		}
	}
	dse_explore_result_free(&res);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Outputs                                                            */
/* ------------------------------------------------------------------ */

static double num(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	ck_assert_msg(cJSON_IsNumber(v), "'%s' is not a number", key);
	return v->valuedouble;
}

/*
 * Equal as cJSON keeps numbers: cJSON_Print writes %.15g whenever that
 * reads back within DBL_EPSILON (relative), so the last bit may go.
 */
static int near(double a, double b)
{
	return fabs(a - b) <= 2 * DBL_EPSILON * fabs(b);
}

static void json_points(const cJSON *a, const struct dse_frontier *fr,
			const char *format)
{
	const cJSON *one;
	size_t i = 0;

	ck_assert_msg(cJSON_IsArray(a), "%s: not an array", format);
	ck_assert_int_eq(cJSON_GetArraySize(a), (int)fr->n);
	cJSON_ArrayForEach(one, a) {
		const struct dse_point *p = &fr->p[i++];
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(one, "format");

		ck_assert(cJSON_IsString(name));
		ck_assert_str_eq(name->valuestring, p->design.format->name);
		ck_assert(num(one, "rows") == p->design.rows);
		ck_assert(num(one, "cols") == p->design.cols);
		ck_assert(num(one, "k_split") == p->design.ksplit);
		ck_assert(near(num(one, "freq_ghz"), p->result.freq_ghz));
		ck_assert(near(num(one, "latency_us"), p->result.latency_us));
		ck_assert_msg(near(num(one, "throughput_tops"),
				   p->result.throughput_tops), "%.17g vs %.17g",
			      num(one, "throughput_tops"),
			      p->result.throughput_tops);
		ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(one,
									 "feasible")));
	}
}

/* frontier.json survives printing and parsing with its frontiers and
   counts. */
/* SRAM is a swept dimension: every design records its S; one S is today's sweep. */
START_TEST(sweep_sram_sizes)
{
	struct dse_study st1, st2;
	struct dse_explore_result r1, r2;
	size_t f, i, at50 = 0;

	tiny_study(&st1, "2");
	tiny_study(&st2, "2");
	set(&st2, "sram_mb", "50,75");
	run_ok(&st1, &model, NULL, &r1);
	run_ok(&st2, &model, NULL, &r2);
	/* two sizes: twice the designs of one */
	ck_assert_double_eq(r2.total, 2 * TINY_TOTAL);
	ck_assert_uint_eq(r2.sram_mb.n, 2);
	for (f = 0; f < r2.nformats; f++)
		for (i = 0; i < r2.frontier[f].n; i++) {
			const double s = r2.frontier[f].p[i].result.sram_mb;

			ck_assert(s == 50 || s == 75);
			at50 += s == 50;
		}
	/* lstm's 32 MB of hbfp8 weights fit in 50 MB, which leaves 25 * 0.45
	 * mm2 and 25 * 0.01 W more for arrays: the smaller SRAM wins some */
	ck_assert_uint_gt(at50, 0);
	/* one value behaves as before: every point at 75 MB */
	ck_assert_double_eq(r1.total, TINY_TOTAL);
	for (i = 0; i < r1.frontier[0].n; i++)
		ck_assert_double_eq(r1.frontier[0].p[i].result.sram_mb, 75);
	dse_explore_result_free(&r1);
	dse_explore_result_free(&r2);
}
END_TEST

/* Published figures: dse's value by its row of dse_figures, NAN without one. */
START_TEST(published_figures)
{
	struct dse_study st;
	struct dse_explore_result res;
	struct dse_error err = { 0, "" };
	const struct dse_point *p;
	struct dse_format int8;
	struct dse_design d;
	struct dse_result r8;
	struct dse_model m;
	struct dse_budget b = { 300, 75, 75, 0 };
	char path[4096];
	size_t n;

	dse_study_defaults(&st);
	study_path(path, sizeof path, "study-published.json");
	ck_assert_msg(dse_study_load(&st, path, &err) == DSE_OK, "%s", err.msg);
	ck_assert_uint_eq(st.npublished, 4);
	ck_assert_int_eq(st.fold_overlap, 0);
	ck_assert_str_eq(st.sram_mb.text, "50,75");
	set(&st, "threads", "1");
	run_ok(&st, &model, NULL, &res);
	/* throughput_at_bound: the frontier's best within 100 us */
	p = dse_frontier_best(&res.frontier[0], 100);
	ck_assert_ptr_nonnull(p);
	ck_assert_double_eq(res.published[0], p->result.throughput_tops);
	/* ratio_over_latency_optimal: best within 500 us over the fastest */
	p = dse_frontier_best(&res.frontier[0], 500);
	ck_assert_double_eq(res.published[1],
			    p->result.throughput_tops /
				    res.frontier[0].p[0].result.throughput_tops);
	/* power_over_int8: bf16's best within 500 us against the same arrays
	 * in int8 */
	p = dse_frontier_best(&res.frontier[1], 500);
	ck_assert_int_eq(dse_format_parse("int8", &int8, &err), DSE_OK);
	b.sram_mb = p->result.sram_mb;
	ck_assert_int_eq(dse_model_init(&m, tech, wl, &b, &err), DSE_OK);
	d = p->design;
	d.format = &int8;
	d.arrays = (unsigned)p->result.arrays;
	ck_assert_int_eq(dse_model_eval(&m, &d, &r8, &err), DSE_OK);
	ck_assert_double_eq(res.published[2], p->result.peak_power_w / r8.peak_power_w);
	/* bf16 PEs cost more than int8 ones: more than 1 */
	ck_assert(res.published[2] > 1);
	/* int8 was not swept: no figure */
	ck_assert(isnan(res.published[3]));
	ck_assert_ptr_nonnull(dse_figure_find("area_over_int8"));
	ck_assert_ptr_null(dse_figure_find("speed"));
	ck_assert_ptr_nonnull(dse_figure_find("train_fraction_max"));
	ck_assert_ptr_nonnull(dse_figures(&n));
	ck_assert_uint_eq(n, 5);
	dse_explore_result_free(&res);
}
END_TEST

/* Warnings: a range's edge, and a canonical design the sweep cannot reach. */
START_TEST(sweep_warnings)
{
	struct dse_study st;
	struct dse_explore_result res;
	size_t i, edge = 0, canon = 0;

	/* rows 1:4 on lstm: the best designs want more rows than 4 */
	tiny_study(&st, "2");
	set(&st, "rows", "1:4");
	set(&st, "formats", "hbfp8");
	run_ok(&st, &model, NULL, &res);
	for (i = 0; i < res.nwarnings; i++) {
		edge += strstr(res.warnings[i], "--rows 4, the top") != NULL;
		canon += strstr(res.warnings[i], "canonical") != NULL;
		/* the frequency range is explicit: its ends count as well */
		ck_assert_ptr_null(strchr(res.warnings[i], '\n'));
	}
	ck_assert_uint_eq(edge, 1);
	dse_explore_result_free(&res);

	/* a frontier of single-row arrays alone (batch 1) is far below a
	 * ws 128 x 128 design of batch up to 1024 at the larger bounds */
	tiny_study(&st, "2");
	set(&st, "rows", "1");
	set(&st, "cols", "64");
	set(&st, "formats", "hbfp8");
	run_ok(&st, &model, NULL, &res);
	for (i = 0, canon = 0; i < res.nwarnings; i++)
		canon += strstr(res.warnings[i], "canonical") != NULL;
	ck_assert_uint_eq(canon, 1);
	dse_explore_result_free(&res);
}
END_TEST

START_TEST(json_round_trip)
{
	static char *argv[] = { "dse", "explore" };
	struct dse_run_info info = { "test", 2, argv, NULL };
	struct dse_study st;
	struct dse_explore_result res;
	cJSON *doc, *back, *front, *counts, *inf, *bounds, *b;
	char *text;
	size_t f, i;
	int v;

	tiny_study(&st, "2");
	set(&st, "bounds_us", "30,60,1000");
	set(&st, "batch", "1,16");
	run_ok(&st, &model, NULL, &res);
	doc = dse_json_explore(&res, &st, &model, &info);
	ck_assert_ptr_nonnull(doc);
	text = cJSON_Print(doc);
	ck_assert_ptr_nonnull(text);
	back = cJSON_Parse(text);
	ck_assert_ptr_nonnull(back);

	counts = cJSON_GetObjectItemCaseSensitive(back, "counts");
	ck_assert(num(counts, "total") == TINY_TOTAL);
	ck_assert(num(counts, "feasible") == res.feasible);
	inf = cJSON_GetObjectItemCaseSensitive(counts, "infeasible");
	for (v = DSE_FEASIBLE + 1; v < DSE_VERDICT_COUNT; v++)
		if (v != DSE_INF_CONSTRAINT)
			ck_assert(num(inf, dse_verdict_name((enum dse_verdict)v)) ==
				  res.infeasible[v]);
	/* the explorer's constraints are listed apart: none here */
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(inf, "constraint"));
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
				 counts, "constraints")), 0);
	{
		const cJSON *pr = cJSON_GetObjectItemCaseSensitive(back, "pruning");

		ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pr, "enabled")));
		ck_assert(num(pr, "evaluated") == res.evaluated);
		ck_assert(num(pr, "pruned") == res.pruned);
		ck_assert(res.evaluated + res.pruned == res.feasible);
	}

	front = cJSON_GetObjectItemCaseSensitive(back, "frontier");
	ck_assert_int_eq(cJSON_GetArraySize(front), (int)res.nformats + 1);
	for (f = 0; f < res.nformats; f++)
		json_points(cJSON_GetObjectItemCaseSensitive(front,
							     res.formats[f].name),
			    &res.frontier[f], res.formats[f].name);
	json_points(cJSON_GetObjectItemCaseSensitive(front, "all"), &res.all,
		    "all");
	for (f = 0; f < res.nformats; f++)
		json_points(cJSON_GetObjectItemCaseSensitive(
				    cJSON_GetObjectItemCaseSensitive(back, "canonical"),
				    res.formats[f].name),
			    &res.canonical[f], res.formats[f].name);

	ck_assert(num(cJSON_GetObjectItemCaseSensitive(
			      cJSON_GetObjectItemCaseSensitive(back, "ranges"), "rows"),
		      "count") == 32);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(
				 cJSON_GetObjectItemCaseSensitive(back, "study"),
				 "rows")->valuestring, "1:32");

	/* best throughput under each bound, as dse_frontier_best says */
	bounds = cJSON_GetObjectItemCaseSensitive(back, "bounds");
	ck_assert_int_eq(cJSON_GetArraySize(bounds), 3);
	i = 0;
	cJSON_ArrayForEach(b, bounds) {
		const cJSON *best = cJSON_GetObjectItemCaseSensitive(b, "best");

		ck_assert(num(b, "latency_us") == st.bounds_us[i]);
		for (f = 0; f < res.nformats; f++) {
			const struct dse_point *p =
				dse_frontier_best(&res.frontier[f], st.bounds_us[i]);
			const cJSON *one = cJSON_GetObjectItemCaseSensitive(
				best, res.formats[f].name);

			if (p == NULL) {
				ck_assert(cJSON_IsNull(one));
				continue;
			}
			ck_assert(near(num(one, "throughput_tops"),
				       p->result.throughput_tops));
			ck_assert(num(one, "latency_us") <= st.bounds_us[i]);
		}
		i++;
	}
	cJSON_Delete(back);
	cJSON_free(text);
	cJSON_Delete(doc);
	dse_explore_result_free(&res);
}
END_TEST

/* Read a whole stream into a string (freed by the caller). */
static char *slurp(FILE *f)
{
	size_t n = 0, cap = 4096, got;
	char *s = malloc(cap);

	ck_assert_ptr_nonnull(s);
	rewind(f);
	while ((got = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			s = realloc(s, cap *= 2);
			ck_assert_ptr_nonnull(s);
		}
	}
	s[n] = '\0';
	return s;
}

static char *read_golden(const char *name)
{
	char path[4096];
	FILE *f;
	char *s;

	snprintf(path, sizeof path, "%s/golden/%s", test_inputs(), name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	s = slurp(f);
	fclose(f);
	return s;
}

/* frontier.csv: the golden header, then one line per member of each
   frontier and of "all", every line with the header's columns. */
START_TEST(csv_frontier)
{
	struct dse_study st;
	struct dse_explore_result res;
	FILE *f = tmpfile();
	char *text, *golden, *line, *save = NULL;
	size_t lines = 0, want, k, at[DSE_STUDY_MAX_FORMATS + 1], nfields;

	dse_fields(&nfields);
	ck_assert_ptr_nonnull(f);
	tiny_study(&st, "2");
	run_ok(&st, &model, NULL, &res);
	ck_assert_int_eq(dse_csv_frontier(f, &res), DSE_OK);
	text = slurp(f);
	fclose(f);
	golden = read_golden("frontier-header.csv");
	ck_assert_msg(strncmp(text, golden, strlen(golden)) == 0,
		      "header differs from tests/golden/frontier-header.csv");

	want = 1 + res.all.n;
	at[0] = 1;
	for (k = 0; k < res.nformats; k++) {
		want += res.frontier[k].n;
		at[k + 1] = at[k] + res.frontier[k].n;
	}
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), lines++) {
		const char *c;
		size_t commas = 0;
		char prefix[64];

		for (c = line; *c; c++)
			commas += *c == ',';
		/* "frontier" and one column per field */
		ck_assert_msg(commas == nfields, "line %zu has %zu columns", lines,
			      commas + 1);
		if (lines == 0)
			continue;
		/* which block the line is in: format k, or "all" (k = nformats) */
		for (k = 0; k < res.nformats && lines >= at[k + 1]; k++)
			;
		if (k < res.nformats)
			snprintf(prefix, sizeof prefix, "%s,%s,",
				 res.formats[k].name, res.formats[k].name);
		else
			snprintf(prefix, sizeof prefix, "all,");
		ck_assert_msg(strncmp(line, prefix, strlen(prefix)) == 0,
			      "line %zu: '%.40s', want '%s'", lines, line, prefix);
	}
	ck_assert_uint_eq(lines, want);
	free(golden);
	free(text);
	dse_explore_result_free(&res);
}
END_TEST

/* sample.csv: a header and one line per sampled design. */
START_TEST(csv_sample)
{
	struct dse_study st;
	struct dse_explore_result res;
	FILE *f = tmpfile();
	char *text, *c;
	size_t lines = 0;

	ck_assert_ptr_nonnull(f);
	tiny_study(&st, "2");
	set(&st, "sample", "37");
	run_ok(&st, &model, NULL, &res);
	ck_assert_uint_eq(res.nsample, 37);
	ck_assert_int_eq(dse_csv_sample(f, &res), DSE_OK);
	text = slurp(f);
	fclose(f);
	for (c = text; *c; c++)
		lines += *c == '\n';
	ck_assert_uint_eq(lines, 38);
	ck_assert(strncmp(text, "format,", 7) == 0);
	free(text);
	dse_explore_result_free(&res);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Objectives, phases and partial results                             */
/* ------------------------------------------------------------------ */

/*
 * The objective table: every row's key is a field of the outputs whose
 * value on a design is the row's accessor's (one name and key per
 * figure); rows known per design name a kernel metric; the names are
 * unique and the list of names names them all.
 */
START_TEST(objective_table)
{
	const struct dse_objective *rows;
	const struct dse_field *fields;
	struct dse_error err = { 0, "" };
	struct dse_format fmt = test_format("hbfp8");
	struct dse_point p;
	char names[256];
	size_t n, nf, i, j;

	rows = dse_objectives(&n);
	fields = dse_fields(&nf);
	ck_assert_uint_ge(n, 8);
	memset(&p, 0, sizeof p);
	p.design.format = &fmt;
	p.design.dataflow = DSE_OS;
	p.design.rows = 16;
	p.design.cols = 128;
	p.design.ksplit = 1;
	ck_assert_int_eq(dse_tech_opp(tech, 0.8, &p.design.opp, &err), DSE_OK);
	ck_assert_int_eq(dse_model_eval(&model, &p.design, &p.result, &err), DSE_OK);
	dse_objective_names(names, sizeof names);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_eq(dse_objective_find(rows[i].name), &rows[i]);
		ck_assert_ptr_nonnull(strstr(names, rows[i].name));
		for (j = i + 1; j < n; j++)
			ck_assert_str_ne(rows[i].name, rows[j].name);
		if (rows[i].when != DSE_WHEN_POINT)
			continue;
		ck_assert_int_lt(rows[i].metric, DSE_METRIC_COUNT);
		for (j = 0; j < nf && strcmp(fields[j].key, rows[i].key) != 0; j++)
			;
		ck_assert_msg(j < nf, "%s: no field %s", rows[i].name, rows[i].key);
		ck_assert(fields[j].number(&p) == rows[i].of_point(&p));
	}
	ck_assert_ptr_null(dse_objective_find("speed"));
	ck_assert_int_eq(dse_objective_find("tail")->when, DSE_WHEN_LATER);
	ck_assert_int_eq(dse_objective_find("sqnr")->when, DSE_WHEN_FORMAT);
	ck_assert_int_eq(dse_objective_find("throughput")->maximise, 1);
	ck_assert_int_eq(dse_objective_find("latency")->maximise, 0);
}
END_TEST

/* A measured-accuracy file of error rates (lower is better) at path. */
static void write_errors(char *path)
{
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{\"source\": \"unit test\", \"metric\": \"top-1 error\",\n"
	      " \"direction\": \"lower\",\n"
	      " \"formats\": {\"hbfp8\": 0.3, \"bf16\": 0.25}}\n", f);
	ck_assert_int_eq(fclose(f), 0);
}

/* The row of objective name. */
static size_t objective_row(const char *name)
{
	size_t n;

	return (size_t)(dse_objective_find(name) - dse_objectives(&n));
}

/*
 * --accuracy FILE: the file's direction (lower: an error) is the
 * objective's; its values reach the result verbatim; the study carries
 * them without the file; a format it lacks is an input error naming both.
 */
START_TEST(accuracy_objective)
{
	char path[] = "/tmp/dse-accuracy-XXXXXX";
	const size_t row = objective_row("accuracy");
	struct dse_study st, back, other;
	struct dse_explore_result res;
	struct dse_error err = { 0, "" };
	size_t i, in_all = 0;
	cJSON *obj;

	write_errors(path);
	tiny_study(&st, "2");
	ck_assert_int_eq(dse_objective_used(&st, row), 0);
	set(&st, "accuracy", path);
	/* shown whenever a file is given; direction "lower" */
	ck_assert_int_eq(dse_objective_used(&st, row), 1);
	ck_assert_int_eq(dse_objective_up(&st, row), 0);
	ck_assert_int_eq(dse_objective_up(&st, objective_row("sqnr")), 1);
	set(&st, "objectives", "latency,throughput,accuracy");

	/* the study's JSON holds the values: it reads back without the file */
	obj = dse_study_json(&st);
	ck_assert_ptr_nonnull(obj);
	ck_assert_int_eq(unlink(path), 0);
	dse_study_defaults(&back);
	ck_assert_msg(dse_study_from_json(&back, obj, "x.json", &err) == DSE_OK,
		      "%s", err.msg);
	cJSON_Delete(obj);
	ck_assert_mem_eq(&back.accuracy, &st.accuracy, sizeof st.accuracy);
	ck_assert_str_eq(back.accuracy.path, path);

	run_ok(&back, &model, NULL, &res);
	ck_assert(res.format_rows & (1u << row));
	/* the file's numbers, hbfp8 first, bf16 second (the study's order) */
	ck_assert(res.format_value[0][row] == 0.3);
	ck_assert(res.format_value[1][row] == 0.25);
	/* bf16 errs less: no hbfp8 design can dominate a bf16 one, so every
	   design of bf16's frontier is on the frontier over both formats
	   (maximising the error instead, the faster hbfp8 designs would) */
	for (i = 0; i < res.all.n; i++)
		in_all += res.all.p[i].design.format == &res.formats[1];
	ck_assert_uint_gt(res.frontier[1].n, 0);
	ck_assert_uint_eq(in_all, res.frontier[1].n);
	dse_explore_result_free(&res);

	/* a study format the file lacks */
	other = back;
	set(&other, "formats", "hbfp8,mxfp4");
	ck_assert_int_eq(dse_explore_run(&other, &model, NULL, &res, &err),
			 DSE_EINPUT);
	dse_explore_result_free(&res);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_ptr_nonnull(strstr(err.msg, "mxfp4"));
}
END_TEST

/* sqnr_min_db X is min sqnr=X; an accuracy objective needs a file. */
START_TEST(accuracy_shorthands)
{
	struct dse_study a, b;
	struct dse_explore_result res;
	struct dse_error err = { 0, "" };

	tiny_study(&a, "1");
	tiny_study(&b, "1");
	set(&a, "sqnr_min_db", "30");
	set(&b, "min", "sqnr=30");
	ck_assert_uint_eq(a.nconstraints, 1);
	ck_assert_mem_eq(&a.constraints[0], &b.constraints[0],
			 sizeof a.constraints[0]);
	ck_assert_int_eq(dse_study_set(&a, "sqnr_min_db", "30dB", NULL, &err),
			 DSE_EUSAGE);
	ck_assert_int_eq(dse_study_set(&a, "accuracy", "/nonexistent/acc.json",
				       NULL, &err), DSE_EINPUT);
	set(&b, "objectives", "latency,accuracy");
	ck_assert_int_eq(dse_explore_run(&b, &model, NULL, &res, &err),
			 DSE_EUSAGE);
	dse_explore_result_free(&res);
	ck_assert_ptr_nonnull(strstr(err.msg, "--accuracy"));
}
END_TEST

/* Two results are the same: counts, frontiers, sample, pruning. */
static void same_result(const struct dse_explore_result *a,
			const struct dse_explore_result *b)
{
	size_t f, i, v;

	ck_assert(a->total == b->total && a->feasible == b->feasible);
	ck_assert(a->evaluated == b->evaluated && a->pruned == b->pruned);
	for (v = 0; v < DSE_VERDICT_COUNT; v++)
		ck_assert(a->infeasible[v] == b->infeasible[v]);
	for (v = 0; v < a->nconstraints; v++)
		ck_assert(a->constrained[v] == b->constrained[v]);
	for (f = 0; f < a->nformats; f++) {
		same_frontier(&a->frontier[f], &b->frontier[f]);
		same_frontier(&a->staircase[f], &b->staircase[f]);
	}
	for (f = 0; f < a->ndataflows; f++)
		same_frontier(&a->by_dataflow[f], &b->by_dataflow[f]);
	same_frontier(&a->all, &b->all);
	ck_assert_uint_eq(a->nsample, b->nsample);
	for (i = 0; i < a->nsample; i++)
		ck_assert(a->sample[i].key == b->sample[i].key &&
			  a->sample[i].latency_us == b->sample[i].latency_us);
}

/*
 * The phases: a plan's chunks split into uneven ranges, run, written to
 * JSON and read back, merged in reverse order, finish to the result of
 * dse_explore_run, field for field; the merge refuses overlaps and the
 * finish a gap.
 */
START_TEST(phases_split_merge)
{
	struct dse_study st;
	struct dse_plan *pl = NULL;
	struct dse_partial *part[4] = { NULL }, *all = NULL, *back = NULL;
	struct dse_explore_result whole, res;
	struct dse_error err = { 0, "" };
	const struct dse_model *mp = &model;
	uint64_t cut[5], c;
	size_t n, k;
	cJSON *doc;
	char *text;

	multi_study(&st, "2");
	set(&st, "dataflows", "os,ws");
	set(&st, "batch", "1,8");
	set(&st, "objectives", "latency,throughput,area");
	run_ok(&st, &model, NULL, &whole);
	ck_assert_int_eq(dse_explore_plan(&st, &mp, 1, &pl, &err), DSE_OK);
	c = dse_plan_chunks(pl);
	ck_assert_uint_ge(c, 6);
	cut[0] = 0;
	cut[1] = 1;
	cut[2] = c / 2;
	cut[3] = c / 2 + 1;
	cut[4] = c;
	for (k = 0; k < 4; k++) {
		ck_assert_int_eq(dse_explore_range(pl, cut[k], cut[k + 1], NULL,
						   &part[k], &err), DSE_OK);
		/* through JSON text and back: the same partial result */
		doc = dse_partial_json(pl, part[k]);
		text = cJSON_PrintUnformatted(doc);
		cJSON_Delete(doc);
		doc = cJSON_Parse(text);
		ck_assert_int_eq(dse_partial_from_json(pl, doc, "part", &back, &err),
				 DSE_OK);
		cJSON_Delete(doc);
		cJSON_free(text);
		dse_partial_free(part[k]);
		part[k] = back;
		back = NULL;
	}
	/* a gap: the finish refuses */
	ck_assert_int_eq(dse_explore_range(pl, 0, 0, NULL, &all, &err), DSE_OK);
	ck_assert_int_eq(dse_explore_merge(pl, all, part[3], &err), DSE_OK);
	ck_assert_int_eq(dse_explore_merge(pl, all, part[1], &err), DSE_OK);
	ck_assert_int_eq(dse_explore_finish(pl, all, &res, &err), DSE_EINPUT);
	dse_explore_result_free(&res);
	/* an overlap: the merge refuses */
	ck_assert_int_eq(dse_explore_merge(pl, all, part[1], &err), DSE_EINPUT);
	ck_assert_int_eq(dse_explore_merge(pl, all, part[2], &err), DSE_OK);
	ck_assert_int_eq(dse_explore_merge(pl, all, part[0], &err), DSE_OK);
	dse_partial_ranges(all, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(dse_explore_finish(pl, all, &res, &err), DSE_OK);
	same_result(&whole, &res);
	/* the shards of dse_plan_shard cover the chunks once, in order */
	for (k = 1; k <= 5; k++) {
		uint64_t i, lo, hi, next = 0;

		for (i = 0; i < k; i++) {
			dse_plan_shard(pl, i, k, &lo, &hi);
			ck_assert_uint_eq(lo, next);
			next = hi;
		}
		ck_assert_uint_eq(next, c);
	}
	/* a range outside the plan */
	ck_assert_int_eq(dse_explore_range(pl, 0, c + 1, NULL, &back, &err),
			 DSE_EUSAGE);
	for (k = 0; k < 4; k++)
		dse_partial_free(part[k]);
	dse_partial_free(all);
	dse_explore_result_free(&res);
	dse_explore_result_free(&whole);
	dse_plan_free(pl);
}
END_TEST

/* A partial result of another study is refused, naming the fingerprint. */
START_TEST(partial_foreign)
{
	struct dse_study a, b;
	struct dse_plan *pa = NULL, *pb = NULL;
	struct dse_partial *part = NULL, *back = NULL;
	struct dse_error err = { 0, "" };
	const struct dse_model *mp = &model;
	cJSON *doc;

	tiny_study(&a, "1");
	tiny_study(&b, "1");
	set(&b, "seed", "8");
	ck_assert_int_eq(dse_explore_plan(&a, &mp, 1, &pa, &err), DSE_OK);
	ck_assert_int_eq(dse_explore_plan(&b, &mp, 1, &pb, &err), DSE_OK);
	ck_assert_int_eq(dse_explore_range(pa, 0, 1, NULL, &part, &err), DSE_OK);
	doc = dse_partial_json(pa, part);
	ck_assert_ptr_nonnull(dse_partial_study(doc));
	ck_assert_int_eq(dse_partial_from_json(pb, doc, "f.json", &back, &err),
			 DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "f.json: fingerprint"));
	ck_assert_ptr_null(back);
	cJSON_Delete(doc);
	dse_partial_free(part);
	dse_plan_free(pa);
	dse_plan_free(pb);
}
END_TEST

/* Pruning on and off: the same results (MODEL.md 8.2), fewer evaluated. */
START_TEST(prune_same_results)
{
	struct dse_study st;
	struct dse_explore_result on, off;

	multi_study(&st, "2");
	set(&st, "dataflows", "os,ws");
	set(&st, "batch", "1,4,16");
	set(&st, "slo_us", "100");
	set(&st, "tail_requests", "500");
	run_ok(&st, &model, NULL, &on);
	set(&st, "prune", "off");
	run_ok(&st, &model, NULL, &off);
	ck_assert(off.pruned == 0 && off.evaluated == off.feasible);
	ck_assert(on.evaluated < off.evaluated);
	ck_assert(on.evaluated + on.pruned == on.feasible);
	off.evaluated = on.evaluated;
	off.pruned = on.pruned;
	same_result(&on, &off);
	ck_assert_uint_eq(on.nslos, 1);
	ck_assert(on.tail[0].found == off.tail[0].found);
	ck_assert(on.tail[0].capacity.tail_capacity_rps ==
		  off.tail[0].capacity.tail_capacity_rps);
	dse_explore_result_free(&on);
	dse_explore_result_free(&off);
}
END_TEST

Suite *suite_explore(void)
{
	Suite *s = suite_create("explore");
	TCase *tc;

	tc = tcase_create("study");
	tcase_add_checked_fixture(tc, model_setup, model_teardown);
	tcase_add_test(tc, study_defaults);
	tcase_add_test(tc, study_set_good);
	tcase_add_loop_test(tc, study_set_bad, 0, (int)N_OF(bad_keys));
	tcase_add_test(tc, study_set_too_long);
	tcase_add_test(tc, study_load_good);
	tcase_add_loop_test(tc, study_load_bad, 0, (int)N_OF(bad_studies));
	tcase_add_test(tc, study_load_missing);
	tcase_add_test(tc, study_freqs_dvfs);
	suite_add_tcase(s, tc);

	tc = tcase_create("sweep");
	tcase_add_checked_fixture(tc, model_setup, model_teardown);
	tcase_add_test(tc, sweep_counts);
	tcase_add_loop_test(tc, sweep_matches_reference, 0, 2);
	tcase_add_test(tc, sweep_thread_independent);
	tcase_add_test(tc, sweep_hook_order_threads);
	tcase_add_test(tc, sweep_dataflows_and_batch);
	tcase_add_test(tc, sweep_latency_bound);
	tcase_add_test(tc, sweep_latency_unmet);
	tcase_add_test(tc, sweep_power_unmet);
	tcase_add_test(tc, sweep_bad_study);
	tcase_add_test(tc, sweep_bad_baseline);
	tcase_add_test(tc, sweep_hook_stops);
	suite_add_tcase(s, tc);

	tc = tcase_create("best");
	tcase_add_checked_fixture(tc, model_setup, model_teardown);
	tcase_add_test(tc, best_by_hand);
	tcase_add_test(tc, best_brute_force);
	tcase_add_test(tc, canonical_designs);
	tcase_add_test(tc, sweep_sram_sizes);
	tcase_add_test(tc, published_figures);
	tcase_add_test(tc, sweep_warnings);
	suite_add_tcase(s, tc);

	tc = tcase_create("phases");
	tcase_add_checked_fixture(tc, model_setup, model_teardown);
	tcase_add_test(tc, objective_table);
	tcase_add_test(tc, accuracy_objective);
	tcase_add_test(tc, accuracy_shorthands);
	tcase_add_test(tc, phases_split_merge);
	tcase_add_test(tc, partial_foreign);
	tcase_add_test(tc, prune_same_results);
	suite_add_tcase(s, tc);

	tc = tcase_create("output");
	tcase_add_checked_fixture(tc, model_setup, model_teardown);
	tcase_add_test(tc, json_round_trip);
	tcase_add_test(tc, csv_frontier);
	tcase_add_test(tc, csv_sample);
	suite_add_tcase(s, tc);
	return s;
}
