/* test_plot.c - gnuplot scripts and data of a results folder (plots/). */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "dse_model.h"
#include "dse_plot.h"
#include "suites.h"

/* The fuzz harness of the reader, its entry point renamed: the regression
   inputs replay through it, and its script scanner checks the hostile
   folder. */
#define LLVMFuzzerTestOneInput fuzz_plot_read_one
#include "fuzz/fuzz_plot_read.c"

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

/* The figures, as plot-<name>.gp and plot-<name>.dat. */
static const char *const figures[] = { "frontier", "points", "breakdown",
				       "bounds" };

/* A fresh empty folder for each test, removed with what it holds. */
static char tmp[256];

static void tmp_setup(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmp, sizeof tmp, "%s/dse-plot.XXXXXX", t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void tmp_teardown(void)
{
	DIR *d = opendir(tmp);
	struct dirent *e;
	char path[4096];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", tmp, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(tmp);
}

/* dse_plot_write drawing into `formats` on the default page. */
static int write_plots(const char *dir, const char *outdir, unsigned formats,
		       struct dse_error *err)
{
	struct dse_plot_options opt = { NULL, formats, 0, 0, 0, 0 };

	return dse_plot_write(dir, outdir, &opt, err);
}

/* The fixture results folder: tests/data/results. */
static const char *fixture(void)
{
	static char dir[1024];

	snprintf(dir, sizeof dir, "%s/data/results", test_inputs());
	return dir;
}

/* The whole of a file, NUL-terminated; *len gets its length. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	s = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	s[n] = '\0';
	if (len)
		*len = (size_t)n;
	return s;
}

static void spit(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot create %s", path);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

/* Copy the fixture's frontier.json and sample.csv into tmp. */
static void copy_fixture(void)
{
	static const char *const names[] = { "frontier.json", "sample.csv" };
	char path[4096];
	size_t i;

	for (i = 0; i < N_OF(names); i++) {
		char *text;

		snprintf(path, sizeof path, "%s/%s", fixture(), names[i]);
		text = slurp(path, NULL);
		spit(tmp, names[i], text);
		free(text);
	}
}

static int exists(const char *dir, const char *name)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) == 0 && st.st_size > 0;
}

/* tmp/name equals tests/golden/name byte for byte. */
static void same_as_golden(const char *name)
{
	char path[4096];
	char *got, *want;
	size_t ng, nw, i;

	snprintf(path, sizeof path, "%s/%s", tmp, name);
	got = slurp(path, &ng);
	snprintf(path, sizeof path, "%s/golden/%s", test_inputs(), name);
	want = slurp(path, &nw);
	for (i = 0; i < ng && i < nw && got[i] == want[i]; i++)
		;
	ck_assert_msg(ng == nw && i == ng,
		      "%s differs from tests/golden/%s at byte %zu (%zu vs %zu bytes)",
		      name, name, i, ng, nw);
	free(got);
	free(want);
}

/* The scripts and data of the fixture, for PNG, SVG and PDF, are golden. */
START_TEST(golden_files)
{
	struct dse_error err = { 0, "" };
	char name[64];
	size_t i;

	ck_assert_msg(write_plots(fixture(), tmp,
				     DSE_PLOT_PNG | DSE_PLOT_SVG | DSE_PLOT_PDF,
				     &err) == DSE_OK, "%s", err.msg);
	for (i = 0; i < N_OF(figures); i++) {
		snprintf(name, sizeof name, "plot-%s.gp", figures[i]);
		same_as_golden(name);
		snprintf(name, sizeof name, "plot-%s.dat", figures[i]);
		same_as_golden(name);
	}
}
END_TEST

/* Scripts name their files relative to their folder, nothing machine-bound. */
START_TEST(scripts_relative)
{
	struct dse_error err = { 0, "" };
	char path[4096];
	size_t i;

	ck_assert_msg(write_plots(fixture(), tmp, 0, &err) == DSE_OK, "%s",
		      err.msg);
	for (i = 0; i < N_OF(figures); i++) {
		char *text, ext[64];

		snprintf(path, sizeof path, "%s/plot-%s.gp", tmp, figures[i]);
		text = slurp(path, NULL);
		ck_assert_msg(strstr(text, tmp) == NULL, "%s names %s", path, tmp);
		ck_assert_msg(strstr(text, fixture()) == NULL, "%s names %s",
			      path, fixture());
		ck_assert_msg(strstr(text, "\"/") == NULL && strstr(text, "'/") == NULL,
			      "%s quotes an absolute path", path);
		/* formats 0: PNG and SVG, no PDF */
		snprintf(ext, sizeof ext, "'plot-%s.png'", figures[i]);
		ck_assert_ptr_nonnull(strstr(text, ext));
		snprintf(ext, sizeof ext, "'plot-%s.svg'", figures[i]);
		ck_assert_ptr_nonnull(strstr(text, ext));
		ck_assert_ptr_null(strstr(text, "pdfcairo"));
		free(text);
	}
}
END_TEST

/* The harness's scanner finds each way a name could escape its string. */
START_TEST(unsafe_script_finds)
{
	static const struct {
		const char *text;
		int unsafe;
	} cases[] = {
		{ "set title 'a `touch x` b'\n", 0 },
		{ "set title 'it''s' # ok\n", 0 },
		{ "set title \"a `touch x` b\"\n", 1 },
		{ "set title 'a' . `touch x`\n", 1 },
		{ "set title 'it's'\n", 1 },       /* quote not doubled */
		{ "set title 'a\nb'\n", 1 },      /* newline inside */
		{ "# name\n!touch x\n", 1 },
		{ "# name \\\nplot 1\n", 1 },     /* continued comment */
		{ "# @x\n", 1 },
		{ "set title 'a' . @x\n", 1 },
		{ "x = system('ls')\n", 1 },
	};
	size_t i, at;

	for (i = 0; i < N_OF(cases); i++)
		ck_assert_msg((fuzz_unsafe_script(cases[i].text, &at) != NULL) ==
			      cases[i].unsafe, "case %zu: %s", i, cases[i].text);
}
END_TEST

