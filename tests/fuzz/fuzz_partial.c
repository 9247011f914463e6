/*
 * fuzz_partial.c - partial results of dse explore --shard as dse merge
 * reads them (dse_partial_from_json, dse_explore_merge).  Two small
 * studies are planned once (n7, lstm; rows 1:8, cols 64,128, k-split 1:2,
 * sample 16; the second also with dataflows os,ws, batch 1,16, --max
 * latency=100, power 50,75 W: two groups, and an SLO for the tail
 * staircases), each chunk swept once to count its designs, and the first
 * half of the chunks swept into a part.  Each input is parsed as JSON and
 * read as a part of either plan: refused with DSE_EINPUT (or DSE_ENOMEM)
 * in one line naming the file, or a part whose chunk ranges are sorted,
 * disjoint and within the plan, whose counts are whole numbers that add up
 * to the designs of its chunks (as the sweep counted them), feasible =
 * evaluated + pruned, whose sample holds at most 16 designs; that writes
 * back to a document reading to the same document; that merges into an
 * empty part, and a second time only when it has no chunk; and that
 * merges with the first half exactly when their chunks do not overlap.
 *
 * Seeds: tests/fuzz/corpus/partial/ (shards of both studies, made by dse
 * explore -q STUDY --shard I/N with the flags above, and hand-broken
 * ones); inputs that once failed: tests/fuzz/regress/partial/.  The
 * technology comes from $DSE_DATADIR, else ./data.
 */
#include <math.h>

#include <cjson/cJSON.h>

#include "dse_explore.h"
#include "fuzz.h"

#define FUZZ_PLANS 2
#define FUZZ_GROUPS 2

/* The study of each plan: key, value pairs for dse_study_set. */
static const char *const fuzz_keys[FUZZ_PLANS][24] = {
	{ "rows", "1:8", "cols", "64,128", "k_split", "1:2", "sample", "16",
	  NULL },
	{ "rows", "1:8", "cols", "64,128", "k_split", "1:2", "sample", "16",
	  "slo_us", "100", "tail_requests", "1000", "dataflows", "os,ws",
	  "batch", "1,16", "max", "latency=100", "power_w", "50,75", NULL },
};

/* A plan and what was swept of it once. */
struct fuzz_plan {
	struct dse_study st;
	struct dse_model models[FUZZ_GROUPS];
	const struct dse_model *ptrs[FUZZ_GROUPS];
	struct dse_plan *pl;
	uint64_t nchunks;
	double *chunk_designs; /* [c]: designs the sweep counted in chunk c */
	cJSON *half;           /* the part of chunks [0, nchunks / 2) */
};

static struct fuzz_plan fuzz_plans[FUZZ_PLANS];
static struct dse_tech *fuzz_tech;
static struct dse_workload *fuzz_wl;

/* Stop: the harness cannot be set up (not a finding). */
static void fuzz_setup_failed(const char *what, const struct dse_error *err)
{
	fprintf(stderr, "fuzz_partial: %s: %s\n", what, err->msg);
	abort();
}

/* A part of pl as the document a file of it parses to (its counts of
   ids and chunks are raw text until printed). */
static cJSON *fuzz_doc(const struct dse_plan *pl, const struct dse_partial *part)
{
	cJSON *doc = dse_partial_json(pl, part);
	char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;

	cJSON_Delete(doc);
	doc = text ? cJSON_Parse(text) : NULL;
	cJSON_free(text);
	FUZZ_ASSERT(doc != NULL);
	return doc;
}

/* Designs a part's document counts over every group: every design
   counted once, feasible or under what ruled it out. */
static double fuzz_counted(const cJSON *doc)
{
	const cJSON *g, *v;
	double n = 0;

	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(doc, "groups")) {
		n += cJSON_GetObjectItemCaseSensitive(g, "feasible")->valuedouble;
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(g, "infeasible"))
			n += v->valuedouble;
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(g, "constrained"))
			n += v->valuedouble;
	}
	return n;
}

