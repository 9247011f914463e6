/*
 * format.c - number formats as rows of a table: element encodings, block
 * sizes, shared scales and what they cost in a PE (MODEL.md section 4,
 * NUMERICS.md section 17).
 */
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dse_model.h"

/* Limits of the hbfp family: mantissas 3..16 bits (sign included). */
#define HBFP_MANT_MIN 3
#define HBFP_MANT_MAX 16

/* Shared-scale encodings: width (bits) and exponent range. */
#define HBFP_SCALE_BITS 10 /* talk: "10-bit exponent", two's complement */
#define HBFP_SCALE_MIN (-512)
#define HBFP_SCALE_MAX 511
#define MX_SCALE_BITS 8    /* E8M0: 2^-127 .. 2^127, 0xFF is NaN (OCP MX 5.4) */
#define MX_SCALE_MIN (-127)
#define MX_SCALE_MAX 127
#define TENSOR_SCALE_BITS 32 /* one fp32 scale per tensor */

/*
 * Element encodings.  IEEE 754 binary32/binary16, bfloat16, and the OCP MX
 * v1.0 elements (section 5.3: E4M3 max 448 with S.1111.111 NaN, E5M2 max
 * 57344 with IEEE Inf/NaN, E2M3 max 7.5, E3M2 max 28, E2M1 max 6; INT8
 * k/64 with |k| <= 127, emax_elem 0).  emin = 1 - bias.
 *
 * Their exact MX datapaths (make_mx, dse_element_grid_bits and
 * dse_element_align_mux_bits; docs/NUMERICS.md 21.1-2), at B = 32:
 *   element  n_e = emax - emin + man + 1   block adder a   shifter bits
 *   INT8      7 (magnitude bits)            20              0
 *   E4M3     18 = 8 + 6 + 3 + 1             42             94
 *   E5M2     32 = 15 + 14 + 2 + 1           70            151
 *   E2M3      6 = 2 + 0 + 3 + 1             18             32
 *   E3M2      9 = 4 + 2 + 2 + 1             24             47
 *   E2M1      4 = 2 + 0 + 1 + 1             14             20
 * with a = 2 n_e + ceil(log2 B) + 1.
 */
static const struct dse_element elements[] = {
	/* name   kind          bits eb mb emax  emin frac max        semax mul */
	{ "fp32", DSE_ELEM_FP,  32,  8, 23, 127, -126, 0, FLT_MAX,    0, DSE_MUL_FP32 },
	{ "fp16", DSE_ELEM_FP,  16,  5, 10,  15,  -14, 0, 65504.0,    0, DSE_MUL_FP16 },
	{ "bf16", DSE_ELEM_FP,  16,  8,  7, 127, -126, 0, 0x1.fep127, 0, DSE_MUL_BF16 },
	{ "int8", DSE_ELEM_INT,  8,  0,  7,   0,    0, 0, 127.0,      0, DSE_MUL_INT8 },
	{ "int8", DSE_ELEM_INT,  8,  0,  7,   0,    0, 6, 127.0 / 64, 0, DSE_MUL_INT8 },
	{ "e4m3", DSE_ELEM_FP,   8,  4,  3,   8,   -6, 0, 448.0,      8, DSE_MUL_FP8_E4M3 },
	{ "e5m2", DSE_ELEM_FP,   8,  5,  2,  15,  -14, 0, 57344.0,   15, DSE_MUL_FP8_E5M2 },
	{ "e2m3", DSE_ELEM_FP,   6,  2,  3,   2,    0, 0, 7.5,        2, DSE_MUL_FP6_E2M3 },
	{ "e3m2", DSE_ELEM_FP,   6,  3,  2,   4,   -2, 0, 28.0,       4, DSE_MUL_FP6_E3M2 },
	{ "e2m1", DSE_ELEM_FP,   4,  2,  1,   2,    0, 0, 6.0,        2, DSE_MUL_FP4_E2M1 },
};

enum { EL_FP32, EL_FP16, EL_BF16, EL_INT8, EL_MXINT8, EL_E4M3, EL_E5M2,
       EL_E2M3, EL_E3M2, EL_E2M1 };

#define NELEMENTS (sizeof elements / sizeof elements[0])

struct family;
typedef int (*family_make)(const struct family *fam, const char *name,
			   struct dse_format *out, struct dse_error *err);

/*
 * A format family: a fixed row (make_fixed) or a parameterised one,
 * hbfp<m>_<B> (make_hbfp) or mx<elem>_<B> (make_mx).  Adding a format is
 * adding a row.
 */
