/*
 * fuzz_plot_read.c - libFuzzer harness of the plot reader and the script
 * writers (what dse plot --scripts-only does with a results folder).
 *
 * An input whose first byte that is not blank is '{' is sensitivity.json
 * when it holds the text "frontier_band" (dse sensitivity's folder, alone,
 * three figures), serve.json when it holds the text "runs" (a serving
 * folder, alone), else frontier.json
 * (with its tail pass and training sections, if any), next to a
 * sample.csv holding only the header; any other input is sample.csv, next
 * to a small fixed frontier.json (formats hbfp8_576, bf16 and int8, as in
 * tests/data/results).  They go into a new private folder; dse_plot_write
 * reads them and writes the figures the folder has data for there (on the
 * paper page when the input's length is odd, else the default one): at
 * least the four of an exploration for a frontier.json, and the folder is
 * removed.  Besides the crashes, leaks and hangs that
 * the sanitizers and libFuzzer catch, the harness aborts when a failure is
 * not DSE_EINPUT / DSE_EINFEASIBLE with a one-line message free of control
 * characters that names the file, and when a written script lets any text
 * out of its string (fuzz_unsafe_script).
 *
 * Seeds: tests/fuzz/corpus/plot_read/; inputs that once failed:
 * tests/fuzz/regress/plot_read/, replayed by make check (test_plot.c
 * includes this file with LLVMFuzzerTestOneInput renamed).  By hand, in a
 * configured tree:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -Ibase -Imodel \
 *     -Iexplore -Ioutput -Iplots -DDSE_PKGDATADIR='"data"' \
 *     -DDSE_SRCDATADIR='"data"' tests/fuzz/fuzz_plot_read.c \
 *     $(find base model explore output plots -name '*.c') \
 *     $(pkg-config --cflags --libs gsl libcjson) -lm -o fuzz_plot_read
 *   ./fuzz_plot_read -timeout=10 -max_total_time=300 CORPUS \
 *     tests/fuzz/corpus/plot_read
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dse_plot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* frontier.json beside a fuzzed sample.csv: three formats, one empty. */
#define FUZZ_DESIGN(lat, tops)                                              \
	"{ \"dataflow\": \"ws\", \"rows\": 16, \"cols\": 128, \"k_split\": 2," \
	" \"batch\": 8, \"freq_ghz\": 0.8, \"latency_us\": " #lat ","         \
	" \"throughput_tops\": " #tops ", \"area_pe_mm2\": 120,"              \
	" \"area_array_fixed_mm2\": 4, \"area_sram_mm2\": 90,"               \
	" \"area_fixed_mm2\": 30, \"power_pe_dynamic_w\": 40,"               \
	" \"power_pe_leak_w\": 3, \"power_sram_w\": 12,"                     \
	" \"power_sram_leak_w\": 2, \"power_fixed_w\": 10 }"

static const char fuzz_frontier[] =
	"{ \"technology\": { \"name\": \"n7\" }, \"workload\": { \"name\": \"lstm\" },"
	" \"budget\": { \"area_mm2\": 300, \"power_w\": 75, \"sram_mb\": 75 },"
	" \"counts\": { \"feasible\": 1000 },"
	" \"frontier\": { \"hbfp8_576\": [ " FUZZ_DESIGN(20, 300) ", " FUZZ_DESIGN(30, 400) " ],"
	" \"bf16\": [ " FUZZ_DESIGN(40, 120) " ], \"int8\": [], \"all\": [] },"
	" \"canonical\": { \"hbfp8_576\": [ " FUZZ_DESIGN(80, 50) " ], \"bf16\": [] },"
	" \"bounds\": [ { \"latency_us\": 50, \"best\": { \"hbfp8_576\": { \"throughput_tops\": 400 },"
	" \"bf16\": { \"throughput_tops\": 120 }, \"int8\": null } } ] }\n";

/* sample.csv beside a fuzzed frontier.json: the header alone. */
static const char fuzz_sample[] = "format,latency_us,throughput_tops,rows\n";

/*
 * Where a gnuplot script lets text out, as gnuplot's scanner reads it
 * (code, single- or double-quoted string, # comment): NULL when it does
 * not, else why, with *at the byte.  Unsafe: a backquote or @ outside a
 * single-quoted string (command and macro substitution); "touch" or
 * "system" in code or "touch" in a double-quoted string (the payload of
 * the hostile test names); a string or comment that runs past its line
 * (a quote not doubled, a newline, a comment ending in a backslash); a !
 * (shell escape) starting a command.
 */
