/*
 * fuzz_topology.c - libFuzzer harness: any bytes as a SCALE-Sim topology
 * must parse into a workload or fail with one line of DSE_EINPUT, never
 * crash, hang or leak.  Build it by hand with every .c file of base/ and
 * model/:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Ibase -Imodel
 *     tests/fuzz/fuzz_topology.c base/(each).c model/(each).c
 *     -lgsl -lgslcblas -lcjson -lm -o fuzz_topology
 * and run it on its seeds: ./fuzz_topology tests/fuzz/corpus/topology.
 * Inputs that crashed it are kept in tests/fuzz/regress/topology and
 * replayed by the Check suite (tests/test_workload.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dse_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse data as a topology; a failure must carry a one-line message. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dse_workload *wl = NULL;
	struct dse_error err = { 0, "" };
	int rc = dse_workload_parse_topology((const char *)data, size,
					     "fuzz.csv", &wl, &err);

	if (rc == DSE_OK) {
		if (wl == NULL || wl->nstages == 0 || !(wl->macs_per_item > 0))
			abort();
	} else if (wl != NULL || rc != DSE_EINPUT || err.msg[0] == '\0' ||
		   strchr(err.msg, '\n') != NULL) {
		abort();
	}
	dse_workload_free(wl);
	return 0;
}
