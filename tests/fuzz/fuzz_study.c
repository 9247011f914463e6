/* fuzz_study.c - study JSON files (dse_study_load), then every range the
 * study names parsed as the sweep would: refused with one line, or ranges
 * that are sorted, distinct and within their limits. */
#include <math.h>

#include "dse_explore.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "rows", "cols", "k_split", "batch" };
	const char *path = fuzz_file(data, size);
	struct dse_error err = { 0, "" };
	struct dse_study st;
	struct dse_range r;
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
	for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		/* dse_study_set checked them: they must parse again */
		FUZZ_ASSERT(dse_study_range(&st, keys[k], &r, &err) == DSE_OK);
		FUZZ_ASSERT(r.n >= 1 && r.n <= DSE_RANGE_MAX);
		for (i = 0; i < r.n; i++) {
			FUZZ_ASSERT(r.v[i] >= 1 && r.v[i] == floor(r.v[i]));
			FUZZ_ASSERT(i == 0 || r.v[i] > r.v[i - 1]);
		}
		dse_range_free(&r);
	}
	return 0;
}
