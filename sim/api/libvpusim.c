/* SPDX-License-Identifier: Apache-2.0 */
/* libvpusim.c — the public C API (include/vpusim/vpusim.h) over the internal
 * modules: workloads go through the same golden-CSV row readers and costing
 * as `vpusim cost`, schedules through the same pipeline as `vpusim run`, so
 * the library and the command cannot answer differently. */
#include "config.h"

#define VPUSIM_BUILDING 1
#include "vpusim/vpusim.h"

#include <string.h>

#include "models/vpunn/vpunn_paths.h"
#include "sim/analysis/run_pipeline.h"
#include "sim/base/csv_table.h"
#include "sim/cost/cost_csv.h"
#include "sim/cost/cost_csv_layer.h"
#include "sim/engine/critical_path.h"
#include "sim/output/report.h"

static void
set_error (char **error, const char *message)
{
  if (error != NULL)
    *error = g_strdup (message);
}

const char *
vpusim_version (void)
{
  return PACKAGE_VERSION;
}

void
vpusim_free (void *p)
{
  g_free (p);
}

/* ---- models ---- */

struct vpusim_models {
  char *dir;
};

static gboolean
holds_vpunn_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return FALSE;
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".vpunn"))
      return TRUE;
  return FALSE;
}

vpusim_models *
vpusim_models_open (const char *models_dir, char **error)
{
  g_auto(GStrv) dirs = vs_vpunn_search_dirs (models_dir);
  for (char **d = dirs; *d != NULL; d++) {
    g_autofree char *nested = g_build_filename (*d, "models", NULL);
    const char *found = holds_vpunn_files (*d) ? *d : holds_vpunn_files (nested) ? nested : NULL;
    if (found != NULL) {
      vpusim_models *m = g_new0 (vpusim_models, 1);
      m->dir = g_strdup (found);
      return m;
    }
  }
  g_autofree char *list = g_strjoinv (", ", dirs);
  g_autofree char *message = g_strdup_printf ("no VPUNN model files (.vpunn) in %s (give a models "
                                              "folder or set VPUSIM_VPUNN_DIR)",
                                              *dirs != NULL ? list : "(no folder configured)");
  set_error (error, message);
  return NULL;
}

void
vpusim_models_free (vpusim_models *models)
{
  if (models == NULL)
    return;
  g_free (models->dir);
  g_free (models);
}

const char *
vpusim_models_dir (const vpusim_models *models)
{
  return models != NULL ? models->dir : NULL;
}

/* ---- workloads: rows of a golden-format table ---- */

struct vpusim_workloads {
  vpusim_kind kind;
  GPtrArray *fields;            /* char *: column names in first-set order */
  GPtrArray *rows;              /* GHashTable field -> value */
};

vpusim_workloads *
vpusim_workloads_new (vpusim_kind kind)
{
  if (kind != VPUSIM_DPU && kind != VPUSIM_DMA && kind != VPUSIM_SHAVE && kind != VPUSIM_LAYER)
    return NULL;
  vpusim_workloads *w = g_new0 (vpusim_workloads, 1);
  w->kind = kind;
  w->fields = g_ptr_array_new_with_free_func (g_free);
  w->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  return w;
}

void
vpusim_workloads_free (vpusim_workloads *w)
{
  if (w == NULL)
    return;
  g_ptr_array_unref (w->fields);
  g_ptr_array_unref (w->rows);
  g_free (w);
}

size_t
vpusim_workloads_add (vpusim_workloads *w)
{
  if (w == NULL)
    return (size_t) -1;
  g_ptr_array_add (w->rows, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free));
  return w->rows->len - 1;
}

size_t
vpusim_workloads_count (const vpusim_workloads *w)
{
  return w != NULL ? w->rows->len : 0;
}

