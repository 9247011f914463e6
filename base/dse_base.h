/*
 * dse_base.h - what every module of libdse shares: status codes and the
 * error record, JSON input files, and files written atomically.
 *
 * Conventions for the whole library (libdse):
 *  - Functions that can fail return an int status (DSE_OK or a negative
 *    enum dse_status) and fill a caller-owned struct dse_error when it is not
 *    NULL.  Nothing in the library prints, exits or aborts.
 *  - Units are part of every name: _mm2, _um2, _w, _pj, _uj, _ghz, _us, _v.
 *  - Objects returned by a *_new / *_load function are owned by the caller
 *    and released with the matching *_free, which accepts NULL.
 */
#ifndef DSE_BASE_H
#define DSE_BASE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

enum dse_status {
	DSE_OK = 0,
	DSE_EUSAGE = -1,      /* a command-line argument is malformed */
	DSE_EINPUT = -2,      /* an input file or value is bad: file, key, reason */
	DSE_EINFEASIBLE = -3, /* the design (or every design) breaks a constraint */
	DSE_ENOMEM = -4,      /* out of memory */
	DSE_EIO = -5,         /* reading or writing a file failed */
	DSE_ENUMERIC = -6,    /* a numerical routine (GSL) failed */
	DSE_EEXTERNAL = -7    /* an external program (gnuplot) is missing or failed */
};

#define DSE_ERROR_MAX 1024

/* Detail of a failure: the status and a one-line "where: why" message. */
struct dse_error {
	int status;
	char msg[DSE_ERROR_MAX];
};

/* Static, human-readable name of a status ("bad input data", ...). */
const char *dse_strerror(int status);

/*
 * Record a failure in err (which may be NULL) and return status, so that a
 * caller can write `return dse_error_set(err, DSE_EINPUT, "%s: ...", f)`.
 * Control characters in the message (a newline in a file name, key or
 * value) are written escaped (\n, \t, \xHH), so a message is always one line.
 */
