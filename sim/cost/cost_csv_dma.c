/* SPDX-License-Identifier: Apache-2.0 */
/* cost_csv_dma.c — `vpusim cost dma`: DMA workloads from a CSV, costed in batches.
 * Three row formats, told apart by their columns: NPU 2.7 descriptor-level
 * rows (num_planes ...) and NPU 4.0/5.x multi-dimensional rows (num_dim ...),
 * costed by the .vpunn DMA network an optional `model` column names (else the
 * device's default one), and tensor copies (input_location ...), costed by
 * the theoretical DMA model as the NPU compiler's estimator does. */
#include "sim/cost/cost_csv.h"
#include "sim/cost/cost_csv_kinds.h"

#include <string.h>

#include "models/dma_theoretical.h"
#include "models/vpunn/vpunn_dma.h"
#include "models/vpunn/vpunn_paths.h"

typedef enum { FORMAT_NPU27, FORMAT_NPU40, FORMAT_COPY } RowFormat;

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
get_enum (const VsCsvTable *t, guint row, const char *column, VsCsvEnumParser parse, int *out,
          GError **error)
{
  return vs_csv_table_named_enum (t, row, column, TRUE, 0, parse, out, error);
}

static gboolean
parse_num_engine (const char *name, int *out)
{
  if (g_strcmp0 (name, "Num_Engine_1") == 0)
    *out = 0;
  else if (g_strcmp0 (name, "Num_Engine_2") == 0)
    *out = 1;
  else
    return FALSE;
  return TRUE;
}

static gboolean
row_npu27 (const VsCsvTable *t, guint r, VsDmaWorkload27 *w, GError **error)
{
  int device, dir;
  if (!get_enum (t, r, "device", (VsCsvEnumParser) vs_vpu_device_from_name, &device, error)
      || !get_enum (t, r, "transfer_direction", (VsCsvEnumParser) vs_memory_direction_from_name,
                    &dir, error))
    return FALSE;
  w->device = device;
  w->direction = dir;
  return get_i32 (t, r, "num_planes", &w->num_planes, error)
         && get_i32 (t, r, "length", &w->length, error)
         && get_i32 (t, r, "src_width", &w->src_width, error)
         && get_i32 (t, r, "dst_width", &w->dst_width, error)
         && get_i32 (t, r, "src_stride", &w->src_stride, error)
         && get_i32 (t, r, "dst_stride", &w->dst_stride, error)
         && get_i32 (t, r, "src_plane_stride", &w->src_plane_stride, error)
         && get_i32 (t, r, "dst_plane_stride", &w->dst_plane_stride, error);
}

static gboolean
row_npu40 (const VsCsvTable *t, guint r, VsDmaWorkload40 *w, GError **error)
{
  int device, dir, engine;
  if (!get_enum (t, r, "device", (VsCsvEnumParser) vs_vpu_device_from_name, &device, error)
      || !get_enum (t, r, "transfer_direction", (VsCsvEnumParser) vs_memory_direction_from_name,
                    &dir, error)
      || !get_enum (t, r, "num_engine", parse_num_engine, &engine, error))
    return FALSE;
  w->device = device;
  w->direction = dir;
  w->num_engine = engine;
  if (!get_i32 (t, r, "src_width", &w->src_width, error)
      || !get_i32 (t, r, "dst_width", &w->dst_width, error)
      || !get_i32 (t, r, "num_dim", &w->num_dim, error))
    return FALSE;
  if (w->num_dim < 0 || w->num_dim > 5) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
                 "%s:%u: column 'num_dim': %d is not in 0..5", vs_csv_table_origin (t),
                 vs_csv_table_row_line (t, r), w->num_dim);
    return FALSE;
  }
  for (guint d = 0; d < 5; d++) {
    char name[32];
    VsDmaDim *dim = &w->dims[d];
#define DIM_FIELD(field)                                                        \
    g_snprintf (name, sizeof name, #field "_%u", d + 1);                        \
    if (!get_i32 (t, r, name, &dim->field, error))                              \
      return FALSE;
    DIM_FIELD (src_stride)
    DIM_FIELD (dst_stride)
    DIM_FIELD (src_dim_size)
    DIM_FIELD (dst_dim_size)
#undef DIM_FIELD
  }
  return TRUE;
}

