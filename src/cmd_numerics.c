/*
 * cmd_numerics.c - dse numerics (what formats do to a GEMM) and dse
 * formats (every known format: bits, PE cost, SQNR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "config.h"
#include "dse_numerics.h"
#include "dse_output.h"

static const char numerics_usage[] =
	"usage: dse numerics [options]\n"
	"Quantize A (M x K) and B (K x N) along K to each format, multiply them as\n"
	"the format's datapath does (HBFP, MX: exact within a block, fp32 across\n"
	"blocks; fp32/fp16/bf16: fp32 accumulation; int8: exact) and compare with\n"
	"double precision on the unquantized inputs (NUMERICS.md sections 18-19).\n\n"
	"  --formats LIST         formats (see dse formats) [hbfp8,hbfp6_256,\n"
	"                         mxint8,mxfp8_e4m3,mxfp6_e2m3,mxfp4,bf16]\n"
	"  --dist D               gaussian, laplace, uniform or student-t:NU [gaussian]\n"
	"  --outliers F:S         a share F of the values at +-S standard\n"
	"                         deviations [none]\n"
	"  --npy A.npy,B.npy      real tensors instead: A is M x K (1-D: a row), B is\n"
	"                         K x N (1-D: a column); float32/float64, C order\n"
	"  --k K                  dot-product length [4096]\n"
	"  --m M                  rows of A [64]\n"
	"  --n N                  columns of B [64]\n"
	"  --rounding R           nearest (ties to even) or stochastic (HBFP, MX)\n"
	"                         [nearest]\n"
	"  --seed S               seed of the inputs and of stochastic rounding [1]\n"
	"  --json                 print a JSON array, one object per format\n"
	"  -o, --output DIR       also write DIR/numerics.json and numerics.csv, with\n"
	"                         SQNR against block size for the hbfp<m> and mx formats\n"
	"  -q, --quiet            accepted for symmetry: prints no notes\n"
	"  -h, --help             this help\n\n"
	"Columns: bits per element (the shared scale's share included); SQNR of the\n"
	"inputs (A and B) and of the output, dB; effective bits (output dB - 1.76)/6.02;\n"
	"mean and max |out - ref| over the RMS of the reference output.\n"
	"Exit: 0 success, 2 bad usage, 3 bad input file.\n";

enum { OPT_FORMATS = OPT_SETTING_END, OPT_DIST, OPT_OUTLIERS, OPT_NPY, OPT_K, OPT_M,
       OPT_N, OPT_ROUNDING, OPT_SEED, OPT_JSON };

static const struct option numerics_options[] = {
	{ "formats", required_argument, NULL, OPT_FORMATS },
	{ "dist", required_argument, NULL, OPT_DIST },
	{ "outliers", required_argument, NULL, OPT_OUTLIERS },
	{ "npy", required_argument, NULL, OPT_NPY },
	{ "k", required_argument, NULL, OPT_K },
	{ "m", required_argument, NULL, OPT_M },
	{ "n", required_argument, NULL, OPT_N },
	{ "rounding", required_argument, NULL, OPT_ROUNDING },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Block sizes of the SQNR-against-block-size series (numerics.json). */
static const unsigned sweep_blocks[] = { 8, 16, 32, 64, 128, 256, 576, 1024 };
#define NSWEEP (sizeof sweep_blocks / sizeof sweep_blocks[0])

struct numerics_args {
	const char *formats, *dist, *outliers, *npy, *rounding, *outdir;
	unsigned long k, m, n, seed;
	int shape_given; /* --k, --m, --n, --dist or --outliers given */
	int json;
};

/* Parse dse numerics' options: DSE_OK, 1 after --help, or a usage error. */
static int parse_numerics(int argc, char **argv, struct numerics_args *a,
			  struct dse_error *err)
{
	int opt, rc = DSE_OK;

