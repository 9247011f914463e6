/* test_output.c - JSON, CSV and text writers; atomic files. */
#include <dirent.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>
#include <cjson/cJSON.h>

#include "dse_output.h"
#include "suites.h"

static struct dse_tech *tech;
static struct dse_workload *wl;
static struct dse_format fmt;
static struct dse_model model;
static struct dse_point pt;

/* The default design (n7, lstm, hbfp8, os, 16 x 128, 1 GHz), evaluated. */
static void point_setup(void)
{
	struct dse_budget b = { 300, 75, 75, 0 };
	struct dse_error err = { 0, "" };

	ck_assert_msg(dse_tech_load("n7", test_datadir(), &tech, &err) == DSE_OK,
		      "%s", err.msg);
	ck_assert_msg(dse_workload_find("lstm", test_datadir(), &wl, &err) == DSE_OK, "%s",
		      err.msg);
	ck_assert_int_eq(dse_model_init(&model, tech, wl, &b, &err), DSE_OK);
	ck_assert_int_eq(dse_format_parse("hbfp8", &fmt, &err), DSE_OK);
	memset(&pt, 0, sizeof pt);
	pt.design.format = &fmt;
	pt.design.dataflow = DSE_OS;
	pt.design.rows = 16;
	pt.design.cols = 128;
	pt.design.ksplit = 1;
	ck_assert_int_eq(dse_tech_opp(tech, 1.0, &pt.design.opp, &err), DSE_OK);
	ck_assert_int_eq(dse_model_eval(&model, &pt.design, &pt.result, &err),
			 DSE_OK);
}

static void point_teardown(void)
{
	dse_workload_free(wl);
	wl = NULL;
	dse_tech_free(tech);
	tech = NULL;
}

/* Read a whole stream from its start into a malloc'd string. */
static char *slurp(FILE *f)
{
	long n;
	char *buf;

	ck_assert_int_eq(fflush(f), 0);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	return buf;
}

static char *read_path(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	s = slurp(f);
	fclose(f);
	return s;
}

/*
 * Every field of the table is in obj, once, with the point's value: exactly
 * when dse printed the numbers (dse_format_double), within one part in
 * 2^52 when cJSON_Print did (it keeps 15 digits when they read back equal
 * to DBL_EPSILON relative, cJSON 1.7 print_number).
 */
static void check_fields(const cJSON *obj, const struct dse_point *p,
			 int exact)
{
	size_t n, i;
	const struct dse_field *f = dse_fields(&n);

	ck_assert(cJSON_IsObject(obj));
	ck_assert_int_eq(cJSON_GetArraySize(obj), (int)n);
	for (i = 0; i < n; i++) {
		const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj,
								     f[i].key);

		ck_assert_msg(item != NULL, "key %s missing", f[i].key);
		switch (f[i].kind) {
		case DSE_FIELD_STRING:
			ck_assert_msg(cJSON_IsString(item), "%s", f[i].key);
			ck_assert_str_eq(item->valuestring, f[i].string(p));
			break;
		case DSE_FIELD_BOOL:
			ck_assert_msg(cJSON_IsBool(item), "%s", f[i].key);
			ck_assert_int_eq(cJSON_IsTrue(item),
					 f[i].number(p) != 0);
			break;
		default:
			if (!isfinite(f[i].number(p))) {
				ck_assert_msg(cJSON_IsNull(item), "%s",
					      f[i].key);
				break;
			}
			ck_assert_msg(cJSON_IsNumber(item), "%s", f[i].key);
			/* printed the shortest way that reads back exactly */
			ck_assert_msg(exact ? item->valuedouble == f[i].number(p) :
					      fabs(item->valuedouble -
						   f[i].number(p)) <=
						      DBL_EPSILON *
							      fabs(f[i].number(p)),
				      "%s: %.17g read back as %.17g", f[i].key,
				      f[i].number(p), item->valuedouble);
		}
	}
}

/* ---- the field table ---- */