static gboolean
row_copy (const VsCsvTable *t, guint r, VsDmaCopyWorkload *w, GError **error)
{
  int device, in_loc, out_loc;
  if (!get_enum (t, r, "device", (VsCsvEnumParser) vs_vpu_device_from_name, &device, error)
      || !get_enum (t, r, "input_location", (VsCsvEnumParser) vs_memory_location_from_name,
                    &in_loc, error)
      || !get_enum (t, r, "output_location", (VsCsvEnumParser) vs_memory_location_from_name,
                    &out_loc, error)
      || !vs_cost_csv_tensor (t, r, "in", &w->input, error) || !vs_cost_csv_tensor (t, r, "out", &w->output, error))
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
  GArray *workloads;            /* VsDmaWorkload27 or VsDmaWorkload40 */
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
               gint model_col, VsVpuDevice device, RowFormat format, GError **error)
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
  VsDmaWorkloadKind kind = VS_DMA_WORKLOAD_27;
  vs_vpunn_dma_workload_kind (dma, &kind);
  VsDmaWorkloadKind want = format == FORMAT_NPU27 ? VS_DMA_WORKLOAD_27 : VS_DMA_WORKLOAD_40;
  if (kind != want) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
                 "%s:%u: model '%s' (DMA interface %d) reads %s workloads, but the rows are %s",
                 vs_csv_table_origin (t), line, name, vs_vpunn_dma_interface (dma),
                 kind == VS_DMA_WORKLOAD_27 ? "NPU 2.7" : "NPU 4.0/5.x",
                 want == VS_DMA_WORKLOAD_27 ? "NPU 2.7 (num_planes ...)"
                                            : "NPU 4.0/5.x (num_dim ...)");
    vs_vpunn_dma_free (dma);
    return NULL;
  }
  m = g_new0 (ModelRows, 1);
  m->dma = dma;
  m->workloads = g_array_new (FALSE, FALSE, want == VS_DMA_WORKLOAD_27 ? sizeof (VsDmaWorkload27)
                                                                      : sizeof (VsDmaWorkload40));
  m->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_hash_table_insert (models, g_strdup (name), m);
  return m;
}

/* Costs every row into cycles[]: per model, one batched call. */
/* A session's state: the row format (from the header) and the models
 * loaded so far, kept with their caches from one chunk to the next. */
typedef struct {
  char *models_dir;
  RowFormat format;
  GHashTable *models;          /* model file -> ModelRows */
  GPtrArray *order;            /* the models of the current table, in first-use order */
} DmaState;

static gboolean
cost_rows (DmaState *st, const VsCsvTable *t, VsCycles *cycles, GError **error)
{
  guint n = vs_csv_table_n_rows (t);
  if (st->format == FORMAT_COPY) {
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
  for (guint r = 0; r < n; r++) {
    VsDmaWorkload27 w27 = { 0 };
    VsDmaWorkload40 w40 = { 0 };
    if (st->format == FORMAT_NPU27 ? !row_npu27 (t, r, &w27, error)
                                   : !row_npu40 (t, r, &w40, error))
      return FALSE;
    VsVpuDevice device = st->format == FORMAT_NPU27 ? w27.device : w40.device;
    ModelRows *m = model_for_row (st->models, st->models_dir, t, r, model_col, device, st->format,
                                  error);
    if (m == NULL)
      return FALSE;
    if (m->rows->len == 0)
      g_ptr_array_add (st->order, m);
    if (st->format == FORMAT_NPU27)
      g_array_append_val (m->workloads, w27);
    else
      g_array_append_val (m->workloads, w40);
    g_array_append_val (m->rows, r);
  }
  for (guint i = 0; i < st->order->len; i++) {
    ModelRows *m = st->order->pdata[i];
    guint k = m->rows->len;
    g_autofree VsCycles *out = g_new (VsCycles, MAX (k, 1));
    if (st->format == FORMAT_NPU27)
      vs_vpunn_dma_cycles_27_batch (m->dma, (const VsDmaWorkload27 *) m->workloads->data, k, out);
    else
      vs_vpunn_dma_cycles_40_batch (m->dma, (const VsDmaWorkload40 *) m->workloads->data, k, out);
    for (guint j = 0; j < k; j++)
      cycles[g_array_index (m->rows, guint, j)] = out[j];
    g_array_set_size (m->rows, 0);
    g_array_set_size (m->workloads, 0);
  }
  return TRUE;
}

static gboolean
detect_format (const VsCsvTable *t, RowFormat *format, GError **error)
{
  if (vs_csv_table_column (t, "num_planes") >= 0)
    *format = FORMAT_NPU27;
  else if (vs_csv_table_column (t, "num_dim") >= 0)
    *format = FORMAT_NPU40;
  else if (vs_csv_table_column (t, "input_location") >= 0)
    *format = FORMAT_COPY;
  else {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
                 "%s: not a DMA workload file: expected 'num_planes' (NPU 2.7 rows), 'num_dim' "
                 "(NPU 4.0/5.x rows) or 'input_location' (tensor copies)",
                 vs_csv_table_origin (t));
    return FALSE;
  }
  return TRUE;
}

/* Writes the input rows with a vpusim_cycles column; counts agreement with
 * an optional reference_cycles column. */
static gpointer
dma_open (const char *models_dir, const VsCsvTable *header, GError **error)
{
  RowFormat format;
  if (!detect_format (header, &format, error))
    return NULL;
  DmaState *st = g_new0 (DmaState, 1);
  st->models_dir = g_strdup (models_dir);
  st->format = format;
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