struct family {
	const char *prefix;
	struct dse_format_family pub; /* pattern, examples, summary */
	family_make make;
	int element;           /* index in elements[]; -1: from the name (hbfp) */
	enum dse_scaling scaling;
	enum dse_acc acc;
	unsigned acc_bits;     /* fixed rows: accumulator width */
	unsigned scale_bits;   /* shared scale width */
	unsigned block;        /* default block (block families) */
	const char *trains;    /* NULL: the format trains; else why it cannot */
};

static int make_fixed(const struct family *fam, const char *name,
		      struct dse_format *out, struct dse_error *err);
static int make_hbfp(const struct family *fam, const char *name,
		     struct dse_format *out, struct dse_error *err);
static int make_mx(const struct family *fam, const char *name,
		   struct dse_format *out, struct dse_error *err);

#define MX_ROW(prefix, el, summary)                                         \
	{ prefix, { prefix "[_<B>]", prefix, summary }, make_mx, el,        \
	  DSE_SCALE_MX, DSE_ACC_INT, 0, MX_SCALE_BITS, DSE_MX_DEFAULT_BLOCK, \
	  NO_MX_TRAINING }

/* Why a row cannot train (SERVING.md 14: HBFP, bf16, fp16, fp32 do). */
#define NO_INT8_TRAINING "int8 with one scale per tensor does not train " \
	"(SERVING.md 14; fixed point needs per-block exponents, Drumond et al. NeurIPS 2018)"
#define NO_MX_TRAINING "dse has no sourced training result for MX rows " \
	"(SERVING.md 14 names HBFP, bf16, fp16 and fp32)"

static const struct family families[] = {
	{ "fp32", { "fp32", "fp32", "IEEE binary32, fp32 accumulation" },
	  make_fixed, EL_FP32, DSE_SCALE_NONE, DSE_ACC_FP32, 32, 0, 0, NULL },
	{ "fp16", { "fp16", "fp16", "IEEE binary16, fp32 accumulation" },
	  make_fixed, EL_FP16, DSE_SCALE_NONE, DSE_ACC_FP32, 32, 0, 0, NULL },
	{ "bf16", { "bf16", "bf16", "bfloat16, fp32 accumulation" },
	  make_fixed, EL_BF16, DSE_SCALE_NONE, DSE_ACC_FP32, 32, 0, 0, NULL },
	{ "int8", { "int8", "int8", "int8, one fp32 scale per tensor, int32 accumulation" },
	  make_fixed, EL_INT8, DSE_SCALE_TENSOR, DSE_ACC_INT, 32,
	  TENSOR_SCALE_BITS, 0, NO_INT8_TRAINING },
	{ "hbfp", { "hbfp<m>[_<B>]", "hbfp8_576,hbfp6_256,hbfp4_576",
		    "m-bit mantissas (sign included), 10-bit exponent per block" },
	  make_hbfp, -1, DSE_SCALE_HBFP, DSE_ACC_INT, 0, HBFP_SCALE_BITS,
	  DSE_HBFP_DEFAULT_BLOCK, NULL },
	MX_ROW("mxint8", EL_MXINT8, "MXINT8: sign + 7 bits (k/64), E8M0 scale"),
	MX_ROW("mxfp8_e4m3", EL_E4M3, "MXFP8 E4M3, E8M0 scale"),
	MX_ROW("mxfp8_e5m2", EL_E5M2, "MXFP8 E5M2, E8M0 scale"),
	MX_ROW("mxfp6_e2m3", EL_E2M3, "MXFP6 E2M3, E8M0 scale"),
	MX_ROW("mxfp6_e3m2", EL_E3M2, "MXFP6 E3M2, E8M0 scale"),
	{ "mxfp4", { "mxfp4[_<B>]", "mxfp4,mxfp4_16", "MXFP4 E2M1, E8M0 scale" },
	  make_mx, EL_E2M1, DSE_SCALE_MX, DSE_ACC_INT, 0, MX_SCALE_BITS,
	  DSE_MX_DEFAULT_BLOCK, NO_MX_TRAINING },
};

#define NFAMILIES (sizeof families / sizeof families[0])

/* The accepted format names as one static string, for messages and help. */
const char *dse_format_names(void)
{
	return "fp32, fp16, bf16, int8, hbfp<m>_<B> (m = 3..16; hbfp<m> = "
	       "hbfp<m>_576), mxint8, mxfp8_e4m3, mxfp8_e5m2, mxfp6_e2m3, "
	       "mxfp6_e3m2, mxfp4 (block 32, or _<B>); B = 1..1048576";
}

/* Row i of the format table, NULL past its end. */
const struct dse_format_family *dse_format_family(size_t i)
{
	return i < NFAMILIES ? &families[i].pub : NULL;
}