START_TEST(fields_unique_keys)
{
	size_t n, i, j;
	const struct dse_field *f = dse_fields(&n);

	ck_assert(n > 0);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(f[i].key);
		ck_assert_ptr_nonnull(f[i].meaning);
		ck_assert_msg(f[i].kind == DSE_FIELD_STRING ? f[i].string != NULL :
							      f[i].number != NULL,
			      "%s has no accessor", f[i].key);
		for (j = i + 1; j < n; j++)
			ck_assert_msg(strcmp(f[i].key, f[j].key) != 0,
				      "key %s twice", f[i].key);
	}
}
END_TEST

START_TEST(fields_values)
{
	size_t n, i;
	const struct dse_field *f = dse_fields(&n);
	int seen = 0;

	for (i = 0; i < n; i++) {
		if (strcmp(f[i].key, "cycles") == 0) {
			/* 64770 (test_eval default_design) */
			ck_assert_double_eq(f[i].number(&pt), 64770);
			seen++;
		} else if (strcmp(f[i].key, "format") == 0) {
			ck_assert_str_eq(f[i].string(&pt), "hbfp8_576");
			seen++;
		} else if (strcmp(f[i].key, "weights_mb") == 0) {
			/* 33554432 * (8 + 10/576) / 8 / 2^20 = 32.069444 MB */
			ck_assert_double_eq_tol(f[i].number(&pt), 32.069444, 1e-6);
			seen++;
		} else if (strcmp(f[i].key, "power_w") == 0) {
			/* the peak power, 52.059815 W (test_eval) */
			ck_assert_double_eq_tol(f[i].number(&pt), 52.059815, 1e-6);
			seen++;
		}
	}
	ck_assert_int_eq(seen, 4);
}
END_TEST

/* ---- JSON ---- */

START_TEST(json_point_round_trip)
{
	cJSON *obj = dse_json_point(&pt), *back;
	char *text;

	ck_assert_ptr_nonnull(obj);
	text = cJSON_Print(obj);
	ck_assert_ptr_nonnull(text);
	back = cJSON_Parse(text);
	cJSON_free(text);
	ck_assert_ptr_nonnull(back);
	check_fields(back, &pt, 0);
	cJSON_Delete(back);
	cJSON_Delete(obj);
}
END_TEST

START_TEST(json_point_non_finite_is_null)
{
	struct dse_point p = pt;
	cJSON *obj, *item;

	/* an infeasible design leaves figures at 0 or non-finite; JSON has no
	 * NaN, so those print as null */
	p.result.latency_us = NAN;
	p.result.throughput_tops = INFINITY;
	obj = dse_json_point(&p);
	ck_assert_ptr_nonnull(obj);
	item = cJSON_GetObjectItemCaseSensitive(obj, "latency_us");
	ck_assert(cJSON_IsNull(item));
	item = cJSON_GetObjectItemCaseSensitive(obj, "throughput_tops");
	ck_assert(cJSON_IsNull(item));
	cJSON_Delete(obj);
}
END_TEST

START_TEST(jsonl_point_round_trip)
{
	FILE *f = tmpfile();
	char *text;
	cJSON *back;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dse_jsonl_point(f, &pt), DSE_OK);
	text = slurp(f);
	fclose(f);
	/* one line */
	ck_assert_ptr_eq(strchr(text, '\n'), text + strlen(text) - 1);
	back = cJSON_Parse(text);
	free(text);
	ck_assert_ptr_nonnull(back);
	/* JSON Lines are printed by dse_format_double: exact */
	check_fields(back, &pt, 1);
	cJSON_Delete(back);
}
END_TEST

