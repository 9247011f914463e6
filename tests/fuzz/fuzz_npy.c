/*
 * fuzz_npy.c - libFuzzer harness of the .npy reader: every input is a
 * file image handed to dse_numerics_npy_parse.  A refused input must come
 * back as DSE_EINPUT with one line naming the file; an accepted one must
 * have the shape it claims and finite values.
 *
 * clang -g -O1 -fsanitize=fuzzer,address,undefined -Ibase -Imodel \
 *   -Inumerics tests/fuzz/fuzz_npy.c numerics/npy.c base/error.c -lm
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dse_numerics.h"

/* One input: parse it and check what came back. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dse_tensor *t = NULL;
	struct dse_error err = { 0, "" };
	size_t i;
	int rc = dse_numerics_npy_parse(data, size, "fuzz.npy", &t, &err);

	if (rc != DSE_OK) {
		if (rc != DSE_EINPUT || strncmp(err.msg, "fuzz.npy: ", 10) != 0 ||
		    strchr(err.msg, '\n') != NULL)
			abort();
		return 0;
	}
	if (t->rows == 0 || t->cols == 0 || (t->ndim != 1 && t->ndim != 2) ||
	    (t->ndim == 1 && t->rows != 1))
		abort();
	for (i = 0; i < t->rows * t->cols; i++)
		if (!isfinite(t->data[i]))
			abort();
	dse_numerics_tensor_free(t);
	return 0;
}
