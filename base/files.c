/* files.c - atomic file writes: a temporary name, then rename(2). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "dse_base.h"

/* "dir/name" in a new string the caller frees; NULL when out of memory. */
char *dse_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s/%s", dir, name);
	return s;
}

/* Open path.tmp.XXXXXX (mode 0644) beside path for writing. */
int dse_atomic_open(const char *path, struct dse_atomic_file **out,
		    struct dse_error *err)
{
	static const char suffix[] = ".tmp.XXXXXX";
	struct dse_atomic_file *af = calloc(1, sizeof *af);
	size_t n = strlen(path);
	int fd;

	if (af == NULL || (af->path = malloc(n + 1)) == NULL ||
	    (af->tmp = malloc(n + sizeof suffix)) == NULL) {
		dse_atomic_abort(af);
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", path);
	}
	memcpy(af->path, path, n + 1);
	memcpy(af->tmp, path, n);
	memcpy(af->tmp + n, suffix, sizeof suffix);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		int rc = dse_error_set(err, DSE_EIO, "%s: cannot create: %s",
				       path, strerror(errno));

		free(af->tmp);
		af->tmp = NULL;
		dse_atomic_abort(af);
		return rc;
	}
	if (fchmod(fd, 0644) != 0 || (af->f = fdopen(fd, "w")) == NULL) {
		int rc = dse_error_set(err, DSE_EIO, "%s: %s", path,
				       strerror(errno));

		close(fd);
		dse_atomic_abort(af);
		return rc;
	}
	*out = af;
	return DSE_OK;
}

/* Close and remove the temporary file, free af; NULL is a no-op. */
void dse_atomic_abort(struct dse_atomic_file *af)
{
	if (af == NULL)
		return;
	if (af->f)
		fclose(af->f);
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	free(af);
}

/* Flush, sync and close the temporary file, rename it to path; frees af. */
int dse_atomic_commit(struct dse_atomic_file *af, struct dse_error *err)
{
	int rc = DSE_OK;

	if (fflush(af->f) != 0 || ferror(af->f) || fsync(fileno(af->f)) != 0)
		rc = dse_error_set(err, DSE_EIO, "%s: write failed: %s",
				   af->path, strerror(errno));
	if (fclose(af->f) != 0 && rc == DSE_OK)
		rc = dse_error_set(err, DSE_EIO, "%s: write failed: %s",
				   af->path, strerror(errno));
	af->f = NULL;
	if (rc == DSE_OK && rename(af->tmp, af->path) != 0)
		rc = dse_error_set(err, DSE_EIO, "%s: cannot rename: %s",
				   af->path, strerror(errno));
	if (rc == DSE_OK) {
		free(af->tmp);
		af->tmp = NULL;
	}
	dse_atomic_abort(af);
	return rc;
}

/* Write path with write(f, arg) into a temporary file renamed on success. */
int dse_file_write_atomic(const char *path, dse_writer write, void *arg,
			  struct dse_error *err)
{
	struct dse_atomic_file *af;
	int rc = dse_atomic_open(path, &af, err);

	if (rc != DSE_OK)
		return rc;
	rc = write(af->f, arg, err);
	if (rc != DSE_OK) {
		dse_atomic_abort(af);
		return rc;
	}
	return dse_atomic_commit(af, err);
}

/* Print json formatted, with a final newline; DSE_ENOMEM or DSE_EIO on failure. */
int dse_json_print(FILE *f, const struct cJSON *json)
{
	char *text = cJSON_Print(json);
	int ok;

	if (text == NULL)
		return DSE_ENOMEM;
	ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
	cJSON_free(text);
	return ok ? DSE_OK : DSE_EIO;
}

/* dse_writer of a cJSON document passed as arg. */
static int write_json(FILE *f, void *arg, struct dse_error *err)
{
	int rc = dse_json_print(f, arg);

	if (rc != DSE_OK)
		return dse_error_set(err, rc, "%s", rc == DSE_ENOMEM ?
				     "out of memory" : "write failed");
	return DSE_OK;
}

/* Write json to path atomically; the message names path. */
int dse_json_write_file(const char *path, const struct cJSON *json,
			struct dse_error *err)
{
	int rc = dse_file_write_atomic(path, write_json, (void *)json, err);

	if (rc != DSE_OK && err && strncmp(err->msg, path, strlen(path)) != 0)
		dse_error_prefix(err, path);
	return rc;
}
