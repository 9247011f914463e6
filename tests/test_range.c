/* test_range.c - value ranges: lists, arithmetic and geometric progressions. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "dse_explore.h"
#include "suites.h"

/* The `what` every call passes: error messages must name it. */
#define WHAT "--test-range"

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

/* Parse text and compare with the expected values, exactly. */
static void expect_values(const char *text, double lo_ok, double hi_ok,
			  int whole, const double *want, size_t nwant)
{
	struct dse_range r = { 0, NULL };
	struct dse_error err = { 0, "" };
	int rc = dse_range_parse(text, WHAT, lo_ok, hi_ok, whole, &r, &err);
	size_t i;

	ck_assert_msg(rc == DSE_OK, "'%s': %s", text, err.msg);
	ck_assert_msg(r.n == nwant, "'%s': %zu values, want %zu", text, r.n,
		      nwant);
	for (i = 0; i < nwant; i++)
		ck_assert_msg(r.v[i] == want[i], "'%s'[%zu] = %.17g, want %.17g",
			      text, i, r.v[i], want[i]);
	dse_range_free(&r);
}

/* ---- well-formed ranges, expectations written out by hand ---- */

static const double v_1_2_4[] = { 1, 2, 4 };
static const double v_1to5[] = { 1, 2, 3, 4, 5 };
static const double v_1_4_7_10[] = { 1, 4, 7, 10 };
static const double v_1_4_7[] = { 1, 4, 7 };
static const double v_pow2_64[] = { 1, 2, 4, 8, 16, 32, 64 };
static const double v_cols[] = { 32, 64, 128, 256, 512, 1024, 2048, 4096 };
static const double v_pow3[] = { 3, 9, 27, 81 };
static const double v_mix[] = { 1, 8, 16, 32 };
static const double v_mix2[] = { 1, 5, 8, 9, 13, 16, 32 };
static const double v_one[] = { 7 };
static const double v_frac[] = { 0.25, 1.5, 2 };

static const struct {
	const char *text;
	int whole;
	const double *want;
	size_t n;
} good[] = {
	{ "4,1,2", 1, v_1_2_4, N_OF(v_1_2_4) },          /* list, sorted */
	{ "4,2,1,2,4,4", 1, v_1_2_4, N_OF(v_1_2_4) },    /* de-duplicated */
	{ "1:5", 1, v_1to5, N_OF(v_1to5) },              /* step 1 */
	{ "5,1:4,2,3", 1, v_1to5, N_OF(v_1to5) },        /* overlap */
	{ "1:10:3", 1, v_1_4_7_10, N_OF(v_1_4_7_10) },   /* hi on the grid */
	{ "1:9:3", 1, v_1_4_7, N_OF(v_1_4_7) },          /* 10 > 9 stops */
	{ "1:100:x2", 1, v_pow2_64, N_OF(v_pow2_64) },   /* 128 > 100 stops */
	{ "1:64:x2", 1, v_pow2_64, N_OF(v_pow2_64) },    /* hi reached */
	{ "32:4096:x2", 1, v_cols, N_OF(v_cols) },       /* the cols default */
	{ "3:100:x3", 1, v_pow3, N_OF(v_pow3) },         /* 243 > 100 */
	{ "1,8:32:x2", 1, v_mix, N_OF(v_mix) },          /* mixture */
	{ "8:32:x2,1:16:4", 1, v_mix2, N_OF(v_mix2) },   /* 1,5,9,13 + 8,16,32 */
	{ "32,16:32:x2,1,8", 1, v_mix, N_OF(v_mix) },    /* mixture, duplicates */
	{ "7", 1, v_one, N_OF(v_one) },
	{ "7:7", 1, v_one, N_OF(v_one) },                /* lo == hi */
	{ "7:7:x2", 1, v_one, N_OF(v_one) },
	{ "2,0.25,1.5", 0, v_frac, N_OF(v_frac) },       /* fractions allowed */
};

START_TEST(parses)
{
	expect_values(good[_i].text, 0.1, 65536, good[_i].whole, good[_i].want,
		      good[_i].n);
}
END_TEST