static gboolean
valid_field (const char *field)
{
  if (field == NULL || *field == '\0')
    return FALSE;
  for (const char *p = field; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

int
vpusim_workloads_set (vpusim_workloads *w, const char *field, const char *value, char **error)
{
  if (w == NULL) {
    set_error (error, "vpusim_workloads_set: no workloads (NULL)");
    return -1;
  }
  if (w->rows->len == 0) {
    set_error (error, "vpusim_workloads_set: no workload yet (call vpusim_workloads_add first)");
    return -1;
  }
  if (!valid_field (field)) {
    g_autofree char *message = g_strdup_printf ("'%s' is not a field name (letters, digits and _)",
                                                field != NULL ? field : "(null)");
    set_error (error, message);
    return -1;
  }
  gboolean known = FALSE;
  for (guint i = 0; i < w->fields->len && !known; i++)
    known = strcmp (w->fields->pdata[i], field) == 0;
  if (!known)
    g_ptr_array_add (w->fields, g_strdup (field));
  g_hash_table_replace (w->rows->pdata[w->rows->len - 1], g_strdup (field),
                        g_strdup (value != NULL ? value : ""));
  return 0;
}

/* The workloads as CSV text, every cell quoted (a value may hold commas). */
static GString *
workloads_csv (const vpusim_workloads *w)
{
  GString *csv = g_string_new (NULL);
  for (guint f = 0; f < w->fields->len; f++)
    g_string_append_printf (csv, "%s%s", f == 0 ? "" : ",", (const char *) w->fields->pdata[f]);
  g_string_append_c (csv, '\n');
  for (guint r = 0; r < w->rows->len; r++) {
    for (guint f = 0; f < w->fields->len; f++) {
      const char *v = g_hash_table_lookup (w->rows->pdata[r], w->fields->pdata[f]);
      g_string_append (csv, f == 0 ? "\"" : ",\"");
      for (const char *p = v != NULL ? v : ""; *p != '\0'; p++) {
        if (*p == '"')
          g_string_append_c (csv, '"');
        g_string_append_c (csv, *p);
      }
      g_string_append_c (csv, '"');
    }
    g_string_append_c (csv, '\n');
  }
  return csv;
}

/* Costs the workloads as `vpusim cost KIND` (layers: `vpusim cost layer`,
 * with --strategy auto when `best`) and returns the output table. */
static VsCsvTable *
cost_table (vpusim_models *models, const vpusim_workloads *w, gboolean best, char **error)
{
  static const VsCostCsvFunc kinds[] = { vs_cost_csv_dpu, vs_cost_csv_dma, vs_cost_csv_shave };
  const char *dir = models != NULL ? models->dir : NULL;
  g_autoptr(GString) csv = workloads_csv (w);
  g_autoptr(GError) e = NULL;
  g_autoptr(VsCsvTable) in = vs_csv_table_parse (csv->str, csv->len, "<workloads>", &e);
  g_autoptr(GString) out = g_string_new (NULL);
  guint agree = 0, compared = 0, agree_auto = 0, compared_auto = 0;
  gboolean ok = in != NULL;
  if (ok && w->kind == VPUSIM_LAYER) {
    VsLayerCsvOptions opts = { best ? VS_LAYER_STRATEGY_AUTO : VS_LAYER_STRATEGY_FROM_ROW, VS_TILING_NONE };
    ok = vs_cost_csv_layer (dir, in, &opts, out, &agree, &compared, &agree_auto, &compared_auto, &e);
  } else if (ok) {
    ok = kinds[w->kind] (dir, in, out, &agree, &compared, &e);
  }
  VsCsvTable *result = ok ? vs_csv_table_parse (out->str, out->len, "<costs>", &e) : NULL;
  if (result == NULL)
    set_error (error, e->message);
  return result;
}

/* Reads an integer column of the output into cycles[]. */
static gboolean
read_cycles (const VsCsvTable *result, const char *column_name, uint64_t *cycles, char **error)
{
  g_autoptr(GError) e = NULL;
  guint column = 0;
  if (!vs_csv_table_require (result, column_name, &column, &e)) {
    set_error (error, e->message);
    return FALSE;
  }
  for (guint r = 0; r < vs_csv_table_n_rows (result); r++) {
    gint64 c = 0;
    if (!vs_csv_table_get_int (result, r, column, &c, &e)) {
      set_error (error, e->message);
      return FALSE;
    }
    cycles[r] = (uint64_t) c;
  }
  return TRUE;
}

static gboolean
check_cost_arguments (const char *function, const vpusim_workloads *w, const uint64_t *cycles,
                      char **error)
{
  const char *missing = w == NULL ? "workloads" : cycles == NULL && w->rows->len > 0 ? "cycles" : NULL;
  if (missing != NULL) {
    g_autofree char *message = g_strdup_printf ("%s: no %s (NULL)", function, missing);
    set_error (error, message);
    return FALSE;
  }
  return TRUE;
}

int
vpusim_cost (vpusim_models *models, const vpusim_workloads *w, uint64_t *cycles, char **error)
{
  if (!check_cost_arguments ("vpusim_cost", w, cycles, error))
    return -1;
  if (w->rows->len == 0)
    return 0;
  g_autoptr(VsCsvTable) result = cost_table (models, w, FALSE, error);
  return result != NULL && read_cycles (result, "vpusim_cycles", cycles, error) ? 0 : -1;
}

int
vpusim_cost_layer_best (vpusim_models *models, const vpusim_workloads *layers, uint64_t *cycles,
                        const char **strategies, char **error)
{
  if (!check_cost_arguments ("vpusim_cost_layer_best", layers, cycles, error))
    return -1;
  if (layers->kind != VPUSIM_LAYER) {
    set_error (error, "vpusim_cost_layer_best: the workloads are not layers (VPUSIM_LAYER)");
    return -1;
  }
  if (layers->rows->len == 0)
    return 0;
  g_autoptr(VsCsvTable) result = cost_table (models, layers, TRUE, error);
  if (result == NULL || !read_cycles (result, "vpusim_best_cycles", cycles, error))
    return -1;
  gint column = vs_csv_table_column (result, "vpusim_best_strategy");
  for (guint r = 0; strategies != NULL && r < vs_csv_table_n_rows (result); r++) {
    VsTilingStrategy s = VS_TILING_NONE;
    /* the table holds the names vs_tiling_strategy_name wrote: read back to its static string */
    gboolean known = column >= 0 && vs_tiling_strategy_from_name (vs_csv_table_cell (result, r, (guint) column), &s);
    strategies[r] = known ? vs_tiling_strategy_name (s) : NULL;
  }
  return 0;
}

/* ---- schedules ---- */

struct vpusim_run {
  VsRun run;
};

vpusim_run *
vpusim_run_new (const char *schedule_path, const vpusim_run_options *options, char **error)
{
  VsRunConfig config = { 0 };
  config.mode = VS_REPLAY_REALISTIC;
  if (options != NULL) {
    config.device = options->device;
    config.sets = options->sets;
    config.cost = options->cost;
    config.models_dir = options->models_dir;
    config.mode = options->compiler_mode ? VS_REPLAY_COMPILER : VS_REPLAY_REALISTIC;
  }
  vpusim_run *r = g_new0 (vpusim_run, 1);
  g_autoptr(GError) e = NULL;
  if (schedule_path == NULL) {
    set_error (error, "vpusim_run_new: no schedule given");
    g_free (r);
    return NULL;
  }
  if (!vs_run_prepare (&r->run, schedule_path, &config, &e) || !vs_run_replay (&r->run, &config, &e)) {
    set_error (error, e->message);
    vpusim_run_free (r);
    return NULL;
  }
  return r;
}

void
vpusim_run_free (vpusim_run *r)
{
  if (r == NULL)
    return;
  vs_run_clear (&r->run);
  g_free (r);
}

int64_t
vpusim_run_latency_ps (const vpusim_run *r)
{
  return r != NULL ? r->run.timeline->latency_ps : -1;
}

size_t
vpusim_run_task_count (const vpusim_run *r)
{
  return r != NULL ? r->run.schedule->tasks->len : 0;
}

static const VsTask *
task_at (const vpusim_run *r, size_t i)
{
  return r != NULL && i < r->run.schedule->tasks->len ? vs_schedule_task (r->run.schedule, i) : NULL;
}

const char *
vpusim_run_task_id (const vpusim_run *r, size_t i)
{
  const VsTask *t = task_at (r, i);
  return t != NULL ? t->id : NULL;
}

const char *
vpusim_run_task_name (const vpusim_run *r, size_t i)
{
  const VsTask *t = task_at (r, i);
  return t != NULL ? t->name : NULL;
}

const char *
vpusim_run_task_engine (const vpusim_run *r, size_t i)
{
  const VsTask *t = task_at (r, i);
  return t != NULL ? vs_engine_name (vs_schedule_queue (r->run.schedule, t->queue)->engine) : NULL;
}

int64_t
vpusim_run_task_start_ps (const vpusim_run *r, size_t i)
{
  return task_at (r, i) != NULL ? r->run.timeline->task_start[i] : -1;
}

int64_t
vpusim_run_task_end_ps (const vpusim_run *r, size_t i)
{
  return task_at (r, i) != NULL ? r->run.timeline->task_end[i] : -1;
}

char *
vpusim_run_report_json (const vpusim_run *r)
{
  if (r == NULL)
    return NULL;
  g_autoptr(VsCriticalPath) path = vs_critical_path_compute (r->run.schedule, r->run.timeline);
  GString *out = g_string_new (NULL);
  vs_report_append_json (out, r->run.schedule, r->run.timeline, path);
  return g_string_free (out, FALSE);
}