int dse_error_set(struct dse_error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Prefix an already recorded message with "where: " (used when a caller
 * knows which file or argument a lower-level failure belongs to).
 */
void dse_error_prefix(struct dse_error *err, const char *where);

/* ------------------------------------------------------------------ */
/* Numbers in text (flags, ranges, workload specs)                    */
/* ------------------------------------------------------------------ */

/*
 * Scan a strict decimal number at s: [+-]digits[.digits][e[+-]digits]
 * (".5" and "5." too), finite and within double range.  No leading space,
 * hexadecimal, inf or nan.  On success *out is the value and *end (if not
 * NULL) points just past it; otherwise DSE_EUSAGE, nothing stored, no
 * message (the caller names the flag).
 */
int dse_number_scan(const char *s, const char **end, double *out);

/* The whole of text as one number of dse_number_scan; DSE_EUSAGE otherwise. */
int dse_number_parse(const char *text, double *out);

/* The whole of text as decimal digits (no sign, no space) <= max. */
int dse_uint_parse(const char *text, unsigned long long max,
		   unsigned long long *out);

/* ------------------------------------------------------------------ */
/* JSON input files (technology, workload, study)                     */
/* ------------------------------------------------------------------ */

struct cJSON;

/*
 * Read a whole file (at most 64 MB) into a NUL-terminated heap buffer
 * (*text, freed by the caller; *len its length without the NUL, may be
 * NULL).  Fails with DSE_EINPUT when it cannot be opened or read.
 */
int dse_file_read(const char *path, char **text, size_t *len,
		  struct dse_error *err);

/*
 * Parse len bytes of JSON text (need not be NUL-terminated); `file` names
 * it in messages, "file:line:col: malformed JSON".  *out is freed with
 * cJSON_Delete.
 */
int dse_json_parse(const char *text, size_t len, const char *file,
		   struct cJSON **out, struct dse_error *err);

/*
 * Read and parse a JSON file.  Fails with DSE_EINPUT: "file: reason" when
 * it cannot be opened, "file:line:col: malformed JSON" when it does not
 * parse (a NUL byte anywhere is malformed); DSE_EIO when reading fails
 * midway.  *out is freed with cJSON_Delete.
 */
int dse_json_read_file(const char *path, struct cJSON **out,
		       struct dse_error *err);

/*
 * Check that obj is a JSON object whose keys are all in the NULL-terminated
 * list `known` (and none repeats); if `required` is set, that all are
 * present.  Messages read "file: where.key: reason".
 */
int dse_json_check_keys(const struct cJSON *obj, const char *const *known,
			int required, const char *file, const char *where,
			struct dse_error *err);

/*
 * Read obj[key] as a finite number in [lo, hi] (exclusive at lo when
 * lo_open).  A missing key leaves *out alone and succeeds when optional.
 */
int dse_json_number(const struct cJSON *obj, const char *key, double lo,
		    int lo_open, double hi, int optional, const char *file,
		    const char *where, double *out, struct dse_error *err);

/* Read obj[key] as a string (not copied; lives as long as obj). */
int dse_json_string(const struct cJSON *obj, const char *key, int optional,
		    const char *file, const char *where, const char **out,
		    struct dse_error *err);

/* ------------------------------------------------------------------ */
/* Files                                                              */
/* ------------------------------------------------------------------ */

/* "dir/name", malloc'ed (free it); NULL when out of memory. */
char *dse_path_join(const char *dir, const char *name);

/* 1 when name is a bare data name ([a-z0-9_-]+): not a path. */
int dse_data_name(const char *name);

/*
 * An installed data file found by bare name: "datadir/kind/name.json"
 * (kind: tech, workloads, studies) when name is a bare name and the file
 * is readable; malloc'ed (free it), else NULL.
 */
char *dse_data_file(const char *datadir, const char *kind, const char *name);

/*
 * A file written under a temporary name in its folder and renamed over
 * `path` by dse_atomic_commit; dse_atomic_abort (or a failed commit)
 * removes it, leaving path untouched.  Both free af.
 */
struct dse_atomic_file {
	FILE *f;     /* write here */
	char *path;  /* final name */
	char *tmp;   /* temporary name */
};

int dse_atomic_open(const char *path, struct dse_atomic_file **out,
		    struct dse_error *err);
int dse_atomic_commit(struct dse_atomic_file *af, struct dse_error *err);
void dse_atomic_abort(struct dse_atomic_file *af);

/*
 * Write a file atomically: `write` fills a temporary file next to path,
 * which is renamed over path only if write returns DSE_OK and every byte
 * reached the disk; otherwise the temporary file is removed and path is
 * untouched.  Errors name the path.
 */
typedef int (*dse_writer)(FILE *f, void *arg, struct dse_error *err);
int dse_file_write_atomic(const char *path, dse_writer write, void *arg,
			  struct dse_error *err);

/* Write a cJSON tree to path (pretty-printed, newline-terminated). */
int dse_json_write_file(const char *path, const struct cJSON *json,
			struct dse_error *err);

/*
 * Put item into obj under key (dse_json_put) or at the end of array a
 * (dse_json_push): 1, or 0 when item is NULL (a failed constructor) or
 * cannot be added, item then freed, so constructors chain with &&.
 */
int dse_json_put(struct cJSON *obj, const char *key, struct cJSON *item);
int dse_json_push(struct cJSON *a, struct cJSON *item);

/*
 * A double as JSON that reads back to the same bits: a number written
 * %.17g, or the string "inf", "-inf" or "nan"; NULL when out of memory.
 * dse_json_exact_array: n of them.  dse_json_exact_read: such a value
 * into *out, 0, or -1 when v is neither a number nor one of the strings.
 */
struct cJSON *dse_json_exact(double v);
struct cJSON *dse_json_exact_array(const double *v, size_t n);
int dse_json_exact_read(const struct cJSON *v, double *out);

/* Print a cJSON tree to f (pretty-printed, newline-terminated). */
int dse_json_print(FILE *f, const struct cJSON *json);

/* dse_writer of the cJSON tree passed as arg (dse_json_print). */
int dse_json_writer(FILE *f, void *arg, struct dse_error *err);

/*
 * A file set: the files of one run, committed together.  Each member is
 * written under a temporary name beside its final one; dse_fileset_commit
 * closes and syncs every member, then renames them all, so either every
 * file of the run replaces its old version or (when a member failed to
 * write or sync) none does.  The remaining window: a rename that fails
 * midway (an I/O error on the folder) or a SIGKILL or power loss during
 * the renames, which take microseconds, leaves the members renamed so far.
 * dse_fileset_free removes every temporary not committed and, unless the
 * set was committed, the folders dse_fileset_mkdir made (when empty).
 * Errors name the file and give the reason ("path: write failed: No space
 * left on device").
 */
struct dse_fileset;

int dse_fileset_new(struct dse_fileset **out, struct dse_error *err);
/* mkdir -p dir (mode 0755); the folders made belong to the set. */
int dse_fileset_mkdir(struct dse_fileset *set, const char *dir,
		      struct dse_error *err);
/* A member written by the caller through *f (owned by the set: do not close). */
int dse_fileset_open(struct dse_fileset *set, const char *path, FILE **f,
		     struct dse_error *err);
/* A member written at once by write(f, arg). */
int dse_fileset_write(struct dse_fileset *set, const char *path,
		      dse_writer write, void *arg, struct dse_error *err);
int dse_fileset_commit(struct dse_fileset *set, struct dse_error *err);
void dse_fileset_free(struct dse_fileset *set);

/*
 * A staging folder: a private folder dir/.dse-stage.XXXXXX (mode 0700)
 * where a run's files are made, by dse or by a program it runs (gnuplot
 * writes its images there), then moved into dir together by
 * dse_stage_commit (every regular file renamed, then the folder removed;
 * the window is a file set's).  dse_stage_free removes the folder with
 * whatever is left in it; so does dse_cleanup_run on a signal.  Errors name
 * the path and the reason.
 */
struct dse_stage;

int dse_stage_new(const char *dir, struct dse_stage **out,
		  struct dse_error *err);
const char *dse_stage_path(const struct dse_stage *st);
int dse_stage_commit(struct dse_stage *st, struct dse_error *err);
void dse_stage_free(struct dse_stage *st);

/*
 * The cleanup registry.  Every temporary file of dse_atomic_open,
 * dse_file_write_atomic and file sets, and every folder dse_fileset_mkdir
 * makes, is recorded while it exists (process-wide: the one shared state
 * of libdse, since a signal ends the whole process).  dse_cleanup_run
 * removes them all (files unlinked, folders removed when empty) and then
 * holds the registry's lock for good, so that no new temporary appears:
 * call it only just before the process ends, from an ordinary thread (a
 * sigwait thread, as the dse command does; it takes a mutex, so never
 * from a signal handler).  It never prints or exits.
 */
void dse_cleanup_run(void);

#ifdef __cplusplus
}
#endif

#endif /* DSE_BASE_H */
