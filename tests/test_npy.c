/* test_npy.c - the strict .npy reader, and the fuzzers' regression inputs. */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "dse_numerics.h"
#include "suites.h"

/*
 * A .npy image as NumPy writes it (numpy.lib.format): magic, version,
 * header length (2 bytes for 1.0, 4 for 2.0 and 3.0), the dictionary
 * padded with spaces to a multiple of 64 and ended by '\n', then `ndata`
 * bytes of data.  Returns its length.
 */
static size_t npy(unsigned char *buf, int major, const char *dict,
		  const void *data, size_t ndata)
{
	size_t pre = major == 1 ? 10 : 12, dl = strlen(dict), hl;

	hl = ((pre + dl + 1 + 63) / 64) * 64 - pre;
	memcpy(buf, "\x93NUMPY", 6);
	buf[6] = (unsigned char)major;
	buf[7] = 0;
	buf[8] = (unsigned char)(hl & 0xff);
	buf[9] = (unsigned char)(hl >> 8);
	if (major != 1) {
		buf[10] = 0;
		buf[11] = 0;
	}
	memset(buf + pre, ' ', hl);
	memcpy(buf + pre, dict, dl);
	buf[pre + hl - 1] = '\n';
	memcpy(buf + pre + hl, data, ndata);
	return pre + hl + ndata;
}

/* Little-endian bytes of floats and doubles (the test host's order aside). */
static void le_f4(unsigned char *p, float f)
{
	uint32_t w;
	int i;

	memcpy(&w, &f, sizeof w);
	for (i = 0; i < 4; i++)
		p[i] = (unsigned char)(w >> (8 * i));
}

static void le_f8(unsigned char *p, double d)
{
	uint64_t w;
	int i;

	memcpy(&w, &d, sizeof w);
	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(w >> (8 * i));
}

static unsigned char buf[1 << 16];

START_TEST(float32_1d)
{
	unsigned char data[12];
	struct dse_tensor *t = NULL;
	struct dse_error err = { 0, "" };
	size_t n;

	le_f4(data, 1.5f);
	le_f4(data + 4, -2.0f);
	le_f4(data + 8, 0.1f);
	n = npy(buf, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
		data, sizeof data);
	ck_assert_msg(dse_numerics_npy_parse(buf, n, "a.npy", &t, &err) == DSE_OK,
		      "%s", err.msg);
	ck_assert_uint_eq(t->ndim, 1);
	ck_assert_uint_eq(t->rows, 1);
	ck_assert_uint_eq(t->cols, 3);
	ck_assert_double_eq(t->data[0], 1.5);
	ck_assert_double_eq(t->data[1], -2.0);
	ck_assert_double_eq(t->data[2], (double)0.1f);
	ck_assert_str_eq(t->name, "a.npy");
	dse_numerics_tensor_free(t);
}
END_TEST

START_TEST(float64_2d_v2)
{
	unsigned char data[48];
	struct dse_tensor *t = NULL;
	struct dse_error err = { 0, "" };
	size_t n, i;

	for (i = 0; i < 6; i++)
		le_f8(data + 8 * i, (double)i - 2.5);
	/* version 2.0, keys in another order, no trailing comma, spaces */
	n = npy(buf, 2, "{ 'shape': (2, 3), \"descr\": '<f8' , 'fortran_order':False}",
		data, sizeof data);
	ck_assert_msg(dse_numerics_npy_parse(buf, n, "b.npy", &t, &err) == DSE_OK,
		      "%s", err.msg);
	ck_assert_uint_eq(t->ndim, 2);
	ck_assert_uint_eq(t->rows, 2);
	ck_assert_uint_eq(t->cols, 3);
	/* C order: row 1, column 2 is element 5 = 2.5 */
	ck_assert_double_eq(t->data[5], 2.5);
	ck_assert_double_eq(t->data[0], -2.5);
	dse_numerics_tensor_free(t);
}
END_TEST

