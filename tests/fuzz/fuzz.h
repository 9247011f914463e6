/*
 * fuzz.h - what the libFuzzer harnesses of tests/fuzz/ share.
 *
 * A harness tests/fuzz/fuzz_<name>.c defines LLVMFuzzerTestOneInput; `make
 * fuzz` links it with libFuzzer (clang), `make check` with replay.c, which
 * feeds it every file of tests/fuzz/corpus/<name>/ and regress/<name>/.
 * A harness never prints; it aborts (crashes) only when a property of the
 * library it checks is broken.
 */
#ifndef DSE_FUZZ_H
#define DSE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop with a message: a property the harness checks does not hold. */
#define FUZZ_ASSERT(cond)                                                  \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, \
				#cond);                                    \
			abort();                                           \
		}                                                          \
	} while (0)

/* The input as a NUL-terminated string (bytes after a NUL are dropped); free it. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/*
 * The input as a file the loaders can read, named .json in $TMPDIR (one
 * per process, rewritten at each input); NULL if it cannot be written.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static char path[4096];
	FILE *f;

	if (path[0] == '\0') {
		const char *dir = getenv("TMPDIR");

		snprintf(path, sizeof path, "%s/dse-fuzz-%ld.json",
			 dir && *dir ? dir : "/tmp", (long)getpid());
	}
	f = fopen(path, "wb");
	if (f == NULL)
		return NULL;
	if (fwrite(data, 1, size, f) != size) {
		fclose(f);
		return NULL;
	}
	if (fclose(f) != 0)
		return NULL;
	return path;
}

#endif