static const char *fuzz_unsafe_script(const char *s, size_t *at)
{
	enum { CODE, SQ, DQ, COMMENT } state = CODE;
	int line_start = 1;
	size_t i;

	for (i = 0; s[i]; i++) {
		char c = s[i];

		*at = i;
		if (state == CODE && line_start && (c == ' ' || c == '\t'))
			continue;
		switch (state) {
		case CODE:
			if (line_start && c == '!')
				return "! shell escape";
			if (c == '`' || c == '@')
				return "backquote or @ in code";
			if (strncmp(s + i, "touch", 5) == 0 ||
			    strncmp(s + i, "system", 6) == 0)
				return "payload in code";
			state = c == '\'' ? SQ : c == '"' ? DQ : c == '#' ? COMMENT : CODE;
			break;
		case SQ:
			if (c == '\n')
				return "single-quoted string over a newline";
			if (c == '\'' && s[i + 1] == '\'')
				i++;
			else if (c == '\'')
				state = CODE;
			break;
		case DQ:
			if (c == '\n')
				return "double-quoted string over a newline";
			if (c == '`' || c == '@' || strncmp(s + i, "touch", 5) == 0)
				return "backquote, @ or payload in a double-quoted string";
			if (c == '\\' && s[i + 1] != '\0')
				i++;
			else if (c == '"')
				state = CODE;
			break;
		case COMMENT:
			if (c == '`' || c == '@')
				return "backquote or @ in a comment";
			if (c == '\n' && s[i - 1] == '\\')
				return "comment continued by a backslash";
			if (c == '\n')
				state = CODE;
			break;
		}
		/* a new command: after a newline (not escaped) or a ; in code */
		line_start = state == CODE &&
			     ((c == '\n' && (i == 0 || s[i - 1] != '\\')) || c == ';');
	}
	return state == SQ || state == DQ ? "unterminated string" : NULL;
}

/* Whether the n bytes at p hold the text word. */
static int fuzz_has(const uint8_t *p, size_t n, const char *word)
{
	size_t w = strlen(word), i;

	for (i = 0; i + w <= n; i++)
		if (memcmp(p + i, word, w) == 0)
			return 1;
	return 0;
}

/* Write n bytes to dir/name; 0 on success. */
static int fuzz_put(const char *dir, const char *name, const void *p,
		    size_t n)
{
	char path[2048];
	FILE *f;
	int bad;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	bad = fwrite(p, 1, n, f) != n;
	return fclose(f) != 0 || bad ? -1 : 0;
}

/* Abort unless dir/name is a script that keeps every text in its string. */
static void fuzz_check_script(const char *dir, const char *name)
{
	char path[2048], *text;
	const char *why;
	long n;
	size_t at = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (text = malloc((size_t)n + 1)) == NULL)
		abort();
	if (fread(text, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	text[n] = '\0';
	why = fuzz_unsafe_script(text, &at);
	if (why != NULL) {
		fprintf(stderr, "%s: byte %zu: %s\n", path, at, why);
		abort();
	}
	free(text);
}

/* Abort unless a failed write is bad input told in one clean line. */
static void fuzz_check_error(int rc, const struct dse_error *err)
{
	const unsigned char *p = (const unsigned char *)err->msg;

	if (rc != DSE_EINPUT && rc != DSE_EINFEASIBLE) {
		fprintf(stderr, "status %d: %s\n", rc, err->msg);
		abort();
	}
	if (*p == '\0' || (strstr(err->msg, "frontier.json") == NULL &&
			   strstr(err->msg, "sample.csv") == NULL &&
			   strstr(err->msg, "serve.json") == NULL &&
			   strstr(err->msg, "sensitivity.json") == NULL)) {
		fprintf(stderr, "message names no file: '%s'\n", err->msg);
		abort();
	}
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7F) {
			fprintf(stderr, "control character in '%s'\n", err->msg);
			abort();
		}
}

/* One input as a results folder: read it, write the scripts, check them. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = getenv("TMPDIR");
	struct dse_plot_options opt = {
		NULL, DSE_PLOT_PNG | DSE_PLOT_SVG | DSE_PLOT_PDF, 0, 0, 0, 0
	};
	struct dse_error err = { 0, "" };
	char dir[1024];
	struct dirent *e;
	size_t i = 0, scripts = 0;
	DIR *d;
	int rc, serving, sens;

	snprintf(dir, sizeof dir, "%s/dse-fuzz-plot.XXXXXX", t && *t ? t : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	while (i < size && (data[i] == ' ' || data[i] == '\t' ||
			    data[i] == '\n' || data[i] == '\r'))
		i++;
	sens = i < size && data[i] == '{' &&
	       fuzz_has(data, size, "\"frontier_band\"");
	serving = !sens && i < size && data[i] == '{' &&
		  fuzz_has(data, size, "\"runs\"");
	if (sens)
		rc = fuzz_put(dir, "sensitivity.json", data, size);
	else if (serving)
		rc = fuzz_put(dir, "serve.json", data, size);
	else if (i < size && data[i] == '{')
		rc = fuzz_put(dir, "frontier.json", data, size) |
		     fuzz_put(dir, "sample.csv", fuzz_sample, strlen(fuzz_sample));
	else
		rc = fuzz_put(dir, "frontier.json", fuzz_frontier,
			      strlen(fuzz_frontier)) |
		     fuzz_put(dir, "sample.csv", data, size);
	if (rc != 0)
		abort();
	opt.paper = size % 2;
	rc = dse_plot_write(dir, NULL, &opt, &err);
	if (rc != DSE_OK)
		fuzz_check_error(rc, &err);
	d = opendir(dir);
	if (d == NULL)
		abort();
	while ((e = readdir(d)) != NULL) {
		char path[2048];
		size_t n = strlen(e->d_name);

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (rc == DSE_OK && n > 3 && strcmp(e->d_name + n - 3, ".gp") == 0) {
			fuzz_check_script(dir, e->d_name);
			scripts++;
		}
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	if (rmdir(dir) != 0 ||
	    (rc == DSE_OK && !serving && scripts < (sens ? 3u : 4u)))
		abort();
	return 0;
}
