/*
 * fig_train_slo.c - training for free under each latency SLO (dse explore
 * --slo-us LIST --train; SERVING.md 15): per format, the training
 * throughput the tail pass's winner reaches in its idle cycles, as a share
 * of the same design's dedicated training throughput, against the SLO; one
 * colour per format, one dash per load (a share of the winner's tail
 * capacity).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot_impl.h"

/* The dashes of the loads (shares of the tail capacity). */
static const char *const dashes[DSE_TAIL_TRAIN_LOADS] = { "1", "2", "3" };

/* The fraction of format k at SLO i and load j (NaN: none). */
static double fraction(const struct plot_input *in, size_t i, size_t k,
		       size_t j)
{
	return in->tail_train_fraction[(i * in->nformats + k) *
				       DSE_TAIL_TRAIN_LOADS + j];
}

/* Whether format k trained at some SLO. */
static int format_trained(const struct plot_input *in, size_t k)
{
	size_t i;

	for (i = 0; i < in->ntail; i++)
		if (!isnan(fraction(in, i, k, 0)))
			return 1;
	return 0;
}

/* Per format, per load: the SLO and the share of dedicated training. */
int plot_train_slo_data(FILE *f, const struct plot_input *in,
			const struct plot_page *page)
{
	size_t k, j, i, n, L = DSE_TAIL_TRAIN_LOADS;

	(void)page;
	plot_data_head(f, "train-slo",
		       "3k + j: format k at load j (a share of its tail winner's capacity)",
		       "slo_us train_percent_of_dedicated");
	for (k = 0; k < in->nformats; k++)
		for (j = 0; j < L; j++) {
			fprintf(f, "# index %zu: ", L * k + j);
			plot_gp_comment(f, in->format[k]);
			fprintf(f, " at %g %% of its tail capacity\n",
				100 * in->tail_train_share[j]);
			for (i = 0, n = 0; i < in->ntail; i++)
				if (!isnan(fraction(in, i, k, j))) {
					fprintf(f, "%g %.6g\n", in->tail_slo_us[i],
						100 * fraction(in, i, k, j));
					n++;
				}
			plot_end_block(f, n, 2);
		}
	return plot_status(f);
}

/* A log SLO axis, a linear percent axis; the key below. */
int plot_train_slo_script(FILE *f, const struct plot_figure *fig,
			  const struct plot_input *in,
			  const struct plot_page *page)
{
	struct plot_range y = { 0, 100 };
	struct plot_single one;
	char name[64], head[400];
	size_t k, j, drawn = 0, longest = strlen("at 75 % of tail capacity");
	int first = 1;

	memset(&one, 0, sizeof one);
	one.no_guides = 1;
	one.y_linear = 1;
	for (k = 0; k < in->nformats; k++)
		if (format_trained(in, k)) {
			drawn++;
			if (plot_label_chars(in->format[k]) > longest)
				longest = plot_label_chars(in->format[k]);
		}
	plot_single_layout(page, in, plot_tail_xrange(in), y,
			   drawn + DSE_TAIL_TRAIN_LOADS, longest, 0, NULL, &one);
	plot_script_head(f, fig, page, one.height_in);
	plot_format_styles(f, in);
	fputs("set style line 90 lc rgb \"#444444\" lw 1.2  # key of the loads\n"
	      "\nset logscale x\nset ytics 20\nset mytics 2\n", f);
	snprintf(head, sizeof head,
		 "Training for free on the tail winner of each SLO (%s)",
		 in->tail_what);
	plot_single_write(f, page, in, head, "latency SLO L (µs)",
			  "training share (%)", &one);
	plot_loop_begin(f);
	for (k = 0; k < in->nformats; k++)
		for (j = 0; j < DSE_TAIL_TRAIN_LOADS && format_trained(in, k); j++) {
			plot_clause(f, &first);
			fprintf(f, "'plot-train-slo.dat' index %zu using 1:2 with linespoints ls %zu dt %s notitle",
				DSE_TAIL_TRAIN_LOADS * k + j, k + 1, dashes[j]);
		}
	for (k = 0; k < in->nformats; k++) { /* the key: a colour per format */
		if (!format_trained(in, k))
			continue;
		plot_clause(f, &first);
		fprintf(f, "NaN with linespoints ls %zu dt 1 title ", k + 1);
		plot_gp_string(f, plot_label(in->format[k], name, sizeof name));
	}
	for (j = 0; j < DSE_TAIL_TRAIN_LOADS; j++) { /* a dash per load */
		plot_clause(f, &first);
		fprintf(f, "NaN with lines ls 90 dt %s title ", dashes[j]);
		plot_gp_stringf(f, "at %g %% of tail capacity",
				100 * in->tail_train_share[j]);
	}
	fputc('\n', f);
	plot_loop_end(f);
	return plot_status(f);
}