/* The element whose product unit is mul (the first such row), or NULL. */
const struct dse_element *dse_element_of_mul(enum dse_mul mul)
{
	size_t i;

	for (i = 0; i < NELEMENTS; i++)
		if (elements[i].mul == mul)
			return &elements[i];
	return NULL;
}

/* Smallest b with 2^b >= x (0 for x <= 1). */
static unsigned ceil_log2(unsigned long x)
{
	unsigned bits = 0;

	while ((1ul << bits) < x)
		bits++;
	return bits;
}

/*
 * Magnitude bits of one element on its block's fixed-point grid: an FP
 * element is a multiple of 2^(emin - man_bits) below 2^(emax + 1), so
 * n_e = emax + 1 - (emin - man_bits); an INT element has man_bits.
 */
unsigned dse_element_grid_bits(const struct dse_element *e)
{
	if (e->kind == DSE_ELEM_INT)
		return e->man_bits;
	return (unsigned)(e->emax - e->emin + (int)e->man_bits + 1);
}

/*
 * 2:1 multiplexer bits of the logarithmic shifter that places one exact
 * product (2p significand bits, p = man_bits + 1) at its exponent in the
 * block adder: shifts of 0 .. S = 2 (emax - emin) positions take
 * ceil(log2 (S + 1)) stages; stage k shifts by 2^k and is as wide as its
 * output, min(2p + 2^(k+1) - 1, 2 n_e).  INT elements need no shifter.
 */
unsigned dse_element_align_mux_bits(const struct dse_element *e)
{
	unsigned p2, shift, stages, k, width, top, bits = 0;

	if (e->kind == DSE_ELEM_INT)
		return 0;
	p2 = 2 * (e->man_bits + 1);
	shift = 2u * (unsigned)(e->emax - e->emin);
	stages = ceil_log2(shift + 1ul);
	top = 2 * dse_element_grid_bits(e);
	for (k = 0; k < stages; k++) {
		width = p2 + (2u << k) - 1;
		bits += width < top ? width : top;
	}
	return bits;
}

/* Fill out: the PE cost fields follow from element, accumulator and block. */
static void fill(struct dse_format *out, const char *name, const char *family,
		 const struct dse_element *el, const struct family *fam,
		 double mul_scale, unsigned acc_bits, unsigned block)
{
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", name);
	snprintf(out->family, sizeof out->family, "%s", family);
	out->element = *el;
	out->scaling = fam->scaling;
	out->scale_bits = fam->scale_bits;
	if (fam->scaling == DSE_SCALE_HBFP) {
		out->scale_min = HBFP_SCALE_MIN;
		out->scale_max = HBFP_SCALE_MAX;
	} else if (fam->scaling == DSE_SCALE_MX) {
		out->scale_min = MX_SCALE_MIN;
		out->scale_max = MX_SCALE_MAX;
	}
	out->mul = el->mul;
	out->mul_scale = mul_scale;
	out->acc = fam->acc;
	/* technology entries: int add energy per 32 bits, int add area per bit */
	out->acc_energy_scale = fam->acc == DSE_ACC_INT ? acc_bits / 32.0 : 1.0;
	out->acc_area_scale = fam->acc == DSE_ACC_INT ? (double)acc_bits : 1.0;
	out->reg_bits = 2.0 * el->bits + acc_bits;
	out->block_share = block > 0 ? 1.0 / block : 0.0;
	out->scale_add_scale = block > 0 ?
		(double)fam->scale_bits / DSE_EXP_ADD_BITS : 0.0;
	/* the shared scale's bits are spread over the block */
	out->storage_bits = el->bits +
		(block > 0 ? (double)fam->scale_bits / (double)block : 0.0);
	out->acc_bits = acc_bits;
	out->operand_bits = el->bits;
	out->block = block;
	out->no_training = fam->trains;
}

/* DSE_EINPUT "format 'name': why (known: ...)". */
static int bad_name(struct dse_error *err, const char *name, const char *why)
{
	return dse_error_set(err, DSE_EINPUT, "format '%s': %s (known: %s)",
			     name, why, dse_format_names());
}

/* A fixed format: name equals the family's prefix. */
static int make_fixed(const struct family *fam, const char *name,
		      struct dse_format *out, struct dse_error *err)
{
	(void)name;
	(void)err;
	fill(out, fam->prefix, fam->prefix, &elements[fam->element], fam, 1.0,
	     fam->acc_bits, 0);
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

/* An optional "_<B>" at p, then the end of the name; B in 1..DSE_BLOCK_MAX. */
static int parse_block(const char *name, const char *p, long *block,
		       struct dse_error *err)
{
	char why[96];