/* A data line: numbers, NaN and dataflow names (os, ws, is) only. */
static int data_line(char *line)
{
	char *field, *end;

	for (field = strtok(line, " "); field; field = strtok(NULL, " ")) {
		strtod(field, &end);
		if (*end != '\0' && strcmp(field, "os") != 0 &&
		    strcmp(field, "ws") != 0 && strcmp(field, "is") != 0)
			return 0;
	}
	return 1;
}

/* The hostile folder (tests/data/results-hostile): names full of gnuplot
   and shell syntax stay text in every script and data file. */
START_TEST(hostile_names_stay_text)
{
	struct dse_error err = { 0, "" };
	char dir[1024], path[4096];
	size_t i, at;

	snprintf(dir, sizeof dir, "%s/data/results-hostile", test_inputs());
	ck_assert_msg(write_plots(dir, tmp,
				     DSE_PLOT_PNG | DSE_PLOT_SVG | DSE_PLOT_PDF,
				     &err) == DSE_OK, "%s", err.msg);
	for (i = 0; i < N_OF(figures); i++) {
		char *text, *line, *p;
		const char *why;

		snprintf(path, sizeof path, "%s/plot-%s.gp", tmp, figures[i]);
		text = slurp(path, NULL);
		why = fuzz_unsafe_script(text, &at);
		ck_assert_msg(why == NULL, "%s: byte %zu: %s: %.60s", path, at,
			      why, text + (at > 30 ? at - 30 : 0));
		/* the names are drawn: each format's title is in the script */
		ck_assert_msg(strstr(text, "int8'';system(''touch") != NULL ||
			      i == 1, "%s: no int8 title", path);
		free(text);
		/* data files: every line a comment, blank, or numbers */
		snprintf(path, sizeof path, "%s/plot-%s.dat", tmp, figures[i]);
		text = slurp(path, NULL);
		for (line = text; *line; line = p + 1) {
			p = strchr(line, '\n');
			ck_assert_ptr_nonnull(p);
			*p = '\0';
			ck_assert_msg(*line == '#' || data_line(line),
				      "%s: line '%.40s'", path, line);
		}
		free(text);
	}
}
END_TEST

/* Inputs that once crashed, hung or leaked in fuzz_plot_read replay
   through the harness, which aborts on any fault it checks for. */
START_TEST(fuzz_regressions)
{
	char dir[1024], path[4096 + 256];
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/fuzz/regress/plot_read", test_inputs());
	d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		char *text;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		text = slurp(path, &len);
		ck_assert_int_eq(fuzz_plot_read_one((const uint8_t *)text, len), 0);
		free(text);
		n++;
	}
	closedir(d);
	ck_assert_msg(n > 0, "no input in %s", dir);
}
END_TEST

/* With no outdir, the files go beside frontier.json. */
START_TEST(write_in_place)
{
	struct dse_error err = { 0, "" };
	char name[64];
	size_t i;

	copy_fixture();
	ck_assert_msg(write_plots(tmp, NULL, DSE_PLOT_SVG, &err) == DSE_OK,
		      "%s", err.msg);
	for (i = 0; i < N_OF(figures); i++) {
		snprintf(name, sizeof name, "plot-%s.gp", figures[i]);
		ck_assert_msg(exists(tmp, name), "no %s", name);
		snprintf(name, sizeof name, "plot-%s.dat", figures[i]);
		ck_assert_msg(exists(tmp, name), "no %s", name);
	}
}
END_TEST

/* A folder that does not exist: bad input (or I/O) naming frontier.json. */
START_TEST(missing_folder)
{
	struct dse_error err = { 0, "" };
	struct dse_plot_options opt = { "/nonexistent/gnuplot", 0, 0, 0, 0, 0 };
	const char *want = "/nonexistent/results/frontier.json: ";
	int rc;

	rc = write_plots("/nonexistent/results", NULL, 0, &err);
	ck_assert_msg(rc == DSE_EINPUT || rc == DSE_EIO, "status %d", rc);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s", err.msg);
	rc = dse_plot_render("/nonexistent/results", &opt, &err);
	ck_assert_msg(rc == DSE_EINPUT || rc == DSE_EIO, "status %d", rc);
	ck_assert_ptr_nonnull(strstr(err.msg, "frontier.json"));
}
END_TEST

/* Malformed or incomplete frontier.json: DSE_EINPUT with file and key. */
START_TEST(bad_frontier_json)
{
	static const struct {
		const char *text, *says;
	} cases[] = {
		{ "{ \"frontier\": ", "malformed JSON" },
		{ "[]", "expected an object" },
		{ "{}", "technology.name: missing key" },
		{ "{ \"technology\": { \"name\": \"n7\" }, \"workload\": { \"name\": \"lstm\" },"
		  " \"budget\": { \"area_mm2\": 300, \"power_w\": 75, \"sram_mb\": 75 } }",
		  "frontier: missing key" },
		{ "{ \"technology\": { \"name\": \"n7\" }, \"workload\": { \"name\": \"lstm\" },"
		  " \"budget\": { \"area_mm2\": 300, \"power_w\": 75, \"sram_mb\": 75 },"
		  " \"frontier\": { \"bf16\": [ { \"latency_us\": 1 } ] } }",
		  "frontier.bf16[0].throughput_tops: missing key" },
		{ "{ \"technology\": { \"name\": \"n7\" }, \"workload\": { \"name\": \"lstm\" },"
		  " \"budget\": { \"area_mm2\": -3, \"power_w\": 75, \"sram_mb\": 75 } }",
		  "budget.area_mm2" },
	};
	struct dse_error err = { 0, "" };
	size_t i;

	for (i = 0; i < N_OF(cases); i++) {
		spit(tmp, "frontier.json", cases[i].text);
		ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINPUT);
		ck_assert_msg(strstr(err.msg, "frontier.json") != NULL &&
			      strstr(err.msg, cases[i].says) != NULL,
			      "case %zu: '%s' does not say '%s'", i, err.msg,
			      cases[i].says);
	}
}
END_TEST

