/*
 * fuzz_sens_part.c - the shares of dse sensitivity --shard as dse merge
 * reads them (dse_sens_part_read).  A small run is planned once (n7,
 * lstm; rows 1:4, cols 64,128, k-split 1:2, dvfs:0.05 GHz, bounds 200,
 * 400, 1000 us, SLO 1000 us with 2000 requests; 4 samples, seed 1): its
 * sweep at the values alone (cfg part 2 of 2), as dse merge plans it.
 * Each input is parsed as JSON and read as a part (the "part" member of a
 * share's part.json) into that run, reset first (dse_sens_parts_reset):
 * refused with DSE_EINPUT (or DSE_ENOMEM) in one line naming the file,
 * the run left as it was; or taken, with counts within the samples it
 * brought, its warnings of at most its warned samples, and written back
 * (dse_sens_part_json) to a document that reads into a reset run and
 * writes the same; read a second time only when it brought no job; and
 * finished when it brought every job.
 *
 * Seeds: tests/fuzz/corpus/sens_part/ (the parts of dse sensitivity -q
 * STUDY --shard I/N with the flags above, and hand-broken ones); inputs
 * that once failed: tests/fuzz/regress/sens_part/.  The technology comes
 * from $DSE_DATADIR, else ./data.
 */
#include <math.h>

#include <cjson/cJSON.h>

#include "dse_sensitivity.h"
#include "fuzz.h"

/* The study: key, value pairs for dse_study_set. */
static const char *const fuzz_keys[] = {
	"rows", "1:4", "cols", "64,128", "k_split", "1:2",
	"freq_ghz", "dvfs:0.05", "bounds_us", "200,400,1000",
	"slo_us", "1000", "tail_requests", "2000", NULL
};

static struct dse_sens_result fuzz_res;
static int fuzz_planned;

/* Once: the run's plan and its sweep at the values. */
static void fuzz_setup(void)
{
	const char *datadir = getenv("DSE_DATADIR");
	struct dse_sens_config cfg;
	struct dse_error err = { 0, "" };
	static struct dse_study st;
	static struct dse_tech *tech;
	static struct dse_workload *wl;
	size_t i;

	memset(&cfg, 0, sizeof cfg);
	cfg.samples = 4;
	cfg.seed = 1;
	cfg.part = 2;
	cfg.nparts = 2;
	dse_study_defaults(&st);
	for (i = 0; fuzz_keys[i]; i += 2)
		if (dse_study_set(&st, fuzz_keys[i], fuzz_keys[i + 1], NULL, &err) != DSE_OK)
			break;
	if (err.status != 0 ||
	    dse_tech_load("n7", datadir && *datadir ? datadir : "data", &tech,
			  &err) != DSE_OK ||
	    dse_workload_get("lstm", &wl, &err) != DSE_OK ||
	    dse_sens_run(&st, tech, wl, &cfg, NULL, &fuzz_res, &err) != DSE_OK) {
		fprintf(stderr, "fuzz_sens_part: setup: %s\n", err.msg);
		abort();
	}
	fuzz_planned = 1;
}

/* Abort unless the run holds no part: the shared jobs in, nothing else. */
static void fuzz_pristine(const unsigned char *shared)
{
	FUZZ_ASSERT(memcmp(fuzz_res.done, shared, fuzz_res.njobs) == 0);
	FUZZ_ASSERT(fuzz_res.infeasible == 0 && fuzz_res.warned == 0 &&
		    fuzz_res.nwarnings == 0);
}

/* The run's part as text. */
static char *fuzz_print(void)
{
	cJSON *doc = dse_sens_part_json(&fuzz_res);
	char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;

	FUZZ_ASSERT(text != NULL);
	cJSON_Delete(doc);
	return text;
}

/* Abort unless job j's figures (and band) are values they can take:
   throughputs at least 0 and finite, ratios at least 0 or undefined. */