/*
 * lo:hi:step with a step that is not a binary fraction: the k-th value is
 * lo + k step up to rounding, and the last one is hi itself, not hi plus or
 * minus an ulp (0.1 * 6 + 0.6 = 1.2000000000000002 in doubles, and
 * -0.3 + 3 * 0.1 = 5.6e-17, not 0).
 */
static const struct {
	const char *text;
	double lo, step, hi;
	size_t n;
} drift[] = {
	{ "0.5:1.0:0.1", 0.5, 0.1, 1.0, 6 },
	{ "0.6:1.2:0.1", 0.6, 0.1, 1.2, 7 },
	{ "0.1:0.3:0.1", 0.1, 0.1, 0.3, 3 },
	{ "0:1:0.1", 0.0, 0.1, 1.0, 11 },
	{ "0.6:1.2:0.002", 0.6, 0.002, 1.2, 301 },
	{ "0.7:2.8:0.7", 0.7, 0.7, 2.8, 4 },
	{ "-0.3:0:0.1", -0.3, 0.1, 0.0, 4 },
	{ "-1.2:-0.6:0.1", -1.2, 0.1, -0.6, 7 },
};

START_TEST(no_drift)
{
	struct dse_range r = { 0, NULL };
	struct dse_error err = { 0, "" };
	double v[512];
	size_t k, n;
	int rc = dse_range_parse(drift[_i].text, WHAT, -10, 10, 0, &r, &err);

	ck_assert_msg(rc == DSE_OK, "%s: %s", drift[_i].text, err.msg);
	/* copied out and freed first: a failed check leaks nothing */
	n = r.n < N_OF(v) ? r.n : N_OF(v);
	memcpy(v, r.v, n * sizeof *v);
	dse_range_free(&r);
	ck_assert_msg(n == drift[_i].n, "'%s': %zu values, want %zu",
		      drift[_i].text, n, drift[_i].n);
	for (k = 0; k < n; k++)
		ck_assert_double_eq_tol(v[k], drift[_i].lo + (double)k * drift[_i].step,
					1e-9);
	for (k = 1; k < n; k++)
		ck_assert(v[k] > v[k - 1]);
	ck_assert(v[0] == drift[_i].lo);
	ck_assert_msg(v[n - 1] == drift[_i].hi, "'%s' ends at %.17g",
		      drift[_i].text, v[n - 1]);
}
END_TEST

/* The largest range allowed, one past it refused. */
START_TEST(size_limit)
{
	struct dse_range r = { 0, NULL };
	struct dse_error err = { 0, "" };

	ck_assert_int_eq(dse_range_parse("1:1000000", WHAT, 1, 1e7, 1, &r, &err),
			 DSE_OK);
	ck_assert_uint_eq(r.n, DSE_RANGE_MAX);
	ck_assert(r.v[0] == 1 && r.v[r.n - 1] == 1000000);
	dse_range_free(&r);
	ck_assert_int_eq(dse_range_parse("1:1000001", WHAT, 1, 1e7, 1, &r, &err),
			 DSE_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, WHAT));
}
END_TEST

/* Whole numbers: 1.5 and the 1.5 of 1:2:0.5 are refused, fractions kept
   when whole is 0. */
START_TEST(whole_numbers)
{
	static const double half[] = { 1, 1.5, 2 };
	static const char *const bad[] = { "1.5", "1:2:0.5", "2,3.25", "0.5:4:x2" };
	struct dse_range r = { 0, NULL };
	struct dse_error err = { 0, "" };
	size_t i;

	expect_values("1:2:0.5", 0.1, 10, 0, half, N_OF(half));
	for (i = 0; i < N_OF(bad); i++) {
		err.msg[0] = '\0';
		ck_assert_msg(dse_range_parse(bad[i], WHAT, 0.1, 10, 1, &r, &err) ==
			      DSE_EUSAGE, "'%s' accepted", bad[i]);
		ck_assert_msg(strstr(err.msg, WHAT) != NULL, "'%s': %s", bad[i],
			      err.msg);
	}
}
END_TEST

