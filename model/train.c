/* train.c - the training step of a workload on one group (SERVING.md 14). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dse_model.h"

/* fp32 master weight and momentum, each read and written once: bytes. */
#define MASTER_BYTES_PER_WEIGHT 16.0
/* SGD with momentum on the master copy: operations per weight (14). */
#define UPDATE_OPS_PER_WEIGHT 4.0
/* Weights of one piece of the update: an element-wise pass over the
   weights divides freely, and a single update chunk would never fit the
   slack a tail-latency SLO leaves (a) */
#define UPDATE_PIECE_WEIGHTS 1048576.0

/* Release the chunks of s and zero it; NULL is a no-op. */
void dse_train_step_free(struct dse_train_step *s)
{
	if (s == NULL)
		return;
	free(s->chunk);
	memset(s, 0, sizeof *s);
}

/* The step being built: its chunks and the SRAM's share of each traffic. */
struct builder {
	const struct dse_model *model;
	const struct dse_workload *wl;
	const struct dse_design *d;
	const struct dse_result *r;
	double b;             /* b_t */
	double bits;          /* storage bits of a weight or activation */
	double weights_dram;  /* share of the weights read from DRAM */
	double stash_dram;    /* share of the stashed activations */
	struct dse_train_step *out;
	size_t cap;
};

/* A training chunk: its kind's name and the stage it comes from. */
static struct dse_train_chunk *add_chunk(struct builder *bd,
					 enum dse_train_kind kind,
					 const struct dse_stage *st,
					 struct dse_error *err)
{
	static const char *const names[] = { "fwd", "dgrad", "wgrad", "eltwise",
					     "update" };
	struct dse_train_step *s = bd->out;
	struct dse_train_chunk *c;

	if (s->nchunks == bd->cap) {
		size_t ncap = bd->cap ? 2 * bd->cap : 64;
		struct dse_train_chunk *nc = realloc(s->chunk, ncap * sizeof *nc);

		if (nc == NULL) {
			dse_error_set(err, DSE_ENOMEM, "training step: out of memory");
			return NULL;
		}
		s->chunk = nc;
		bd->cap = ncap;
	}
	c = &s->chunk[s->nchunks++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	snprintf(c->name, sizeof c->name, "%s %s", names[kind], st->name);
	return c;
}

/* The cost of stage st at batch b as chunk c, with dram_bits to move. */
static int cost(struct builder *bd, struct dse_train_chunk *c,
		const struct dse_stage *st, double b, double dram_bits,
		struct dse_error *err)
{
	const struct dse_tech *t = bd->model->tech;
	struct dse_batch_cost bc;
	int rc = dse_model_stage_cost(bd->model, bd->d, bd->r, st, b, &bc, err);

