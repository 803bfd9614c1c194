/* cmd_compare.c — `vpusim compare`: predictions against measurements.
 * `compare SCHEDULE --measured PROFILE`: whole replays against a measured
 * run (sim/analysis/schedule_compare.h).  `compare --workloads`: cost models against
 * DPU workloads measured on silicon, the VPUNN paper's own experiment.
 * Per cost model, and per operation within it: MAPE, median APE, the share
 * within 10 % and 25 %, Spearman's rank correlation; and how many rows
 * reproduce the file's reference columns (VPUNN's reference_cycles, the
 * theoretical_cycles), which checks vpusim's own VPUNN on halo workloads. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/vpunn/dpu_theoretical.h"
#include "plots/compare_plot.h"
#include "plots/scatter.h"
#include "sim/analysis/accuracy.h"
#include "sim/cost/cost_csv.h"
#include "sim/cli/commands.h"
#include "sim/base/csv_table.h"
#include "sim/base/output_file.h"
#include "sim/analysis/schedule_compare.h"

typedef enum { MODEL_VPUNN, MODEL_ANALYTICAL, MODEL_COUNT } WorkloadModel;

static const char *const model_names[MODEL_COUNT] = { "vpunn", "analytical" };
/* The file's column each model must reproduce. */
static const char *const reference_columns[MODEL_COUNT] = { "reference_cycles", "theoretical_cycles" };

typedef struct {
  gboolean used;
  double *predicted;            /* per row; NaN for an error answer */
  guint errors;                 /* rows the model answered with an error code */
  guint agree, compared;        /* against the reference column */
} ModelResult;

static gboolean
parse_models (const char *text, gboolean *use, GError **error)
{
  if (text == NULL)
    text = "vpunn,analytical";
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++) {
    gboolean found = FALSE;
    for (int m = 0; m < MODEL_COUNT; m++)
      if (strcmp (parts[i], model_names[m]) == 0 ||
          (m == MODEL_ANALYTICAL && strcmp (parts[i], "theoretical") == 0)) {
        use[m] = found = TRUE;
      }
    if (!found) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--cost: '%s' is not a workload cost model (valid: vpunn, analytical)", parts[i]);
      return FALSE;
    }
  }
  return TRUE;
}

/* Accuracy over the rows selected by `op` (-1 = all) with a valid answer. */
static void
accuracy_of (const ModelResult *r, const double *measured, const VsDpuWorkload *w, guint n, int op,
             VsAccuracy *out)
{
  g_autofree double *p = g_new (double, MAX (n, 1));
  g_autofree double *m = g_new (double, MAX (n, 1));
  guint k = 0;
  for (guint i = 0; i < n; i++)
    if ((op < 0 || (int) w[i].op == op) && !isnan (r->predicted[i])) {
      p[k] = r->predicted[i];
      m[k++] = measured[i];
    }
  vs_accuracy_compute (p, m, k, out);
}

static void
append_text_row (GString *out, const char *label, const VsAccuracy *a)
{
  g_string_append_printf (out, "  %-22s %6u %9.2f %12.2f %11.1f %11.1f %9.3f\n", label, a->count,
                          a->mape_pct, a->median_ape_pct, a->within_10_pct, a->within_25_pct,
                          a->spearman);
}

/* `compare SCHEDULE --measured PROFILE` (or a run folder): replays held
 * against a measured run (sim/analysis/schedule_compare.h). */
