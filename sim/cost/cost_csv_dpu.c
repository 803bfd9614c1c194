/* SPDX-License-Identifier: Apache-2.0 */
/* cost_csv_dpu.c — the DPU kind of CSV costing: parse golden-format DPU rows
 * into workloads, group them by model file and cost each group in one
 * batched call. */
#include "sim/cost/cost_csv.h"
#include "sim/cost/cost_csv_kinds.h"

#include <stdio.h>
#include <string.h>

#include "models/vpunn/vpunn_dpu.h"
#include "models/vpunn/vpunn_paths.h"

/* ---- one DPU row ---- */

/* The columns a DPU row reads, looked up once per table (DpuColumns), not
 * once per cell: a row reads some 35 of them. */
enum {
  F_DEVICE, F_OPERATION,
  F_IN_W, F_IN_H, F_IN_C, F_IN_B, F_IN_DTYPE, F_IN_LAYOUT, F_IN_SPARSE,
  F_OUT_W, F_OUT_H, F_OUT_C, F_OUT_B, F_OUT_DTYPE, F_OUT_LAYOUT, F_OUT_SPARSE,
  F_KERNEL_W, F_KERNEL_H, F_STRIDE_W, F_STRIDE_H,
  F_PAD_TOP, F_PAD_BOTTOM, F_PAD_LEFT, F_PAD_RIGHT,
  F_EXECUTION_MODE, F_ACTIVATION, F_ACT_SPARSITY, F_WEIGHT_SPARSITY,
  F_WEIGHT_SPARSITY_ENABLED, F_IN_SWIZZLING0, F_IN_SWIZZLING1, F_OUT_SWIZZLING,
  F_OUTPUT_WRITE_TILES, F_ISI_STRATEGY, F_HALO_TOP, F_HALO_BOTTOM, F_HALO_LEFT, F_HALO_RIGHT,
  N_FIELDS
};
static const char *const field_names[N_FIELDS] = {
  "device", "operation",
  "in_w", "in_h", "in_c", "in_b", "in_dtype", "in_layout", "in_sparse",
  "out_w", "out_h", "out_c", "out_b", "out_dtype", "out_layout", "out_sparse",
  "kernel_w", "kernel_h", "stride_w", "stride_h",
  "pad_top", "pad_bottom", "pad_left", "pad_right",
  "execution_mode", "activation", "act_sparsity", "weight_sparsity",
  "weight_sparsity_enabled", "in_swizzling0", "in_swizzling1", "out_swizzling",
  "output_write_tiles", "isi_strategy", "halo_top", "halo_bottom", "halo_left", "halo_right",
};

typedef struct {
  const VsCsvTable *t;
  gint col[N_FIELDS];
} DpuColumns;

static void
dpu_columns (const VsCsvTable *t, DpuColumns *c)
{
  c->t = t;
  for (guint f = 0; f < N_FIELDS; f++)
    c->col[f] = vs_csv_table_column (t, field_names[f]);
}