	opterr = 0;
	while (rc == DSE_OK && (opt = getopt_long(argc, argv, "hqo:",
						  numerics_options, NULL)) != -1) {
		switch (opt) {
		case 'q': break; /* numerics prints no notes */
		case OPT_FORMATS: a->formats = optarg; break;
		case OPT_DIST: a->dist = optarg; a->shape_given = 1; break;
		case OPT_OUTLIERS: a->outliers = optarg; a->shape_given = 1; break;
		case OPT_NPY: a->npy = optarg; break;
		case OPT_ROUNDING: a->rounding = optarg; break;
		case OPT_K:
			rc = cli_uint("--k", optarg, 1, DSE_NUMERICS_SIDE_MAX, &a->k, err);
			a->shape_given = 1;
			break;
		case OPT_M:
			rc = cli_uint("--m", optarg, 1, DSE_NUMERICS_SIDE_MAX, &a->m, err);
			a->shape_given = 1;
			break;
		case OPT_N:
			rc = cli_uint("--n", optarg, 1, DSE_NUMERICS_SIDE_MAX, &a->n, err);
			a->shape_given = 1;
			break;
		case OPT_SEED:
			rc = cli_uint("--seed", optarg, 0, 4294967295ul, &a->seed, err);
			break;
		case OPT_JSON: a->json = 1; break;
		case 'o': a->outdir = optarg; break;
		case 'h':
			fputs(numerics_usage, stdout);
			return 1;
		default:
			return dse_error_set(err, DSE_EUSAGE,
					     "numerics: unknown option or missing argument '%s' (see dse numerics --help)",
					     argv[optind - 1]);
		}
	}
	if (rc == DSE_OK && optind < argc)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "numerics: unexpected argument '%s' (see dse numerics --help)",
				   argv[optind]);
	if (rc == DSE_OK && a->npy && a->shape_given)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "--npy: the files give the shape and the values; drop --k, --m, --n, --dist and --outliers");
	return rc;
}

/* The formats of a comma-separated list, canonical and each once. */
static int parse_formats(const char *list, struct dse_format **out, size_t *n,
			 struct dse_error *err)
{
	size_t cap = 1, i;
	const char *p;
	struct dse_format *f;

	for (p = list; *p; p++)
		cap += *p == ',';
	f = calloc(cap, sizeof *f);
	if (f == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	*n = 0;
	for (p = list;; p++) {
		size_t len = strcspn(p, ",");
		char name[64];

		snprintf(name, sizeof name, "%.*s", (int)len, p);
		if (len >= sizeof name ||
		    dse_format_parse(name, &f[*n], err) != DSE_OK) {
			free(f);
			if (len >= sizeof name)
				dse_error_set(err, DSE_EUSAGE,
					      "format '%.40s...': name too long", p);
			return cli_blame(DSE_EUSAGE, "--formats", err);
		}
		for (i = 0; i < *n && strcmp(f[i].name, f[*n].name) != 0; i++)
			;
		*n += i == *n;
		p += len;
		if (*p == '\0')
			break;
	}
	*out = f;
	return DSE_OK;
}

/* The two tensors of --npy A.npy,B.npy as a problem. */
static int npy_problem(const char *list, struct dse_gemm_problem **p,
		       struct dse_error *err)
{
	const char *comma = strchr(list, ',');
	struct dse_tensor *a = NULL, *b = NULL;
	char first[4096];
	int rc;

	if (comma == NULL || strchr(comma + 1, ',') != NULL ||
	    comma == list || comma[1] == '\0' ||
	    (size_t)(comma - list) >= sizeof first)
		return dse_error_set(err, DSE_EUSAGE,
				     "--npy: '%s' is not two files A.npy,B.npy", list);
	snprintf(first, sizeof first, "%.*s", (int)(comma - list), list);
	rc = dse_numerics_npy_read(first, &a, err);
	if (rc == DSE_OK)
		rc = dse_numerics_npy_read(comma + 1, &b, err);
	if (rc == DSE_OK)
		rc = dse_numerics_problem_new(a, b, p, err);
	dse_numerics_tensor_free(a);
	dse_numerics_tensor_free(b);
	return rc;
}

/* The problem of a's inputs: files, or a seeded distribution. */
static int make_problem(const struct numerics_args *a,
			struct dse_gemm_problem **p, char *what, size_t len,
			struct dse_error *err)
{
	struct dse_dist d;
	int rc;

