/* format.c - PE number formats as rows of a table (MODEL.md section 4). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dse_model.h"

/* Limits of the hbfp family: mantissas 3..16 bits, blocks up to 2^20. */
#define HBFP_MANT_MIN 3
#define HBFP_MANT_MAX 16
#define HBFP_BLOCK_MAX (1u << 20)

struct family;
typedef int (*family_make)(const struct family *fam, const char *name,
			   struct dse_format *out, struct dse_error *err);

/*
 * A format family: a fixed row (make_fixed) or a parameterised one such as
 * hbfp<m>_<B> (make_hbfp).  Adding a format is adding a row.
 */
struct family {
	const char *prefix;
	family_make make;
	enum dse_mul mul;
	enum dse_acc acc;
	unsigned operand_bits; /* multiplier input width */
	unsigned acc_bits;     /* accumulator width */
	unsigned storage_bits; /* SRAM bits per element */
};

static int make_fixed(const struct family *fam, const char *name,
		      struct dse_format *out, struct dse_error *err);
static int make_hbfp(const struct family *fam, const char *name,
		     struct dse_format *out, struct dse_error *err);

static const struct family families[] = {
	{ "fp32", make_fixed, DSE_MUL_FP32, DSE_ACC_FP32, 32, 32, 32 },
	{ "fp16", make_fixed, DSE_MUL_FP16, DSE_ACC_FP32, 16, 32, 16 },
	{ "bf16", make_fixed, DSE_MUL_BF16, DSE_ACC_FP32, 16, 32, 16 },
	{ "int8", make_fixed, DSE_MUL_INT8, DSE_ACC_INT, 8, 32, 8 },
	/* operand, accumulator and storage bits follow from m and B */
	{ "hbfp", make_hbfp, DSE_MUL_INT8, DSE_ACC_INT, 0, 0, 0 },
};

#define NFAMILIES (sizeof families / sizeof families[0])

/* The accepted format names as one static string, for messages and help. */
const char *dse_format_names(void)
{
	return "fp32, fp16, bf16, int8, hbfp<m>_<B> (m = 3..16, B >= 1), "
	       "hbfp<m> (= hbfp<m>_576)";
}

/* Fill out from a multiplier, accumulator, block size and storage bits. */
static void fill(struct dse_format *out, const char *name, enum dse_mul mul,
		 double mul_scale, unsigned operand_bits, enum dse_acc acc,
		 unsigned acc_bits, unsigned block, double storage_bits)
{
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", name);
	out->mul = mul;
	out->mul_scale = mul_scale;
	out->acc = acc;
	/* technology entries: int add energy per 32 bits, int add area per bit */
	out->acc_energy_scale = acc == DSE_ACC_INT ? acc_bits / 32.0 : 1.0;
	out->acc_area_scale = acc == DSE_ACC_INT ? (double)acc_bits : 1.0;
	out->reg_bits = 2.0 * operand_bits + acc_bits;
	out->block_share = block > 0 ? 1.0 / block : 0.0;
	out->storage_bits = storage_bits;
	out->acc_bits = acc_bits;
	out->operand_bits = operand_bits;
	out->block = block;
}

/* A fixed-width format: name must equal the family's prefix. */
static int make_fixed(const struct family *fam, const char *name,
		      struct dse_format *out, struct dse_error *err)
{
	if (strcmp(name, fam->prefix) != 0)
		return dse_error_set(err, DSE_EINPUT,
				     "unknown format '%s' (known: %s)", name,
				     dse_format_names());
	fill(out, fam->prefix, fam->mul, 1.0, fam->operand_bits, fam->acc,
	     fam->acc_bits, 0, fam->storage_bits);
	return DSE_OK;
}

/* Parse a decimal unsigned number at *p, advancing it; -1 if there is none. */
static long parse_uint(const char **p)
{
	char *end;
	unsigned long v;

	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	v = strtoul(*p, &end, 10);
	if (errno != 0 || v > LONG_MAX)
		return -1;
	*p = end;
	return (long)v;
}

/* Smallest b with 2^b >= x (0 for x <= 1). */
static unsigned ceil_log2(unsigned long x)
{
	unsigned bits = 0;

	while ((1ul << bits) < x)
		bits++;
	return bits;
}

/* hbfp<m>_<B>: m-bit mantissas (sign included), B per shared exponent. */
static int make_hbfp(const struct family *fam, const char *name,
		     struct dse_format *out, struct dse_error *err)
{
	const char *p = name + strlen(fam->prefix);
	long m, block = DSE_HBFP_DEFAULT_BLOCK;
	unsigned acc_bits;
	char canon[32];

	m = parse_uint(&p);
	if (m < 0)
		return dse_error_set(err, DSE_EINPUT,
				     "format '%s': expected hbfp<m>_<B>", name);
	if (*p == '_') {
		p++;
		block = parse_uint(&p);
		if (block < 0)
			return dse_error_set(err, DSE_EINPUT,
					     "format '%s': expected a block size after '_'",
					     name);
	}
	if (*p != '\0')
		return dse_error_set(err, DSE_EINPUT,
				     "format '%s': unexpected '%s'", name, p);
	if (m < HBFP_MANT_MIN || m > HBFP_MANT_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "format '%s': mantissa width %ld outside %d..%d bits",
				     name, m, HBFP_MANT_MIN, HBFP_MANT_MAX);
	if (block < 1 || block > (long)HBFP_BLOCK_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "format '%s': block size %ld outside 1..%u",
				     name, block, HBFP_BLOCK_MAX);
	/* a block of B products of two m-bit mantissas needs 2m + ceil(log2 B) */
	acc_bits = 2u * (unsigned)m + ceil_log2((unsigned long)block);
	snprintf(canon, sizeof canon, "hbfp%ld_%ld", m, block);
	/* an m-bit array multiplier costs (m/8)^2 of an 8-bit one */
	fill(out, canon, fam->mul, (m / 8.0) * (m / 8.0), (unsigned)m, fam->acc,
	     acc_bits,
	     (unsigned)block,
	     (double)m + (double)DSE_HBFP_EXPONENT_BITS / (double)block);
	return DSE_OK;
}

/* Parse name with the first family whose prefix it starts with. */
int dse_format_parse(const char *name, struct dse_format *out,
		     struct dse_error *err)
{
	size_t i;

	if (name == NULL || *name == '\0')
		return dse_error_set(err, DSE_EINPUT, "empty format name");
	for (i = 0; i < NFAMILIES; i++) {
		const struct family *fam = &families[i];

		if (strncmp(name, fam->prefix, strlen(fam->prefix)) == 0 &&
		    (fam->make != make_fixed || strcmp(name, fam->prefix) == 0))
			return fam->make(fam, name, out, err);
	}
	return dse_error_set(err, DSE_EINPUT, "unknown format '%s' (known: %s)",
			     name, dse_format_names());
}