START_TEST(free_null)
{
	struct dse_range r = { 0, NULL };

	dse_range_free(NULL);
	dse_range_free(&r);
	dse_range_free(&r);
	ck_assert_ptr_null(r.v);
	ck_assert_uint_eq(r.n, 0);
}
END_TEST

/* ---- malformed ranges: DSE_EUSAGE, the message naming `what` ---- */

static const struct {
	const char *text;
	double lo_ok, hi_ok;
} bad[] = {
	{ "", 1, 65536 },
	{ " ", 1, 65536 },
	{ "5:1", 1, 65536 },        /* empty */
	{ "1:5:0", 1, 65536 },      /* zero step */
	{ "1:5:-1", 1, 65536 },     /* wrong sign */
	{ "5:1:-1", 1, 65536 },     /* empty, whatever the step */
	{ "1:8:x1", 1, 65536 },     /* factor 1 */
	{ "0:8:x2", 0, 65536 },     /* geometric from 0 */
	{ "1:8:x0.5", 1, 65536 },   /* factor below 1 */
	{ "1:8:x-2", 1, 65536 },
	{ "1:8:x", 1, 65536 },
	{ "a", 1, 65536 },
	{ "1a", 1, 65536 },
	{ "1,,2", 1, 65536 },
	{ "1,", 1, 65536 },
	{ ",1", 1, 65536 },
	{ ",", 1, 65536 },
	{ "1:", 1, 65536 },
	{ ":5", 1, 65536 },
	{ "1:5:", 1, 65536 },
	{ "1:2:3:4", 1, 65536 },
	{ "1;2", 1, 65536 },
	{ "nan", 1, 65536 },
	{ "1:nan", 1, 65536 },
	{ "inf", 1, 65536 },
	{ "1:inf", 1, 65536 },
	{ "-inf:1", -1e300, 65536 },
	{ "1e999", 1, 1e308 },
	{ "1:1e999", 1, 1e308 },
	{ "0", 1, 65536 },          /* rows 0: below lo_ok */
	{ "0:0", 1, 65536 },
	{ "0:4", 1, 65536 },
	{ "65537", 1, 65536 },      /* above hi_ok */
	{ "65536:65537", 1, 65536 },
	{ "1,2,100000", 1, 65536 },
};

START_TEST(refuses)
{
	struct dse_range r = { 0, NULL };
	struct dse_error err = { 0, "" };
	int rc = dse_range_parse(bad[_i].text, WHAT, bad[_i].lo_ok,
				 bad[_i].hi_ok, 1, &r, &err);

	ck_assert_msg(rc == DSE_EUSAGE, "'%s' gave %d (%zu values)",
		      bad[_i].text, rc, rc == DSE_OK ? r.n : 0);
	ck_assert_int_eq(err.status, DSE_EUSAGE);
	ck_assert_msg(strstr(err.msg, WHAT) != NULL, "'%s': message '%s'",
		      bad[_i].text, err.msg);
	/* and without an error record, the same status */
	ck_assert_int_eq(dse_range_parse(bad[_i].text, WHAT, bad[_i].lo_ok,
					 bad[_i].hi_ok, 1, &r, NULL),
			 DSE_EUSAGE);
}
END_TEST

/* A failed parse leaves a range that was zeroed still freeable. */
START_TEST(failure_leaves_nothing)
{
	struct dse_range r = { 0, NULL };
	struct dse_error err = { 0, "" };

	/* 1:4 expands before 0 is refused: nothing of it may leak */
	ck_assert_int_eq(dse_range_parse("1:4,0", WHAT, 1, 10, 1, &r, &err),
			 DSE_EUSAGE);
	ck_assert_ptr_null(r.v);
	ck_assert_uint_eq(r.n, 0);
	dse_range_free(&r);
}
END_TEST

