/* capacity.c - the tail capacity of a design under an SLO (section 13). */
#include <math.h>
#include <string.h>

#include "serve_impl.h"

/* Rate of grid point i: C (1 - step)^i. */
static double grid_rps(const struct dse_serve_server *srv, long i)
{
	return srv->capacity_rps * pow(1.0 - DSE_SERVE_CAPACITY_STEP, (double)i);
}

/* One search step: does the P-th percentile meet L at grid point i? */
static int meets(const struct dse_serve_server *srv,
		 const struct dse_serve_config *base, long i,
		 struct dse_serve_capacity *out, struct dse_serve_stats *st,
		 int *ok, struct dse_error *err)
{
	struct dse_serve_config cfg = *base;
	int rc;

	cfg.rate_rps = grid_rps(srv, i);
	cfg.early_stop = 1;
	cfg.cdf = 0;
	cfg.on_request = NULL;
	rc = dse_serve_run(srv, &cfg, st, err);
	if (rc != DSE_OK)
		return rc;
	out->steps++;
	out->simulated += st->requests + st->warmup;
	*ok = st->meets_slo;
	return DSE_OK;
}

/* Bisection on the grid index between a failing and a passing point. */
int dse_serve_capacity(const struct dse_serve_server *srv,
		       const struct dse_serve_config *cfg, double floor_rps,
		       struct dse_serve_capacity *out, struct dse_error *err)
{
	const long last = (long)ceil(log(DSE_SERVE_CAPACITY_FLOOR) /
				     log(1.0 - DSE_SERVE_CAPACITY_STEP));
	struct dse_serve_stats st;
	long fail = 0, pass = last + 1; /* C itself fails; last + 1 is rate 0 */
	long step;
	int ok, rc;

	memset(out, 0, sizeof *out);
	out->capacity_rps = srv->capacity_rps;
	out->above_floor = 1;
	if (!(cfg->slo_us > 0))
		return dse_error_set(err, DSE_EINPUT,
				     "tail capacity: needs a latency SLO");
	if (cfg->slo_us < srv->service_us[0])
		return dse_error_set(err, DSE_EINFEASIBLE,
				     "SLO %g us is below the service time of a single request, S(1) = %.4g us",
				     cfg->slo_us, srv->service_us[0]);
	if (floor_rps > 0) {
		/* the grid's lowest rate above floor_rps */
		long i = (long)floor(log(floor_rps / srv->capacity_rps) /
				     log(1.0 - DSE_SERVE_CAPACITY_STEP));

		while (i >= 1 && grid_rps(srv, i) <= floor_rps)
			i--;
		if (i < 1) {
			out->above_floor = 0;
			return DSE_OK;
		}
		if (i < pass) {
			rc = meets(srv, cfg, i, out, &st, &ok, err);
			if (rc != DSE_OK)
				return rc;
			if (!ok) {
				out->above_floor = 0;
				return DSE_OK;
			}
			pass = i;
			out->at = st;
		}
	}
	/* gallop down from C (most designs meet a generous SLO close to C and
	   failing steps stop early), then bisect the bracket */
	for (step = 1; fail + step < pass; step *= 2) {
		rc = meets(srv, cfg, fail + step, out, &st, &ok, err);
		if (rc != DSE_OK)
			return rc;
		if (ok) {
			pass = fail + step;
			out->at = st;
			break;
		}
		fail += step;
	}
	while (pass - fail > 1) {
		long mid = fail + (pass - fail) / 2;

		rc = meets(srv, cfg, mid, out, &st, &ok, err);
		if (rc != DSE_OK)
			return rc;
		if (ok) {
			pass = mid;
			out->at = st;
		} else {
			fail = mid;
		}
	}
	if (pass <= last) {
		out->tail_capacity_rps = grid_rps(srv, pass);
		out->tail_load = out->tail_capacity_rps / srv->capacity_rps;
		out->tail_capacity_tops = out->tail_capacity_rps *
					  srv->ops_per_item * 1e-12;
	}
	return DSE_OK;
}