/* One design object with every key the figures read. */
static void design(char *buf, size_t len, const char *format,
		   double latency_us, double tops, double rows)
{
	snprintf(buf, len,
		 "{ \"format\": \"%s\", \"dataflow\": \"os\", \"rows\": %g, \"cols\": 128,"
		 " \"k_split\": 1, \"batch\": %g, \"freq_ghz\": 1, \"latency_us\": %g,"
		 " \"throughput_tops\": %g, \"area_pe_mm2\": 50,"
		 " \"area_array_fixed_mm2\": 1, \"area_sram_mm2\": 30,"
		 " \"area_fixed_mm2\": 20, \"power_pe_dynamic_w\": 40,"
		 " \"power_pe_leak_w\": 5, \"power_sram_w\": 20,"
		 " \"power_sram_leak_w\": 1, \"power_fixed_w\": 5 }",
		 format, rows, rows, latency_us, tops);
}

/* A results folder whose bf16 frontier is empty and whose int8 has one
   design, a dominated one dropped, no canonical design and no bound. */
static void small_results(const char *bf16_sample)
{
	char a[1024], b[1024], c[1024], doc[4096], *csv;
	size_t n = strlen(bf16_sample) + 256;

	design(a, sizeof a, "int8", 10, 100, 4);
	design(b, sizeof b, "int8", 20, 50, 8); /* slower and worse: dropped */
	design(c, sizeof c, "int8", 40, 300, 16);
	snprintf(doc, sizeof doc,
		 "{ \"technology\": { \"name\": \"toy\" }, \"workload\": { \"name\": \"mlp\" },"
		 " \"budget\": { \"area_mm2\": 100, \"power_w\": 10, \"sram_mb\": 8 },"
		 " \"frontier\": { \"int8\": [ %s, %s, %s ], \"bf16\": [], \"all\": [] },"
		 " \"canonical\": { \"int8\": [], \"bf16\": [] }, \"bounds\": [] }",
		 a, b, c);
	spit(tmp, "frontier.json", doc);
	csv = malloc(n);
	ck_assert_ptr_nonnull(csv);
	snprintf(csv, n,
		 "format,dataflow,rows,cols,k_split,batch,freq_ghz,latency_us,throughput_tops,energy_per_item_uj\n"
		 "int8,os,4,128,1,4,1,10,100,5\n"
		 "int8,os,8,128,1,8,1,25,80,4\n%s",
		 bf16_sample);
	spit(tmp, "sample.csv", csv);
	free(csv);
}

/* An empty frontier is skipped in every script, its data set kept as NaN. */
START_TEST(empty_format)
{
	struct dse_error err = { 0, "" };
	char path[4096];
	char *text;
	size_t i;

	small_results("");
	ck_assert_msg(write_plots(tmp, NULL, DSE_PLOT_PNG, &err) == DSE_OK,
		      "%s", err.msg);
	snprintf(path, sizeof path, "%s/plot-frontier.dat", tmp);
	text = slurp(path, NULL);
	ck_assert_msg(strstr(text, "# index 1: frontier bf16\nNaN NaN NaN NaN NaN NaN\n") != NULL,
		      "%s", text);
	ck_assert_ptr_null(strstr(text, "\n20 50 "));     /* dominated */
	ck_assert_ptr_nonnull(strstr(text, "\n40 300 16 ")); /* kept */
	free(text);
	for (i = 0; i < N_OF(figures); i++) {
		snprintf(path, sizeof path, "%s/plot-%s.gp", tmp, figures[i]);
		text = slurp(path, NULL);
		ck_assert_msg(strstr(text, "'bf16'") == NULL,
			      "%s draws the empty bf16 frontier", path);
		free(text);
	}
}
END_TEST

/* No feasible design in any format: nothing to plot. */
START_TEST(no_design)
{
	struct dse_error err = { 0, "" };

	spit(tmp, "frontier.json",
	     "{ \"technology\": { \"name\": \"toy\" }, \"workload\": { \"name\": \"mlp\" },"
	     " \"budget\": { \"area_mm2\": 1, \"power_w\": 1, \"sram_mb\": 1 },"
	     " \"frontier\": { \"int8\": [], \"all\": [] } }");
	spit(tmp, "sample.csv", "format,latency_us,throughput_tops,rows\n");
	ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINFEASIBLE);
	ck_assert_ptr_nonnull(strstr(err.msg, "no feasible design"));
	ck_assert(!exists(tmp, "plot-frontier.gp"));
}
END_TEST

/* A sample.csv row of a format frontier.json lacks, or with a bad number. */
START_TEST(bad_sample_csv)
{
	struct dse_error err = { 0, "" };
	char path[4096];

	small_results("fp32,os,4,128,1,4,1,10,100,5\n");
	ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINPUT);
	ck_assert_msg(strstr(err.msg, "sample.csv:4: format 'fp32'") != NULL,
		      "%s", err.msg);
	small_results("bf16,os,4,128,1,4,1,-10,100,5\n");
	ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINPUT);
	ck_assert_msg(strstr(err.msg, "sample.csv:4:") != NULL, "%s", err.msg);
	spit(tmp, "sample.csv", "format,rows\n");
	ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINPUT);
	ck_assert_msg(strstr(err.msg, "sample.csv:1: no column 'latency_us'") != NULL,
		      "%s", err.msg);
	snprintf(path, sizeof path, "%s/sample.csv", tmp);
	unlink(path);
	ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "sample.csv: No such file"));
}
END_TEST

/* The message of a failed dse_plot_write: one line naming the file. */
static void one_line_error(const struct dse_error *err, const char *file,
			   const char *says, size_t i)
{
	ck_assert_msg(strchr(err->msg, '\n') == NULL, "case %zu: '%s' is not one line",
		      i, err->msg);
	ck_assert_msg(strstr(err->msg, file) != NULL && strstr(err->msg, says) != NULL,
		      "case %zu: '%s' does not say '%s'", i, err->msg, says);
}

