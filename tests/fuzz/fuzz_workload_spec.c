/* fuzz_workload_spec.c - workload specifications on the command line
 * (dse_workload_get: lstm, gemm:N,K[,ROWS], mlp:W0,W1,...); file paths are
 * left to fuzz_workload.  Refused with one line, or a usable workload. */
#include <math.h>

#include "dse_model.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dse_error err = { 0, "" };
	struct dse_workload *wl = NULL;
	char *spec = fuzz_text(data, size);

	if (spec == NULL)
		return 0;
	if (strchr(spec, '/') || strstr(spec, ".json")) { /* a file: not here */
		free(spec);
		return 0;
	}
	if (dse_workload_get(spec, &wl, &err) != DSE_OK) {
		FUZZ_ASSERT(err.status == DSE_EUSAGE || err.status == DSE_EINPUT ||
			    err.status == DSE_ENOMEM);
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
		free(spec);
		return 0;
	}
	FUZZ_ASSERT(wl->nstages > 0 && wl->n_max >= 1);
	FUZZ_ASSERT(isfinite(wl->macs_per_item) && wl->macs_per_item > 0);
	dse_workload_free(wl);
	free(spec);
	return 0;
}