/* Header dictionaries that must be refused, with a word of the reason. */
static const struct {
	const char *dict;
	size_t ndata;      /* bytes of data after the header */
	const char *why;
} bad_dicts[] = {
	{ "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", 8, "float32 or float64" },
	{ "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", 4, "float32 or float64" },
	{ "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", 16, "big-endian" },
	{ "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8, "big-endian" },
	{ "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", 32, "Fortran" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", 24, "truncated" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 24, "after the data" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }", 0, "overflows" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 0, "overflows" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2), }", 64, "2 dimensions" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 8, "0-D" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", 0, "no elements" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (2), }", 16, "tuple" },
	{ "{'descr': '<f8', 'fortran_order': False}", 16, "shape" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", 16, "unknown key" },
	{ "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", 16, "repeated" },
	{ "{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}", 16, "header" },
	{ "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,)}", 16, "fortran_order" },
	{ "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,)}", 16, "dtype" },
	{ "['descr', '<f8']", 16, "dictionary" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} garbage", 16, "garbage" },
	{ "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}", 16, "whole numbers" },
};

START_TEST(bad_header)
{
	unsigned char data[64];
	struct dse_tensor *t = NULL;
	struct dse_error err = { 0, "" };
	size_t n;

	memset(data, 0, sizeof data);
	n = npy(buf, 1, bad_dicts[_i].dict, data, bad_dicts[_i].ndata);
	ck_assert_int_eq(dse_numerics_npy_parse(buf, n, "bad.npy", &t, &err),
			 DSE_EINPUT);
	ck_assert_ptr_null(t);
	/* one line naming the file and the reason */
	ck_assert_msg(strncmp(err.msg, "bad.npy: ", 9) == 0, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, bad_dicts[_i].why) != NULL,
		      "'%s' not in: %s", bad_dicts[_i].why, err.msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
}
END_TEST

START_TEST(bad_preamble)
{
	unsigned char data[16];
	struct dse_tensor *t = NULL;
	struct dse_error err = { 0, "" };
	const char *dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
	size_t n;

	memset(data, 0, sizeof data);
	/* bad magic */
	n = npy(buf, 1, dict, data, 16);
	buf[1] = 'X';
	ck_assert_int_eq(dse_numerics_npy_parse(buf, n, "m.npy", &t, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "magic"));
	/* version 4.0 and 1.1 */
	n = npy(buf, 1, dict, data, 16);
	buf[6] = 4;
	ck_assert_int_eq(dse_numerics_npy_parse(buf, n, "v.npy", &t, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "version"));
	buf[6] = 1;
	buf[7] = 1;
	ck_assert_int_eq(dse_numerics_npy_parse(buf, n, "v.npy", &t, &err), DSE_EINPUT);
	/* header length past the end of the file */
	n = npy(buf, 1, dict, data, 16);
	ck_assert_int_eq(dse_numerics_npy_parse(buf, 40, "h.npy", &t, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "truncated header"));
	/* too short for a preamble */
	ck_assert_int_eq(dse_numerics_npy_parse(buf, 5, "s.npy", &t, &err), DSE_EINPUT);
	/* a header longer than DSE_NPY_HEADER_MAX (version 2.0: 4-byte length) */
	n = npy(buf, 2, dict, data, 16);
	buf[10] = 1; /* 65536 + ... bytes */
	ck_assert_int_eq(dse_numerics_npy_parse(buf, n, "l.npy", &t, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "header of"));
	/* a non-ASCII byte in the header */
	n = npy(buf, 1, dict, data, 16);
	buf[20] = 0xe9;
	ck_assert_int_eq(dse_numerics_npy_parse(buf, n, "a.npy", &t, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "ASCII"));
	/* the header must end in a newline */
	n = npy(buf, 1, dict, data, 16);
	buf[n - 17] = ' ';
	ck_assert_int_eq(dse_numerics_npy_parse(buf, n, "n.npy", &t, &err), DSE_EINPUT);
	ck_assert_ptr_null(t);
}
END_TEST

START_TEST(non_finite_value)
{
	unsigned char data[16];
	struct dse_tensor *t = NULL;
	struct dse_error err = { 0, "" };
	size_t n;

	le_f8(data, 1.0);
	le_f8(data + 8, NAN);
	n = npy(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
		data, 16);
	ck_assert_int_eq(dse_numerics_npy_parse(buf, n, "nan.npy", &t, &err),
			 DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "element 1 is not finite"));
}
END_TEST