/*
 * Numbers the figures cannot draw are refused, naming file, key and
 * reason: a subnormal latency (once an endless loop in the tick code),
 * values past 1e12 or below 1e-12 on a log axis, a fractional shape, a
 * zero bound, a budget that is not positive, too many formats, an
 * unknown dataflow.
 */
START_TEST(bad_numbers)
{
	static const struct {
		double latency_us, tops, rows;
		const char *bounds, *budget, *says;
	} cases[] = {
		{ 4.7e-310, 100, 4, "", "1", "frontier.int8[0].latency_us: 4.7e-310 outside [1e-12, 1e+12]" },
		{ 1e-13, 100, 4, "", "1", "frontier.int8[0].latency_us" },
		{ 10, 1e300, 4, "", "1", "frontier.int8[0].throughput_tops: 1e+300 outside" },
		{ 10, 100, 2.5, "", "1", "frontier.int8[0].rows: 2.5 is not a whole number" },
		{ 10, 100, 0, "", "1", "frontier.int8[0].rows: 0 outside [1," },
		{ 10, 100, 4, "{ \"latency_us\": 0, \"best\": {} }", "1", "bounds[0].latency_us: 0 outside" },
		{ 10, 100, 4, "{ \"latency_us\": 50, \"best\": { \"int8\": { \"throughput_tops\": 5e-324 } } }",
		  "1", "bounds[0].best.int8.throughput_tops" },
		{ 10, 100, 4, "", "1e-320", "budget.area_mm2" },
	};
	struct dse_error err = { 0, "" };
	char a[1024], doc[4096];
	size_t i;

	for (i = 0; i < N_OF(cases); i++) {
		design(a, sizeof a, "int8", cases[i].latency_us, cases[i].tops,
		       cases[i].rows);
		snprintf(doc, sizeof doc,
			 "{ \"technology\": { \"name\": \"toy\" }, \"workload\": { \"name\": \"mlp\" },"
			 " \"budget\": { \"area_mm2\": %s, \"power_w\": 10, \"sram_mb\": 8 },"
			 " \"frontier\": { \"int8\": [ %s ] }, \"bounds\": [ %s ] }",
			 cases[i].budget, a, cases[i].bounds);
		spit(tmp, "frontier.json", doc);
		spit(tmp, "sample.csv", "format,latency_us,throughput_tops,rows\n");
		ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINPUT);
		one_line_error(&err, "frontier.json", cases[i].says, i);
	}
	/* 17 formats: more than a study can hold (DSE_STUDY_MAX_FORMATS) */
	strcpy(doc, "{ \"technology\": { \"name\": \"toy\" }, \"workload\": { \"name\": \"mlp\" },"
		    " \"budget\": { \"area_mm2\": 1, \"power_w\": 1, \"sram_mb\": 1 }, \"frontier\": {");
	for (i = 0; i < 17; i++)
		snprintf(doc + strlen(doc), sizeof doc - strlen(doc),
			 "%s \"f%zu\": []", i ? "," : "", i);
	strcat(doc, " } }");
	spit(tmp, "frontier.json", doc);
	ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINPUT);
	one_line_error(&err, "frontier.json", "frontier: 17 formats, more than 16", 0);
	/* a dataflow that is not os, ws or is */
	design(a, sizeof a, "int8", 10, 100, 4);
	memcpy(strstr(a, "\"os\""), "\"xs\"", 4);
	snprintf(doc, sizeof doc,
		 "{ \"technology\": { \"name\": \"toy\" }, \"workload\": { \"name\": \"mlp\" },"
		 " \"budget\": { \"area_mm2\": 1, \"power_w\": 1, \"sram_mb\": 1 },"
		 " \"frontier\": { \"int8\": [ %s ] } }", a);
	spit(tmp, "frontier.json", doc);
	ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINPUT);
	one_line_error(&err, "frontier.json", "frontier.int8[0].dataflow: not a dataflow", 0);
}
END_TEST

/* sample.csv is RFC 4180: quoted fields are read, broken records refused
   with the line and the reason; numbers are checked as in frontier.json. */
START_TEST(sample_csv_records)
{
	static const struct {
		const char *row, *says; /* says NULL: accepted */
	} cases[] = {
		{ "\"bf16\",os,4,128,1,4,1,10,100,5\n", NULL },
		{ "bf16,os,4,128,1,4,1,10,100,5\r\n", NULL },
		{ "\"bf,16\",os,4,128,1,4,1,10,100,5\n", ":4: format 'bf,16' is not in frontier.json" },
		{ "\"bf\n16\",os,4,128,1,4,1,10,100,5\n", ":4: format 'bf\\n16' is not" },
		{ "\"bf\"\"16\",os,4,128,1,4,1,10,100,5\n", ":4: format 'bf\"16'" },
		{ "bf16,os,4,128,1,4,1,1e-320,100,5\n", ":4: latency_us: '1e-320' is not a number in [1e-12, 1e+12]" },
		{ "bf16,os,4,128,1,4,1,nan,100,5\n", ":4: latency_us: 'nan'" },
		{ "bf16,os,4,128,1,4,1,10,inf,5\n", ":4: throughput_tops: 'inf'" },
		{ "bf16,os,4.5,128,1,4,1,10,100,5\n", ":4: rows: '4.5' is not a number in [1, 4.29497e+09], whole" },
		{ "\"bf16,os,4,128,1,4,1,10,100,5\n", ":4: quoted field not closed" },
		{ "bf\"16,os,4,128,1,4,1,10,100,5\n", ":4: quote inside an unquoted field" },
		{ "\"bf16\"x,os,4,128,1,4,1,10,100,5\n", ":4: text after a closing quote" },
		{ "bf16\r,os,4,128,1,4,1,10,100,5\n", ":4: CR not followed by LF" },
		{ "bf16,os,4,128,1,4,1,10,100\n", ":4: 9 fields, the header has 10" },
		{ ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n",
		  ":4: more than 64 fields" },
	};
	struct dse_error err = { 0, "" };
	char path[4096], *big;
	size_t i;
	FILE *f;
	int rc;

	for (i = 0; i < N_OF(cases); i++) {
		small_results(cases[i].row);
		rc = write_plots(tmp, NULL, 0, &err);
		if (cases[i].says == NULL) {
			ck_assert_msg(rc == DSE_OK, "case %zu: %s", i, err.msg);
			continue;
		}
		ck_assert_int_eq(rc, DSE_EINPUT);
		one_line_error(&err, "sample.csv", cases[i].says, i);
	}
	/* a NUL byte, and a record past 64 KiB */
	small_results("");
	snprintf(path, sizeof path, "%s/sample.csv", tmp);
	f = fopen(path, "ab");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite("bf16\0,os", 1, 8, f), 8);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINPUT);
	one_line_error(&err, "sample.csv", ":4: NUL byte", 0);
	big = malloc(70001);
	ck_assert_ptr_nonnull(big);
	memset(big, 'x', 70000);
	big[70000] = '\0';
	small_results(big);
	free(big);
	ck_assert_int_eq(write_plots(tmp, NULL, 0, &err), DSE_EINPUT);
	one_line_error(&err, "sample.csv", ":4: record longer than 65536 bytes", 0);
}
END_TEST

