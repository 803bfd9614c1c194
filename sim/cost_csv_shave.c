/* cost_csv_shave.c — `vpusim cost shave`: SHAVE kernels from a CSV, costed with
 * the classic kernel table (a layers_perf.csv found in the models folders,
 * else the built-in table).  Columns: device, kernel, in_* and out_*
 * tensors (w, h, c, b, dtype, optional layout). */
#include "sim/cmd_cost.h"

#include "models/shave_table.h"
#include "models/vpunn/vpunn_paths.h"

static gboolean
get_u32 (const VsCsvTable *t, guint row, const char *column, guint32 *out, GError **error)
{
  gint64 v;
  if (!vs_csv_table_named_int (t, row, column, TRUE, 0, 0, G_MAXUINT32, &v, error))
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

static gboolean
get_enum (const VsCsvTable *t, guint row, const char *column, VsCsvEnumParser parse, int *out,
          GError **error)
{
  return vs_csv_table_named_enum (t, row, column, TRUE, 0, parse, out, error);
}

static gboolean
row_tensor (const VsCsvTable *t, guint r, const char *prefix, VsVpuTensor *out, GError **error)
{
  char name[32];
  guint32 *dims[4] = { &out->w, &out->h, &out->c, &out->b };
  static const char *const suffix[4] = { "w", "h", "c", "b" };
  for (guint i = 0; i < 4; i++) {
    g_snprintf (name, sizeof name, "%s_%s", prefix, suffix[i]);
    if (!get_u32 (t, r, name, dims[i], error))
      return FALSE;
  }
  int v;
  g_snprintf (name, sizeof name, "%s_dtype", prefix);
  if (!get_enum (t, r, name, (VsCsvEnumParser) vs_data_type_from_name, &v, error))
    return FALSE;
  out->dtype = v;
  out->layout = VS_LAYOUT_ZXY;
  g_snprintf (name, sizeof name, "%s_layout", prefix);
  if (vs_csv_table_column (t, name) >= 0) {
    if (!get_enum (t, r, name, (VsCsvEnumParser) vs_layout_from_name, &v, error))
      return FALSE;
    out->layout = v;
  }
  out->sparse = FALSE;
  return TRUE;
}

gboolean
vs_cost_csv_shave (const char *models_dir, VsCsvTable *in, GString *out_csv, guint *agree,
                   guint *compared, GError **error)
{
  /* A layers_perf.csv in the models folders replaces the built-in table. */
  g_autofree char *path = vs_vpunn_find_file (models_dir, "layers_perf.csv", NULL);
  g_autoptr(VsShaveTable) table = path != NULL ? vs_shave_table_load (path, error)
                                               : vs_shave_table_for_models_dir (NULL, error);
  if (table == NULL)
    return FALSE;
  guint kernel_col;
  if (!vs_csv_table_require (in, "kernel", &kernel_col, error))
    return FALSE;
  guint n = vs_csv_table_n_rows (in);
  g_autofree VsCycles *cycles = g_new (VsCycles, MAX (n, 1));
  for (guint r = 0; r < n; r++) {
    int device;
    VsShaveWorkload w = { .n_inputs = 1, .n_outputs = 1 };
    if (!get_enum (in, r, "device", (VsCsvEnumParser) vs_vpu_device_from_name, &device, error)
        || !row_tensor (in, r, "in", &w.inputs[0], error)
        || !row_tensor (in, r, "out", &w.outputs[0], error))
      return FALSE;
    w.device = device;
    w.kernel = vs_csv_table_cell (in, r, kernel_col);
    cycles[r] = vs_shave_table_cycles (table, &w);
  }
  return vs_cost_csv_write_rows (in, cycles, out_csv, agree, compared, error);
}
