/* fuzz_study.c - study JSON files (dse_study_load), then every range the
 * study names expanded as the plan would: refused with one line, or ranges
 * that are sorted, distinct and within their limits; and the study written
 * as JSON reads back to the same JSON. */
#include <math.h>

#include <cjson/cJSON.h>

#include "dse_explore.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct dse_error err = { 0, "" };
	struct dse_study st, back;
	struct dse_range r;
	const struct dse_range_spec *spec[4];
	cJSON *a, *b;
	char *ta, *tb;
	size_t k, i;

	if (path == NULL)
		return 0;
	dse_study_defaults(&st);
	if (dse_study_load(&st, path, &err) != DSE_OK) {
		FUZZ_ASSERT(err.status == DSE_EINPUT || err.status == DSE_ENOMEM);
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
		return 0;
	}
	FUZZ_ASSERT(st.nformats >= 1 && st.nformats <= DSE_STUDY_MAX_FORMATS);
	FUZZ_ASSERT(st.ndataflows >= 1 && st.ndataflows <= DSE_DATAFLOW_COUNT);
	FUZZ_ASSERT(st.nbounds <= DSE_STUDY_MAX_BOUNDS);
	spec[0] = &st.rows;
	spec[1] = &st.cols;
	spec[2] = &st.ksplit;
	spec[3] = &st.batch;
	for (k = 0; k < 4; k++) {
		/* dse_study_set checked them: they must expand again */
		FUZZ_ASSERT(dse_range_expand(spec[k], "range", &r, &err) == DSE_OK);
		FUZZ_ASSERT(r.n >= 1 && r.n <= DSE_RANGE_MAX);
		for (i = 0; i < r.n; i++) {
			FUZZ_ASSERT(r.v[i] >= 1 && r.v[i] == floor(r.v[i]));
			FUZZ_ASSERT(i == 0 || r.v[i] > r.v[i - 1]);
		}
		dse_range_free(&r);
	}
	/* the study as JSON reads back to a study that writes the same */
	a = dse_study_json(&st);
	FUZZ_ASSERT(a != NULL);
	dse_study_defaults(&back);
	FUZZ_ASSERT(dse_study_from_json(&back, a, "json", &err) == DSE_OK);
	b = dse_study_json(&back);
	ta = cJSON_PrintUnformatted(a);
	tb = b ? cJSON_PrintUnformatted(b) : NULL;
	FUZZ_ASSERT(ta && tb && strcmp(ta, tb) == 0);
	cJSON_free(ta);
	cJSON_free(tb);
	cJSON_Delete(a);
	cJSON_Delete(b);
	return 0;
}