	if (a->npy) {
		snprintf(what, len, "%s", a->npy);
		return npy_problem(a->npy, p, err);
	}
	rc = dse_numerics_dist_parse(a->dist, &d, err);
	if (rc == DSE_OK && a->outliers)
		rc = dse_numerics_outliers_parse(a->outliers, &d, err);
	if (rc != DSE_OK)
		return cli_blame(rc, a->outliers && strstr(err->msg, "outliers") ?
					     "--outliers" : "--dist", err);
	dse_numerics_dist_spec(&d, what, len);
	rc = dse_numerics_problem_synthetic(&d, a->m, a->n, a->k, a->seed, p, err);
	if (rc == DSE_EINPUT) /* the shape came from flags */
		rc = cli_blame(rc, "--m, --n, --k", err);
	return rc;
}

/* Every row of the --output block-size series for the block families. */
static int block_sweep(const struct dse_gemm_problem *p,
		       const struct dse_format *fmts, size_t nf,
		       const struct dse_quant_opts *q, struct dse_format **out,
		       struct dse_format_row **rows, char (**series)[48],
		       size_t *n, struct dse_error *err)
{
	size_t f, g, b, cap = nf * NSWEEP;
	int rc = DSE_OK;

	*n = 0;
	*out = calloc(cap ? cap : 1, sizeof **out);
	*rows = calloc(cap ? cap : 1, sizeof **rows);
	*series = calloc(cap ? cap : 1, sizeof **series);
	if (*out == NULL || *rows == NULL || *series == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (f = 0; rc == DSE_OK && f < nf; f++) {
		if (fmts[f].block == 0)
			continue;
		for (g = 0; g < f && strcmp(fmts[g].family, fmts[f].family); g++)
			;
		if (g < f) /* the family is swept once */
			continue;
		for (b = 0; rc == DSE_OK && b < NSWEEP; b++) {
			char name[64];

			snprintf(name, sizeof name, "%s_%u", fmts[f].family,
				 sweep_blocks[b]);
			rc = dse_format_parse(name, &(*out)[*n], err);
			if (rc == DSE_OK)
				rc = dse_numerics_gemm(p, &(*out)[*n], q,
						       &(*rows)[*n].r, err);
			snprintf((*series)[*n], sizeof (*series)[0], "block:%s",
				 fmts[f].family);
			(*rows)[*n].format = &(*out)[*n];
			(*rows)[*n].series = (*series)[*n];
			*n += rc == DSE_OK;
		}
	}
	return rc;
}

/* An array of the rows as JSON objects; NULL when out of memory. */
static cJSON *rows_json(const struct dse_format_row *rows, size_t n,
			enum dse_row_kind kind)
{
	cJSON *arr = cJSON_CreateArray(), *o;
	size_t i;

	for (i = 0; arr && i < n; i++) {
		o = dse_json_format_row(&rows[i], kind);
		if (o == NULL || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

/* The setup of a run as JSON: inputs, shape, rounding, seed. */
static cJSON *setup_json(const struct dse_gemm_problem *p, const char *what,
			 int from_files, const struct dse_quant_opts *q,
			 unsigned long seed)
{
	cJSON *o = cJSON_CreateObject();
	size_t m, n, k;

	dse_numerics_problem_shape(p, &m, &n, &k);
	if (o && cJSON_AddStringToObject(o, from_files ? "npy" : "dist", what) &&
	    cJSON_AddNumberToObject(o, "m", (double)m) &&
	    cJSON_AddNumberToObject(o, "n", (double)n) &&
	    cJSON_AddNumberToObject(o, "k", (double)k) &&
	    cJSON_AddStringToObject(o, "rounding",
				    dse_numerics_rounding_name(q->rounding)) &&
	    cJSON_AddNumberToObject(o, "seed", (double)seed))
		return o;
	cJSON_Delete(o);
	return NULL;
}

/* What numerics.csv is written from. */
struct csv_rows {
	const struct dse_format_row *a, *b;
	size_t na, nb;
};

/* dse_writer of numerics.csv: the formats, then the block series. */
static int write_csv(FILE *f, void *arg, struct dse_error *err)
{
	const struct csv_rows *c = arg;
	struct dse_format_row *all = calloc(c->na + c->nb + 1, sizeof *all);
	int rc;

	if (all == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	memcpy(all, c->a, c->na * sizeof *all);
	memcpy(all + c->na, c->b, c->nb * sizeof *all);
	rc = dse_csv_format_rows(f, all, c->na + c->nb, DSE_ROWS_NUMERICS);
	free(all);
	return rc == DSE_OK ? DSE_OK : dse_error_set(err, DSE_EIO, "write failed");
}

/* numerics.json and numerics.csv in dir, with the block-size series. */
static int write_outputs(const char *dir, const struct dse_gemm_problem *p,
			 const struct dse_format *fmts, size_t nf,
			 const struct dse_format_row *rows, cJSON *setup,
			 const struct dse_quant_opts *q, struct dse_error *err)
{
	struct dse_format *sf = NULL;
	struct dse_format_row *sr = NULL;
	char (*series)[48] = NULL;
	struct csv_rows c;
	cJSON *doc = cJSON_CreateObject(), *cmd, *x;
	struct dse_fileset *set = NULL;
	char *path = NULL;
	size_t ns = 0;
	int i, rc;

	rc = block_sweep(p, fmts, nf, q, &sf, &sr, &series, &ns, err);
	if (rc == DSE_OK && doc &&
	    cJSON_AddStringToObject(doc, "dse_version", PACKAGE_VERSION) &&
	    (cmd = cJSON_AddArrayToObject(doc, "command")) != NULL) {
		for (i = 0; i < cli_argc; i++)
			cJSON_AddItemToArray(cmd, cJSON_CreateString(cli_argv[i]));
		cJSON_AddItemToObject(doc, "setup", setup);
		setup = NULL;
		x = rows_json(rows, nf, DSE_ROWS_NUMERICS);
		if (x)
			cJSON_AddItemToObject(doc, "formats", x);
		x = rows_json(sr, ns, DSE_ROWS_NUMERICS);
		if (x)
			cJSON_AddItemToObject(doc, "block_sweep", x);
		if (!cJSON_HasObjectItem(doc, "block_sweep"))
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	} else if (rc == DSE_OK) {
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	/* both files as one set: either both replace the old ones or none */
	if (rc == DSE_OK)
		rc = dse_fileset_new(&set, err);
	if (rc == DSE_OK)
		rc = dse_fileset_mkdir(set, dir, err);
	if (rc == DSE_OK) {
		path = dse_path_join(dir, "numerics.json");
		rc = path ? dse_fileset_write(set, path, dse_json_writer, doc, err) :
			    dse_error_set(err, DSE_ENOMEM, "out of memory");
		free(path);
	}
	if (rc == DSE_OK) {
		c.a = rows;
		c.na = nf;
		c.b = sr;
		c.nb = ns;
		path = dse_path_join(dir, "numerics.csv");
		rc = path ? dse_fileset_write(set, path, write_csv, &c, err) :
			    dse_error_set(err, DSE_ENOMEM, "out of memory");
		free(path);
	}
	if (rc == DSE_OK)
		rc = dse_fileset_commit(set, err);
	dse_fileset_free(set); /* after a failure: temporaries, folders made */
	cJSON_Delete(setup);
	cJSON_Delete(doc);
	free(sf);
	free(sr);
	free(series);
	return rc;
}

/* Run every format on a's problem and report. */
static int run_numerics(const struct numerics_args *a, struct dse_error *err)
{
	struct dse_gemm_problem *p = NULL;
	struct dse_format *fmts = NULL;
	struct dse_format_row *rows = NULL;
	struct dse_quant_opts q = { DSE_ROUND_NEAREST, a->seed };
	char what[4096];
	size_t nf = 0, i, m, n, k;
	cJSON *json;
	int rc = parse_formats(a->formats, &fmts, &nf, err);

	if (rc == DSE_OK &&
	    dse_numerics_rounding_parse(a->rounding, &q.rounding, err) != DSE_OK) {
		dse_error_prefix(err, "--rounding");
		rc = err->status;
	}
	if (rc == DSE_OK)
		rc = make_problem(a, &p, what, sizeof what, err);
	if (rc == DSE_OK) {
		rows = calloc(nf, sizeof *rows);
		if (rows == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	for (i = 0; rc == DSE_OK && i < nf; i++) {
		rows[i].format = &fmts[i];
		rc = dse_numerics_gemm(p, &fmts[i], &q, &rows[i].r, err);
	}
	if (rc == DSE_OK && a->json) {
		json = rows_json(rows, nf, DSE_ROWS_NUMERICS);
		rc = json ? dse_json_print(stdout, json) : DSE_ENOMEM;
		cJSON_Delete(json);
	} else if (rc == DSE_OK) {
		dse_numerics_problem_shape(p, &m, &n, &k);
		printf("GEMM M=%zu K=%zu N=%zu, %s %s, seed %lu, rounding %s\n",
		       m, k, n, a->npy ? "files" : "inputs", what, a->seed,
		       dse_numerics_rounding_name(q.rounding));
		rc = dse_text_format_rows(stdout, rows, nf, DSE_ROWS_NUMERICS);
	}
	if (rc != DSE_OK && err->msg[0] == '\0')
		dse_error_set(err, rc, "stdout: %s", dse_strerror(rc));
	if (rc == DSE_OK && a->outdir)
		rc = write_outputs(a->outdir, p, fmts, nf, rows,
				   setup_json(p, what, a->npy != NULL, &q, a->seed),
				   &q, err);
	free(rows);
	free(fmts);
	dse_numerics_problem_free(p);
	return rc;
}

/* dse numerics: returns the exit code. */
int cmd_numerics(int argc, char **argv)
{
	struct numerics_args a = {
		"hbfp8,hbfp6_256,mxint8,mxfp8_e4m3,mxfp6_e2m3,mxfp4,bf16",
		"gaussian", NULL, NULL, "nearest", NULL, DSE_SQNR_DEFAULT_K,
		DSE_SQNR_DEFAULT_M, DSE_SQNR_DEFAULT_N, DSE_SQNR_DEFAULT_SEED, 0, 0
	};
	struct dse_error err = { 0, "" };
	int rc = parse_numerics(argc, argv, &a, &err);

	if (rc == 1)
		return 0;
	if (rc == DSE_OK)
		rc = run_numerics(&a, &err);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}

static const char formats_usage[] =
	"usage: dse formats [--tech T] [--json]\n"
	"Every number format dse knows (NUMERICS.md section 17), the parameterised\n"
	"families by examples: element, bits, block, shared-scale bits, storage bits\n"
	"per element, block-adder and alignment-shifter widths, PE energy and area at\n"
	"the technology's nominal voltage, and the SQNR of the inputs and of a GEMM\n"
	"output on the default proxy (gaussian, M = N = 64, K = 4096, seed 1).\n\n"
	"  --tech NAME|FILE       technology: n7, n16, n28, toy or a JSON file [n7]\n"
	"  --json                 print one JSON object: technology (every value with\n"
	"                         its origin), the proxy, the formats\n"
	"  -q, --quiet            accepted for symmetry: prints no notes\n"
	"  -h, --help             this help\n\n"
	"Exit: 0 success, 2 bad usage, 3 bad technology file.\n";

/* The rows of dse formats: every example of every row of the format table. */
static int format_rows(const struct dse_tech *tech, struct dse_format **fmts,
		       struct dse_format_row **rows, size_t *n,
		       struct dse_error *err)
{
	const struct dse_format_family *fam;
	struct dse_sqnr_setup s;
	struct dse_gemm_problem *p = NULL;
	size_t i, cap = 0;
	const char *e;
	int rc;

	for (i = 0; (fam = dse_format_family(i)) != NULL; i++)
		for (e = fam->examples, cap++; *e; e++)
			cap += *e == ',';
	*fmts = calloc(cap, sizeof **fmts);
	*rows = calloc(cap, sizeof **rows);
	if (*fmts == NULL || *rows == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	dse_numerics_sqnr_defaults(&s);
	rc = dse_numerics_problem_synthetic(&s.dist, s.m, s.n, DSE_SQNR_DEFAULT_K,
					    s.seed, &p, err);
	*n = 0;
	for (i = 0; rc == DSE_OK && (fam = dse_format_family(i)) != NULL; i++)
		for (e = fam->examples; rc == DSE_OK && *e;) {
			size_t len = strcspn(e, ",");
			char name[64];

			snprintf(name, sizeof name, "%.*s", (int)len, e);
			rc = dse_format_parse(name, &(*fmts)[*n], err);
			if (rc == DSE_OK)
				rc = dse_numerics_gemm(p, &(*fmts)[*n], &s.quant,
						       &(*rows)[*n].r, err);
			(*rows)[*n].format = &(*fmts)[*n];
			dse_pe_cost(tech, &(*fmts)[*n], &(*rows)[*n].pe);
			*n += rc == DSE_OK;
			e += len + (e[len] == ',');
		}
	dse_numerics_problem_free(p);
	return rc;
}

/* The technology's derived components, one line. */
static void print_derived(const struct dse_tech *tech)
{
	const char *key, *source, *sep = "";
	double v;
	size_t i;

	printf("derived components of %s:", tech->name);
	for (i = 0; i < dse_tech_nparams(); i++)
		if (dse_tech_param_derived(tech, i)) {
			dse_tech_param(tech, i, &key, &v, &source);
			printf("%s %s %.4g", sep, key, v);
			sep = ",";
		}
	printf("%s\n", *sep ? " (how: dse formats --json)" : " none");
}

/* dse formats as a JSON document. */
static int formats_json(const struct dse_tech *tech,
			const struct dse_format_row *rows, size_t n)
{
	cJSON *doc = cJSON_CreateObject(), *t = dse_json_tech(tech);
	cJSON *r = rows_json(rows, n, DSE_ROWS_FORMATS), *proxy;
	int rc = DSE_ENOMEM;

	if (doc && t && r && (proxy = cJSON_AddObjectToObject(doc, "sqnr_proxy")) &&
	    cJSON_AddStringToObject(proxy, "dist", "gaussian") &&
	    cJSON_AddNumberToObject(proxy, "m", DSE_SQNR_DEFAULT_M) &&
	    cJSON_AddNumberToObject(proxy, "n", DSE_SQNR_DEFAULT_N) &&
	    cJSON_AddNumberToObject(proxy, "k", DSE_SQNR_DEFAULT_K) &&
	    cJSON_AddNumberToObject(proxy, "seed", (double)DSE_SQNR_DEFAULT_SEED)) {
		cJSON_AddItemToObject(doc, "technology", t);
		cJSON_AddItemToObject(doc, "formats", r);
		t = r = NULL;
		rc = dse_json_print(stdout, doc);
	}
	cJSON_Delete(t);
	cJSON_Delete(r);
	cJSON_Delete(doc);
	return rc;
}

/* dse formats: returns the exit code. */
int cmd_formats(int argc, char **argv)
{
	static const struct option options[] = {
		{ "tech", required_argument, NULL, OPT_TECH },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *techname = "n7";
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL;
	struct dse_format *fmts = NULL;
	struct dse_format_row *rows = NULL;
	size_t n = 0;
	int opt, json = 0, rc = DSE_OK;

	opterr = 0;
	while (rc == DSE_OK &&
	       (opt = getopt_long(argc, argv, "hq", options, NULL)) != -1) {
		switch (opt) {
		case 'q': break; /* formats prints no notes */
		case OPT_TECH: techname = optarg; break;
		case OPT_JSON: json = 1; break;
		case 'h':
			fputs(formats_usage, stdout);
			return 0;
		default:
			rc = dse_error_set(&err, DSE_EUSAGE,
					   "formats: unknown option or missing argument '%s' (see dse formats --help)",
					   argv[optind - 1]);
		}
	}
	if (rc == DSE_OK && optind < argc)
		rc = dse_error_set(&err, DSE_EUSAGE,
				   "formats: unexpected argument '%s'", argv[optind]);
	if (rc == DSE_OK) {
		rc = dse_tech_load(techname, cli_datadir(), &tech, &err);
		if (rc == DSE_EUSAGE)
			dse_error_prefix(&err, "--tech");
	}
	if (rc == DSE_OK)
		rc = format_rows(tech, &fmts, &rows, &n, &err);
	if (rc == DSE_OK && json) {
		rc = formats_json(tech, rows, n);
	} else if (rc == DSE_OK) {
		printf("technology %s (%s), PE cost at v_nom %g V; SQNR: gaussian, GEMM M=%d K=%d N=%d, seed %lu\n",
		       tech->name, tech->path, tech->v_nom_v, DSE_SQNR_DEFAULT_M,
		       DSE_SQNR_DEFAULT_K, DSE_SQNR_DEFAULT_N, DSE_SQNR_DEFAULT_SEED);
		rc = dse_text_format_rows(stdout, rows, n, DSE_ROWS_FORMATS);
		if (rc == DSE_OK)
			print_derived(tech);
	}
	if (rc != DSE_OK && err.msg[0] == '\0')
		dse_error_set(&err, rc, "stdout: %s", dse_strerror(rc));
	free(fmts);
	free(rows);
	dse_tech_free(tech);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}
