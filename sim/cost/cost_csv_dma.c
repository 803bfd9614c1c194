/* SPDX-License-Identifier: Apache-2.0 */
/* cost_csv_dma.c — `vpusim cost dma`: DMA workloads from a CSV, costed in batches.
 * The rows are records of one DMA layout (models/vpunn/dma_layout.h: NPU 2.7
 * descriptor-level rows, num_planes ..., or NPU 4.0/5.x multi-dimensional
 * rows, num_dim ...), told apart by the layout's marker column and read by
 * its field list, costed by the .vpunn DMA network an optional `model` column
 * names (else the device's default one); or tensor copies (input_location
 * ...), costed by the theoretical DMA model as the NPU compiler's estimator
 * does.  Nothing here knows a layout by name: a new layout needs no change. */
#include "sim/cost/cost_csv.h"
#include "sim/cost/cost_csv_kinds.h"

#include <string.h>

#include "models/dma_theoretical.h"
#include "models/vpunn/vpunn_dma.h"
#include "models/vpunn/vpunn_paths.h"

/* Integer cell in gint32 range. */
static gboolean
get_i32 (const VsCsvTable *t, guint row, const char *column, gint32 *out, GError **error)
{
  gint64 v;
  if (!vs_csv_table_named_int (t, row, column, TRUE, 0, G_MININT32, G_MAXINT32, &v, error))
    return FALSE;
  *out = (gint32) v;
  return TRUE;
}

static gboolean
get_lookup (const VsCsvTable *t, guint row, const char *column, const VsNameEntry *names, int *out,
            GError **error)
{
  return vs_csv_table_named_lookup (t, row, column, TRUE, 0, names, out, error);
}

/* A row as a record of layout `l`, field by field in the layout's order. */
static gboolean
row_record (const VsDmaLayout *l, const VsCsvTable *t, guint r, void *record, GError **error)
{
  memset (record, 0, l->record_size);
  for (guint f = 0; f < l->n_fields; f++) {
    const VsDmaField *field = &l->fields[f];
    gint32 *slot = (gint32 *) ((char *) record + field->offset);
    if (field->names != NULL) {
      int v;
      if (!get_lookup (t, r, field->name, field->names, &v, error))
        return FALSE;
      *slot = v;
      continue;
    }
    if (!get_i32 (t, r, field->name, slot, error))
      return FALSE;
    if (*slot < field->min || *slot > field->max) {
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
                   "%s:%u: column '%s': %d is not in %d..%d", vs_csv_table_origin (t),
                   vs_csv_table_row_line (t, r), field->name, *slot, field->min, field->max);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
row_copy (const VsCsvTable *t, guint r, VsDmaCopyWorkload *w, GError **error)
{
  int device, in_loc, out_loc;
  if (!get_lookup (t, r, "device", vs_vpu_device_names, &device, error)
      || !get_lookup (t, r, "input_location", vs_memory_location_names, &in_loc, error)
      || !get_lookup (t, r, "output_location", vs_memory_location_names, &out_loc, error)
      || !vs_cost_csv_tensor (t, r, "in", &w->input, error)
      || !vs_cost_csv_tensor (t, r, "out", &w->output, error))
    return FALSE;
  w->device = device;
  w->input_location = in_loc;
  w->output_location = out_loc;
  w->output_write_tiles = 1;
  return TRUE;
}

/* One network and the rows it costs. */
typedef struct {
  VsVpunnDma *dma;
  GArray *workloads;            /* records of the session's layout */
  GArray *rows;                 /* guint */
} ModelRows;

static void
model_rows_free (gpointer p)
{
  ModelRows *m = p;
  vs_vpunn_dma_free (m->dma);
  g_array_unref (m->workloads);
  g_array_unref (m->rows);
  g_free (m);
}

/* The network named by the row's `model` cell, or the device's default DMA
 * network when the cell (or the column) is absent, loaded once per name. */
static ModelRows *
model_for_row (GHashTable *models, const char *models_dir, const VsCsvTable *t, guint r,
               gint model_col, VsVpuDevice device, const VsDmaLayout *want, GError **error)
{
  guint line = vs_csv_table_row_line (t, r);
  const char *name = model_col >= 0 ? vs_csv_table_cell (t, r, (guint) model_col) : "";
  if (*name == '\0') {
    name = vs_vpunn_default_dma_model (device);
    if (name == NULL) {
      g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
                   "%s:%u: no default DMA model for device %s; name one in a 'model' column",
                   vs_csv_table_origin (t), line, vs_vpu_device_name (device));
      return NULL;
    }
  }
  ModelRows *m = g_hash_table_lookup (models, name);
  if (m != NULL)
    return m;
  g_autoptr(GError) local = NULL;
  g_autofree char *path = vs_vpunn_find_file (models_dir, name, &local);
  VsVpunnDma *dma = path != NULL ? vs_vpunn_dma_load (path, &local) : NULL;
  if (dma == NULL) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE, "%s:%u: model '%s': %s",
                 vs_csv_table_origin (t), line, name, local->message);
    return NULL;
  }
  VsDmaWorkloadKind kind = want->kind;
  vs_vpunn_dma_workload_kind (dma, &kind);
  if (kind != want->kind) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
                 "%s:%u: model '%s' (DMA interface %d) reads %s workloads, but the rows are %s "
                 "(%s ...)", vs_csv_table_origin (t), line, name, vs_vpunn_dma_interface (dma),
                 vs_dma_layout_get (kind)->label, want->label, want->marker);
    vs_vpunn_dma_free (dma);
    return NULL;
  }
  m = g_new0 (ModelRows, 1);
  m->dma = dma;
  m->workloads = g_array_new (FALSE, FALSE, want->record_size);
  m->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_hash_table_insert (models, g_strdup (name), m);
  return m;
}