/* Narrowing wrappers over the CSV reader's cells. */
static gboolean
get_u32 (const DpuColumns *c, guint row, guint f, gboolean required, guint32 deflt, guint32 *out,
         GError **error)
{
  gint64 v;
  if (!vs_csv_table_int_at (c->t, row, c->col[f], field_names[f], required, deflt, 0,
                            G_MAXUINT32, &v, error))
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

static gboolean
get_i32 (const DpuColumns *c, guint row, guint f, gint32 *out, GError **error)
{
  gint64 v;
  if (!vs_csv_table_int_at (c->t, row, c->col[f], field_names[f], FALSE, 0, G_MININT32,
                            G_MAXINT32, &v, error))
    return FALSE;
  *out = (gint32) v;
  return TRUE;
}

static gboolean
get_float (const DpuColumns *c, guint row, guint f, float *out, GError **error)
{
  double v;
  if (!vs_csv_table_double_at (c->t, row, c->col[f], field_names[f], FALSE, 0.0, &v, error))
    return FALSE;
  *out = (float) v;
  return TRUE;
}

static gboolean
get_bool (const DpuColumns *c, guint row, guint f, gboolean *out, GError **error)
{
  return vs_csv_table_bool_at (c->t, row, c->col[f], field_names[f], FALSE, FALSE, out, error);
}

static gboolean
get_enum (const DpuColumns *c, guint row, guint f, gboolean required, int deflt,
          const VsNameEntry *names, int *out, GError **error)
{
  return vs_csv_table_lookup_at (c->t, row, c->col[f], field_names[f], required, deflt, names,
                                 out, error);
}

/* A tensor from the columns of w, h, c, b, dtype, layout and sparse:
 * indices col[] (-1: absent) with names name[] for the errors. */
static gboolean
tensor_at (const VsCsvTable *t, guint row, const gint *col, const char *const *name,
           VsVpuTensor *out, GError **error)
{
  int dtype, layout;
  gint64 w, h, c, b;
  if (!vs_csv_table_int_at (t, row, col[0], name[0], TRUE, 0, 0, G_MAXUINT32, &w, error) ||
      !vs_csv_table_int_at (t, row, col[1], name[1], TRUE, 0, 0, G_MAXUINT32, &h, error) ||
      !vs_csv_table_int_at (t, row, col[2], name[2], TRUE, 0, 0, G_MAXUINT32, &c, error) ||
      !vs_csv_table_int_at (t, row, col[3], name[3], FALSE, 1, 0, G_MAXUINT32, &b, error) ||
      !vs_csv_table_lookup_at (t, row, col[4], name[4], TRUE, 0, vs_data_type_names,
                             &dtype, error) ||
      !vs_csv_table_lookup_at (t, row, col[5], name[5], FALSE, VS_LAYOUT_ZXY,
                               vs_layout_names, &layout, error) ||
      !vs_csv_table_bool_at (t, row, col[6], name[6], FALSE, FALSE, &out->sparse, error))
    return FALSE;
  out->w = (guint32) w;
  out->h = (guint32) h;
  out->c = (guint32) c;
  out->b = (guint32) b;
  out->dtype = dtype;
  out->layout = layout;
  return TRUE;
}

/* The tensor whose seven columns start at field f (the enum's order). */
static gboolean
get_tensor (const DpuColumns *c, guint row, guint f, VsVpuTensor *out, GError **error)
{
  return tensor_at (c->t, row, &c->col[f], &field_names[f], out, error);
}

gboolean
vs_cost_csv_tensor (const VsCsvTable *t, guint row, const char *prefix, VsVpuTensor *out,
                    GError **error)
{
  static const char *const suffixes[] = { "w", "h", "c", "b", "dtype", "layout", "sparse" };
  char names[G_N_ELEMENTS (suffixes)][32];
  const char *name[G_N_ELEMENTS (suffixes)];
  gint col[G_N_ELEMENTS (suffixes)];
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++) {
    g_snprintf (names[i], sizeof names[i], "%s_%s", prefix, suffixes[i]);
    name[i] = names[i];
    col[i] = vs_csv_table_column (t, name[i]);
  }
  return tensor_at (t, row, col, name, out, error);
}

static gboolean
dpu_row (const DpuColumns *c, guint row, VsDpuWorkload *w, GError **error)
{
  int device, op, mode, act, sw0, sw1, swo, isi;
  memset (w, 0, sizeof *w);
  if (!get_enum (c, row, F_DEVICE, TRUE, 0, vs_vpu_device_names, &device, error) ||
      !get_enum (c, row, F_OPERATION, TRUE, 0, vs_dpu_operation_names, &op, error) ||
      !get_tensor (c, row, F_IN_W, &w->input, error) ||
      !get_tensor (c, row, F_OUT_W, &w->output, error) ||
      !get_u32 (c, row, F_KERNEL_W, TRUE, 0, &w->kernel_w, error) ||
      !get_u32 (c, row, F_KERNEL_H, TRUE, 0, &w->kernel_h, error) ||
      !get_u32 (c, row, F_STRIDE_W, TRUE, 0, &w->stride_w, error) ||
      !get_u32 (c, row, F_STRIDE_H, TRUE, 0, &w->stride_h, error) ||
      !get_u32 (c, row, F_PAD_TOP, TRUE, 0, &w->pad_top, error) ||
      !get_u32 (c, row, F_PAD_BOTTOM, TRUE, 0, &w->pad_bottom, error) ||
      !get_u32 (c, row, F_PAD_LEFT, TRUE, 0, &w->pad_left, error) ||
      !get_u32 (c, row, F_PAD_RIGHT, TRUE, 0, &w->pad_right, error) ||
      !get_enum (c, row, F_EXECUTION_MODE, TRUE, 0, vs_execution_mode_names, &mode,
                 error) ||
      !get_enum (c, row, F_ACTIVATION, FALSE, VS_ACT_NONE, vs_activation_names, &act,
                 error) ||
      !get_float (c, row, F_ACT_SPARSITY, &w->act_sparsity, error) ||
      !get_float (c, row, F_WEIGHT_SPARSITY, &w->weight_sparsity, error) ||
      !get_bool (c, row, F_WEIGHT_SPARSITY_ENABLED, &w->weight_sparsity_enabled, error) ||
      !get_enum (c, row, F_IN_SWIZZLING0, FALSE, VS_SWIZZLING_KEY_5, vs_swizzling_names,
                 &sw0, error) ||
      !get_enum (c, row, F_IN_SWIZZLING1, FALSE, VS_SWIZZLING_KEY_5, vs_swizzling_names,
                 &sw1, error) ||
      !get_enum (c, row, F_OUT_SWIZZLING, FALSE, VS_SWIZZLING_KEY_5, vs_swizzling_names,
                 &swo, error) ||
      !get_u32 (c, row, F_OUTPUT_WRITE_TILES, FALSE, 1, &w->output_write_tiles, error) ||
      !get_enum (c, row, F_ISI_STRATEGY, FALSE, VS_ISI_CLUSTERING, vs_isi_strategy_names,
                 &isi, error) ||
      !get_i32 (c, row, F_HALO_TOP, &w->halo_top, error) ||
      !get_i32 (c, row, F_HALO_BOTTOM, &w->halo_bottom, error) ||
      !get_i32 (c, row, F_HALO_LEFT, &w->halo_left, error) ||
      !get_i32 (c, row, F_HALO_RIGHT, &w->halo_right, error))
    return FALSE;
  w->device = device;
  w->op = op;
  w->execution_mode = mode;
  w->activation = act;
  w->in_swizzling[0] = sw0;
  w->in_swizzling[1] = sw1;
  w->out_swizzling = swo;
  w->isi_strategy = isi;
  return TRUE;
}