START_TEST(json_tech_and_workload)
{
	cJSON *t = dse_json_tech(tech), *w = dse_json_workload(wl), *b, *x;
	struct dse_budget budget = { 300, 75, 75, 0 };

	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(cJSON_GetObjectItem(t, "name")->valuestring, "n7");
	x = cJSON_GetObjectItem(t, "parameters");
	ck_assert_int_eq(cJSON_GetArraySize(x), (int)dse_tech_nparams());
	x = cJSON_GetObjectItem(cJSON_GetObjectItem(x, "sram_read_pj_per_bit"),
				"value");
	ck_assert_double_eq(x->valuedouble, 0.22);
	cJSON_Delete(t);

	ck_assert_ptr_nonnull(w);
	/* lstm: 8192 * 4096 = 33554432 weights, 2 stages, 15 steps */
	ck_assert_double_eq(cJSON_GetObjectItem(w, "weights")->valuedouble,
				33554432);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(w, "stages")), 2);
	ck_assert_double_eq(cJSON_GetObjectItem(w, "repeat")->valuedouble,
				15);
	cJSON_Delete(w);

	b = dse_json_budget(&budget);
	ck_assert_ptr_nonnull(b);
	ck_assert_double_eq(cJSON_GetObjectItem(b, "sram_mb")->valuedouble,
				75);
	cJSON_Delete(b);
}
END_TEST

START_TEST(json_gemm_keys)
{
	struct dse_gemm_stats s;
	cJSON *obj;

	/* ws 8 x 4, M 3, N 10, K 13: 126 cycles, 6 folds (test_gemm) */
	dse_gemm_eval(DSE_WS, 8, 4, 3, 10, 13, 1, 0, &s);
	obj = dse_json_gemm(DSE_WS, 8, 4, 3, 10, 13, &s);
	ck_assert_ptr_nonnull(obj);
	ck_assert_str_eq(cJSON_GetObjectItem(obj, "dataflow")->valuestring, "ws");
	ck_assert_double_eq(cJSON_GetObjectItem(obj, "cycles")->valuedouble,
				126);
	ck_assert_double_eq(cJSON_GetObjectItem(obj, "folds")->valuedouble,
				6);
	/* reads: 117 A + 130 B + 30 O = 277 words; writes 60 */
	ck_assert_double_eq(
		cJSON_GetObjectItem(obj, "sram_reads_words")->valuedouble, 277);
	ck_assert_double_eq(
		cJSON_GetObjectItem(obj, "sram_writes_words")->valuedouble, 60);
	cJSON_Delete(obj);
}
END_TEST

START_TEST(format_double)
{
	char buf[64];

	dse_format_double(buf, sizeof buf, 3.0);
	ck_assert_str_eq(buf, "3");
	dse_format_double(buf, sizeof buf, 0.1);
	ck_assert_str_eq(buf, "0.1");
	dse_format_double(buf, sizeof buf, 64770.0);
	ck_assert_str_eq(buf, "64770");
	dse_format_double(buf, sizeof buf, NAN);
	ck_assert_str_eq(buf, "null");
	dse_format_double(buf, sizeof buf, INFINITY);
	ck_assert_str_eq(buf, "null");
	/* 1/3 needs 17 digits to read back */
	dse_format_double(buf, sizeof buf, 1.0 / 3.0);
	ck_assert(strtod(buf, NULL) == 1.0 / 3.0);
	dse_format_double(buf, sizeof buf, 8.0 + 10.0 / 576.0);
	ck_assert(strtod(buf, NULL) == 8.0 + 10.0 / 576.0);
}
END_TEST

/* ---- CSV ---- */

START_TEST(csv_header_golden)
{
	FILE *f = tmpfile();
	char *got, *want, path[4096];

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dse_csv_header(f), DSE_OK);
	got = slurp(f);
	fclose(f);
	snprintf(path, sizeof path, "%s/golden/csv_header.csv", test_inputs());
	want = read_path(path);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
}
END_TEST

START_TEST(csv_point_columns)
{
	FILE *f = tmpfile();
	char *text, *p;
	size_t n, commas = 0;

	dse_fields(&n);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dse_csv_point(f, &pt), DSE_OK);
	text = slurp(f);
	fclose(f);
	for (p = text; *p; p++)
		commas += *p == ',';
	/* one cell per field */
	ck_assert_uint_eq(commas, n - 1);
	ck_assert_ptr_eq(strchr(text, '\n'), text + strlen(text) - 1);
	/* format, dataflow, rows, cols, k_split, batch (= rows for os) */
	ck_assert_int_eq(strncmp(text, "hbfp8_576,os,16,128,1,16,", 25), 0);
	free(text);
}
END_TEST

/* ---- text ---- */

