/* fuzz_trace.c - arrival traces (--arrivals trace:FILE): refused with one
 * line, or a trace of finite, non-decreasing times >= 0 that the simulator
 * serves, every latency at least S(1), on two servers of batch 2 under
 * each batching policy. */
#include <math.h>

#include "dse_serve.h"
#include "fuzz.h"

/* Most requests of one fuzzed run: the input, not the run, is under test. */
#define RUN_MAX 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const policies[] = { "greedy", "timeout:3", "deadline" };
	static const double s[2] = { 2.0, 3.0 };
	const char *path = fuzz_file(data, size);
	char spec[4200];
	struct dse_error err = { 0, "" };
	struct dse_serve_arrivals a;
	struct dse_serve_server srv;
	size_t i;

	if (path == NULL)
		return 0;
	snprintf(spec, sizeof spec, "trace:%s", path);
	if (dse_serve_arrivals_parse(spec, &a, &err) != DSE_OK) {
		FUZZ_ASSERT(err.status == DSE_EINPUT || err.status == DSE_ENOMEM);
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
		return 0;
	}
	FUZZ_ASSERT(a.ntrace >= 2);
	FUZZ_ASSERT(isfinite(a.trace_rate_rps) && a.trace_rate_rps > 0);
	for (i = 0; i < a.ntrace; i++) {
		FUZZ_ASSERT(isfinite(a.trace_us[i]) && a.trace_us[i] >= 0);
		FUZZ_ASSERT(i == 0 || a.trace_us[i] >= a.trace_us[i - 1]);
	}
	FUZZ_ASSERT(dse_serve_server_init(&srv, 2, 2, s, NULL, 1, &err) == DSE_OK);
	for (i = 0; i < sizeof policies / sizeof policies[0]; i++) {
		struct dse_serve_policy pol;
		struct dse_serve_config c;
		struct dse_serve_stats st;

		FUZZ_ASSERT(dse_serve_policy_parse(policies[i], &pol, &err) == DSE_OK);
		memset(&c, 0, sizeof c);
		c.arrivals = &a;
		c.policy = &pol;
		c.slo_us = 10;
		c.percentile = 99;
		c.requests = a.ntrace < RUN_MAX ? 0 : RUN_MAX;
		c.warmup = 0;
		FUZZ_ASSERT(dse_serve_run(&srv, &c, &st, &err) == DSE_OK);
		FUZZ_ASSERT(st.requests >= 1);
		/* finish - arrival rounds, (0.3 + 2) - 0.3 < 2, by an ulp of
		   the clock at most */
		FUZZ_ASSERT(st.latency_p50_us >=
			    2.0 - 1e-15 * (a.trace_us[a.ntrace - 1] + 10));
		FUZZ_ASSERT(st.latency_max_us >= st.latency_p99_us);
		FUZZ_ASSERT(isfinite(st.latency_mean_us));
		FUZZ_ASSERT(st.batch_fill > 0 && st.batch_fill <= 1);
	}
	dse_serve_server_free(&srv);
	dse_serve_arrivals_free(&a);
	return 0;
}
