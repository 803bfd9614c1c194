/* SPDX-License-Identifier: Apache-2.0 */
/* workload_compare.c — measured DPU workloads costed by each model
 * (workload_compare.h). */
#include "config.h"

#include "sim/analysis/workload_compare.h"

#include <math.h>

#include "hw/name_table.h"
#include "models/analytical.h"
#include "sim/base/csv_table.h"
#include "sim/base/output_file.h"
#include "sim/cost/cost_csv.h"

/* "theoretical": the analytical model's other name. */
static const VsNameEntry model_names[] = {
  { "vpunn", VS_WORKLOAD_MODEL_VPUNN }, { "analytical", VS_WORKLOAD_MODEL_ANALYTICAL },
  { "theoretical", VS_WORKLOAD_MODEL_ANALYTICAL }, { NULL, 0 },
};

/* The file's column each model must reproduce. */
static const char *const reference_columns[VS_WORKLOAD_MODEL_COUNT] = {
  "reference_cycles", "theoretical_cycles",
};

const char *
vs_workload_model_name (VsWorkloadModel m)
{
  return vs_name_table_name (model_names, (int) m);
}

const char *
vs_workload_model_reference_column (VsWorkloadModel m)
{
  return (guint) m < VS_WORKLOAD_MODEL_COUNT ? reference_columns[m] : NULL;
}

gboolean
vs_workload_models_parse (const char *text, gboolean use[VS_WORKLOAD_MODEL_COUNT], GError **error)
{
  for (int m = 0; m < VS_WORKLOAD_MODEL_COUNT; m++)
    use[m] = text == NULL;
  if (text == NULL)
    return TRUE;
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++) {
    int m;
    if (!vs_name_table_lookup (model_names, parts[i], &m)) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--cost: '%s' is not a workload cost model (valid: vpunn, analytical)", parts[i]);
      return FALSE;
    }
    use[m] = TRUE;
  }
  return TRUE;
}

void
vs_workload_comparison_free (VsWorkloadComparison *c)
{
  if (c == NULL)
    return;
  for (int m = 0; m < VS_WORKLOAD_MODEL_COUNT; m++)
    g_free (c->models[m].predicted);
  g_free (c->workloads);
  g_free (c->measured);
  g_free (c->path);
  g_free (c);
}

/* Every model's cycles for the rows: vpunn through the CSV's model files,
 * analytical through the cost-model interface. */
static gboolean
model_cycles (VsWorkloadModel m, const char *models_dir, const VsCsvTable *table,
              VsDpuWorkload *w, guint n, VsCycles *cycles, GError **error)
{
  if (m == VS_WORKLOAD_MODEL_VPUNN)
    return vs_cost_csv_dpu_cycles (models_dir, table, w, cycles, error);
  g_autoptr(VsCostModel) analytical = vs_analytical_cost_model_new ();
  return vs_cost_model_dpu (analytical, w, n, cycles, error);
}

static void
score_model (VsWorkloadModelResult *res, const VsCsvTable *table, const char *reference_column,
             const VsCycles *cycles, guint n)
{
  res->used = TRUE;
  res->predicted = g_new (double, MAX (n, 1));
  gint ref_col = vs_csv_table_column (table, reference_column);
  for (guint r = 0; r < n; r++) {
    res->predicted[r] = VS_CYCLES_IS_ERROR (cycles[r]) ? NAN : (double) cycles[r];
    res->errors += VS_CYCLES_IS_ERROR (cycles[r]);
    gint64 ref;
    if (ref_col >= 0 && vs_csv_table_get_int (table, r, (guint) ref_col, &ref, NULL)) {
      res->compared++;
      res->agree += (gint64) cycles[r] == ref;
    }
  }
}

VsWorkloadComparison *
vs_workload_comparison_run (const char *path, const char *models_dir,
                            const gboolean use[VS_WORKLOAD_MODEL_COUNT], GError **error)
{
  g_autoptr(VsCsvTable) table = vs_csv_table_read (path, error);
  guint measured_col = 0;
  if (table == NULL || !vs_csv_table_require (table, "measured_cycles", &measured_col, error))
    return NULL;
  g_autoptr(VsWorkloadComparison) c = g_new0 (VsWorkloadComparison, 1);
  c->path = g_strdup (path);
  guint n = c->n_rows = vs_csv_table_n_rows (table);
  c->workloads = g_new0 (VsDpuWorkload, MAX (n, 1));
  c->measured = g_new0 (double, MAX (n, 1));
  for (guint r = 0; r < n; r++)
    if (!vs_csv_table_get_double (table, r, measured_col, &c->measured[r], error) ||
        !vs_cost_csv_dpu_row (table, r, &c->workloads[r], error))
      return NULL;
  g_autofree VsCycles *cycles = g_new0 (VsCycles, MAX (n, 1));
  for (int m = 0; m < VS_WORKLOAD_MODEL_COUNT; m++) {
    if (!use[m])
      continue;
    if (!model_cycles ((VsWorkloadModel) m, models_dir, table, c->workloads, n, cycles, error))
      return NULL;
    score_model (&c->models[m], table, reference_columns[m], cycles, n);
  }
  return g_steal_pointer (&c);
}

