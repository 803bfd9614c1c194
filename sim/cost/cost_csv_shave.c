/* cost_csv_shave.c — `vpusim cost shave`: SHAVE kernels from a CSV, costed with
 * the classic kernel table (a layers_perf.csv found in the models folders,
 * else the built-in table).  Columns: device, kernel, in_* and out_*
 * tensors (w, h, c, b, dtype, optional layout). */
#include "sim/cost/cost_csv.h"

#include "models/shave_table.h"
#include "models/vpunn/vpunn_paths.h"

static gboolean
get_enum (const VsCsvTable *t, guint row, const char *column, VsCsvEnumParser parse, int *out,
          GError **error)
{
  return vs_csv_table_named_enum (t, row, column, TRUE, 0, parse, out, error);
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
        || !vs_cost_csv_tensor (in, r, "in", &w.inputs[0], error)
        || !vs_cost_csv_tensor (in, r, "out", &w.outputs[0], error))
      return FALSE;
    w.device = device;
    w.kernel = vs_csv_table_cell (in, r, kernel_col);
    cycles[r] = vs_shave_table_cycles (table, &w);
  }
  return vs_cost_csv_write_rows (in, cycles, out_csv, agree, compared, error);
}