static void fuzz_values(size_t j)
{
	const struct dse_sens_result *r = &fuzz_res;
	const size_t nf = r->nfigures, g = r->nformats * r->ngrid;
	const double *y = j < r->nsamples ? r->y + j * nf :
			  ((j - r->nsamples) % 2 ? r->oat_hi : r->oat_lo) +
				  (j - r->nsamples) / 2 * nf;
	size_t f;

	for (f = 0; f < nf; f++)
		FUZZ_ASSERT(strcmp(r->figures[f].kind, "ratio") == 0 ?
				    !(y[f] < 0) : y[f] >= 0 && y[f] < HUGE_VAL);
	for (f = 0; j < r->nsamples && f < g; f++)
		FUZZ_ASSERT(r->grid_y[j * g + f] >= 0 && r->grid_y[j * g + f] < HUGE_VAL);
}

/* What a taken part must be: counts, a round trip, a second reading. */
static void fuzz_taken(const cJSON *doc, const unsigned char *shared)
{
	struct dse_error err = { 0, "" };
	size_t j, k, jobs = 0, samples = 0;
	cJSON *back;
	char *a, *b;
	int rc;

	for (j = 0; j < fuzz_res.njobs; j++)
		if (fuzz_res.done[j] && !shared[j]) {
			jobs++;
			samples += j < fuzz_res.nsamples;
			fuzz_values(j);
		}
	FUZZ_ASSERT(jobs == (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "jobs")));
	FUZZ_ASSERT(fuzz_res.infeasible <= samples && fuzz_res.warned <= samples);
	for (j = 0; j < fuzz_res.nwarnings; j++) {
		FUZZ_ASSERT(fuzz_res.warnings[j].samples >= 1 &&
			    fuzz_res.warnings[j].samples <= fuzz_res.warned);
		FUZZ_ASSERT(strchr(fuzz_res.warnings[j].text, '\n') == NULL);
		for (k = 0; k < j; k++)
			FUZZ_ASSERT(strcmp(fuzz_res.warnings[k].text,
					   fuzz_res.warnings[j].text) != 0);
	}
	/* written, read into a reset run, written the same */
	a = fuzz_print();
	back = cJSON_Parse(a);
	FUZZ_ASSERT(back != NULL);
	dse_sens_parts_reset(&fuzz_res);
	FUZZ_ASSERT(dse_sens_part_read(&fuzz_res, back, "back", &err) == DSE_OK);
	b = fuzz_print();
	FUZZ_ASSERT(strcmp(a, b) == 0);
	cJSON_free(a);
	cJSON_free(b);
	/* a second time: an overlap, unless it brought no job */
	rc = dse_sens_part_read(&fuzz_res, back, "back", &err);
	cJSON_Delete(back);
	if (jobs > 0)
		FUZZ_ASSERT(rc == DSE_EINPUT && strchr(err.msg, '\n') == NULL);
	else
		FUZZ_ASSERT(rc == DSE_OK);
	/* every job in: it finishes */
	for (j = 0; j < fuzz_res.njobs && fuzz_res.done[j]; j++)
		;
	if (j == fuzz_res.njobs) {
		rc = dse_sens_finish(&fuzz_res, &err);
		FUZZ_ASSERT(rc == DSE_OK || rc == DSE_ENOMEM);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char *shared;
	struct dse_error err = { 0, "" };
	cJSON *doc;
	int rc;

	if (!fuzz_planned) {
		fuzz_setup();
		shared = malloc(fuzz_res.njobs);
		FUZZ_ASSERT(shared != NULL);
		memcpy(shared, fuzz_res.done, fuzz_res.njobs);
	}
	doc = cJSON_ParseWithLength((const char *)data, size);
	if (doc == NULL)
		return 0;
	dse_sens_parts_reset(&fuzz_res);
	fuzz_pristine(shared);
	rc = dse_sens_part_read(&fuzz_res, doc, "part.json", &err);
	if (rc != DSE_OK) {
		FUZZ_ASSERT(rc == DSE_EINPUT || rc == DSE_ENOMEM);
		FUZZ_ASSERT(err.status == rc && strchr(err.msg, '\n') == NULL);
		FUZZ_ASSERT(rc == DSE_ENOMEM ||
			    strncmp(err.msg, "part.json: ", 11) == 0);
		if (rc == DSE_EINPUT)
			fuzz_pristine(shared);
	} else {
		fuzz_taken(doc, shared);
	}
	cJSON_Delete(doc);
	return 0;
}