/* A sample larger than DSE_PLOT_MAX_POINTS is thinned to exactly that. */
START_TEST(sample_thinned)
{
	struct dse_error err = { 0, "" };
	size_t rows = DSE_PLOT_MAX_POINTS + DSE_PLOT_MAX_POINTS / 2, i, n = 0;
	char path[4096], *text, *p;
	FILE *f;

	small_results("");
	snprintf(path, sizeof path, "%s/sample.csv", tmp);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("format,latency_us,throughput_tops,rows\n", f);
	for (i = 0; i < rows; i++)
		fprintf(f, "int8,%zu,%zu,1\n", i + 1, i + 1);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_msg(write_plots(tmp, NULL, 0, &err) == DSE_OK, "%s", err.msg);
	snprintf(path, sizeof path, "%s/plot-points.dat", tmp);
	text = slurp(path, NULL);
	p = strstr(text, "# index 0: sample int8\n");
	ck_assert_ptr_nonnull(p);
	for (p = strchr(p, '\n') + 1; *p && *p != '\n'; p = strchr(p, '\n') + 1)
		n++;
	ck_assert_uint_eq(n, DSE_PLOT_MAX_POINTS);
	free(text);
}
END_TEST

/* gnuplot that cannot be run: DSE_EEXTERNAL, "PROG: no such file" (a
   bare name: "in PATH") and the folder; the scripts are still written. */
START_TEST(gnuplot_missing)
{
	static const struct {
		const char *prog, *says;
	} cases[] = {
		{ "/nonexistent/gnuplot", "/nonexistent/gnuplot: no such file; scripts and data are in " },
		{ "dse-no-such-gnuplot", "dse-no-such-gnuplot: no such file in PATH; scripts and data are in " },
	};
	struct dse_error err = { 0, "" };
	struct dse_plot_options opt = { NULL, 0, 0, 0, 0, 0 };
	unsigned formats[] = { 0, DSE_PLOT_PNG };
	size_t i, k;

	copy_fixture();
	for (k = 0; k < N_OF(cases); k++)
		for (i = 0; i < N_OF(formats); i++) {
			opt.gnuplot = cases[k].prog;
			opt.formats = formats[i];
			ck_assert_int_eq(dse_plot_render(tmp, &opt, &err), DSE_EEXTERNAL);
			ck_assert_msg(strstr(err.msg, cases[k].says) == err.msg &&
				      strstr(err.msg, tmp) != NULL &&
				      strchr(err.msg, '\n') == NULL, "%s", err.msg);
			ck_assert(exists(tmp, "plot-frontier.gp"));
			ck_assert(exists(tmp, "plot-bounds.dat"));
		}
}
END_TEST

/* gnuplot that fails: DSE_EEXTERNAL with the script and exit status. */
START_TEST(gnuplot_fails)
{
	struct dse_error err = { 0, "" };
	struct dse_plot_options opt = { "false", DSE_PLOT_SVG, 0, 0, 0, 0 };

	copy_fixture();
	ck_assert_int_eq(dse_plot_render(tmp, &opt, &err), DSE_EEXTERNAL);
	ck_assert_msg(strstr(err.msg, "plot-frontier.gp") != NULL &&
		      strstr(err.msg, "exit status 1") != NULL, "%s", err.msg);
}
END_TEST

/* ---- layout: page, keys, staircases, labels, panels ---- */

/*
 * A results folder of `nformats` formats f0, f1, ... (a name of `name_len`
 * characters when that is not 0), each with a frontier of five designs
 * from 10 to 160 us rising from 100 to 200 TOp/s, k-split 2, at 0.75 GHz,
 * and bounds at the latencies in `bounds` ("" for none).
 */
static void layout_results(size_t nformats, size_t name_len,
			   const char *bounds)
{
	char *doc = malloc(65536), name[80], d[1024];
	size_t k, i, o;

	ck_assert_ptr_nonnull(doc);
	o = (size_t)snprintf(doc, 65536,
			     "{ \"technology\": { \"name\": \"toy\" }, \"workload\": { \"name\": \"mlp\" },"
			     " \"budget\": { \"area_mm2\": 100, \"power_w\": 10, \"sram_mb\": 8 },"
			     " \"frontier\": {");
	for (k = 0; k < nformats; k++) {
		if (name_len)
			snprintf(name, sizeof name, "%0*zu", (int)name_len, k);
		else
			snprintf(name, sizeof name, "f%zu", k);
		o += (size_t)snprintf(doc + o, 65536 - o, "%s \"%s\": [", k ? "," : "",
				      name);
		for (i = 0; i < 5; i++) {
			design(d, sizeof d, name, 10 * (double)(1 << i),
			       100 + 25 * (double)i, (double)(1 << i));
			o += (size_t)snprintf(doc + o, 65536 - o, "%s %s", i ? "," : "", d);
		}
		o += (size_t)snprintf(doc + o, 65536 - o, " ]");
	}
	o += (size_t)snprintf(doc + o, 65536 - o, " }, \"bounds\": [");
	for (i = 0; bounds[0] && i < 16; i++) {
		double b = strtod(bounds, (char **)&bounds);

		o += (size_t)snprintf(doc + o, 65536 - o,
				      "%s { \"latency_us\": %g, \"best\": {} }", i ? "," : "", b);
		if (*bounds++ != ',')
			break;
	}
	snprintf(doc + o, 65536 - o, " ] }");
	spit(tmp, "frontier.json", doc);
	spit(tmp, "sample.csv", "format,latency_us,throughput_tops,rows\n");
	free(doc);
}