	if (*p == '_') {
		p++;
		*block = parse_uint(&p);
		if (*block < 0)
			return bad_name(err, name,
					"expected a block size after '_'");
	}
	if (*p != '\0') {
		snprintf(why, sizeof why, "unexpected '%.40s'", p);
		return bad_name(err, name, why);
	}
	if (*block < 1 || *block > (long)DSE_BLOCK_MAX) {
		snprintf(why, sizeof why, "block size %ld outside 1..%u", *block,
			 DSE_BLOCK_MAX);
		return bad_name(err, name, why);
	}
	return DSE_OK;
}

/* hbfp<m>_<B>: m-bit mantissas (sign included), B per shared exponent. */
static int make_hbfp(const struct family *fam, const char *name,
		     struct dse_format *out, struct dse_error *err)
{
	const char *p = name + strlen(fam->prefix);
	struct dse_element el;
	long m, block = fam->block;
	char canon[32], family[32], why[64];
	int rc;

	m = parse_uint(&p);
	if (m < 0)
		return bad_name(err, name, "expected hbfp<m>_<B>");
	rc = parse_block(name, p, &block, err);
	if (rc != DSE_OK)
		return rc;
	if (m < HBFP_MANT_MIN || m > HBFP_MANT_MAX) {
		snprintf(why, sizeof why, "mantissa width %ld outside %d..%d bits",
			 m, HBFP_MANT_MIN, HBFP_MANT_MAX);
		return bad_name(err, name, why);
	}
	/* sign + (m - 1) magnitude bits in units of 2^(e - m + 1) */
	memset(&el, 0, sizeof el);
	snprintf(el.name, sizeof el.name, "int%ld", m);
	el.kind = DSE_ELEM_INT;
	el.bits = (unsigned)m;
	el.man_bits = (unsigned)m - 1;
	el.frac_bits = (int)m - 1;
	el.max = 1.0 - 1.0 / (double)(1L << (m - 1));
	el.mul = DSE_MUL_INT8;
	snprintf(canon, sizeof canon, "hbfp%ld_%ld", m, block);
	snprintf(family, sizeof family, "hbfp%ld", m);
	/* MODEL.md 4: a = 2m + ceil(log2 B); an m-bit multiplier costs (m/8)^2
	   of an 8-bit one */
	fill(out, canon, family, &el, fam, (m / 8.0) * (m / 8.0),
	     2u * (unsigned)m + ceil_log2((unsigned long)block), (unsigned)block);
	return DSE_OK;
}

/*
 * mx<elem>[_<B>]: OCP MX elements sharing an E8M0 scale per B.  Products
 * are exact and summed exactly in a fixed-point block adder of
 * a = 2 n_e + ceil(log2 B) + 1 bits (a sign and n_e magnitude bits per
 * element, dse_element_grid_bits); an INT8 element multiplies like int8,
 * an FP element in its product unit (the technology's entry).
 */
static int make_mx(const struct family *fam, const char *name,
		   struct dse_format *out, struct dse_error *err)
{
	const struct dse_element *el = &elements[fam->element];
	long block = fam->block;
	char canon[32];
	unsigned acc_bits;
	int rc = parse_block(name, name + strlen(fam->prefix), &block, err);

	if (rc != DSE_OK)
		return rc;
	if (block == (long)fam->block)
		snprintf(canon, sizeof canon, "%s", fam->prefix);
	else
		snprintf(canon, sizeof canon, "%s_%ld", fam->prefix, block);
	acc_bits = 2 * dse_element_grid_bits(el) +
		   ceil_log2((unsigned long)block) + 1;
	fill(out, canon, fam->prefix, el, fam,
	     el->mul == DSE_MUL_INT8 ? (el->bits / 8.0) * (el->bits / 8.0) : 1.0,
	     acc_bits, (unsigned)block);
	out->align_bits = dse_element_align_mux_bits(el);
	return DSE_OK;
}

/* Parse name with the family whose prefix it starts with. */
int dse_format_parse(const char *name, struct dse_format *out,
		     struct dse_error *err)
{
	size_t i, n;

	if (name == NULL || *name == '\0')
		return dse_error_set(err, DSE_EINPUT,
				     "empty format name (known: %s)",
				     dse_format_names());
	for (i = 0; i < NFAMILIES; i++) {
		const struct family *fam = &families[i];

		n = strlen(fam->prefix);
		if (strncmp(name, fam->prefix, n) != 0 ||
		    (fam->make == make_fixed && name[n] != '\0'))
			continue;
		return fam->make(fam, name, out, err);
	}
	return bad_name(err, name, "unknown format");
}
