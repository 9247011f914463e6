/* train.c - a training step as text and JSON (dse eval --train). */
#include <math.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "dse_output.h"

/* Name of a chunk kind, for the stages table and JSON. */
static const char *kind_name(enum dse_train_kind k)
{
	static const char *const names[] = { "forward", "dgrad", "wgrad",
					     "eltwise", "update" };

	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* Add a number; non-finite as null. */
static int num(cJSON *o, const char *key, double v)
{
	return (isfinite(v) ? cJSON_AddNumberToObject(o, key, v) :
			      cJSON_AddNullToObject(o, key)) != NULL;
}

/* The step's figures as keys of obj (the design's point object). */
int dse_json_train(cJSON *obj, const struct dse_train_step *s)
{
	cJSON *a, *c;
	size_t i;
	int ok = cJSON_AddStringToObject(obj, "train_workload", s->workload) &&
		 num(obj, "train_batch", s->items) &&
		 num(obj, "train_step_us", s->time_us) &&
		 num(obj, "train_compute_us", s->compute_us) &&
		 num(obj, "train_macs_per_item", s->macs_per_item) &&
		 num(obj, "train_forward_macs_per_item", s->forward_macs / s->items) &&
		 num(obj, "train_dram_bytes", s->dram_bits / 8) &&
		 num(obj, "train_dram_energy_uj", s->dram_energy_uj) &&
		 num(obj, "train_stash_mb", s->stash_bits / DSE_BITS_PER_MB) &&
		 num(obj, "train_weights_dram_share", s->weights_dram_share) &&
		 num(obj, "train_stash_dram_share", s->stash_dram_share) &&
		 num(obj, "train_items_per_s", s->items_per_s) &&
		 num(obj, "train_tops", s->tops) &&
		 num(obj, "train_energy_per_item_uj", s->energy_per_item_uj) &&
		 num(obj, "train_dram_energy_per_item_uj", s->dram_energy_per_item_uj) &&
		 num(obj, "train_dram_power_w", s->dram_power_w) &&
		 (a = cJSON_AddArrayToObject(obj, "train_stages")) != NULL;

	for (i = 0; ok && i < s->nchunks; i++) {
		const struct dse_train_chunk *ch = &s->chunk[i];

		ok = (c = cJSON_CreateObject()) != NULL && cJSON_AddItemToArray(a, c) &&
		     cJSON_AddStringToObject(c, "name", ch->name) &&
		     cJSON_AddStringToObject(c, "kind", kind_name(ch->kind)) &&
		     num(c, "m", ch->m) && num(c, "n", ch->n) && num(c, "k", ch->k) &&
		     num(c, "copies", ch->copies) && num(c, "macs", ch->macs) &&
		     num(c, "cycles", ch->cycles) && num(c, "time_us", ch->time_us) &&
		     num(c, "dram_bytes", ch->dram_bits / 8) &&
		     cJSON_AddStringToObject(c, "bound", dse_bound_name(ch->bound));
	}
	return ok ? DSE_OK : DSE_ENOMEM;
}

/* The step as text: totals, then its chunks grouped by kind. */
int dse_text_train(FILE *f, const struct dse_train_step *s)
{
	double t[5] = { 0 }, d[5] = { 0 }, macs[5] = { 0 };
	size_t i, n[5] = { 0 }, dram[5] = { 0 };
	char buf[32];

	for (i = 0; i < s->nchunks; i++) {
		const struct dse_train_chunk *c = &s->chunk[i];

		t[c->kind] += c->time_us;
		d[c->kind] += c->dram_bits / 8;
		macs[c->kind] += c->macs;
		n[c->kind]++;
		dram[c->kind] += c->bound == DSE_BOUND_DRAM;
	}
	fprintf(f, "\nTraining step (SERVING.md 14): %s, %g items per group\n",
		s->workload, s->items);
	fprintf(f, "  %-10s %7s %12s %14s %12s %10s\n", "stages", "chunks",
		"time_us", "MACs", "DRAM_MB", "dram_bound");
	for (i = 0; i < 5; i++)
		if (n[i] > 0)
			fprintf(f, "  %-10s %7zu %12.4g %14.4g %12.4g %10zu\n",
				kind_name((enum dse_train_kind)i), n[i], t[i],
				macs[i], d[i] / 1048576.0, dram[i]);
	fprintf(f, "  step %.4g us (compute alone %.4g us); %.4g MACs per item = %.3g x the forward pass\n",
		s->time_us, s->compute_us, s->macs_per_item,
		s->macs / s->forward_macs);
	fprintf(f, "  DRAM %.4g MB per step per group (weights from DRAM %.0f %%, stash %.0f %% of %.4g MB), %.4g uJ\n",
		s->dram_bits / 8 / 1048576.0, 100 * s->weights_dram_share,
		100 * s->stash_dram_share, s->stash_bits / DSE_BITS_PER_MB,
		s->dram_energy_uj);
	fprintf(f, "  dedicated training: %s items/s, %.4g TOp/s, %.4g uJ per item on chip + %.4g uJ DRAM (DRAM %.3g W beside the chip)\n",
		dse_format_count(s->items_per_s, buf, sizeof buf), s->tops,
		s->energy_per_item_uj, s->dram_energy_per_item_uj,
		s->dram_power_w);
	return ferror(f) ? DSE_EIO : DSE_OK;
}
