/*
 * fuzz_workload.c - libFuzzer harness: any bytes as a JSON workload must
 * parse into a workload or fail with one line of DSE_EINPUT (or
 * DSE_ENOMEM), never crash, hang or leak.  Built like fuzz_topology.c:
 *   ./fuzz_workload tests/fuzz/corpus/workload
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dse_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse data as a JSON workload; a failure must carry a one-line message. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dse_workload *wl = NULL;
	struct dse_error err = { 0, "" };
	int rc = dse_workload_parse_json((const char *)data, size, "fuzz.json",
					 &wl, &err);

	if (rc == DSE_OK) {
		if (wl == NULL || wl->nstages == 0 || !(wl->n_max > 0))
			abort();
	} else if (wl != NULL || (rc != DSE_EINPUT && rc != DSE_ENOMEM) ||
		   err.msg[0] == '\0' || strchr(err.msg, '\n') != NULL) {
		abort();
	}
	dse_workload_free(wl);
	return 0;
}
