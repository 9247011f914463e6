/* fuzz_range.c - range strings (dse_range_parse).  The first byte picks
 * the limits and whether values must be whole; the rest is the text.  A
 * range is refused with one line, or sorted, distinct, within its limits
 * and at most DSE_RANGE_MAX values. */
#include <math.h>

#include "dse_explore.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double lims[][2] = { { 1, 65536 }, { 1e-3, 100 },
					   { -1e9, 1e9 }, { 0, 1 } };
	struct dse_error err = { 0, "" };
	struct dse_range r;
	double lo, hi;
	int whole;
	char *text;
	size_t i;

	if (size == 0)
		return 0;
	lo = lims[data[0] % 4][0];
	hi = lims[data[0] % 4][1];
	whole = (data[0] >> 2) & 1;
	text = fuzz_text(data + 1, size - 1);
	if (text == NULL)
		return 0;
	if (dse_range_parse(text, "range", lo, hi, whole, &r, &err) != DSE_OK) {
		FUZZ_ASSERT(err.status == DSE_EUSAGE || err.status == DSE_ENOMEM);
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
		FUZZ_ASSERT(r.n == 0 && r.v == NULL);
		free(text);
		return 0;
	}
	FUZZ_ASSERT(r.n >= 1 && r.n <= DSE_RANGE_MAX);
	for (i = 0; i < r.n; i++) {
		FUZZ_ASSERT(isfinite(r.v[i]) && r.v[i] >= lo && r.v[i] <= hi);
		FUZZ_ASSERT(!whole || r.v[i] == floor(r.v[i]));
		FUZZ_ASSERT(i == 0 || r.v[i] > r.v[i - 1]);
	}
	dse_range_free(&r);
	free(text);
	return 0;
}
