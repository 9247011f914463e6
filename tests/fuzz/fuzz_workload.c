/* fuzz_workload.c - workload JSON files (dse_workload_load): refused with
 * one line, or a workload whose totals are finite and positive. */
#include <math.h>

#include "dse_model.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct dse_error err = { 0, "" };
	struct dse_workload *wl = NULL;

	if (path == NULL)
		return 0;
	if (dse_workload_load(path, &wl, &err) != DSE_OK) {
		FUZZ_ASSERT(err.status == DSE_EINPUT || err.status == DSE_ENOMEM);
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
		FUZZ_ASSERT(wl == NULL);
		return 0;
	}
	FUZZ_ASSERT(wl->nstages > 0);
	FUZZ_ASSERT(isfinite(wl->macs_per_item) && wl->macs_per_item > 0);
	FUZZ_ASSERT(isfinite(wl->weights) && wl->weights >= 0);
	FUZZ_ASSERT(wl->n_max >= 1);
	dse_workload_free(wl);
	return 0;
}