/* dse_plot_write of tmp into tmp on the page opt asks for; the script of
   figure `name`, malloc'ed. */
static char *layout_script(const struct dse_plot_options *opt,
			   const char *name)
{
	struct dse_error err = { 0, "" };
	char path[4096];

	ck_assert_msg(dse_plot_write(tmp, NULL, opt, &err) == DSE_OK, "%s", err.msg);
	snprintf(path, sizeof path, "%s/plot-%s.gp", tmp, name);
	return slurp(path, NULL);
}

/* The number after the n-th (from 0) occurrence of `key` in text. */
static double after(const char *text, const char *key, size_t n)
{
	const char *p = text;
	size_t i;

	for (i = 0; i <= n; i++) {
		p = strstr(p, key);
		ck_assert_msg(p != NULL, "no %zu-th '%s'", n, key);
		p += strlen(key);
	}
	return strtod(p, NULL);
}

/* Occurrences of `key` in text. */
static size_t count(const char *text, const char *key)
{
	size_t n = 0;

	for (; (text = strstr(text, key)) != NULL; text += strlen(key))
		n++;
	return n;
}

/* --paper: single-column figures, 3.4 in wide and at least 2.4 in tall,
   8 pt text, in every image format; no figure title. */
START_TEST(paper_page)
{
	struct dse_plot_options opt = { NULL, DSE_PLOT_PNG | DSE_PLOT_SVG |
					DSE_PLOT_PDF, 1, 0, 0, 0 };
	size_t i;

	copy_fixture();
	for (i = 0; i < N_OF(figures); i++) {
		char *text = layout_script(&opt, figures[i]);
		double h = after(text, "pdfcairo size 3.4in,", 0);

		ck_assert_msg(h >= 2.4, "%s: %g in tall", figures[i], h);
		/* PNG at 300 dpi: 3.4 in = 1020 pixels; SVG in points: 245 */
		ck_assert_ptr_nonnull(strstr(text, "pngcairo size 1020,"));
		ck_assert_ptr_nonnull(strstr(text, "svg size 245,"));
		ck_assert_uint_eq(count(text, "font \"Sans,8\""), 3);
		/* the page's own title is left to the paper's caption */
		ck_assert_ptr_null(strstr(text, "set label 900"));
		ck_assert_ptr_null(strstr(text, "budget 300 mm²"));
		free(text);
	}
}
END_TEST

/* --size and --font override either page, and bad ones are refused. */
START_TEST(page_size_font)
{
	struct dse_plot_options opt = { NULL, DSE_PLOT_PNG | DSE_PLOT_SVG |
					DSE_PLOT_PDF, 1, 5, 3, 9 };
	struct dse_error err = { 0, "" };
	char *text;

	copy_fixture();
	text = layout_script(&opt, "frontier");
	/* 5 x 3 in: PNG 1500 x 900 pixels at 300 dpi, SVG 360 x 216 pt */
	ck_assert_ptr_nonnull(strstr(text, "pdfcairo size 5in,3in font \"Sans,9\""));
	ck_assert_ptr_nonnull(strstr(text, "pngcairo size 1500,900 font \"Sans,9\""));
	ck_assert_ptr_nonnull(strstr(text, "svg size 360,216 font \"Sans,9\""));
	/* line widths scale with the font: 9/8 pt a unit; pdfcairo's unit
	   is 0.5 pt, so its linewidth is 2.25 */
	ck_assert_ptr_nonnull(strstr(text, "linewidth 2.25"));
	free(text);
	opt.width_in = 0.5;
	ck_assert_int_eq(dse_plot_write(tmp, NULL, &opt, &err), DSE_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "--size"));
	opt.width_in = 5;
	opt.font_pt = 100;
	ck_assert_int_eq(dse_plot_write(tmp, NULL, &opt, &err), DSE_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "--font"));
}
END_TEST

/* "W,H" in inches, each in [1, 40]; nothing else. */
START_TEST(size_parse)
{
	static const char *const bad[] = {
		"3.4", "3.4,2.4,1", "0.5,2", "3,41", "a,b", " 3,2", "3, 2",
		"3,inf", "0x2,2", "3,2 ", "-3,2", "3,nan", ""
	};
	struct dse_error err = { 0, "" };
	double w = 0, h = 0;
	size_t i;

	ck_assert_int_eq(dse_plot_size_parse("3.4,2.4", &w, &h, &err), DSE_OK);
	ck_assert_double_eq(w, 3.4);
	ck_assert_double_eq(h, 2.4);
	ck_assert_int_eq(dse_plot_size_parse("7,5", &w, &h, &err), DSE_OK);
	ck_assert_double_eq(w, 7);
	for (i = 0; i < N_OF(bad); i++)
		ck_assert_msg(dse_plot_size_parse(bad[i], &w, &h, &err) == DSE_EUSAGE,
			      "'%s' accepted", bad[i]);
}
END_TEST

/*
 * One layout in every image format: plots are placed by screen margins
 * and their titles and axis labels by screen positions, none by gnuplot's
 * automatic layout (in character units, which differ by terminal).
 */
