/* test_output.c - JSON, CSV and text writers; atomic files. */
#include <dirent.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	struct dse_budget b = { 300, 75, 75 };
	struct dse_error err = { 0, "" };

	ck_assert_msg(dse_tech_load("n7", test_datadir(), &tech, &err) == DSE_OK,
		      "%s", err.msg);
	ck_assert_msg(dse_workload_get("lstm", test_datadir(), &wl, &err) == DSE_OK, "%s",
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
	struct dse_budget budget = { 300, 75, 75 };

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
	tcase_add_test(tc, text_eval_sections);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, point_setup, point_teardown);
	tcase_add_checked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, atomic_success);
	tcase_add_test(tc, atomic_failure_leaves_nothing);
	tcase_add_test(tc, atomic_failure_keeps_old_file);
	tcase_add_test(tc, atomic_missing_folder);
	tcase_add_test(tc, json_write_file);
	suite_add_tcase(s, tc);
	return s;
}