/* Strict decimal numbers: what they accept and where they stop. */
static const struct {
	const char *text;
	int ok;
	double value;  /* when ok */
	size_t used;   /* characters scanned, when ok */
} numbers[] = {
	{ "16", 1, 16, 2 },
	{ "-2.5e3", 1, -2500, 6 },
	{ "+.5", 1, 0.5, 3 },
	{ "5.", 1, 5, 2 },
	{ "1e-3:", 1, 1e-3, 4 },      /* stops before the range's ':' */
	{ "64,128", 1, 64, 2 },
	{ " 16", 0, 0, 0 },           /* strtod would skip the space */
	{ "0x1p-2", 0, 0, 0 },        /* strtod would read a hex float */
	{ "inf", 0, 0, 0 },
	{ "nan", 0, 0, 0 },
	{ "infinity", 0, 0, 0 },
	{ ".", 0, 0, 0 },
	{ "e5", 0, 0, 0 },
	{ "1e", 0, 0, 0 },
	{ "1e+", 0, 0, 0 },
	{ "1e999", 0, 0, 0 },         /* overflows to infinity */
	{ "-", 0, 0, 0 },
	{ "", 0, 0, 0 },
};

START_TEST(number_scan)
{
	const char *end = NULL;
	double v = -1;
	int rc = dse_number_scan(numbers[_i].text, &end, &v);

	if (!numbers[_i].ok) {
		ck_assert_int_eq(rc, DSE_EUSAGE);
		return;
	}
	ck_assert_int_eq(rc, DSE_OK);
	ck_assert_double_eq(v, numbers[_i].value);
	ck_assert_uint_eq((size_t)(end - numbers[_i].text), numbers[_i].used);
}
END_TEST

START_TEST(number_whole_text)
{
	unsigned long long u = 0;
	double v = 0;

	ck_assert_int_eq(dse_number_parse("0.25", &v), DSE_OK);
	ck_assert_double_eq(v, 0.25);
	ck_assert_int_eq(dse_number_parse("0x1p-2", &v), DSE_EUSAGE);
	ck_assert_int_eq(dse_number_parse("1 ", &v), DSE_EUSAGE);
	/* 2^64 - 1 is the largest; 2^64 overflows */
	ck_assert_int_eq(dse_uint_parse("18446744073709551615", ~0ull, &u), DSE_OK);
	ck_assert(u == ~0ull);
	ck_assert_int_eq(dse_uint_parse("18446744073709551616", ~0ull, &u),
			 DSE_EUSAGE);
	ck_assert_int_eq(dse_uint_parse("65537", 65536, &u), DSE_EUSAGE);
	ck_assert_int_eq(dse_uint_parse("+1", 10, &u), DSE_EUSAGE);
	ck_assert_int_eq(dse_uint_parse(" 1", 10, &u), DSE_EUSAGE);
	ck_assert_int_eq(dse_uint_parse("-0", 10, &u), DSE_EUSAGE);
	ck_assert_int_eq(dse_uint_parse("", 10, &u), DSE_EUSAGE);
}
END_TEST

/* A newline or escape in a name never splits the message. */
START_TEST(error_one_line)
{
	struct dse_error err = { 0, "" };

	dse_error_set(&err, DSE_EINPUT, "%s: bad", "a\nb\tc\033d\\e");
	ck_assert_str_eq(err.msg, "a\\nb\\tc\\x1bd\\e: bad");
	dse_error_prefix(&err, "x\ry");
	ck_assert_str_eq(err.msg, "x\\ry: a\\nb\\tc\\x1bd\\e: bad");
}
END_TEST

Suite *suite_range(void)
{
	Suite *s = suite_create("range");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, parses, 0, (int)N_OF(good));
	tcase_add_loop_test(tc, no_drift, 0, (int)N_OF(drift));
	tcase_add_test(tc, size_limit);
	tcase_add_test(tc, whole_numbers);
	tcase_add_test(tc, free_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, refuses, 0, (int)N_OF(bad));
	tcase_add_test(tc, failure_leaves_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("base: numbers, messages");
	tcase_add_loop_test(tc, number_scan, 0, (int)N_OF(numbers));
	tcase_add_test(tc, number_whole_text);
	tcase_add_test(tc, error_one_line);
	suite_add_tcase(s, tc);
	return s;
}