	if (rc != DSE_OK)
		return rc;
	c->m = st->kind == DSE_STAGE_GEMM ? (st->weights ? b * st->m : st->m) : 0;
	c->n = st->n;
	c->k = st->k;
	c->copies = st->kind == DSE_STAGE_GEMM ?
			    (st->weights ? st->count : b * st->count) : 0;
	c->macs = bc.macs;
	c->cycles = bc.cycles;
	c->compute_us = bc.latency_us;
	c->dram_bits = dram_bits;
	c->time_us = dse_roofline_us(t, bc.cycles, bd->r->freq_ghz, dram_bits,
				     bd->r->groups, DSE_BOUND_COMPUTE, &c->bound);
	c->dram_us = dram_bits > 0 ? c->time_us : 0;
	c->energy_uj = bc.energy_uj;
	c->dram_energy_uj = dse_dram_energy_uj(t, dram_bits);
	return DSE_OK;
}

/* Weight elements of a GEMM stage (its B), per layer copy. */
static double stage_weights(const struct dse_stage *st)
{
	return st->kind == DSE_STAGE_GEMM && st->weights ?
		       st->count * st->n * st->k : 0.0;
}

/* Activation elements a GEMM stage stashes for its weight gradient (its A). */
static double stage_stash(const struct dse_stage *st, double b)
{
	if (st->kind != DSE_STAGE_GEMM)
		return 0.0;
	return st->weights ? st->count * b * st->m * st->k :
			     b * st->count * st->m * st->k;
}

/*
 * The forward pass: every stage of every layer copy of every repeat, in
 * order.  Weights come from DRAM once per step (the first repeat), the
 * activations of each GEMM are stashed for its weight gradient.
 */
static int forward(struct builder *bd, struct dse_error *err)
{
	const struct dse_workload *wl = bd->wl;
	double rep, layer;
	size_t i;
	int rc = DSE_OK;

	for (rep = 0; rc == DSE_OK && rep < wl->repeat; rep++)
		for (layer = 0; rc == DSE_OK && layer < wl->layers; layer++)
			for (i = 0; rc == DSE_OK && i < wl->nstages; i++) {
				const struct dse_stage *st = &wl->stages[i];
				struct dse_train_chunk *c = add_chunk(
					bd, st->kind == DSE_STAGE_GEMM ?
						    DSE_TRAIN_FORWARD : DSE_TRAIN_ELTWISE,
					st, err);
				double dram = bd->stash_dram * stage_stash(st, bd->b) * bd->bits;

				if (c == NULL)
					return DSE_ENOMEM;
				if (rep == 0)
					dram += bd->weights_dram * stage_weights(st) * bd->bits;
				rc = cost(bd, c, st, bd->b, dram, err);
			}
	return rc;
}

/*
 * The backward pass, stages in reverse: a GEMM O = A B (M x K by K x N)
 * becomes dA = dO B^T (M x N by N x K) and dB = A^T dO (K x M by M x N);
 * an element-wise stage costs twice its operations.  The weights are read
 * from DRAM again once per step, each stash once.
 */
static int backward(struct builder *bd, struct dse_error *err)
{
	const struct dse_workload *wl = bd->wl;
	double rep, layer;
	size_t i;
	int rc = DSE_OK;

	for (rep = wl->repeat; rc == DSE_OK && rep-- > 0;)
		for (layer = wl->layers; rc == DSE_OK && layer-- > 0;)
			for (i = wl->nstages; rc == DSE_OK && i-- > 0;) {
				const struct dse_stage *st = &wl->stages[i];
				struct dse_stage dg = *st, wg = *st;
				struct dse_train_chunk *c;

				if (st->kind != DSE_STAGE_GEMM) {
					dg.ops_per_item = 2 * st->ops_per_item;
					c = add_chunk(bd, DSE_TRAIN_ELTWISE, st, err);
					rc = c ? cost(bd, c, &dg, bd->b, 0, err) : DSE_ENOMEM;
					continue;
				}
				/* dA: rows as A's, N and K exchanged */
				dg.n = st->k;
				dg.k = st->n;
				c = add_chunk(bd, DSE_TRAIN_DGRAD, st, err);
				if (c == NULL)
					return DSE_ENOMEM;
				rc = cost(bd, c, &dg, bd->b,
					  rep + 1 == wl->repeat ?
						  bd->weights_dram * stage_weights(st) * bd->bits : 0,
					  err);
				if (rc != DSE_OK)
					break;
				/* dB: K rows, reduction over A's rows; with static
				   weights its rows do not grow with the batch */
				wg.m = st->k;
				wg.n = st->n;
				wg.k = st->weights ? bd->b * st->m : st->m;
				c = add_chunk(bd, DSE_TRAIN_WGRAD, st, err);
				if (c == NULL)
					return DSE_ENOMEM;
				rc = cost(bd, c, &wg, st->weights ? 1 : bd->b,
					  bd->stash_dram * stage_stash(st, bd->b) * bd->bits,
					  err);
			}
	return rc;
}

/*
 * The weight update closes the step: 4 operations per weight on the vector
 * unit; the fp32 master weights and momentum read and written (16 bytes
 * per weight), and the new weights written at storage bits where the SRAM
 * does not hold them (the next step reads them); in pieces of at most
 * UPDATE_PIECE_WEIGHTS weights, each a chunk.
 */
static int update(struct builder *bd, struct dse_error *err)
{
	const double total = bd->out->weights;
	const double pieces = ceil(total / UPDATE_PIECE_WEIGHTS);
	struct dse_stage up;
	double p;
	int rc = DSE_OK;

	memset(&up, 0, sizeof up);
	up.kind = DSE_STAGE_ELTWISE;
	for (p = 0; rc == DSE_OK && p < pieces; p++) {
		/* near-equal pieces: the first ones take the remainder */
		double w = floor(total / pieces) + (p < fmod(total, pieces) ? 1 : 0);
		struct dse_train_chunk *c;

		snprintf(up.name, sizeof up.name, "weights %.0f/%.0f", p + 1, pieces);
		c = add_chunk(bd, DSE_TRAIN_UPDATE, &up, err);
		if (c == NULL)
			return DSE_ENOMEM;
		up.ops_per_item = UPDATE_OPS_PER_WEIGHT * w;
		rc = cost(bd, c, &up, 1, w * (8 * MASTER_BYTES_PER_WEIGHT +
					      bd->weights_dram * bd->bits), err);
	}
	return rc;
}

/* Where the left-over SRAM goes: the trained weights first, then the stash. */
static void placement(struct builder *bd, double stash_elems)
{
	const struct dse_model *m = bd->model;
	const struct dse_train_step *s = bd->out;
	const double served = bd->r->weight_onchip_bits;
	double left = m->sram_bits - served, wbits = s->weights * bd->bits;
	/* every group's stash: each trains its own batch */
	double sbits = bd->r->groups * stash_elems * bd->bits;

	if (left < 0)
		left = 0;
	bd->weights_dram = wbits > 0 ? (wbits <= left ? 0 : 1 - left / wbits) : 0;
	left -= wbits < left ? wbits : left;
	bd->stash_dram = sbits > 0 ? (sbits <= left ? 0 : 1 - left / sbits) : 0;
}

/* Forward, backward and update of train_wl (or the served one) on d. */
int dse_model_train(const struct dse_model *model,
		    const struct dse_workload *train_wl,
		    const struct dse_design *d, const struct dse_result *r,
		    double batch, struct dse_train_step *out,
		    struct dse_error *err)
{
	const struct dse_workload *wl = train_wl ? train_wl : model->wl;
	const struct dse_tech *t = model->tech;
	struct builder bd;
	double stash = 0, need_bits;
	size_t i, c;
	int rc;

