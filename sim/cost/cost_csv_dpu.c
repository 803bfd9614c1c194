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

/* Narrowing wrappers over the CSV reader's by-name cells. */
static gboolean
get_u32 (const VsCsvTable *t, guint row, const char *name, gboolean required, guint32 deflt,
         guint32 *out, GError **error)
{
  gint64 v;
  if (!vs_csv_table_named_int (t, row, name, required, deflt, 0, G_MAXUINT32, &v, error))
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

static gboolean
get_i32 (const VsCsvTable *t, guint row, const char *name, gint32 *out, GError **error)
{
  gint64 v;
  if (!vs_csv_table_named_int (t, row, name, FALSE, 0, G_MININT32, G_MAXINT32, &v, error))
    return FALSE;
  *out = (gint32) v;
  return TRUE;
}

static gboolean
get_float (const VsCsvTable *t, guint row, const char *name, float *out, GError **error)
{
  double v;
  if (!vs_csv_table_named_double (t, row, name, FALSE, 0.0, &v, error))
    return FALSE;
  *out = (float) v;
  return TRUE;
}

static gboolean
get_bool (const VsCsvTable *t, guint row, const char *name, gboolean *out, GError **error)
{
  return vs_csv_table_named_bool (t, row, name, FALSE, FALSE, out, error);
}

/* Enum parsers with the int-typed signature the CSV reader takes. */
#define ENUM_PARSER(fn, type)                                   \
  static gboolean fn##_int (const char *name, int *out)         \
  {                                                             \
    type v;                                                     \
    if (!fn (name, &v))                                         \
      return FALSE;                                             \
    *out = (int) v;                                             \
    return TRUE;                                                \
  }
ENUM_PARSER (vs_vpu_device_from_name, VsVpuDevice)
ENUM_PARSER (vs_dpu_operation_from_name, VsDpuOperation)
ENUM_PARSER (vs_data_type_from_name, VsDataType)
ENUM_PARSER (vs_layout_from_name, VsLayout)
ENUM_PARSER (vs_execution_mode_from_name, VsExecutionMode)
ENUM_PARSER (vs_activation_from_name, VsActivation)
ENUM_PARSER (vs_swizzling_from_name, VsSwizzling)
ENUM_PARSER (vs_isi_strategy_from_name, VsIsiStrategy)

static gboolean
get_enum (const VsCsvTable *t, guint row, const char *name, gboolean required, int deflt,
          VsCsvEnumParser parse, int *out, GError **error)
{
  return vs_csv_table_named_enum (t, row, name, required, deflt, parse, out, error);
}

gboolean
vs_cost_csv_tensor (const VsCsvTable *t, guint row, const char *prefix, VsVpuTensor *out,
                    GError **error)
{
  char name[32];
  int dtype, layout;
#define COL(suffix) (g_snprintf (name, sizeof name, "%s_%s", prefix, suffix), name)
  if (!get_u32 (t, row, COL ("w"), TRUE, 0, &out->w, error) ||
      !get_u32 (t, row, COL ("h"), TRUE, 0, &out->h, error) ||
      !get_u32 (t, row, COL ("c"), TRUE, 0, &out->c, error) ||
      !get_u32 (t, row, COL ("b"), FALSE, 1, &out->b, error) ||
      !get_enum (t, row, COL ("dtype"), TRUE, 0, vs_data_type_from_name_int, &dtype, error) ||
      !get_enum (t, row, COL ("layout"), FALSE, VS_LAYOUT_ZXY, vs_layout_from_name_int, &layout,
                 error) ||
      !get_bool (t, row, COL ("sparse"), &out->sparse, error))
    return FALSE;
#undef COL
  out->dtype = dtype;
  out->layout = layout;
  return TRUE;
}

gboolean
vs_cost_csv_dpu_row (const VsCsvTable *t, guint row, VsDpuWorkload *w, GError **error)
{
  int device, op, mode, act, sw0, sw1, swo, isi;
  memset (w, 0, sizeof *w);
  if (!get_enum (t, row, "device", TRUE, 0, vs_vpu_device_from_name_int, &device, error) ||
      !get_enum (t, row, "operation", TRUE, 0, vs_dpu_operation_from_name_int, &op, error) ||
      !vs_cost_csv_tensor (t, row, "in", &w->input, error) ||
      !vs_cost_csv_tensor (t, row, "out", &w->output, error) ||
      !get_u32 (t, row, "kernel_w", TRUE, 0, &w->kernel_w, error) ||
      !get_u32 (t, row, "kernel_h", TRUE, 0, &w->kernel_h, error) ||
      !get_u32 (t, row, "stride_w", TRUE, 0, &w->stride_w, error) ||
      !get_u32 (t, row, "stride_h", TRUE, 0, &w->stride_h, error) ||
      !get_u32 (t, row, "pad_top", TRUE, 0, &w->pad_top, error) ||
      !get_u32 (t, row, "pad_bottom", TRUE, 0, &w->pad_bottom, error) ||
      !get_u32 (t, row, "pad_left", TRUE, 0, &w->pad_left, error) ||
      !get_u32 (t, row, "pad_right", TRUE, 0, &w->pad_right, error) ||
      !get_enum (t, row, "execution_mode", TRUE, 0, vs_execution_mode_from_name_int, &mode, error) ||
      !get_enum (t, row, "activation", FALSE, VS_ACT_NONE, vs_activation_from_name_int, &act, error) ||
      !get_float (t, row, "act_sparsity", &w->act_sparsity, error) ||
      !get_float (t, row, "weight_sparsity", &w->weight_sparsity, error) ||
      !get_bool (t, row, "weight_sparsity_enabled", &w->weight_sparsity_enabled, error) ||
      !get_enum (t, row, "in_swizzling0", FALSE, VS_SWIZZLING_KEY_5, vs_swizzling_from_name_int, &sw0,
                 error) ||
      !get_enum (t, row, "in_swizzling1", FALSE, VS_SWIZZLING_KEY_5, vs_swizzling_from_name_int, &sw1,
                 error) ||
      !get_enum (t, row, "out_swizzling", FALSE, VS_SWIZZLING_KEY_5, vs_swizzling_from_name_int, &swo,
                 error) ||
      !get_u32 (t, row, "output_write_tiles", FALSE, 1, &w->output_write_tiles, error) ||
      !get_enum (t, row, "isi_strategy", FALSE, VS_ISI_CLUSTERING, vs_isi_strategy_from_name_int, &isi,
                 error) ||
      !get_i32 (t, row, "halo_top", &w->halo_top, error) ||
      !get_i32 (t, row, "halo_bottom", &w->halo_bottom, error) ||
      !get_i32 (t, row, "halo_left", &w->halo_left, error) ||
      !get_i32 (t, row, "halo_right", &w->halo_right, error))
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
  g_autoptr (GError) local = NULL;
  g_autofree char *path = vs_vpunn_find_file (st->models_dir, file, &local);
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
  g_ptr_array_set_size (st->order, 0);
  for (guint r = 0; r < n; r++) {
    if (!vs_cost_csv_dpu_row (in, r, &w[r], error))
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