START_TEST(layout_by_screen)
{
	static const char *const automatic[] = {
		"set title", "set xlabel '", "set ylabel '", "multiplot layout",
		"set lmargin ", "set tmargin ", "set key outside"
	};
	struct dse_plot_options opt = { NULL, DSE_PLOT_PNG | DSE_PLOT_SVG, 0, 0, 0, 0 };
	size_t i, j;

	copy_fixture();
	for (i = 0; i < N_OF(figures); i++) {
		char *text = layout_script(&opt, figures[i]);

		ck_assert_ptr_nonnull(strstr(text, "set lmargin at screen"));
		ck_assert_ptr_nonnull(strstr(text, "set tmargin at screen"));
		for (j = 0; j < N_OF(automatic); j++) {
			const char *p = strstr(text, automatic[j]);

			ck_assert_msg(p == NULL || strncmp(p, "set lmargin at", 14) == 0 ||
				      strncmp(p, "set tmargin at", 14) == 0,
				      "%s: '%s'", figures[i], automatic[j]);
		}
		free(text);
	}
}
END_TEST

/*
 * Frontiers are staircases: the throughput achievable at latency <= x,
 * flat from each design to the next and on to the axis end.  Five designs
 * of f0 at 10..160 us: the data set holds them and a sixth row at the x
 * axis end with the last throughput (100 + 4 x 25 = 200).
 */
START_TEST(frontier_staircase)
{
	struct dse_plot_options opt = { NULL, DSE_PLOT_PNG, 0, 0, 0, 0 };
	char path[4096], *text, *data, want[64];
	double x_end;
	size_t i;

	layout_results(2, 0, "");
	for (i = 0; i < N_OF(figures); i++) {
		text = layout_script(&opt, figures[i]);
		if (strcmp(figures[i], "breakdown") != 0)
			ck_assert_msg(strstr(text, "using 1:2 with steps") != NULL,
				      "%s: frontier not drawn with steps", figures[i]);
		if (strcmp(figures[i], "frontier") == 0) {
			x_end = strtod(strchr(strstr(text, "set xrange ["), ':') + 1,
				       NULL);
			snprintf(path, sizeof path, "%s/plot-frontier.dat", tmp);
			data = slurp(path, NULL);
			snprintf(want, sizeof want, "\n160 200 16 128 1 16\n%g 200 NaN", x_end);
			ck_assert_msg(strstr(data, want) != NULL, "%s", data);
			free(data);
		}
		free(text);
	}
}
END_TEST

/* At most three formats: the key inside the top left, the y axis raised
   above the data; more: below the plot, in columns, hiding nothing. */
START_TEST(key_placement)
{
	struct dse_plot_options opt = { NULL, DSE_PLOT_PNG, 0, 0, 0, 0 };
	static const char *const single[] = { "frontier", "bounds" };
	size_t i, n;

	for (n = 2; n <= 6; n += 4) {
		layout_results(n, 0, "");
		for (i = 0; i < N_OF(single); i++) {
			char *text = layout_script(&opt, single[i]);
			const char *y = strstr(text, "set yrange [");
			double hi;

			ck_assert_ptr_nonnull(y);
			hi = strtod(strchr(y, ':') + 1, NULL);
			if (n <= 3) {
				ck_assert_msg(strstr(text, "set key inside top left") != NULL,
					      "%s: %s", single[i], text);
				/* data reach 200 TOp/s; the key needs room above */
				ck_assert_msg(hi > 200 * 1.2, "%s: y to %g", single[i], hi);
			} else {
				ck_assert_msg(strstr(text, "set key at screen") != NULL &&
					      strstr(text, "maxrows") != NULL,
					      "%s: key not below", single[i]);
				ck_assert_ptr_null(strstr(text, "set key inside"));
			}
			free(text);
		}
	}
}
END_TEST

/*
 * Bound labels never pile up: labels in one row stay apart by at least
 * their half widths, DejaVu Sans digits being 0.636 em wide (1303/2048)
 * and "µs" about 1.2 em, on the plot's width from its screen margins.
 */
START_TEST(bound_labels_apart)
{
	struct dse_plot_options opt = { NULL, DSE_PLOT_PNG, 0, 0, 0, 0 };
	int paper;

	layout_results(2, 0, "25,26,27,30,40,50,55,60,100,150");
	for (paper = 0; paper <= 1; paper++) {
		char *text, *p;
		double at[32], y[32], w[32], lo, hi, x0, x1, width, em;
		size_t n = 0, i, j;

		opt.paper = paper;
		text = layout_script(&opt, "frontier");
		width = paper ? 3.4 : DSE_PLOT_WIDTH_IN;
		em = (paper ? 8.0 : DSE_PLOT_FONT_PT) / 72;
		p = strstr(text, "set xrange [");
		lo = strtod(p + 12, &p);
		hi = strtod(p + 1, NULL);
		x0 = after(text, "set lmargin at screen ", 0) * width;
		x1 = after(text, "set rmargin at screen ", 0) * width;
		for (p = text; (p = strstr(p, "set label '")) != NULL && n < 32; p++) {
			char *q = p + 11, *e = strchr(q, '\'');

			if (strstr(e, " at first ") != e + 1)
				continue;
			w[n] = (double)(e - q) * 0.636 * em;
			if (strstr(q, " µs'") == e - 4)
				w[n] += (1.2 - 4 * 0.636) * em;
			at[n] = strtod(e + 10, &q);
			y[n] = strtod(strstr(q, "screen ") + 7, NULL);
			n++;
		}
		ck_assert_uint_ge(n, 3);
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++) {
				double d = fabs(log(at[j] / at[i])) / log(hi / lo) *
					   (x1 - x0);

				if (fabs(y[i] - y[j]) > 1e-6)
					continue;
				ck_assert_msg(d >= (w[i] + w[j]) / 2,
					      "paper %d: labels at %g and %g touch", paper,
					      at[i], at[j]);
			}
		free(text);
	}
}
END_TEST

/* Each bar of the breakdown says its latency, shape, k-split, dataflow and
   clock: "k1 os" and "1 GHz" for every design here (see design()). */