/* Control characters and bytes that are not UTF-8 shown as C escapes. */
START_TEST(text_escape)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "hbfp8_576", "hbfp8_576" },
		{ "a\nb\tc\rd", "a\\nb\\tc\\rd" },
		{ "\x1b[2J\x1b[31mred", "\\x1b[2J\\x1b[31mred" },
		{ "del\x7f", "del\\x7f" },
		/* kept: backslash, quotes, 2- to 4-byte UTF-8 (µ, ×, U+1F600) */
		{ "a\\b'\"", "a\\b'\"" },
		{ "\xc2\xb5s \xc3\x97 \xf0\x9f\x98\x80", "\xc2\xb5s \xc3\x97 \xf0\x9f\x98\x80" },
		/* U+009B (CSI as a C1 control) and U+0085 (next line) */
		{ "x\xc2\x9by\xc2\x85", "x\\u009by\\u0085" },
		/* not UTF-8: a lone continuation byte, a truncated sequence,
		   an overlong encoding of '/', a UTF-16 surrogate */
		{ "\x80", "\\x80" },
		{ "\xe2\x82", "\\xe2\\x82" },
		{ "\xc0\xaf", "\\xc0\\xaf" },
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(dse_text_escape(cases[i].in, buf, sizeof buf),
				 cases[i].out);
	/* cut at a character boundary: "ab" and never half of "\n" or "µ" */
	ck_assert_str_eq(dse_text_escape("ab\ncd", buf, 4), "ab");
	ck_assert_str_eq(dse_text_escape("a\xc2\xb5", buf, 3), "a");
	ck_assert_str_eq(dse_text_escape("a\xc2\xb5", buf, 4), "a\xc2\xb5");
}
END_TEST

/* RFC 4180 section 2: a field with a comma, quote, CR or LF is quoted and
   its quotes doubled; any other field is written as it is. */
START_TEST(csv_string_quoting)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "bf16", "bf16" },
		{ "", "" },
		{ "a b'c", "a b'c" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "a\nb", "\"a\nb\"" },
		{ "a\rb", "\"a\rb\"" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		FILE *f = tmpfile();
		char *got;

		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(dse_csv_string(f, cases[i].in), DSE_OK);
		got = slurp(f);
		fclose(f);
		ck_assert_str_eq(got, cases[i].out);
		free(got);
	}
}
END_TEST

/* A format name needing quotes (no real format has one, a future one
   might): every CSV writer quotes it, points.jsonl escapes it. */
START_TEST(csv_names_quoted)
{
	static const char name[] = "hb,\"8\"\nx";
	static const char quoted[] = "\"hb,\"\"8\"\"\nx\"";
	struct dse_explore_result res;
	struct dse_format odd = fmt;
	struct dse_point p = pt;
	cJSON *json;
	char want[128], *text;
	FILE *f;

	snprintf(odd.name, sizeof odd.name, "%s", name);
	p.design.format = &odd;
	memset(&res, 0, sizeof res);
	res.nformats = 1;
	res.formats[0] = odd;
	res.frontier[0].n = res.all.n = 1;
	res.frontier[0].p = res.all.p = &p;
	res.nsample = 1;
	res.sample = &(struct dse_sample){ 0, DSE_OS, 16, 128, 1, 16, 1, 10, 20, 30, 0, 0 };

	f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dse_csv_point(f, &p), DSE_OK);
	text = slurp(f);
	fclose(f);
	snprintf(want, sizeof want, "%s,os,16,128,", quoted);
	ck_assert_msg(strncmp(text, want, strlen(want)) == 0, "%s", text);
	free(text);

	f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dse_csv_frontier(f, &res), DSE_OK);
	text = slurp(f);
	fclose(f);
	snprintf(want, sizeof want, "\n%s,%s,os,16,128,", quoted, quoted);
	ck_assert_msg(strstr(text, want) != NULL, "%s", text);
	free(text);

	f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dse_csv_sample(f, &res), DSE_OK);
	text = slurp(f);
	fclose(f);
	/* the sample's last column is its SRAM size (0: not set here) */
	snprintf(want, sizeof want, "\n%s,os,16,128,1,16,1,10,20,30,0\n", quoted);
	ck_assert_msg(strstr(text, want) != NULL, "%s", text);
	free(text);

	f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dse_jsonl_point(f, &p), DSE_OK);
	text = slurp(f);
	fclose(f);
	json = cJSON_Parse(text);
	ck_assert_msg(json != NULL, "not JSON: %s", text);
	ck_assert_str_eq(cJSON_GetObjectItem(json, "format")->valuestring, name);
	cJSON_Delete(json);
	free(text);
}
END_TEST

