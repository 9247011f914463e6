/* files.c - output files: the cleanup registry, atomic files and file sets. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
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

/* 1 when name is a bare data name: lower-case letters, digits, '_' and '-'. */
int dse_data_name(const char *name)
{
	return *name && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") ==
				strlen(name);
}

/* datadir/kind/name.json if name is a bare name and that file is readable. */
char *dse_data_file(const char *datadir, const char *kind, const char *name)
{
	size_t n;
	char *path;

	if (datadir == NULL || !dse_data_name(name))
		return NULL;
	n = strlen(datadir) + strlen(kind) + strlen(name) + 8;
	path = malloc(n);
	if (path == NULL)
		return NULL;
	snprintf(path, n, "%s/%s/%s.json", datadir, kind, name);
	if (access(path, R_OK) != 0) {
		free(path);
		return NULL;
	}
	return path;
}

/* ---- the cleanup registry ----
 * The one piece of process-wide state in libdse, because what it serves is
 * process-wide: a signal ends the whole process, whichever thread or call
 * created the files.  Every temporary file and every folder made for an
 * output is registered here, under the lock, in the same critical section
 * that creates it, and unregistered in the one that renames or removes it;
 * dse_cleanup_run takes the lock for good, so nothing can be created after
 * it has looked.  A path is a malloc'ed copy; the registry never prints.
 */
