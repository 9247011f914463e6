/* replay.c - run a fuzz harness on files, without libFuzzer (make check).
 * Usage: replay-<name> FILE|DIR...; every regular file (of a folder: in
 * name order) is one input.  A crash or a broken property aborts; the
 * exit status is 0 otherwise, with "replayed N inputs" on stdout. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Feed the file at path to the harness; -1 when it cannot be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (f == NULL)
		return -1;
	do {
		if (len == cap) {
			unsigned char *nb = realloc(buf, cap ? 2 * cap : 4096);

			if (nb == NULL) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
			cap = cap ? 2 * cap : 4096;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

/* qsort order of names. */
static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay every regular file of folder dir in name order; the count, or -1. */
static long replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	long count = 0;
	struct stat st;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap ? 2 * cap : 64) * sizeof *nn);

			if (nn == NULL)
				break;
			names = nn;
			cap = cap ? 2 * cap : 64;
		}
		names[n] = strdup(e->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    replay_file(path) == 0)
			count++;
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	long total = 0, n;
	struct stat st;
	int i;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0)
			continue; /* a harness without regressions yet */
		n = S_ISDIR(st.st_mode) ? replay_dir(argv[i]) :
					  replay_file(argv[i]) == 0 ? 1 : -1;
		if (n < 0) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 1;
		}
		total += n;
	}
	printf("replayed %ld inputs\n", total);
	return 0;
}
