/*
 * fuzz_format.c - libFuzzer harness of the format-name parser: every
 * input, as a NUL-terminated string, goes to dse_format_parse.  A refused
 * name must come back as DSE_EINPUT with one line listing the known
 * names; an accepted one must be canonical (parsing its name gives it back)
 * and have a sane cost row.
 *
 * clang -g -O1 -fsanitize=fuzzer,address,undefined -Ibase -Imodel \
 *   tests/fuzz/fuzz_format.c model/format.c base/error.c -lm
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dse_model.h"

/* One input: parse it and check what came back. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dse_format f, g;
	struct dse_error err = { 0, "" };
	char *name = malloc(size + 1);
	int rc;

	if (name == NULL)
		return 0;
	memcpy(name, data, size);
	name[size] = '\0';
	rc = dse_format_parse(name, &f, &err);
	free(name);
	if (rc != DSE_OK) {
		if (rc != DSE_EINPUT || strstr(err.msg, "(known: ") == NULL ||
		    strchr(err.msg, '\n') != NULL)
			abort();
		return 0;
	}
	if (dse_format_parse(f.name, &g, &err) != DSE_OK ||
	    strcmp(f.name, g.name) != 0 || f.storage_bits < f.element.bits ||
	    f.acc_bits == 0 || f.acc_bits > 128 || f.reg_bits <= 0 ||
	    (f.block > 0) != (f.block_share > 0))
		abort();
	return 0;
}