struct registered {
	char *path;
	int dir; /* 0: a file (unlink), 1: a folder (rmdir when empty),
		    2: a staging folder (its files unlinked, then rmdir) */
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct registered *registry;
static size_t registry_n, registry_cap;

/* Add path to the registry (lock held); -1 when out of memory. */
static int registry_add(const char *path, int dir)
{
	char *copy;

	if (registry_n == registry_cap) {
		size_t ncap = registry_cap ? 2 * registry_cap : 16;
		struct registered *r = realloc(registry, ncap * sizeof *r);

		if (r == NULL)
			return -1;
		registry = r;
		registry_cap = ncap;
	}
	copy = strdup(path);
	if (copy == NULL)
		return -1;
	registry[registry_n].path = copy;
	registry[registry_n].dir = dir;
	registry_n++;
	return 0;
}

/* Drop path from the registry (lock held); a path not there is ignored. */
static void registry_drop(const char *path)
{
	size_t i;

	for (i = registry_n; i-- > 0;) {
		if (strcmp(registry[i].path, path) != 0)
			continue;
		free(registry[i].path);
		memmove(&registry[i], &registry[i + 1],
			(registry_n - i - 1) * sizeof *registry);
		registry_n--;
		break;
	}
	if (registry_n == 0) {
		free(registry);
		registry = NULL;
		registry_cap = 0;
	}
}

/* Unlink every entry of folder path but . and .. (a staging folder holds
   files only), then remove it; errors are ignored (nothing to report to). */
static void remove_staged(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		char *f;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((f = dse_path_join(path, e->d_name)) != NULL)
			unlink(f);
		free(f);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

/* Remove every registered file and folder, newest first; keeps the lock. */
void dse_cleanup_run(void)
{
	size_t i;

	pthread_mutex_lock(&registry_lock); /* never released: see above */
	for (i = registry_n; i-- > 0;) {
		if (registry[i].dir == 2)
			remove_staged(registry[i].path);
		else if (registry[i].dir)
			rmdir(registry[i].path);
		else
			unlink(registry[i].path);
	}
}

/* Create path.tmp.XXXXXX (mode 0644) and register it; the fd is open for writing. */
static int tmp_create(const char *path, char **tmp, int *fd,
		      struct dse_error *err)
{
	static const char suffix[] = ".tmp.XXXXXX";
	size_t n = strlen(path);
	char *t = malloc(n + sizeof suffix);
	int rc = DSE_OK, e;

	if (t == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", path);
	memcpy(t, path, n);
	memcpy(t + n, suffix, sizeof suffix);
	pthread_mutex_lock(&registry_lock);
	*fd = mkstemp(t);
	e = errno;
	if (*fd >= 0 && registry_add(t, 0) != 0) {
		close(*fd);
		unlink(t);
		*fd = -1;
		e = ENOMEM;
	}
	pthread_mutex_unlock(&registry_lock);
	if (*fd < 0) {
		rc = dse_error_set(err, e == ENOMEM ? DSE_ENOMEM : DSE_EIO,
				   "%s: cannot create: %s", path, strerror(e));
		free(t);
		return rc;
	}
	if (fchmod(*fd, 0644) != 0) {
		rc = dse_error_set(err, DSE_EIO, "%s: %s", path, strerror(errno));
		close(*fd);
		pthread_mutex_lock(&registry_lock);
		unlink(t);
		registry_drop(t);
		pthread_mutex_unlock(&registry_lock);
		free(t);
		return rc;
	}
	*tmp = t;
	return DSE_OK;
}

/* Remove a temporary file and forget it. */
static void tmp_remove(const char *tmp)
{
	pthread_mutex_lock(&registry_lock);
	unlink(tmp);
	registry_drop(tmp);
	pthread_mutex_unlock(&registry_lock);
}

/* Flush, sync and close f; DSE_EIO naming path and the reason otherwise. */
static int close_synced(FILE *f, const char *path, struct dse_error *err)
{
	int rc = DSE_OK, e = 0;

	if (ferror(f))
		e = errno ? errno : EIO;
	else if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		e = errno;
	if (fclose(f) != 0 && e == 0)
		e = errno;
	if (e != 0)
		rc = dse_error_set(err, DSE_EIO, "%s: write failed: %s", path,
				   strerror(e));
	return rc;
}

/* ---- single atomic files ---- */

/* Open path.tmp.XXXXXX (mode 0644) beside path for writing. */
int dse_atomic_open(const char *path, struct dse_atomic_file **out,
		    struct dse_error *err)
{
	struct dse_atomic_file *af = calloc(1, sizeof *af);
	int fd, rc;

	if (af == NULL || (af->path = strdup(path)) == NULL) {
		dse_atomic_abort(af);
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", path);
	}
	rc = tmp_create(path, &af->tmp, &fd, err);
	if (rc != DSE_OK) {
		dse_atomic_abort(af);
		return rc;
	}
	if ((af->f = fdopen(fd, "w")) == NULL) {
		rc = dse_error_set(err, DSE_EIO, "%s: %s", path, strerror(errno));
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
		tmp_remove(af->tmp);
	free(af->tmp);
	free(af->path);
	free(af);
}

/* Flush, sync and close the temporary file, rename it to path; frees af. */
int dse_atomic_commit(struct dse_atomic_file *af, struct dse_error *err)
{
	int rc = close_synced(af->f, af->path, err);

	af->f = NULL;
	if (rc == DSE_OK) {
		pthread_mutex_lock(&registry_lock);
		if (rename(af->tmp, af->path) != 0)
			rc = dse_error_set(err, DSE_EIO, "%s: cannot rename: %s",
					   af->path, strerror(errno));
		else
			registry_drop(af->tmp);
		pthread_mutex_unlock(&registry_lock);
	}
	if (rc == DSE_OK) {
		free(af->tmp);
		af->tmp = NULL;
	}
	dse_atomic_abort(af);
	return rc;
}

/*
 * After a writer failed on f for path: an I/O error becomes "path: write
 * failed: reason"; the writer's own message gets path in front.
 */
static int writer_failed(int rc, FILE *f, int saved_errno, const char *path,
			 struct dse_error *err)
{
	if (ferror(f))
		return dse_error_set(err, DSE_EIO, "%s: write failed: %s", path,
				     strerror(saved_errno ? saved_errno : EIO));
	if (err && strncmp(err->msg, path, strlen(path)) != 0)
		dse_error_prefix(err, path);
	if (err)
		err->status = rc;
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
	errno = 0;
	rc = write(af->f, arg, err);
	if (rc != DSE_OK) {
		rc = writer_failed(rc, af->f, errno, path, err);
		dse_atomic_abort(af);
		return rc;
	}
	return dse_atomic_commit(af, err);
}

/* ---- file sets: the files of one run, committed together ---- */

/* Most folders one set creates (components of one mkdir -p). */
#define FILESET_DIRS_MAX 64

struct member {
	FILE *f;
	char *path, *tmp;
};

struct dse_fileset {
	size_t n, cap;
	struct member *m;
	size_t ndirs;
	char *dirs[FILESET_DIRS_MAX]; /* folders this set made, outermost first */
	int committed;
};

/* An empty set. */
int dse_fileset_new(struct dse_fileset **out, struct dse_error *err)
{
	*out = calloc(1, sizeof **out);
	return *out ? DSE_OK : dse_error_set(err, DSE_ENOMEM, "out of memory");
}

/* mkdir -p dir; each folder made is registered and remembered. */
int dse_fileset_mkdir(struct dse_fileset *set, const char *dir,
		      struct dse_error *err)
{
	size_t i, n = strlen(dir);
	char *path = strdup(dir), *copy;
	int rc = DSE_OK;

	if (path == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (i = 1; rc == DSE_OK && i <= n; i++) {
		int made, e;

		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		copy = NULL;
		pthread_mutex_lock(&registry_lock);
		made = mkdir(path, 0755) == 0;
		e = errno;
		if (made && (set->ndirs == FILESET_DIRS_MAX ||
			     (copy = strdup(path)) == NULL ||
			     registry_add(path, 1) != 0)) {
			rmdir(path);
			free(copy);
			made = 0;
			e = ENOMEM;
		} else if (made) {
			set->dirs[set->ndirs++] = copy;
		}
		pthread_mutex_unlock(&registry_lock);
		if (!made && e != EEXIST)
			rc = dse_error_set(err, e == ENOMEM ? DSE_ENOMEM : DSE_EIO,
					   "%s: cannot create: %s", path,
					   strerror(e));
		path[i] = dir[i];
	}
	free(path);
	return rc;
}

/* Add a member: a temporary file beside path, open for writing in *f. */
int dse_fileset_open(struct dse_fileset *set, const char *path, FILE **f,
		     struct dse_error *err)
{
	struct member *m;
	int fd, rc;

	if (set->n == set->cap) {
		size_t ncap = set->cap ? 2 * set->cap : 8;
		struct member *nm = realloc(set->m, ncap * sizeof *nm);

		if (nm == NULL)
			return dse_error_set(err, DSE_ENOMEM, "out of memory");
		set->m = nm;
		set->cap = ncap;
	}
	m = &set->m[set->n];
	memset(m, 0, sizeof *m);
	if ((m->path = strdup(path)) == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", path);
	rc = tmp_create(path, &m->tmp, &fd, err);
	if (rc == DSE_OK && (m->f = fdopen(fd, "w")) == NULL) {
		rc = dse_error_set(err, DSE_EIO, "%s: %s", path, strerror(errno));
		close(fd);
		tmp_remove(m->tmp);
		free(m->tmp);
	}
	if (rc != DSE_OK) {
		free(m->path);
		return rc;
	}
	set->n++;
	*f = m->f;
	return DSE_OK;
}

/* Add a member written by write(f, arg) at once. */
int dse_fileset_write(struct dse_fileset *set, const char *path,
		      dse_writer write, void *arg, struct dse_error *err)
{
	FILE *f;
	int rc = dse_fileset_open(set, path, &f, err);

	if (rc != DSE_OK)
		return rc;
	errno = 0;
	rc = write(f, arg, err);
	return rc == DSE_OK ? DSE_OK : writer_failed(rc, f, errno, path, err);
}

/* Close every member (synced), then rename them all under the registry lock. */
int dse_fileset_commit(struct dse_fileset *set, struct dse_error *err)
{
	size_t i, j;
	int rc = DSE_OK;

	for (i = 0; i < set->n; i++) {
		int r = close_synced(set->m[i].f, set->m[i].path,
				     rc == DSE_OK ? err : NULL);

		set->m[i].f = NULL;
		if (rc == DSE_OK)
			rc = r;
	}
	if (rc != DSE_OK)
		return rc;
	/* a signal waits for the lock: it sees every file renamed or none */
	pthread_mutex_lock(&registry_lock);
	for (i = 0; rc == DSE_OK && i < set->n; i++) {
		if (rename(set->m[i].tmp, set->m[i].path) != 0) {
			rc = dse_error_set(err, DSE_EIO, "%s: cannot rename: %s",
					   set->m[i].path, strerror(errno));
			break;
		}
		registry_drop(set->m[i].tmp);
		free(set->m[i].tmp);
		set->m[i].tmp = NULL;
	}
	if (rc == DSE_OK) {
		for (j = 0; j < set->ndirs; j++)
			registry_drop(set->dirs[j]);
		set->committed = 1;
	}
	pthread_mutex_unlock(&registry_lock);
	return rc;
}

/* Remove what was not committed (temporaries, folders made), free set. */
void dse_fileset_free(struct dse_fileset *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++) {
		if (set->m[i].f)
			fclose(set->m[i].f);
		if (set->m[i].tmp)
			tmp_remove(set->m[i].tmp);
		free(set->m[i].tmp);
		free(set->m[i].path);
	}
	for (i = set->ndirs; i-- > 0;) {
		if (!set->committed) {
			pthread_mutex_lock(&registry_lock);
			rmdir(set->dirs[i]);
			registry_drop(set->dirs[i]);
			pthread_mutex_unlock(&registry_lock);
		}
		free(set->dirs[i]);
	}
	free(set->m);
	free(set);
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
int dse_json_writer(FILE *f, void *arg, struct dse_error *err)
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
	return dse_file_write_atomic(path, dse_json_writer, (void *)json, err);
}

/* ---- staging folders ---- */

struct dse_stage {
	char *dir;  /* where the files go */
	char *path; /* dir/.dse-stage.XXXXXX */
};

/* A private folder in dir (mode 0700), registered while it exists. */
int dse_stage_new(const char *dir, struct dse_stage **out,
		  struct dse_error *err)
{
	struct dse_stage *st = calloc(1, sizeof *st);
	int e = 0, made = 0;

	*out = NULL;
	if (st == NULL || (st->dir = strdup(dir)) == NULL ||
	    (st->path = dse_path_join(dir, ".dse-stage.XXXXXX")) == NULL) {
		dse_stage_free(st);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	pthread_mutex_lock(&registry_lock);
	if (mkdtemp(st->path) != NULL) {
		made = 1;
		if (registry_add(st->path, 2) != 0) {
			rmdir(st->path);
			made = 0;
			e = ENOMEM;
		}
	} else {
		e = errno;
	}
	pthread_mutex_unlock(&registry_lock);
	if (!made) {
		int rc = dse_error_set(err, e == ENOMEM ? DSE_ENOMEM : DSE_EIO,
				       "%s: cannot create a folder: %s", dir,
				       strerror(e));

		free(st->path);
		st->path = NULL;
		dse_stage_free(st);
		return rc;
	}
	*out = st;
	return DSE_OK;
}

/* The staging folder's path. */
const char *dse_stage_path(const struct dse_stage *st)
{
	return st->path;
}

/* Rename every regular file of the folder into dir, then remove it. */
int dse_stage_commit(struct dse_stage *st, struct dse_error *err)
{
	DIR *d = opendir(st->path);
	struct dirent *e;
	int rc = DSE_OK;

	if (d == NULL)
		return dse_error_set(err, DSE_EIO, "%s: %s", st->path,
				     strerror(errno));
	while (rc == DSE_OK && (e = readdir(d)) != NULL) {
		char *from, *to;
		struct stat sb;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		from = dse_path_join(st->path, e->d_name);
		to = dse_path_join(st->dir, e->d_name);
		if (from == NULL || to == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
		/* only what a program wrote there: no links, no folders */
		else if (lstat(from, &sb) != 0 || !S_ISREG(sb.st_mode))
			rc = dse_error_set(err, DSE_EIO, "%s: not a regular file",
					   from);
		else if (rename(from, to) != 0)
			rc = dse_error_set(err, DSE_EIO, "%s: cannot rename: %s",
					   to, strerror(errno));
		free(from);
		free(to);
	}
	closedir(d);
	if (rc == DSE_OK) {
		pthread_mutex_lock(&registry_lock);
		if (rmdir(st->path) == 0)
			registry_drop(st->path);
		pthread_mutex_unlock(&registry_lock);
	}
	return rc;
}

/* Remove the folder and whatever is still in it; NULL is a no-op. */
void dse_stage_free(struct dse_stage *st)
{
	if (st == NULL)
		return;
	if (st->path) {
		pthread_mutex_lock(&registry_lock);
		remove_staged(st->path);
		registry_drop(st->path);
		pthread_mutex_unlock(&registry_lock);
	}
	free(st->path);
	free(st->dir);
	free(st);
}

/* obj[key] = item, or item freed: 1 when added. */
int dse_json_put(cJSON *obj, const char *key, cJSON *item)
{
	if (item == NULL)
		return 0;
	if (!cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return 0;
	}
	return 1;
}

/* item appended to array a, or freed: 1 when added. */
int dse_json_push(cJSON *a, cJSON *item)
{
	if (item == NULL)
		return 0;
	if (!cJSON_AddItemToArray(a, item)) {
		cJSON_Delete(item);
		return 0;
	}
	return 1;
}

/* A double as JSON that reads back to the same bits. */
cJSON *dse_json_exact(double v)
{
	char buf[40];

	if (isnan(v))
		return cJSON_CreateString("nan");
	if (isinf(v))
		return cJSON_CreateString(v > 0 ? "inf" : "-inf");
	snprintf(buf, sizeof buf, "%.17g", v);
	return cJSON_CreateRaw(buf);
}

/* An array of n exact doubles. */
cJSON *dse_json_exact_array(const double *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; a && i < n; i++)
		if (!dse_json_push(a, dse_json_exact(v[i]))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

/* An exact double (a number, or inf / -inf / nan). */
int dse_json_exact_read(const cJSON *v, double *out)
{
	if (cJSON_IsNumber(v))
		*out = v->valuedouble;
	else if (cJSON_IsString(v) && strcmp(v->valuestring, "inf") == 0)
		*out = INFINITY;
	else if (cJSON_IsString(v) && strcmp(v->valuestring, "-inf") == 0)
		*out = -INFINITY;
	else if (cJSON_IsString(v) && strcmp(v->valuestring, "nan") == 0)
		*out = NAN;
	else
		return -1;
	return 0;
}