/* Names with control characters reach the terminal escaped: a crafted
   technology or workload name can neither clear the screen nor forge a
   line of the summary. */
START_TEST(text_names_escaped)
{
	struct dse_explore_result res;
	struct dse_study st;
	char *text, *nl;
	FILE *f;

	snprintf(tech->name, sizeof tech->name, "n7\x1b[2J\nforged");
	snprintf(wl->name, sizeof wl->name, "lstm\r");
	memset(&res, 0, sizeof res);
	res.nformats = 1;
	res.formats[0] = fmt;
	res.frontier[0].n = res.all.n = 1;
	res.frontier[0].p = res.all.p = &pt;
	dse_study_defaults(&st);

	f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dse_text_explore(f, &res, &st, &model, 16), DSE_OK);
	ck_assert_int_eq(dse_text_eval(f, &model, &pt), DSE_OK);
	text = slurp(f);
	fclose(f);
	ck_assert_ptr_null(strchr(text, '\x1b'));
	ck_assert_ptr_null(strchr(text, '\r'));
	nl = strchr(text, '\n');
	ck_assert_ptr_nonnull(nl);
	*nl = '\0';
	ck_assert_str_eq(text, "dse explore: n7\\x1b[2J\\nforged, lstm\\r, budget 300 mm2, 75 W, 75 MB SRAM");
	ck_assert_ptr_nonnull(strstr(nl + 1, "\nsetting    technology n7\\x1b[2J\\nforged, workload lstm\\r, budget"));
	ck_assert_ptr_null(strstr(nl + 1, "\nforged"));
	free(text);
}
END_TEST

START_TEST(text_eval_sections)
{
	FILE *f = tmpfile();
	char *text;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dse_text_eval(f, &model, &pt), DSE_OK);
	text = slurp(f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "verdict    feasible"));
	ck_assert_ptr_nonnull(strstr(text, "\nsizing\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nperformance"));
	ck_assert_ptr_nonnull(strstr(text, "\narea"));
	ck_assert_ptr_nonnull(strstr(text, "\npeak power"));
	ck_assert_ptr_nonnull(strstr(text, "\nenergy per batch\n"));
	free(text);
}
END_TEST

/* ---- atomic files ---- */

static char tmpdir[64];

static void dir_setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/dse-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Remove the files the tests left and the folder. */
static void dir_teardown(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(tmpdir);
}

