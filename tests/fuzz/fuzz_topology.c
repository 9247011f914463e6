/* fuzz_topology.c - SCALE-Sim topology CSVs (dse_workload_parse_topology):
 * refused with one line of bad input, or a workload of weight GEMMs whose
 * totals are finite and positive. */
#include <math.h>

#include "dse_model.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dse_error err = { 0, "" };
	struct dse_workload *wl = NULL;

	if (dse_workload_parse_topology((const char *)data, size, "fuzz.csv",
					&wl, &err) != DSE_OK) {
		FUZZ_ASSERT(err.status == DSE_EINPUT || err.status == DSE_ENOMEM);
		FUZZ_ASSERT(err.msg[0] != '\0' && strchr(err.msg, '\n') == NULL);
		FUZZ_ASSERT(wl == NULL);
		return 0;
	}
	FUZZ_ASSERT(wl->nstages > 0);
	FUZZ_ASSERT(isfinite(wl->macs_per_item) && wl->macs_per_item > 0);
	FUZZ_ASSERT(isfinite(wl->weights) && wl->weights > 0);
	FUZZ_ASSERT(wl->n_max >= 1);
	dse_workload_free(wl);
	return 0;
}