/* Plan study k, sweep each of its chunks and its first half once. */
static void fuzz_plan_setup(struct fuzz_plan *fp, size_t k)
{
	struct dse_error err = { 0, "" };
	struct dse_partial *part = NULL;
	size_t i, g;
	uint64_t c;

	dse_study_defaults(&fp->st);
	for (i = 0; fuzz_keys[k][i]; i += 2)
		if (dse_study_set(&fp->st, fuzz_keys[k][i], fuzz_keys[k][i + 1],
				  NULL, &err) != DSE_OK)
			fuzz_setup_failed("study", &err);
	if (dse_study_groups(&fp->st) > FUZZ_GROUPS)
		abort();
	for (g = 0; g < dse_study_groups(&fp->st); g++) {
		struct dse_budget b;
		size_t t, w;

		dse_study_group(&fp->st, g, &t, &w, &b, NULL, 0);
		if (dse_model_init(&fp->models[g], fuzz_tech, fuzz_wl, &b, &err) != DSE_OK)
			fuzz_setup_failed("model", &err);
		fp->ptrs[g] = &fp->models[g];
	}
	if (dse_explore_plan(&fp->st, fp->ptrs, dse_study_groups(&fp->st),
			     &fp->pl, &err) != DSE_OK)
		fuzz_setup_failed("plan", &err);
	fp->nchunks = dse_plan_chunks(fp->pl);
	fp->chunk_designs = calloc(fp->nchunks, sizeof *fp->chunk_designs);
	if (fp->chunk_designs == NULL)
		abort();
	for (c = 0; c <= fp->nchunks; c++) {
		const uint64_t lo = c < fp->nchunks ? c : 0;
		const uint64_t hi = c < fp->nchunks ? c + 1 : fp->nchunks / 2;
		cJSON *doc;

		if (dse_explore_range(fp->pl, lo, hi, NULL, &part, &err) != DSE_OK)
			fuzz_setup_failed("sweep", &err);
		doc = fuzz_doc(fp->pl, part);
		dse_partial_free(part);
		if (c == fp->nchunks) {
			fp->half = doc;
			break;
		}
		fp->chunk_designs[c] = fuzz_counted(doc);
		cJSON_Delete(doc);
	}
}

/* Once: the technology, workload and both plans. */
static void fuzz_setup(void)
{
	const char *datadir = getenv("DSE_DATADIR");
	struct dse_error err = { 0, "" };
	size_t k;

	if (dse_tech_load("n7", datadir && *datadir ? datadir : "data",
			  &fuzz_tech, &err) != DSE_OK ||
	    dse_workload_get("lstm", &fuzz_wl, &err) != DSE_OK)
		fuzz_setup_failed("n7 or lstm", &err);
	for (k = 0; k < FUZZ_PLANS; k++)
		fuzz_plan_setup(&fuzz_plans[k], k);
}

/* A refused merge: bad input in one line. */
static void fuzz_merge_refused(int rc, const struct dse_error *err)
{
	FUZZ_ASSERT(rc == DSE_EINPUT && err->status == rc);
	FUZZ_ASSERT(strchr(err->msg, '\n') == NULL);
}

/* A refusal: bad input (or memory) told in one line. */
static void fuzz_refused(int rc, const struct dse_error *err, const char *file)
{
	FUZZ_ASSERT(rc == DSE_EINPUT || rc == DSE_ENOMEM);
	FUZZ_ASSERT(err->status == rc);
	FUZZ_ASSERT(strchr(err->msg, '\n') == NULL);
	FUZZ_ASSERT(rc == DSE_ENOMEM || strncmp(err->msg, file, strlen(file)) == 0);
}

/* The text of a part of fp, as written. */
static char *fuzz_print(const struct fuzz_plan *fp, const struct dse_partial *part)
{
	cJSON *doc = dse_partial_json(fp->pl, part);
	char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;

	FUZZ_ASSERT(text != NULL);
	cJSON_Delete(doc);
	return text;
}

/* Abort unless a sample holds at most 16 designs, each once. */
static void fuzz_distinct(const cJSON *sample)
{
	const cJSON *a, *b;

	FUZZ_ASSERT(cJSON_GetArraySize(sample) <= 16);
	cJSON_ArrayForEach(a, sample)
		for (b = a->next; b; b = b->next)
			FUZZ_ASSERT(a->child->next->valuedouble != b->child->next->valuedouble);
}

/* 1 when chunk ranges a (na) and b (nb) share a chunk. */
static int fuzz_overlap(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i, j;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (a[2 * i] < b[2 * j + 1] && b[2 * j] < a[2 * i + 1])
				return 1;
	return 0;
}