gboolean
vs_cost_csv_dpu_row (const VsCsvTable *t, guint row, VsDpuWorkload *w, GError **error)
{
  DpuColumns c;
  dpu_columns (t, &c);
  return dpu_row (&c, row, w, error);
}

/* ---- DPU rows ---- */

/* The rows of one model file. */
typedef struct {
  VsVpunnDpu *dpu;
  GArray *rows;            /* guint row indices of the table being costed */
} ModelGroup;

static void
model_group_free (gpointer p)
{
  ModelGroup *g = p;
  vs_vpunn_dpu_free (g->dpu);
  g_array_unref (g->rows);
  g_free (g);
}

VsVpunnDpu *
vs_cost_csv_open_dpu (const char *models_dir, const char *file, const VsCsvTable *t, guint row,
                      GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *path = vs_vpunn_find_file (models_dir, file, &local);
  VsVpunnDpu *dpu = path != NULL ? vs_vpunn_dpu_new (path, &local) : NULL;
  if (dpu != NULL && !vs_vpunn_dpu_is_loaded (dpu)) {
    g_set_error (&local, VS_CSV_ERROR, VS_CSV_ERROR_VALUE, "%s", vs_vpunn_dpu_load_error (dpu));
    vs_vpunn_dpu_free (dpu);
    dpu = NULL;
  }
  if (dpu == NULL) {
    g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE, "%s:%u: DPU model '%s': %s",
                 vs_csv_table_origin (t), vs_csv_table_row_line (t, row), file, local->message);
    return NULL;
  }
  return dpu;
}

/* A session's state: the models loaded so far (kept, with their caches,
 * from one chunk to the next) and buffers reused by every call. */
typedef struct {
  char *models_dir;
  GHashTable *groups;      /* model file -> ModelGroup */
  GPtrArray *order;        /* the groups of the current table, in order of first row */
  GArray *batch;           /* VsDpuWorkload */
  GArray *answers;         /* VsCycles */
  GArray *workloads;       /* VsDpuWorkload, for the session's own cost() */
} DpuState;

static ModelGroup *
model_group (DpuState *st, const VsCsvTable *t, guint row, const char *file, GError **error)
{
  ModelGroup *g = g_hash_table_lookup (st->groups, file);
  if (g != NULL)
    return g;
  VsVpunnDpu *dpu = vs_cost_csv_open_dpu (st->models_dir, file, t, row, error);
  if (dpu == NULL)
    return NULL;
  g = g_new0 (ModelGroup, 1);
  g->dpu = dpu;
  g->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_hash_table_insert (st->groups, g_strdup (file), g);
  return g;
}

static gpointer
dpu_open (const char *models_dir, const VsCsvTable *header, GError **error)
{
  DpuState *st = g_new0 (DpuState, 1);
  st->models_dir = g_strdup (models_dir);
  st->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, model_group_free);
  st->order = g_ptr_array_new ();
  st->batch = g_array_new (FALSE, FALSE, sizeof (VsDpuWorkload));
  st->answers = g_array_new (FALSE, FALSE, sizeof (VsCycles));
  st->workloads = g_array_new (FALSE, FALSE, sizeof (VsDpuWorkload));
  return st;
}