	memset(out, 0, sizeof *out);
	if (d->format->no_training)
		return dse_error_set(err, DSE_EINPUT,
				     "format %s cannot train: %s", d->format->name,
				     d->format->no_training);
	if (r->groups < 1)
		return dse_error_set(err, DSE_EINFEASIBLE,
				     "design: no group of arrays is built, no training step");
	if (t->dram_bandwidth_gbps <= 0)
		return dse_error_set(err, DSE_EINPUT,
				     "technology %s: no DRAM tier (dram_* keys): training keeps its fp32 master weights there (SERVING.md 14)",
				     t->name);
	memset(&bd, 0, sizeof bd);
	bd.model = model;
	bd.wl = wl;
	bd.d = d;
	bd.r = r;
	bd.b = batch > 0 ? batch : r->batch;
	bd.bits = d->format->storage_bits;
	bd.out = out;
	snprintf(out->workload, sizeof out->workload, "%s", wl->name);
	out->items = bd.b;
	out->weights = wl->weights;
	for (i = 0; i < wl->nstages; i++)
		stash += stage_stash(&wl->stages[i], bd.b);
	stash *= wl->layers * wl->repeat;
	/* DRAM holds the weights at storage bits, the fp32 master and momentum */
	need_bits = wl->weights * (bd.bits + 2 * 32);
	if (need_bits > model->dram_bits_max)
		return dse_error_set(err, DSE_EINFEASIBLE,
				     "training workload %s: %.0f weights at %g bits plus fp32 master and momentum (%.4g GB) exceed the DRAM's %g GB",
				     wl->name, wl->weights, bd.bits,
				     need_bits / 8e9, t->dram_capacity_gb);
	placement(&bd, stash);
	out->stash_bits = stash * bd.bits;
	out->weights_dram_share = bd.weights_dram;
	out->stash_dram_share = bd.stash_dram;
	rc = forward(&bd, err);
	if (rc == DSE_OK)
		rc = backward(&bd, err);
	if (rc == DSE_OK)
		rc = update(&bd, err);
	if (rc != DSE_OK) {
		dse_train_step_free(out);
		return rc;
	}
	for (c = 0; c < out->nchunks; c++) {
		const struct dse_train_chunk *ch = &out->chunk[c];

		out->macs += ch->macs;
		out->time_us += ch->time_us;
		out->compute_us += ch->compute_us;
		out->dram_bits += ch->dram_bits;
		out->energy_uj += ch->energy_uj;
		out->dram_energy_uj += ch->dram_energy_uj;
		if (ch->kind == DSE_TRAIN_FORWARD)
			out->forward_macs += ch->macs;
	}
	out->macs_per_item = out->macs / bd.b;
	/* dedicated: every group training all the time */
	out->items_per_s = r->groups * bd.b / (out->time_us * 1e-6);
	out->tops = out->items_per_s * 2 * out->macs_per_item * 1e-12;
	out->energy_per_item_uj = (out->energy_uj + (r->peak_pe_leak_w +
						    r->sram_leak_w +
						    r->fixed_power_w) /
						   r->groups * out->time_us) /
				  bd.b;
	out->dram_energy_per_item_uj = out->dram_energy_uj / bd.b;
	out->dram_power_w = r->groups * out->dram_energy_uj / out->time_us;
	return DSE_OK;
}
