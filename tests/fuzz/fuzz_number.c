/* fuzz_number.c - the command line's number parsers: dse_number_scan,
 * dse_number_parse, dse_uint_parse (behind --rows, --freq-ghz, ranges and
 * workload specs) and the study keys that take numbers (dse_study_set, as
 * a flag gives them).  What is accepted is plain decimal text whose value
 * is what strtod or strtoull reads. */
#include <errno.h>
#include <math.h>

#include "dse_explore.h"
#include "fuzz.h"

/* 1 when s[0, n) is [+-]digits[.digits][(e|E)[+-]digits] with a digit. */
static int decimal(const char *s, size_t n)
{
	size_t i = 0, d = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		d++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			d++;
	if (d == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;

		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			e++;
		if (e == 0)
			return 0;
	}
	return i == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "area_mm2", "power_w", "sram_mb",
					    "latency_max_us", "threads", "seed",
					    "sample", "bounds_us", "freq_ghz" };
	struct dse_error err = { 0, "" };
	struct dse_study st;
	unsigned long long u;
	const char *end;
	double v;
	size_t k;
	char *text = fuzz_text(data, size);

	if (text == NULL)
		return 0;
	if (dse_number_scan(text, &end, &v) == DSE_OK) {
		FUZZ_ASSERT(end > text && decimal(text, (size_t)(end - text)));
		FUZZ_ASSERT(isfinite(v));
	}
	if (dse_number_parse(text, &v) == DSE_OK) {
		FUZZ_ASSERT(decimal(text, strlen(text)));
		errno = 0;
		FUZZ_ASSERT(strtod(text, NULL) == v && errno == 0);
	}
	if (dse_uint_parse(text, ~0ull, &u) == DSE_OK) {
		FUZZ_ASSERT(strspn(text, "0123456789") == strlen(text));
		FUZZ_ASSERT(strtoull(text, NULL, 10) == u);
	}
	for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		dse_study_defaults(&st);
		if (dse_study_set(&st, keys[k], text, keys[k], &err) != DSE_OK) {
			FUZZ_ASSERT(err.status == DSE_EUSAGE || err.status == DSE_ENOMEM);
			FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
		}
	}
	free(text);
	return 0;
}