/* Costs every row into cycles[]: per model, one batched call. */
/* A session's state: the row layout (from the header; NULL for tensor
 * copies) and the models loaded so far, kept with their caches from one
 * chunk to the next. */
typedef struct {
  char *models_dir;
  const VsDmaLayout *layout;
  GHashTable *models;          /* model file -> ModelRows */
  GPtrArray *order;            /* the models of the current table, in first-use order */
} DmaState;

static gboolean
cost_rows (DmaState *st, const VsCsvTable *t, VsCycles *cycles, GError **error)
{
  guint n = vs_csv_table_n_rows (t);
  const VsDmaLayout *l = st->layout;
  if (l == NULL) {
    for (guint r = 0; r < n; r++) {
      VsDmaCopyWorkload w = { 0 };
      if (!row_copy (t, r, &w, error))
        return FALSE;
      cycles[r] = vs_dma_theoretical_cycles (&w);
    }
    return TRUE;
  }

  gint model_col = vs_csv_table_column (t, "model");
  g_ptr_array_set_size (st->order, 0);
  g_autofree void *record = g_malloc (l->record_size);
  for (guint r = 0; r < n; r++) {
    if (!row_record (l, t, r, record, error))
      return FALSE;
    ModelRows *m = model_for_row (st->models, st->models_dir, t, r, model_col,
                                  vs_dma_record_device (l, record), l, error);
    if (m == NULL)
      return FALSE;
    if (m->rows->len == 0)
      g_ptr_array_add (st->order, m);
    g_array_append_vals (m->workloads, record, 1);
    g_array_append_val (m->rows, r);
  }
  for (guint i = 0; i < st->order->len; i++) {
    ModelRows *m = st->order->pdata[i];
    guint k = m->rows->len;
    g_autofree VsCycles *out = g_new (VsCycles, MAX (k, 1));
    vs_vpunn_dma_cycles_batch (m->dma, l->kind, m->workloads->data, k, out);
    for (guint j = 0; j < k; j++)
      cycles[g_array_index (m->rows, guint, j)] = out[j];
    g_array_set_size (m->rows, 0);
    g_array_set_size (m->workloads, 0);
  }
  return TRUE;
}

/* The layout whose marker column the header has, NULL for tensor copies. */
static gboolean
detect_layout (const VsCsvTable *t, const VsDmaLayout **layout, GError **error)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  for (guint k = 0; k < VS_DMA_WORKLOAD_KINDS; k++) {
    const VsDmaLayout *l = vs_dma_layout_get (k);
    if (vs_csv_table_column (t, l->marker) >= 0) {
      *layout = l;
      return TRUE;
    }
    g_string_append_printf (expected, "'%s' (%s rows), ", l->marker, l->label);
  }
  g_string_truncate (expected, expected->len - 2);
  if (vs_csv_table_column (t, "input_location") >= 0) {
    *layout = NULL;
    return TRUE;
  }
  g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
               "%s: not a DMA workload file: expected %s or 'input_location' (tensor copies)",
               vs_csv_table_origin (t), expected->str);
  return FALSE;
}

/* Writes the input rows with a vpusim_cycles column; counts agreement with
 * an optional reference_cycles column. */
static gpointer
dma_open (const char *models_dir, const VsCsvTable *header, GError **error)
{
  const VsDmaLayout *layout;
  if (!detect_layout (header, &layout, error))
    return NULL;
  DmaState *st = g_new0 (DmaState, 1);
  st->models_dir = g_strdup (models_dir);
  st->layout = layout;
  st->models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, model_rows_free);
  st->order = g_ptr_array_new ();
  return st;
}

static void
dma_close (gpointer p)
{
  DmaState *st = p;
  g_free (st->models_dir);
  g_hash_table_unref (st->models);
  g_ptr_array_unref (st->order);
  g_free (st);
}

static gboolean
dma_cost (gpointer p, const VsCsvTable *rows, VsCycles *cycles, GError **error)
{
  DmaState *st = p;
  if (cost_rows (st, rows, cycles, error))
    return TRUE;
  for (guint i = 0; i < st->order->len; i++) {   /* nothing lingers into a next call */
    ModelRows *m = st->order->pdata[i];
    g_array_set_size (m->rows, 0);
    g_array_set_size (m->workloads, 0);
  }
  return FALSE;
}

const VsCostCsvKindOps vs_cost_csv_dma_ops = { dma_open, dma_cost, dma_close };

gboolean
vs_cost_csv_dma (const char *models_dir, VsCsvTable *in, GString *out_csv, guint *agree,
                 guint *compared, GError **error)
{
  gpointer st = dma_open (models_dir, in, error);
  if (st == NULL)
    return FALSE;
  guint n = vs_csv_table_n_rows (in);
  g_autofree VsCycles *cycles = g_new (VsCycles, MAX (n, 1));
  gboolean ok = dma_cost (st, in, cycles, error);
  dma_close (st);
  return ok && vs_cost_csv_write_rows (in, cycles, out_csv, agree, compared, error);
}