static int
compare_schedule (const char *schedule, const char *measured, const char *cost, const VsRunConfig *config,
                  VsOutputSet *outputs, const char *plot, gboolean json)
{
  g_autoptr(GError) error = NULL;
  gboolean use[VS_COMPARE_MODEL_COUNT];
  if (!vs_compare_models_parse (cost, use, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  g_autofree char *spec = measured != NULL ? g_strdup_printf ("%s:%s", schedule, measured)
                                           : g_strdup (schedule);
  if (measured == NULL && !g_file_test (schedule, G_FILE_TEST_IS_DIR)) {
    vs_command_error ("compare %s: needs --measured PROFILE (or a run folder holding the schedule "
                      "and its profiling.json)", schedule);
    return VS_EXIT_USAGE;
  }
  g_autoptr(VsComparison) c = vs_comparison_run (spec, config, use, cost == NULL, &error);
  if (c == NULL) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  for (guint i = 0; i < c->notes->len; i++)
    fprintf (stderr, "vpusim: note: %s\n", (const char *) c->notes->pdata[i]);
  if (plot != NULL && !vs_compare_plot (plot, c, &error)) {
    vs_command_output_error (outputs, error);
    return VS_EXIT_FAILURE;
  }
  int status = vs_command_commit (outputs);
  if (status != VS_EXIT_OK)
    return status;
  g_autoptr(GString) out = g_string_new (NULL);
  if (json)
    vs_comparison_append_json (c, out);
  else
    vs_comparison_append_text (c, out);
  fputs (out->str, stdout);
  return VS_EXIT_OK;
}

int vs_cmd_compare (int argc, char **argv);

int
vs_cmd_compare (int argc, char **argv)
{
  g_autofree char *workloads = NULL, *cost = NULL, *models = NULL, *plot = NULL, *profile = NULL;
  g_autofree char *device = NULL, *mode = NULL;
  g_auto(GStrv) sets = NULL;
  gboolean json = FALSE, force = FALSE;
  GOptionEntry entries[] = {
    { "measured", 'M', 0, G_OPTION_ARG_FILENAME, &profile, "The profile of running SCHEDULE on an NPU (profiling JSON or text report)", "PROFILE" },
    { "workloads", 'w', 0, G_OPTION_ARG_FILENAME, &workloads, "DPU workloads with a measured_cycles column (e.g. the measured NPU 2.7/4.0 sets)", "FILE.csv" },
    { "cost", 'c', 0, G_OPTION_ARG_STRING, &cost, "Models to compare: vpunn, analytical, compiler, measured (default: all; with --workloads: vpunn, analytical)", "LIST" },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode, "Replay mode of the vpunn and analytical models: realistic (default) or compiler", "MODE" },
    { "device", 'd', 0, G_OPTION_ARG_STRING, &device, "Replace the schedule's device (preset name or YAML file)", "DEVICE" },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a device field (repeatable)", "KEY=VALUE" },
    { "models", 0, 0, G_OPTION_ARG_FILENAME, &models, "Folder of the VPUNN .vpunn files", "DIR" },
    { "plot", 'p', 0, G_OPTION_ARG_FILENAME, &plot, "Draw predicted against measured with gnuplot", "OUT.png|svg" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the comparison as JSON", NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Compare even when the profile contradicts the schedule (its tiles or task kinds): a warning instead of an error", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context =
      g_option_context_new ("SCHEDULE --measured PROFILE | RUN-FOLDER | --workloads FILE.csv - compare "
                            "predictions with measurements");
  g_option_context_set_summary (context,
      "With a schedule and its measured profile: replays it with each model (vpunn, analytical,\n"
      "compiler = the NPU compiler's estimator, measured = the profile's own durations) and\n"
      "reports predicted against measured latency, per-task duration errors per engine kind\n"
      "(median and mean absolute error, rank correlation) and the start-time error.\n"
      "With --workloads: costs every measured DPU workload with each cost model and reports, per\n"
      "model and per operation, the mean and median absolute error, the share within 10 % and\n"
      "25 %, and the rank correlation with the measurements.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!vs_command_parse_options (context, &argc, &argv))
    return VS_EXIT_USAGE;
  /* The picture is checked before the replays and written after them. */
  g_autoptr(VsOutputSet) outputs = vs_output_set_new ();
  const char *plot_out = NULL;
  int status = vs_command_claim_plot (outputs, "--plot", plot, &plot_out);
  if (status != VS_EXIT_OK)
    return status;
  if (workloads == NULL) {
    if (argc != 2) {
      vs_command_error ("compare needs SCHEDULE --measured PROFILE, a run folder, or --workloads "
                        "FILE.csv (see --help)");
      return VS_EXIT_USAGE;
    }
    VsRunConfig config = { .device = device, .sets = (const char *const *) sets, .models_dir = models,
                           .force = force };
    if (mode != NULL && !vs_replay_mode_from_name (mode, &config.mode)) {
      vs_command_error ("--mode: '%s' is not realistic or compiler", mode);
      return VS_EXIT_USAGE;
    }
    return compare_schedule (argv[1], profile, cost, &config, outputs, plot_out, json);
  }
  if (argc != 1 || profile != NULL || device != NULL || sets != NULL || mode != NULL) {
    vs_command_error ("compare --workloads takes no schedule, --measured, --device, --set or --mode "
                      "(see --help)");
    return VS_EXIT_USAGE;
  }
  gboolean use[MODEL_COUNT] = { FALSE };
  g_autoptr(GError) error = NULL;
  if (!parse_models (cost, use, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }

  g_autoptr(VsCsvTable) table = vs_csv_table_read (workloads, &error);
  guint measured_col = 0;
  if (table == NULL || !vs_csv_table_require (table, "measured_cycles", &measured_col, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  guint n = vs_csv_table_n_rows (table);
  g_autofree VsDpuWorkload *w = g_new0 (VsDpuWorkload, MAX (n, 1));
  g_autofree VsCycles *cycles = g_new0 (VsCycles, MAX (n, 1));
  g_autofree double *measured = g_new0 (double, MAX (n, 1));
  for (guint r = 0; r < n; r++) {
    if (!vs_csv_table_get_double (table, r, measured_col, &measured[r], &error) ||
        !vs_cost_csv_dpu_row (table, r, &w[r], &error)) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_FAILURE;
    }
  }

  ModelResult results[MODEL_COUNT] = { { 0 } };
  for (int m = 0; m < MODEL_COUNT; m++) {
    if (!use[m])
      continue;
    if (m == MODEL_VPUNN) {
      if (!vs_cost_csv_dpu_cycles (models, table, w, cycles, &error)) {
        vs_command_error ("%s", error->message);
        return VS_EXIT_FAILURE;
      }
    } else {
      for (guint r = 0; r < n; r++)
        cycles[r] = vs_dpu_theoretical_cycles (&w[r]);
    }
    ModelResult *res = &results[m];
    res->used = TRUE;
    res->predicted = g_new (double, MAX (n, 1));
    gint ref_col = vs_csv_table_column (table, reference_columns[m]);
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

  /* Operations present, in enum order. */
  gboolean present[VS_OP_COUNT] = { FALSE };
  for (guint r = 0; r < n; r++)
    present[w[r].op] = TRUE;

  g_autoptr(GString) out = g_string_new (NULL);
  if (json) {
    g_string_append (out, "{\n  \"format\": \"vpusim-workload-comparison\",\n  \"version\": 1,\n  \"file\": ");
    vs_output_append_json_string (out, workloads);
    g_string_append_printf (out, ",\n  \"rows\": %u,\n  \"models\": {\n", n);
    gboolean first = TRUE;
    for (int m = 0; m < MODEL_COUNT; m++) {
      if (!results[m].used)
        continue;
      VsAccuracy a;
      accuracy_of (&results[m], measured, w, n, -1, &a);
      g_string_append_printf (out, "%s    \"%s\": {\n", first ? "" : ",\n", model_names[m]);
      first = FALSE;
      vs_accuracy_append_json (out, &a, "      ");
      g_string_truncate (out, out->len - 1);
      g_string_append_printf (out, ",\n      \"error_answers\": %u,\n      \"reference_column\": \"%s\",\n"
                              "      \"reference_agree\": %u,\n      \"reference_compared\": %u,\n"
                              "      \"operations\": {\n", results[m].errors, reference_columns[m],
                              results[m].agree, results[m].compared);
      gboolean first_op = TRUE;
      for (int op = 0; op < VS_OP_COUNT; op++) {
        if (!present[op])
          continue;
        accuracy_of (&results[m], measured, w, n, op, &a);
        g_string_append_printf (out, "%s        \"%s\": {\n", first_op ? "" : ",\n",
                                vs_dpu_operation_name (op));
        first_op = FALSE;
        vs_accuracy_append_json (out, &a, "          ");
        g_string_append (out, "        }");
      }
      g_string_append (out, "\n      }\n    }");
    }
    g_string_append (out, "\n  }\n}\n");
  } else {
    g_string_append_printf (out, "measured DPU workloads: %s (%u rows)\n", workloads, n);
    for (int m = 0; m < MODEL_COUNT; m++)
      if (results[m].used && results[m].compared > 0)
        g_string_append_printf (out, "%s reproduces %s on %u/%u rows\n", model_names[m],
                                reference_columns[m], results[m].agree, results[m].compared);
    g_string_append (out, "\n  model / operation         rows    MAPE %  median APE %  within 10%  "
                          "within 25%  Spearman\n");
    for (int m = 0; m < MODEL_COUNT; m++) {
      if (!results[m].used)
        continue;
      VsAccuracy a;
      accuracy_of (&results[m], measured, w, n, -1, &a);
      append_text_row (out, model_names[m], &a);
      for (int op = 0; op < VS_OP_COUNT; op++) {
        if (!present[op])
          continue;
        accuracy_of (&results[m], measured, w, n, op, &a);
        g_autofree char *label = g_strdup_printf ("  %s", vs_dpu_operation_name (op));
        append_text_row (out, label, &a);
      }
      if (results[m].errors > 0)
        g_string_append_printf (out, "  (%u rows answered with an error code, left out)\n",
                                results[m].errors);
    }
  }

  gboolean ok = TRUE;
  if (plot != NULL) {
    VsScatterSeries series[MODEL_COUNT];
    guint n_series = 0;
    for (int m = 0; m < MODEL_COUNT; m++)
      if (results[m].used)
        series[n_series++] = (VsScatterSeries) { model_names[m], measured, results[m].predicted, n };
    g_autofree char *base = g_path_get_basename (workloads);
    g_autofree char *title = g_strdup_printf ("%s: DPU cycles, predicted vs measured", base);
    ok = vs_scatter_plot (plot_out, title, "DPU cycles", series, n_series, TRUE, &error);
  }
  ok = ok && vs_output_set_commit (outputs, &error);
  for (int m = 0; m < MODEL_COUNT; m++)
    g_free (results[m].predicted);
  if (!ok) {
    vs_command_output_error (outputs, error);
    return VS_EXIT_FAILURE;
  }
  fputs (out->str, stdout);
  return VS_EXIT_OK;
}
