/* fuzz_tech.c - technology JSON files (dse_tech_load): any file is either
 * refused with a one-line message or gives parameters every model
 * function can use (finite, in range, a DVFS range dse accepts). */
#include <math.h>

#include "dse_model.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL;
	struct dse_opp opp;
	size_t i;

	if (path == NULL)
		return 0;
	if (dse_tech_load(path, NULL, &tech, &err) != DSE_OK) {
		FUZZ_ASSERT(err.status == DSE_EINPUT || err.status == DSE_EUSAGE ||
			    err.status == DSE_ENOMEM);
		FUZZ_ASSERT(strchr(err.msg, '\n') == NULL);
		return 0;
	}
	for (i = 0; i < dse_tech_nparams(); i++) {
		const char *key, *source;
		double v;

		dse_tech_param(tech, i, &key, &v, &source);
		FUZZ_ASSERT(isfinite(v) && v >= 0 && source && *source);
	}
	/* the whole DVFS range resolves to operating points */
	FUZZ_ASSERT(dse_tech_opp(tech, dse_tech_freq_ghz(tech, tech->v_min_v),
				 &opp, &err) == DSE_OK);
	FUZZ_ASSERT(dse_tech_opp(tech, dse_tech_freq_ghz(tech, tech->v_max_v),
				 &opp, &err) == DSE_OK);
	FUZZ_ASSERT(opp.voltage_v >= tech->v_min_v && opp.voltage_v <= tech->v_max_v);
	dse_tech_free(tech);
	return 0;
}