void
vs_workload_comparison_accuracy (const VsWorkloadComparison *c, VsWorkloadModel m, int op,
                                 VsAccuracy *out)
{
  guint n = c->n_rows;
  const double *predicted = c->models[m].predicted;
  g_autofree double *p = g_new (double, MAX (n, 1));
  g_autofree double *meas = g_new (double, MAX (n, 1));
  guint k = 0;
  for (guint i = 0; i < n && predicted != NULL; i++)
    if ((op < 0 || (int) c->workloads[i].op == op) && !isnan (predicted[i])) {
      p[k] = predicted[i];
      meas[k++] = c->measured[i];
    }
  vs_accuracy_compute (p, meas, k, out);
}

/* Operations present, in enum order. */
static void
operations_present (const VsWorkloadComparison *c, gboolean present[VS_OP_COUNT])
{
  for (int op = 0; op < VS_OP_COUNT; op++)
    present[op] = FALSE;
  for (guint r = 0; r < c->n_rows; r++)
    present[c->workloads[r].op] = TRUE;
}

static void
append_text_row (GString *out, const char *label, const VsAccuracy *a)
{
  g_string_append_printf (out, "  %-22s %6u %9.2f %12.2f %11.1f %11.1f %9.3f\n", label, a->count,
                          a->mape_pct, a->median_ape_pct, a->within_10_pct, a->within_25_pct,
                          a->spearman);
}

void
vs_workload_comparison_append_text (const VsWorkloadComparison *c, GString *out)
{
  gboolean present[VS_OP_COUNT];
  operations_present (c, present);
  g_string_append_printf (out, "measured DPU workloads: %s (%u rows)\n", c->path, c->n_rows);
  for (int m = 0; m < VS_WORKLOAD_MODEL_COUNT; m++)
    if (c->models[m].used && c->models[m].compared > 0)
      g_string_append_printf (out, "%s reproduces %s on %u/%u rows\n", vs_workload_model_name (m),
                              reference_columns[m], c->models[m].agree, c->models[m].compared);
  g_string_append (out, "\n  model / operation         rows    MAPE %  median APE %  within 10%  "
                        "within 25%  Spearman\n");
  for (int m = 0; m < VS_WORKLOAD_MODEL_COUNT; m++) {
    if (!c->models[m].used)
      continue;
    VsAccuracy a;
    vs_workload_comparison_accuracy (c, m, -1, &a);
    append_text_row (out, vs_workload_model_name (m), &a);
    for (int op = 0; op < VS_OP_COUNT; op++) {
      if (!present[op])
        continue;
      vs_workload_comparison_accuracy (c, m, op, &a);
      g_autofree char *label = g_strdup_printf ("  %s", vs_dpu_operation_name (op));
      append_text_row (out, label, &a);
    }
    if (c->models[m].errors > 0)
      g_string_append_printf (out, "  (%u rows answered with an error code, left out)\n",
                              c->models[m].errors);
  }
}

static void
append_json_model (const VsWorkloadComparison *c, VsWorkloadModel m, const gboolean *present,
                   GString *out)
{
  const VsWorkloadModelResult *res = &c->models[m];
  VsAccuracy a;
  vs_workload_comparison_accuracy (c, m, -1, &a);
  g_string_append_printf (out, "    \"%s\": {\n", vs_workload_model_name (m));
  vs_accuracy_append_json (out, &a, "      ");
  g_string_truncate (out, out->len - 1);
  g_string_append_printf (out, ",\n      \"error_answers\": %u,\n      \"reference_column\": \"%s\",\n"
                          "      \"reference_agree\": %u,\n      \"reference_compared\": %u,\n"
                          "      \"operations\": {\n", res->errors, reference_columns[m],
                          res->agree, res->compared);
  gboolean first_op = TRUE;
  for (int op = 0; op < VS_OP_COUNT; op++) {
    if (!present[op])
      continue;
    vs_workload_comparison_accuracy (c, m, op, &a);
    g_string_append_printf (out, "%s        \"%s\": {\n", first_op ? "" : ",\n",
                            vs_dpu_operation_name (op));
    first_op = FALSE;
    vs_accuracy_append_json (out, &a, "          ");
    g_string_append (out, "        }");
  }
  g_string_append (out, "\n      }\n    }");
}

void
vs_workload_comparison_append_json (const VsWorkloadComparison *c, GString *out)
{
  gboolean present[VS_OP_COUNT];
  operations_present (c, present);
  g_string_append (out, "{\n  \"format\": \"vpusim-workload-comparison\",\n  \"version\": 1,\n  \"file\": ");
  vs_output_append_json_string (out, c->path);
  g_string_append_printf (out, ",\n  \"rows\": %u,\n  \"models\": {\n", c->n_rows);
  gboolean first = TRUE;
  for (int m = 0; m < VS_WORKLOAD_MODEL_COUNT; m++) {
    if (!c->models[m].used)
      continue;
    if (!first)
      g_string_append (out, ",\n");
    first = FALSE;
    append_json_model (c, m, present, out);
  }
  g_string_append (out, "\n  }\n}\n");
}