static void
dpu_close (gpointer p)
{
  DpuState *st = p;
  g_free (st->models_dir);
  g_hash_table_unref (st->groups);
  g_ptr_array_unref (st->order);
  g_array_unref (st->batch);
  g_array_unref (st->answers);
  g_array_unref (st->workloads);
  g_free (st);
}

/* Parse the rows of `in` into w[], group them by model file (loading a
 * file at its first row, so loading errors come in file order) and cost
 * each group in one batched call. */
static gboolean
dpu_cost_rows (DpuState *st, const VsCsvTable *in, VsDpuWorkload *w, VsCycles *cycles,
               GError **error)
{
  const guint n = vs_csv_table_n_rows (in);
  const gint model_col = vs_csv_table_column (in, "model");
  DpuColumns columns;
  dpu_columns (in, &columns);
  g_ptr_array_set_size (st->order, 0);
  for (guint r = 0; r < n; r++) {
    if (!dpu_row (&columns, r, &w[r], error))
      return FALSE;
    const char *file = model_col >= 0 ? vs_csv_table_cell (in, r, (guint) model_col) : "";
    if (*file == '\0') {
      file = vs_vpunn_default_dpu_model (w[r].device);
      if (file == NULL) {
        g_set_error (error, VS_CSV_ERROR, VS_CSV_ERROR_VALUE,
                     "%s:%u: no default DPU model for device %s; name one in a 'model' column",
                     vs_csv_table_origin (in), vs_csv_table_row_line (in, r),
                     vs_vpu_device_name (w[r].device));
        return FALSE;
      }
    }
    ModelGroup *g = model_group (st, in, r, file, error);
    if (g == NULL)
      return FALSE;
    if (g->rows->len == 0)
      g_ptr_array_add (st->order, g);
    g_array_append_val (g->rows, r);
  }

  for (guint i = 0; i < st->order->len; i++) {
    ModelGroup *g = st->order->pdata[i];
    g_array_set_size (st->batch, g->rows->len);
    g_array_set_size (st->answers, g->rows->len);
    VsDpuWorkload *batch = (VsDpuWorkload *) (void *) st->batch->data;
    VsCycles *answers = (VsCycles *) (void *) st->answers->data;
    for (guint k = 0; k < g->rows->len; k++)
      batch[k] = w[g_array_index (g->rows, guint, k)];
    vs_vpunn_dpu_cost_batch (g->dpu, batch, g->rows->len, answers);
    for (guint k = 0; k < g->rows->len; k++)
      cycles[g_array_index (g->rows, guint, k)] = answers[k];
    g_array_set_size (g->rows, 0);
  }
  return TRUE;
}

static gboolean
dpu_cost (gpointer p, const VsCsvTable *rows, VsCycles *cycles, GError **error)
{
  DpuState *st = p;
  g_array_set_size (st->workloads, vs_csv_table_n_rows (rows));
  gboolean ok = dpu_cost_rows (st, rows, (VsDpuWorkload *) (void *) st->workloads->data, cycles,
                               error);
  if (!ok)   /* rows grouped before the error must not linger into a next call */
    for (guint i = 0; i < st->order->len; i++)
      g_array_set_size (((ModelGroup *) st->order->pdata[i])->rows, 0);
  return ok;
}

const VsCostCsvKindOps vs_cost_csv_dpu_ops = { dpu_open, dpu_cost, dpu_close };

gboolean
vs_cost_csv_dpu_cycles (const char *models_dir, const VsCsvTable *in, VsDpuWorkload *w,
                        VsCycles *cycles, GError **error)
{
  DpuState *st = dpu_open (models_dir, in, error);
  gboolean ok = dpu_cost_rows (st, in, w, cycles, error);
  dpu_close (st);
  return ok;
}

gboolean
vs_cost_csv_dpu (const char *models_dir, VsCsvTable *in, GString *out_csv, guint *agree,
                 guint *compared, GError **error)
{
  const guint n = vs_csv_table_n_rows (in);
  g_autofree VsDpuWorkload *w = g_new (VsDpuWorkload, MAX (n, 1));
  g_autofree VsCycles *cycles = g_new (VsCycles, MAX (n, 1));
  return vs_cost_csv_dpu_cycles (models_dir, in, w, cycles, error) &&
         vs_cost_csv_write_rows (in, cycles, out_csv, agree, compared, error);
}
