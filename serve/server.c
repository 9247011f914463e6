/* server.c - a design's service times and energies as a server (section 11). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dse_serve.h"

/* Release the tables of s and zero it; NULL is a no-op. */
void dse_serve_server_free(struct dse_serve_server *s)
{
	if (s == NULL)
		return;
	free(s->service_us);
	free(s->energy_uj);
	memset(s, 0, sizeof *s);
}

/* Allocate the tables of a server of `batch` entries. */
static int alloc_tables(struct dse_serve_server *s, unsigned batch,
			struct dse_error *err)
{
	memset(s, 0, sizeof *s);
	s->service_us = calloc(batch, sizeof *s->service_us);
	s->energy_uj = calloc(batch, sizeof *s->energy_uj);
	if (s->service_us == NULL || s->energy_uj == NULL) {
		dse_serve_server_free(s);
		return dse_error_set(err, DSE_ENOMEM, "server: out of memory");
	}
	s->batch = batch;
	return DSE_OK;
}

/* DSE_EINPUT unless groups and batch are within the server limits. */
static int check_shape(double groups, double batch, struct dse_error *err)
{
	if (!(groups >= 1 && groups <= DSE_SERVE_GROUPS_MAX))
		return dse_error_set(err, DSE_EINPUT,
				     "server: %g groups, not in 1..%u", groups,
				     DSE_SERVE_GROUPS_MAX);
	if (!(batch >= 1 && batch <= DSE_SERVE_BATCH_MAX))
		return dse_error_set(err, DSE_EINPUT,
				     "server: batch of %g items, not in 1..%u",
				     batch, DSE_SERVE_BATCH_MAX);
	return DSE_OK;
}

/* C = G b / S(b), items per second. */
static void set_capacity(struct dse_serve_server *s)
{
	s->capacity_rps = s->groups * (double)s->batch /
			  (s->service_us[s->batch - 1] * 1e-6);
}

/* A server from a table of S(k) (and optionally energies), checked. */
int dse_serve_server_init(struct dse_serve_server *s, unsigned groups,
			  unsigned batch, const double *service_us,
			  const double *energy_uj, double ops_per_item,
			  struct dse_error *err)
{
	unsigned k;
	int rc = check_shape(groups, batch, err);

	if (rc != DSE_OK)
		return rc;
	if (!(isfinite(ops_per_item) && ops_per_item >= 0))
		return dse_error_set(err, DSE_EINPUT,
				     "server: ops per item %g is not finite and >= 0",
				     ops_per_item);
	for (k = 0; k < batch; k++) {
		if (!(isfinite(service_us[k]) && service_us[k] > 0))
			return dse_error_set(err, DSE_EINPUT,
					     "server: S(%u) = %g us is not positive and finite",
					     k + 1, service_us[k]);
		if (k > 0 && service_us[k] < service_us[k - 1])
			return dse_error_set(err, DSE_EINPUT,
					     "server: S(%u) = %g us is below S(%u) = %g us",
					     k + 1, service_us[k], k, service_us[k - 1]);
		if (energy_uj && !(isfinite(energy_uj[k]) && energy_uj[k] >= 0))
			return dse_error_set(err, DSE_EINPUT,
					     "server: energy of a batch of %u = %g uJ is not finite and >= 0",
					     k + 1, energy_uj[k]);
	}
	if ((rc = alloc_tables(s, batch, err)) != DSE_OK)
		return rc;
	s->groups = groups;
	memcpy(s->service_us, service_us, batch * sizeof *service_us);
	if (energy_uj)
		memcpy(s->energy_uj, energy_uj, batch * sizeof *energy_uj);
	s->ops_per_item = ops_per_item;
	set_capacity(s);
	return DSE_OK;
}

/* S(k) and the batch energy for k = 1..b from the model, plus static power. */
int dse_serve_server_from_design(const struct dse_model *model,
				 const struct dse_point *p,
				 struct dse_serve_server *out,
				 struct dse_error *err)
{
	const struct dse_result *r = &p->result;
	const struct dse_tech *t = model->tech;
	struct dse_batch_cost c;
	unsigned k;
	int rc;

	memset(out, 0, sizeof *out);
	if (r->verdict != DSE_FEASIBLE)
		return dse_error_set(err, DSE_EINFEASIBLE,
				     "design: infeasible (%s), it cannot serve",
				     dse_verdict_name(r->verdict));
	if ((rc = check_shape(r->groups, r->batch, err)) != DSE_OK)
		return rc;
	if ((rc = alloc_tables(out, (unsigned)r->batch, err)) != DSE_OK)
		return rc;
	out->groups = (unsigned)r->groups;
	for (k = 1; k <= out->batch; k++) {
		rc = dse_model_batch(model, &p->design, r, k, &c, err);
		if (rc != DSE_OK) {
			dse_serve_server_free(out);
			return rc;
		}
		out->service_us[k - 1] = c.latency_us;
		out->energy_uj[k - 1] = c.energy_uj;
	}
	out->static_power_w = r->peak_pe_leak_w + r->sram_leak_w +
			      r->fixed_power_w;
	/* a group without a batch: its PEs idle (clock-gated) every cycle */
	out->idle_group_w = r->pes / r->groups * t->pe_idle_fraction *
			    r->pe_energy_pj * r->freq_ghz * DSE_PJ_GHZ_TO_W;
	out->ops_per_item = r->items > 0 ? 2.0 * r->macs / r->items : 0.0;
	set_capacity(out);
	return DSE_OK;
}

/* Chunk durations and energies of a training step, for the dispatcher. */
int dse_serve_training_from_step(const struct dse_train_step *step,
				 struct dse_serve_training *out,
				 struct dse_error *err)
{
	double *us, *uj;
	size_t i;

	memset(out, 0, sizeof *out);
	if (step->nchunks == 0 || step->items <= 0)
		return dse_error_set(err, DSE_EINPUT, "training step: no chunk");
	us = calloc(step->nchunks, sizeof *us);
	uj = calloc(step->nchunks, sizeof *uj);
	if (us == NULL || uj == NULL) {
		free(us);
		free(uj);
		return dse_error_set(err, DSE_ENOMEM, "training step: out of memory");
	}
	for (i = 0; i < step->nchunks; i++) {
		us[i] = step->chunk[i].time_us;
		uj[i] = step->chunk[i].energy_uj + step->chunk[i].dram_energy_uj;
	}
	out->nchunks = (unsigned)step->nchunks;
	out->chunk_us = us;
	out->chunk_energy_uj = uj;
	out->items_per_step = step->items;
	out->ops_per_item = 2 * step->macs_per_item;
	return DSE_OK;
}

/* Free the tables of dse_serve_training_from_step and zero t. */
void dse_serve_training_free(struct dse_serve_training *t)
{
	if (t == NULL)
		return;
	free((void *)t->chunk_us);
	free((void *)t->chunk_energy_uj);
	memset(t, 0, sizeof *t);
}