/* Number of entries in the folder, "." and ".." aside. */
static int dir_entries(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int write_hello(FILE *f, void *arg, struct dse_error *err)
{
	(void)err;
	return fputs((const char *)arg, f) < 0 ? DSE_EIO : DSE_OK;
}

static int write_then_fail(FILE *f, void *arg, struct dse_error *err)
{
	(void)arg;
	fputs("{ \"half\": ", f);
	return dse_error_set(err, DSE_EIO, "writer gave up");
}

START_TEST(atomic_success)
{
	char path[512];
	char *text;
	struct dse_error err = { 0, "" };
	struct stat st;

	snprintf(path, sizeof path, "%s/out.txt", tmpdir);
	ck_assert_int_eq(dse_file_write_atomic(path, write_hello, "hello\n",
					       &err), DSE_OK);
	text = read_path(path);
	ck_assert_str_eq(text, "hello\n");
	free(text);
	/* only the file itself: no temporary left */
	ck_assert_int_eq(dir_entries(), 1);
	ck_assert_int_eq(stat(path, &st), 0);
	/* readable by others, like any output (0644) */
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	/* overwriting replaces the content */
	ck_assert_int_eq(dse_file_write_atomic(path, write_hello, "bye\n", &err),
			 DSE_OK);
	text = read_path(path);
	ck_assert_str_eq(text, "bye\n");
	free(text);
	ck_assert_int_eq(dir_entries(), 1);
}
END_TEST

START_TEST(atomic_failure_leaves_nothing)
{
	char path[512];
	struct dse_error err = { 0, "" };

	snprintf(path, sizeof path, "%s/out.json", tmpdir);
	ck_assert_int_eq(dse_file_write_atomic(path, write_then_fail, NULL,
					       &err), DSE_EIO);
	ck_assert_int_eq(access(path, F_OK), -1);
	/* neither the file nor any out.json.tmp.* */
	ck_assert_int_eq(dir_entries(), 0);
}
END_TEST

START_TEST(atomic_failure_keeps_old_file)
{
	char path[512];
	char *text;
	struct dse_error err = { 0, "" };

	snprintf(path, sizeof path, "%s/out.json", tmpdir);
	ck_assert_int_eq(dse_file_write_atomic(path, write_hello, "old\n", &err),
			 DSE_OK);
	ck_assert_int_eq(dse_file_write_atomic(path, write_then_fail, NULL,
					       &err), DSE_EIO);
	text = read_path(path);
	ck_assert_str_eq(text, "old\n");
	free(text);
	ck_assert_int_eq(dir_entries(), 1);
}
END_TEST

START_TEST(atomic_missing_folder)
{
	char path[512];
	struct dse_error err = { 0, "" };

	snprintf(path, sizeof path, "%s/no/such/dir/out.json", tmpdir);
	ck_assert_int_eq(dse_file_write_atomic(path, write_hello, "x", &err),
			 DSE_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_int_eq(dir_entries(), 0);
}
END_TEST

START_TEST(json_write_file)
{
	char path[512];
	char *text;
	struct dse_error err = { 0, "" };
	cJSON *obj = dse_json_point(&pt), *back;

	ck_assert_ptr_nonnull(obj);
	snprintf(path, sizeof path, "%s/point.json", tmpdir);
	ck_assert_int_eq(dse_json_write_file(path, obj, &err), DSE_OK);
	cJSON_Delete(obj);
	text = read_path(path);
	/* newline-terminated */
	ck_assert(strlen(text) > 0 && text[strlen(text) - 1] == '\n');
	back = cJSON_Parse(text);
	free(text);
	ck_assert_ptr_nonnull(back);
	check_fields(back, &pt, 0);
	cJSON_Delete(back);
	ck_assert_int_eq(dir_entries(), 1);
}
END_TEST

/* The file at path holds exactly want. */
static void file_is(const char *path, const char *want)
{
	char *text = read_path(path);

	ck_assert_str_eq(text, want);
	free(text);
}

/* A set replaces every old file, or none when one member fails. */
START_TEST(fileset_all_or_nothing)
{
	char a[512], b[512];
	struct dse_error err = { 0, "" };
	struct dse_fileset *set;

	snprintf(a, sizeof a, "%s/a.txt", tmpdir);
	snprintf(b, sizeof b, "%s/b.txt", tmpdir);
	ck_assert_int_eq(dse_fileset_new(&set, &err), DSE_OK);
	ck_assert_int_eq(dse_fileset_write(set, a, write_hello, "a1\n", &err), DSE_OK);
	ck_assert_int_eq(dse_fileset_write(set, b, write_hello, "b1\n", &err), DSE_OK);
	/* nothing under a final name before the commit: two temporaries */
	ck_assert_int_eq(access(a, F_OK), -1);
	ck_assert_int_eq(dir_entries(), 2);
	ck_assert_int_eq(dse_fileset_commit(set, &err), DSE_OK);
	dse_fileset_free(set);
	ck_assert_int_eq(dir_entries(), 2);

	/* the second member fails: the first keeps its old content */
	ck_assert_int_eq(dse_fileset_new(&set, &err), DSE_OK);
	ck_assert_int_eq(dse_fileset_write(set, a, write_hello, "a2\n", &err), DSE_OK);
	ck_assert_int_eq(dse_fileset_write(set, b, write_then_fail, NULL, &err),
			 DSE_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, b));
	dse_fileset_free(set);
	file_is(a, "a1\n");
	file_is(b, "b1\n");
	ck_assert_int_eq(dir_entries(), 2);
}
END_TEST

/* Folders a set made go when it is not committed, stay when it is. */
START_TEST(fileset_folders)
{
	char dir[256], path[512];
	struct dse_error err = { 0, "" };
	struct dse_fileset *set;

	snprintf(dir, sizeof dir, "%s/x/y", tmpdir);
	snprintf(path, sizeof path, "%s/f.txt", dir);
	ck_assert_int_eq(dse_fileset_new(&set, &err), DSE_OK);
	ck_assert_int_eq(dse_fileset_mkdir(set, dir, &err), DSE_OK);
	ck_assert_int_eq(dse_fileset_write(set, path, write_hello, "f", &err), DSE_OK);
	dse_fileset_free(set); /* not committed: x/y and x removed */
	ck_assert_int_eq(dir_entries(), 0);

	ck_assert_int_eq(dse_fileset_new(&set, &err), DSE_OK);
	ck_assert_int_eq(dse_fileset_mkdir(set, dir, &err), DSE_OK);
	ck_assert_int_eq(dse_fileset_write(set, path, write_hello, "f", &err), DSE_OK);
	ck_assert_int_eq(dse_fileset_commit(set, &err), DSE_OK);
	dse_fileset_free(set);
	ck_assert_int_eq(access(path, R_OK), 0);
	unlink(path);
	rmdir(dir);
	snprintf(dir, sizeof dir, "%s/x", tmpdir);
	rmdir(dir);
}
END_TEST

/* dse_writer of 64 kB of text. */
static int write_64k(FILE *f, void *arg, struct dse_error *err)
{
	int i;

	(void)arg;
	(void)err;
	for (i = 0; i < 1024; i++)
		if (fputs("0123456789012345678901234567890123456789012345678901234567890\n",
			  f) < 0)
			return DSE_EIO;
	return DSE_OK;
}

/* A write error names the file and the system's reason (here EFBIG). */
START_TEST(fileset_write_error_reason)
{
	char path[512];
	struct dse_error err = { 0, "" };
	struct dse_fileset *set;
	struct rlimit old, small;
	void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
	int rc;

	snprintf(path, sizeof path, "%s/big.txt", tmpdir);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 4096; /* bytes */
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	ck_assert_int_eq(dse_fileset_new(&set, &err), DSE_OK);
	rc = dse_fileset_write(set, path, write_64k, NULL, &err);
	if (rc == DSE_OK) /* what stdio held back fails at the commit */
		rc = dse_fileset_commit(set, &err);
	dse_fileset_free(set);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, old_handler);
	ck_assert_int_eq(rc, DSE_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "big.txt: write failed: File too large"));
	ck_assert_int_eq(dir_entries(), 0);
}
END_TEST