START_TEST(breakdown_labels)
{
	struct dse_plot_options opt = { NULL, DSE_PLOT_PNG, 0, 0, 0, 0 };
	char *text;
	double x;
	int paper;

	for (paper = 0; paper <= 1; paper++) {
		layout_results(paper ? 6 : 2, 0, "");
		opt.paper = paper;
		text = layout_script(&opt, "breakdown");
		ck_assert_ptr_nonnull(strstr(text, "'k1 os'"));
		ck_assert_ptr_nonnull(strstr(text, "'1 GHz'"));
		ck_assert_ptr_nonnull(strstr(text, "0 µs'"));
		ck_assert_ptr_nonnull(strstr(text, "×128'"));
		/* six formats on paper: a bar each (at x = 0..5), named in its
		   label; two on the default page: groups of bars, the name
		   centred beneath an even number of them (between two bars) */
		x = after(text, "set label 'f1' at first ", 0);
		if (paper)
			ck_assert_double_eq(x, 1);
		else
			ck_assert_double_eq(x - floor(x), 0.5);
		free(text);
	}
}
END_TEST

/* Panels: disjoint boxes, each with its title above it, its own axis
   labels and at least two labelled tics on each axis. */
START_TEST(points_panels)
{
	struct dse_plot_options opt = { NULL, DSE_PLOT_PNG, 0, 0, 0, 0 };
	int paper;

	for (paper = 0; paper <= 1; paper++) {
		double l[6], r[6], b[6], t[6], title;
		char *text, *p;
		size_t i, j;

		layout_results(6, 0, "");
		opt.paper = paper;
		text = layout_script(&opt, "points");
		ck_assert_uint_eq(count(text, "set label 903 'TOp/s'"), 6);
		ck_assert_uint_eq(count(text, "set label 904 'latency (µs)'"), 6);
		ck_assert_uint_eq(count(text, "set label 902 "), 6);
		for (i = 0; i < 6; i++) {
			l[i] = after(text, "set lmargin at screen ", i);
			r[i] = after(text, "set rmargin at screen ", i);
			b[i] = after(text, "set bmargin at screen ", i);
			t[i] = after(text, "set tmargin at screen ", i);
			p = strstr(strstr(text, "set label 902 "), " at screen ");
			for (j = 0; j < i; j++)
				p = strstr(strstr(p, "set label 902 "), " at screen ");
			title = strtod(strchr(p + 11, ',') + 9, NULL);
			ck_assert_msg(title > t[i], "panel %zu: title at %g, box top %g",
				      i, title, t[i]);
		}
		for (i = 0; i < 6; i++)
			for (j = i + 1; j < 6; j++)
				ck_assert_msg(r[i] <= l[j] || r[j] <= l[i] ||
					      t[i] <= b[j] || t[j] <= b[i],
					      "panels %zu and %zu overlap", i, j);
		p = strstr(text, "set xtics add (");
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_ge(count(p, "' ") - count(strchr(p, '\n'), "' "), 2);
		free(text);
	}
}
END_TEST

/* A long format name is cut in keys and labels, whole in comments. */
START_TEST(long_names_cut)
{
	struct dse_plot_options opt = { NULL, DSE_PLOT_PNG, 0, 0, 0, 0 };
	char *text;

	layout_results(2, 60, "");
	text = layout_script(&opt, "frontier");
	/* 19 of the 60 digits and an ellipsis: 20 characters */
	ck_assert_ptr_nonnull(strstr(text, "title '0000000000000000000…'"));
	ck_assert_ptr_null(strstr(text, "title '00000000000000000000"));
	ck_assert_ptr_nonnull(strstr(text, "# 000000000000000000000000000000000000000000000000000000000000\n"));
	free(text);
}
END_TEST

/* Format lists: names to bits, an unknown name refused. */
START_TEST(formats_parse)
{
	struct dse_error err = { 0, "" };
	unsigned bits = 0;

	ck_assert_int_eq(dse_plot_formats_parse("png", &bits, &err), DSE_OK);
	ck_assert_uint_eq(bits, DSE_PLOT_PNG);
	ck_assert_int_eq(dse_plot_formats_parse("svg,pdf,png", &bits, &err), DSE_OK);
	ck_assert_uint_eq(bits, DSE_PLOT_PNG | DSE_PLOT_SVG | DSE_PLOT_PDF);
	ck_assert_int_eq(dse_plot_formats_parse("png,gif", &bits, &err), DSE_EUSAGE);
	ck_assert_msg(strstr(err.msg, "'gif'") != NULL, "%s", err.msg);
	ck_assert_int_eq(dse_plot_formats_parse("", &bits, &err), DSE_EUSAGE);
	ck_assert_int_eq(dse_plot_formats_parse("png,", &bits, &err), DSE_EUSAGE);
}
END_TEST

Suite *suite_plot(void)
{
	Suite *s = suite_create("plot");
	TCase *tc = tcase_create("scripts");

	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, golden_files);
	tcase_add_test(tc, scripts_relative);
	tcase_add_test(tc, write_in_place);
	tcase_add_test(tc, empty_format);
	tcase_add_test(tc, sample_thinned);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, unsafe_script_finds);
	tcase_add_test(tc, hostile_names_stay_text);
	tcase_add_test(tc, fuzz_regressions);
	suite_add_tcase(s, tc);

	tc = tcase_create("layout");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, paper_page);
	tcase_add_test(tc, page_size_font);
	tcase_add_test(tc, size_parse);
	tcase_add_test(tc, layout_by_screen);
	tcase_add_test(tc, frontier_staircase);
	tcase_add_test(tc, key_placement);
	tcase_add_test(tc, bound_labels_apart);
	tcase_add_test(tc, breakdown_labels);
	tcase_add_test(tc, points_panels);
	tcase_add_test(tc, long_names_cut);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, missing_folder);
	tcase_add_test(tc, bad_frontier_json);
	tcase_add_test(tc, no_design);
	tcase_add_test(tc, bad_sample_csv);
	tcase_add_test(tc, bad_numbers);
	tcase_add_test(tc, sample_csv_records);
	tcase_add_test(tc, gnuplot_missing);
	tcase_add_test(tc, gnuplot_fails);
	tcase_add_test(tc, formats_parse);
	suite_add_tcase(s, tc);
	return s;
}
