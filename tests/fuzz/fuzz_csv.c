/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_csv.c — the CSV reader on arbitrary bytes, then every typed accessor
 * on every cell, and every row as a DPU workload (the `cost dpu` parser). */
#include "tests/fuzz/fuzz.h"

#include "models/workload.h"
#include "sim/cost/cost_csv.h"
#include "sim/base/csv_table.h"

VS_FUZZ_TARGET (csv)
{
  if (size > VS_FUZZ_MAX_INPUT)
    return 0;
  GError *error = NULL;
  VsCsvTable *t = vs_csv_table_parse ((const char *) data, size, "fuzz.csv", &error);
  if (t == NULL) {
    g_error_free (error);
    return 0;
  }
  for (guint r = 0; r < vs_csv_table_n_rows (t); r++) {
    VsDpuWorkload w;
    if (!vs_cost_csv_dpu_row (t, r, &w, &error))
      g_clear_error (&error);
    for (guint c = 0; c < vs_csv_table_n_columns (t); c++) {
      gint64 i;
      double d;
      int e;
      if (!vs_csv_table_get_int (t, r, c, &i, &error))
        g_clear_error (&error);
      if (!vs_csv_table_get_double (t, r, c, &d, &error))
        g_clear_error (&error);
      if (!vs_csv_table_lookup (t, r, c, vs_data_type_names, &e, &error))
        g_clear_error (&error);
    }
  }
  vs_csv_table_free (t);
  return 0;
}