/* Write buf[0..n) to a temporary file; its name in path. */
static void temp_file(char *path, size_t len, const void *data, size_t n)
{
	FILE *f;

	snprintf(path, len, "%s/dse-npy-%ld.npy",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(read_file)
{
	/* more than one read chunk (64 kB) of float32 */
	const size_t count = 20000;
	unsigned char *data = malloc(count * 4), *image = malloc(count * 4 + 128);
	struct dse_tensor *t = NULL;
	struct dse_error err = { 0, "" };
	char path[4096];
	size_t n, i;

	for (i = 0; i < count; i++)
		le_f4(data + 4 * i, (float)i * 0.5f);
	n = npy(image, 3, "{'descr': '<f4', 'fortran_order': False, 'shape': (100, 200), }",
		data, count * 4);
	temp_file(path, sizeof path, image, n);
	ck_assert_msg(dse_numerics_npy_read(path, &t, &err) == DSE_OK, "%s", err.msg);
	ck_assert_uint_eq(t->rows, 100);
	ck_assert_uint_eq(t->cols, 200);
	ck_assert_double_eq(t->data[19999], 9999.5);
	dse_numerics_tensor_free(t);
	t = NULL;
	/* the same file cut short: the size is checked before reading */
	temp_file(path, sizeof path, image, n - 1);
	ck_assert_int_eq(dse_numerics_npy_read(path, &t, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_ptr_nonnull(strstr(err.msg, "truncated"));
	ck_assert_ptr_null(t);
	unlink(path);
	/* a missing file and a directory */
	ck_assert_int_eq(dse_numerics_npy_read(path, &t, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_int_eq(dse_numerics_npy_read(test_inputs(), &t, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a regular file"));
	free(data);
	free(image);
}
END_TEST

/* Every file of tests/fuzz/regress/<name>/ through parse; their count. */
static size_t replay(const char *name, int (*parse)(const unsigned char *,
						    size_t, const char *))
{
	char dir[4096], path[4096 + 256];
	struct dirent *de;
	size_t count = 0;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/fuzz/regress/%s", test_inputs(), name);
	d = opendir(dir);
	ck_assert_msg(d != NULL, "no folder %s", dir);
	while ((de = readdir(d)) != NULL) {
		unsigned char *data;
		long len;
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		f = fopen(path, "rb");
		ck_assert_ptr_nonnull(f);
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		data = malloc((size_t)len + 1);
		ck_assert_uint_eq(fread(data, 1, (size_t)len, f), (size_t)len);
		fclose(f);
		ck_assert_msg(parse(data, (size_t)len, path) == 0, "%s", path);
		free(data);
		count++;
	}
	closedir(d);
	return count;
}

/* An npy regression input: parsed, or refused with one line naming it. */
static int npy_case(const unsigned char *data, size_t len, const char *path)
{
	struct dse_tensor *t = NULL;
	struct dse_error err = { 0, "" };
	int rc = dse_numerics_npy_parse(data, len, path, &t, &err);

	dse_numerics_tensor_free(t);
	if (rc == DSE_OK)
		return 0;
	return rc == DSE_EINPUT && strstr(err.msg, path) == err.msg &&
	       strchr(err.msg, '\n') == NULL ? 0 : 1;
}

/* A format-name regression input (a NUL-terminated copy of the bytes). */
static int format_case(const unsigned char *data, size_t len, const char *path)
{
	struct dse_format f;
	struct dse_error err = { 0, "" };
	char *name = malloc(len + 1);
	int rc;

	(void)path;
	memcpy(name, data, len);
	name[len] = '\0';
	rc = dse_format_parse(name, &f, &err);
	free(name);
	return rc == DSE_OK || (rc == DSE_EINPUT && strstr(err.msg, "known: ") &&
				strchr(err.msg, '\n') == NULL) ? 0 : 1;
}

START_TEST(fuzz_regressions)
{
	/* inputs the fuzzers found (tests/fuzz/README): none may crash */
	ck_assert_uint_gt(replay("npy", npy_case), 0);
	ck_assert_uint_gt(replay("format", format_case), 0);
}
END_TEST

Suite *suite_npy(void)
{
	Suite *s = suite_create("npy");
	TCase *tc = tcase_create("npy");

	tcase_add_test(tc, float32_1d);
	tcase_add_test(tc, float64_2d_v2);
	tcase_add_loop_test(tc, bad_header, 0,
			    (int)(sizeof bad_dicts / sizeof bad_dicts[0]));
	tcase_add_test(tc, bad_preamble);
	tcase_add_test(tc, non_finite_value);
	tcase_add_test(tc, read_file);
	tcase_add_test(tc, fuzz_regressions);
	suite_add_tcase(s, tc);
	return s;
}
