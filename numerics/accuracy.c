/*
 * accuracy.c - accuracies (or errors) a user measured per format on their
 * own model, read from a JSON file to replace the SQNR proxy.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "numerics_impl.h"

/* Release an accuracy table. */
void dse_numerics_accuracy_free(struct dse_accuracy *a)
{
	if (a == NULL)
		return;
	free(a->path);
	free(a->source);
	free(a->metric);
	free(a->entries);
	free(a);
}

/* The "direction" key: higher or lower is better. */
static int parse_direction(const cJSON *root, const char *path,
			   struct dse_accuracy *a, struct dse_error *err)
{
	const char *dir;
	int rc = dse_json_string(root, "direction", 0, path, "", &dir, err);

	if (rc != DSE_OK)
		return rc;
	if (strcmp(dir, "higher") != 0 && strcmp(dir, "lower") != 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: direction: '%s' is not higher (accuracy) or lower (error)",
				     path, dir);
	a->higher_is_better = dir[0] == 'h';
	return DSE_OK;
}

/* The "formats" object: canonical name -> finite number, each once. */
static int parse_formats(const cJSON *root, const char *path,
			 struct dse_accuracy *a, struct dse_error *err)
{
	const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "formats");
	const cJSON *it;
	size_t n = 0, i;

	if (!cJSON_IsObject(obj))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: formats: expected an object of format: value",
				     path);
	cJSON_ArrayForEach(it, obj)
		n++;
	if (n == 0)
		return dse_error_set(err, DSE_EINPUT, "%s: formats: empty", path);
	a->entries = calloc(n, sizeof *a->entries);
	if (a->entries == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", path);
	cJSON_ArrayForEach(it, obj) {
		struct dse_format f;
		double v = it->valuedouble;

		if (dse_format_parse(it->string, &f, err) != DSE_OK) {
			dse_error_prefix(err, "formats");
			dse_error_prefix(err, path);
			return err ? err->status : DSE_EINPUT;
		}
		if (!cJSON_IsNumber(it) || !isfinite(v))
			return dse_error_set(err, DSE_EINPUT,
					     "%s: formats.%s: expected a finite number",
					     path, it->string);
		for (i = 0; i < a->n; i++)
			if (strcmp(a->entries[i].format, f.name) == 0)
				return dse_error_set(err, DSE_EINPUT,
						     "%s: formats.%s: %s is given twice",
						     path, it->string, f.name);
		snprintf(a->entries[a->n].format, sizeof a->entries[0].format,
			 "%s", f.name);
		a->entries[a->n++].value = v;
	}
	return DSE_OK;
}

/* Fill a from the parsed document root. */
static int parse_accuracy(const cJSON *root, const char *path,
			  struct dse_accuracy *a, struct dse_error *err)
{
	static const char *const keys[] = { "source", "metric", "direction",
					    "formats", NULL };
	const char *source = NULL, *metric = NULL;
	int rc = dse_json_check_keys(root, keys, 0, path, "", err);

	if (rc == DSE_OK)
		rc = dse_json_string(root, "source", 0, path, "", &source, err);
	if (rc == DSE_OK && *source == '\0')
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: source: empty (say where the numbers come from)",
				   path);
	if (rc == DSE_OK)
		rc = dse_json_string(root, "metric", 1, path, "", &metric, err);
	if (rc == DSE_OK)
		rc = parse_direction(root, path, a, err);
	if (rc == DSE_OK)
		rc = parse_formats(root, path, a, err);
	if (rc != DSE_OK)
		return rc;
	a->source = strdup(source);
	a->metric = strdup(metric ? metric : a->higher_is_better ? "accuracy" :
							       "error");
	if (a->source == NULL || a->metric == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", path);
	return DSE_OK;
}

/* A new table from a parsed accuracy document. */
int dse_numerics_accuracy_parse(const cJSON *root, const char *path,
				struct dse_accuracy **out,
				struct dse_error *err)
{
	struct dse_accuracy *a = calloc(1, sizeof *a);
	int rc;

	if (a)
		a->path = strdup(path);
	rc = a && a->path ? parse_accuracy(root, path, a, err) :
			    dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc != DSE_OK) {
		dse_numerics_accuracy_free(a);
		return rc;
	}
	*out = a;
	return DSE_OK;
}

/* Load an accuracy file into a new table. */
int dse_numerics_accuracy_load(const char *path, struct dse_accuracy **out,
			       struct dse_error *err)
{
	cJSON *root = NULL;
	int rc = dse_json_read_file(path, &root, err);

	if (rc != DSE_OK)
		return rc;
	rc = dse_numerics_accuracy_parse(root, path, out, err);
	cJSON_Delete(root);
	return rc;
}

/* The value the file gives for a canonical format name. */
int dse_numerics_accuracy_get(const struct dse_accuracy *a,
			      const char *format, double *value,
			      struct dse_error *err)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->entries[i].format, format) == 0) {
			*value = a->entries[i].value;
			return DSE_OK;
		}
	return dse_error_set(err, DSE_EINPUT, "%s: formats: no value for %s",
			     a->path, format);
}