/* Little-endian double at b. */
static double get_f8(const unsigned char *b)
{
	uint64_t bits = 0;
	double v;
	int i;

	for (i = 7; i >= 0; i--)
		bits = bits << 8 | b[i];
	memcpy(&v, &bits, sizeof v);
	return v;
}

/*
 * points.npy as the NumPy format 1.0 defines it: magic "\x93NUMPY", version
 * 1.0, a little-endian header length, a dict naming every field of the
 * table ('<f8' numbers, '|S32' strings, '|b1' booleans) and the shape (2,),
 * padded so that the data starts at a multiple of 64; then two records of
 * the summed field sizes, whose fields decode to the point's values.
 */
START_TEST(npy_structured_array)
{
	FILE *f = tmpfile();
	struct dse_npy_writer *w;
	struct dse_error err;
	unsigned char *buf;
	size_t n, nf, i, record = 0, hl, off;
	const struct dse_field *fl = dse_fields(&nf);
	char *dict;
	long len;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dse_npy_open(f, &w, &err), DSE_OK);
	ck_assert_int_eq(dse_npy_point(w, &pt), DSE_OK);
	ck_assert_int_eq(dse_npy_point(w, &pt), DSE_OK);
	ck_assert_int_eq(dse_npy_finish(w), DSE_OK);
	dse_npy_free(w);
	len = ftell(f);
	buf = malloc((size_t)len);
	rewind(f);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	ck_assert(memcmp(buf, "\x93NUMPY\x01\x00", 8) == 0);
	hl = buf[8] | (size_t)buf[9] << 8;
	ck_assert_uint_eq((10 + hl) % 64, 0);
	ck_assert_int_eq(buf[10 + hl - 1], '\n');
	dict = strndup((const char *)buf + 10, hl);
	ck_assert_ptr_nonnull(strstr(dict, "'fortran_order': False"));
	ck_assert_ptr_nonnull(strstr(dict, "'shape': ("));
	ck_assert_ptr_nonnull(strstr(dict, " 2,), }"));
	ck_assert_ptr_nonnull(strstr(dict, "('format', '|S32')"));
	ck_assert_ptr_nonnull(strstr(dict, "('latency_us', '<f8')"));
	ck_assert_ptr_nonnull(strstr(dict, "('feasible', '|b1')"));
	for (i = 0; i < nf; i++)
		record += fl[i].kind == DSE_FIELD_STRING ? 32 :
			  fl[i].kind == DSE_FIELD_BOOL ? 1 : 8;
	ck_assert_uint_eq((size_t)len, 10 + hl + 2 * record);
	/* the second record: every number and string as the point has it */
	off = 10 + hl + record;
	for (i = 0; i < nf; i++) {
		if (fl[i].kind == DSE_FIELD_STRING) {
			ck_assert(strncmp((const char *)buf + off, fl[i].string(&pt), 32) == 0);
			off += 32;
		} else if (fl[i].kind == DSE_FIELD_BOOL) {
			ck_assert_int_eq(buf[off], fl[i].number(&pt) != 0);
			off += 1;
		} else {
			double v = get_f8(buf + off), want = fl[i].number(&pt);

			ck_assert(v == want || (isnan(v) && isnan(want)));
			off += 8;
		}
	}
	n = off;
	ck_assert_uint_eq(n, (size_t)len);
	free(dict);
	free(buf);
}
END_TEST