/* What an accepted part of fp must be, and how it merges. */
static void fuzz_accepted(const struct fuzz_plan *fp, struct dse_partial *part)
{
	struct dse_error err = { 0, "" };
	struct dse_partial *back = NULL, *empty = NULL, *half = NULL;
	const uint64_t *r, *hr;
	size_t n, i, hn, en;
	uint64_t c;
	double designs = 0;
	const cJSON *g, *v;
	cJSON *doc;
	char *a, *b;
	int rc, overlap;

	/* chunk ranges: sorted, disjoint, non-empty, within the plan */
	r = dse_partial_ranges(part, &n);
	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(r[2 * i] < r[2 * i + 1] && r[2 * i + 1] <= fp->nchunks);
		FUZZ_ASSERT(i == 0 || r[2 * i - 1] < r[2 * i]);
		for (c = r[2 * i]; c < r[2 * i + 1]; c++)
			designs += fp->chunk_designs[c];
	}
	/* counts: whole, adding up to the designs of its chunks */
	doc = fuzz_doc(fp->pl, part);
	FUZZ_ASSERT(fuzz_counted(doc) == designs);
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(doc, "groups")) {
		double f = cJSON_GetObjectItemCaseSensitive(g, "feasible")->valuedouble;
		double e = cJSON_GetObjectItemCaseSensitive(g, "evaluated")->valuedouble;
		double p = cJSON_GetObjectItemCaseSensitive(g, "pruned")->valuedouble;

		FUZZ_ASSERT(f >= 0 && f == floor(f) && e >= 0 && p >= 0 && e + p == f);
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(g, "infeasible"))
			FUZZ_ASSERT(v->valuedouble >= 0 && v->valuedouble == floor(v->valuedouble));
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(g, "closest"))
			FUZZ_ASSERT(cJSON_IsNumber(v) || strcmp(v->valuestring, "nan") != 0);
		fuzz_distinct(cJSON_GetObjectItemCaseSensitive(g, "sample"));
	}
	v = cJSON_GetObjectItemCaseSensitive(doc, "wall_time_s");
	FUZZ_ASSERT(cJSON_IsNumber(v) && v->valuedouble >= 0);
	cJSON_Delete(doc);
	/* written and read back, the same document */
	a = fuzz_print(fp, part);
	doc = cJSON_Parse(a);
	FUZZ_ASSERT(doc != NULL);
	FUZZ_ASSERT(dse_partial_from_json(fp->pl, doc, "back", &back, &err) == DSE_OK);
	cJSON_Delete(doc);
	b = fuzz_print(fp, back);
	FUZZ_ASSERT(strcmp(a, b) == 0);
	cJSON_free(a);
	cJSON_free(b);
	dse_partial_free(back);
	/* into an empty part: its ranges; a second time only without any */
	FUZZ_ASSERT(dse_explore_range(fp->pl, 0, 0, NULL, &empty, &err) == DSE_OK);
	FUZZ_ASSERT(dse_explore_merge(fp->pl, empty, part, &err) == DSE_OK);
	hr = dse_partial_ranges(empty, &en);
	FUZZ_ASSERT(en == n && (n == 0 || memcmp(hr, r, 2 * n * sizeof *r) == 0));
	rc = dse_explore_merge(fp->pl, empty, part, &err);
	if (n > 0)
		fuzz_merge_refused(rc, &err);
	else
		FUZZ_ASSERT(rc == DSE_OK);
	dse_partial_free(empty);
	/* with the first half: refused exactly when they share a chunk */
	FUZZ_ASSERT(dse_partial_from_json(fp->pl, fp->half, "half", &half, &err) == DSE_OK);
	hr = dse_partial_ranges(half, &hn);
	overlap = fuzz_overlap(r, n, hr, hn);
	rc = dse_explore_merge(fp->pl, half, part, &err);
	if (overlap)
		fuzz_merge_refused(rc, &err);
	else
		FUZZ_ASSERT(rc == DSE_OK);
	dse_partial_free(half);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dse_error err = { 0, "" };
	struct dse_partial *part;
	cJSON *doc;
	size_t k;
	int rc;

	if (fuzz_plans[0].pl == NULL)
		fuzz_setup();
	doc = cJSON_ParseWithLength((const char *)data, size);
	if (doc == NULL)
		return 0;
	for (k = 0; k < FUZZ_PLANS; k++) {
		part = NULL;
		rc = dse_partial_from_json(fuzz_plans[k].pl, doc, "part.json",
					   &part, &err);
		if (rc != DSE_OK) {
			fuzz_refused(rc, &err, "part.json: ");
			FUZZ_ASSERT(part == NULL);
			continue;
		}
		fuzz_accepted(&fuzz_plans[k], part);
		dse_partial_free(part);
	}
	cJSON_Delete(doc);
	return 0;
}
