/* SPDX-License-Identifier: Apache-2.0 */
/* cost_csv_shave.c — `vpusim cost shave`: SHAVE kernels from a CSV, costed with
 * the classic kernel table (a layers_perf.csv found in the models folders,
 * else the built-in table) or with VPUNN's fitted operator models
 * (--shave-model fitted).  Columns: device, kernel, in_* and out_* tensors
 * (w, h, c, b, dtype, optional layout), and an optional `params` column of
 * integer operator parameters separated by ';' (MVN axes; gather axis and
 * batch dims) that the fitted models use.  Kernel names are VPUNN's own, as
 * in its golden files: they are not normalised (see shave_kernel_names.h). */
#include "sim/cost/cost_csv.h"
#include "sim/cost/cost_csv_kinds.h"

#include "models/shave_table.h"
#include "models/vpunn/shave_fitted.h"
#include "models/vpunn/vpunn_paths.h"

/* The optional params cell: up to VS_SHAVE_MAX_PARAMS integers, ';'-separated. */
static gboolean
get_params (const VsCsvTable *t, guint row, VsShaveWorkload *w, GError **error)
{
  gint col = vs_csv_table_column (t, "params");
  const char *cell = col >= 0 ? vs_csv_table_cell (t, row, (guint) col) : NULL;
  if (cell == NULL || *cell == '\0')
    return TRUE;
  g_auto(GStrv) parts = g_strsplit (cell, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++) {
    char *end = NULL;
    gint64 v = g_ascii_strtoll (g_strstrip (parts[i]), &end, 10);
    if (i >= VS_SHAVE_MAX_PARAMS || end == parts[i] || *end != '\0' || v < G_MININT32 ||
        v > G_MAXINT32) {
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
                   "%s:%u: column 'params': expected up to %d integers separated by ';', got '%s'",
                   vs_csv_table_origin (t), vs_csv_table_row_line (t, row), VS_SHAVE_MAX_PARAMS,
                   cell);
      return FALSE;
    }
    w->params[w->n_params++] = (gint32) v;
  }
  return TRUE;
}

/* Parse every row into w[] (kernel names borrowed from the table). */
static gboolean
read_rows (const VsCsvTable *in, VsShaveWorkload *w, GError **error)
{
  guint kernel_col;
  if (!vs_csv_table_require (in, "kernel", &kernel_col, error))
    return FALSE;
  for (guint r = 0; r < vs_csv_table_n_rows (in); r++) {
    int device;
    w[r] = (VsShaveWorkload) { .n_inputs = 1, .n_outputs = 1 };
    if (!vs_csv_table_named_lookup (in, r, "device", TRUE, 0, vs_vpu_device_names, &device, error)
        || !vs_cost_csv_tensor (in, r, "in", &w[r].inputs[0], error)
        || !vs_cost_csv_tensor (in, r, "out", &w[r].outputs[0], error)
        || !get_params (in, r, &w[r], error))
      return FALSE;
    w[r].device = device;
    w[r].kernel = vs_csv_table_cell (in, r, kernel_col);
  }
  return TRUE;
}

/* A session's state: the kernel table (NULL for the fitted models, whose
 * coefficients are built in) and a workload buffer reused by every call. */
typedef struct {
  VsShaveTable *table;
  GArray *workloads;     /* VsShaveWorkload */
} ShaveState;

static gpointer
shave_open (const char *models_dir, const VsCsvTable *header, GError **error)
{
  /* A layers_perf.csv in the models folders replaces the built-in table. */
  g_autofree char *path = vs_vpunn_find_file (models_dir, "layers_perf.csv", NULL);
  VsShaveTable *table = path != NULL ? vs_shave_table_load (path, error)
                                     : vs_shave_table_for_models_dir (NULL, error);
  if (table == NULL)
    return NULL;
  ShaveState *st = g_new0 (ShaveState, 1);
  st->table = table;
  st->workloads = g_array_new (FALSE, TRUE, sizeof (VsShaveWorkload));
  return st;
}

static gpointer
shave_fitted_open (const char *models_dir, const VsCsvTable *header, GError **error)
{
  (void) models_dir;   /* the fitted coefficients are built in */
  ShaveState *st = g_new0 (ShaveState, 1);
  st->workloads = g_array_new (FALSE, TRUE, sizeof (VsShaveWorkload));
  return st;
}

static void
shave_close (gpointer p)
{
  ShaveState *st = p;
  if (st->table != NULL)
    vs_shave_table_free (st->table);
  g_array_unref (st->workloads);
  g_free (st);
}

static gboolean
shave_cost (gpointer p, const VsCsvTable *rows, VsCycles *cycles, GError **error)
{
  ShaveState *st = p;
  const guint n = vs_csv_table_n_rows (rows);
  g_array_set_size (st->workloads, n);
  VsShaveWorkload *w = (VsShaveWorkload *) (void *) st->workloads->data;
  if (!read_rows (rows, w, error))
    return FALSE;
  for (guint r = 0; r < n; r++)
    cycles[r] = st->table != NULL ? vs_shave_table_cycles (st->table, &w[r])
                                  : vs_shave_fitted_cycles (&w[r]);
  return TRUE;
}

const VsCostCsvKindOps vs_cost_csv_shave_ops = { shave_open, shave_cost, shave_close };
const VsCostCsvKindOps vs_cost_csv_shave_fitted_ops = { shave_fitted_open, shave_cost,
                                                        shave_close };

static gboolean
whole_table (VsCostCsvKind kind, const char *models_dir, VsCsvTable *in, GString *out_csv,
             guint *agree, guint *compared, GError **error)
{
  g_autoptr(VsCostCsvSession) s = vs_cost_csv_session_new (kind, models_dir, in, error);
  if (s == NULL)
    return FALSE;
  guint n = vs_csv_table_n_rows (in);
  g_autofree VsCycles *cycles = g_new (VsCycles, MAX (n, 1));
  return vs_cost_csv_session_cost (s, in, cycles, error) &&
         vs_cost_csv_write_rows (in, cycles, out_csv, agree, compared, error);
}

gboolean
vs_cost_csv_shave (const char *models_dir, VsCsvTable *in, GString *out_csv, guint *agree,
                   guint *compared, GError **error)
{
  return whole_table (VS_COST_CSV_SHAVE, models_dir, in, out_csv, agree, compared, error);
}

gboolean
vs_cost_csv_shave_fitted (const char *models_dir, VsCsvTable *in, GString *out_csv, guint *agree,
                          guint *compared, GError **error)
{
  return whole_table (VS_COST_CSV_SHAVE_FITTED, models_dir, in, out_csv, agree, compared, error);
}