Suite *suite_output(void)
{
	Suite *s = suite_create("output");
	TCase *tc;

	tc = tcase_create("fields");
	tcase_add_checked_fixture(tc, point_setup, point_teardown);
	tcase_add_test(tc, fields_unique_keys);
	tcase_add_test(tc, fields_values);
	tcase_add_test(tc, format_double);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_checked_fixture(tc, point_setup, point_teardown);
	tcase_add_test(tc, json_point_round_trip);
	tcase_add_test(tc, json_point_non_finite_is_null);
	tcase_add_test(tc, jsonl_point_round_trip);
	tcase_add_test(tc, json_tech_and_workload);
	tcase_add_test(tc, json_gemm_keys);
	suite_add_tcase(s, tc);

	tc = tcase_create("csv_text");
	tcase_add_checked_fixture(tc, point_setup, point_teardown);
	tcase_add_test(tc, csv_header_golden);
	tcase_add_test(tc, csv_point_columns);
	tcase_add_test(tc, npy_structured_array);
	tcase_add_test(tc, text_eval_sections);
	tcase_add_test(tc, text_escape);
	tcase_add_test(tc, csv_string_quoting);
	tcase_add_test(tc, csv_names_quoted);
	tcase_add_test(tc, text_names_escaped);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, point_setup, point_teardown);
	tcase_add_checked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, atomic_success);
	tcase_add_test(tc, atomic_failure_leaves_nothing);
	tcase_add_test(tc, atomic_failure_keeps_old_file);
	tcase_add_test(tc, atomic_missing_folder);
	tcase_add_test(tc, json_write_file);
	tcase_add_test(tc, fileset_all_or_nothing);
	tcase_add_test(tc, fileset_folders);
	tcase_add_test(tc, fileset_write_error_reason);
	suite_add_tcase(s, tc);
	return s;
}
