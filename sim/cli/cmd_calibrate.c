/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_calibrate.c — `vpusim calibrate RUN...`: fit the realistic mode's
 * scheduling parameters to measured runs and write a device YAML; with
 * --leave-one-out, the accuracy table (each run predicted by parameters
 * fitted on the other runs of its architecture, sim/analysis/leave_one_out.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/analysis/calibrate.h"
#include "sim/analysis/leave_one_out.h"
#include "sim/analysis/shave_fit.h"
#include "sim/cli/commands.h"
#include "sim/base/output_file.h"

static void
append_us_err (GString *out, gint64 predicted_ps, gint64 measured_ps, gboolean markdown)
{
  vs_output_append_fixed (out, predicted_ps, 6, markdown ? 1 : 3);
  g_string_append (out, markdown ? " (" : "  ");
  double e = vs_measured_error_pct (predicted_ps, measured_ps);
  g_string_append_c (out, e >= 0 ? '+' : '-');
  vs_output_append_double (out, e >= 0 ? e : -e, 1);
  g_string_append (out, markdown ? " %)" : "%");
}

static void
append_cell (GString *out, const VsLooPrediction *p, gint64 measured_ps, gboolean markdown)
{
  if (p->ok)
    append_us_err (out, p->predicted_ps, measured_ps, markdown);
  else
    g_string_append (out, "-");
}

static GString *
loo_report (VsMeasuredRun **runs, guint n, const VsLooRow *rows, gboolean markdown)
{
  GString *out = g_string_new (NULL);
  if (markdown)
    g_string_append (out,
        "| run | measured µs | join rate | compiler's estimate | vpusim, compiler mode | vpusim, "
        "realistic (leave-one-out) | realistic, measured durations |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n");
  else
    g_string_append (out, "leave-one-out: each run predicted with parameters fitted on the other "
                          "runs of its architecture\n\n");
  for (guint i = 0; i < n; i++) {
    VsMeasuredRun *r = runs[i];
    const VsLooRow *row = &rows[i];
    gint64 measured = r->profile->latency_ps;
    VsLooPrediction estimate = { r->compiler_estimate_ps, r->compiler_estimate_ps >= 0 };
    if (markdown) {
      g_string_append_printf (out, "| %s | ", r->name);
      vs_output_append_fixed (out, measured, 6, 1);
      g_string_append_printf (out, " | %.1f %% | ", vs_profile_join_rate (r->join));
      append_cell (out, &estimate, measured, TRUE);
      g_string_append (out, " | ");
      append_cell (out, &row->compiler_mode, measured, TRUE);
      g_string_append (out, " | ");
      append_cell (out, &row->realistic, measured, TRUE);
      g_string_append (out, " | ");
      append_cell (out, &row->scheduling, measured, TRUE);
      g_string_append (out, " |\n");
    } else {
      g_string_append_printf (out, "%s (%s; measured/model durations, median %.2f%s)\n"
                              "  measured             ", r->name,
                              vs_arch_name (r->run.schedule->device.arch), r->measured.ratio,
                              vs_measured_run_is_typical (r)
                                ? (r->clock_sets != NULL ? "; at the clocks its profile records" : "")
                                : ": atypical, trains no run");
      vs_output_append_fixed (out, measured, 6, 3);
      g_string_append_printf (out, " us\n  join rate            %.1f %% (%u of %u measured tasks and "
                              "variants)\n  compiler's estimate  ", vs_profile_join_rate (r->join),
                              r->join->joined_tasks + r->join->joined_variants,
                              r->join->measured_tasks + r->join->measured_variants);
      append_cell (out, &estimate, measured, FALSE);
      g_string_append (out, "\n  compiler mode        ");
      append_cell (out, &row->compiler_mode, measured, FALSE);
      g_string_append (out, "\n  realistic (LOO)      ");
      append_cell (out, &row->realistic, measured, FALSE);
      g_string_append (out, "\n  measured durations   ");
      append_cell (out, &row->scheduling, measured, FALSE);
      g_string_append_printf (out, "\n  fitted on           %s%s\n", row->trained_on[0] ? " " : "",
                              row->trained_on);
      if (row->fitted_any) {
        g_string_append (out, "  parameters          ");
        for (guint p = 0; p < VS_CALIBRATION_PARAMS; p++)
          g_string_append_printf (out, " %s=%g", vs_calibration_param_key (p),
                                  vs_calibration_param_get (&row->fitted, p));
        g_autofree char *loads = vs_kernel_loads_format (&row->fitted.shave_kernel_loads);
        if (*loads != '\0')
          g_string_append_printf (out, " shave_kernel_loads=\"%s\"", loads);
        g_string_append_c (out, '\n');
      }
    }
  }
  VsLooSummary sum;
  vs_loo_summarise ((VsMeasuredRun *const *) runs, rows, n, &sum);
  g_string_append_printf (out, "\n%u of %u runs within 15%% (realistic, leave-one-out); "
                          "closer than the compiler's estimate on %u of %u", sum.within_15, n,
                          sum.closer_than_estimate, sum.with_estimate);
  if (sum.nominal > 0) {
    g_string_append_printf (out, "; median |error| %.1f %% over the %u runs at nominal clocks",
                            sum.nominal_median_pct, sum.nominal);
    if (sum.typical > sum.nominal)
      g_string_append_printf (out, " (%.1f %% over %u with the %u run(s) at the PLL their "
                              "profiles record)", sum.typical_median_pct, sum.typical,
                              sum.typical - sum.nominal);
  }
  g_string_append_c (out, '\n');
  return out;
}

static GString *
fit_report (VsMeasuredRun **runs, guint n, const VsDevice *start, const VsDevice *fitted,
            const VsCalibration *c)
{
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "calibrated %s on %u run%s (%u replays; objective %.6f -> %.6f)\n\n"
                          "  parameter                          start     fitted\n",
                          vs_arch_name (fitted->arch), n, n == 1 ? "" : "s", c->evaluations,
                          c->objective_start, c->objective);
  for (guint p = 0; p < VS_CALIBRATION_PARAMS; p++)
    g_string_append_printf (out, "  %-30s %10g %10g%s\n", vs_calibration_param_key (p), c->start[p],
                            c->fitted[p], c->identifiable[p] ? "" : "   (no effect on these runs: kept)");
  g_autofree char *loads = vs_kernel_loads_format (&fitted->shave_kernel_loads);
  if (*loads != '\0')
    g_string_append_printf (out, "  %-30s %s\n", "shave_kernel_loads", loads);
  g_string_append (out, "\n  run                                   measured us  before      after"
                        "       (realistic mode, model durations)\n");
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++) {
    gint64 measured = runs[i]->profile->latency_ps;
    VsLooPrediction before = vs_loo_predict (runs[i], start, FALSE, errors);
    VsLooPrediction after = vs_loo_predict (runs[i], fitted, FALSE, errors);
    g_string_append_printf (out, "  %-36s ", runs[i]->name);
    vs_output_append_fixed (out, measured, 6, 3);
    g_string_append (out, "  ");
    append_cell (out, &before, measured, FALSE);
    g_string_append (out, "  ");
    append_cell (out, &after, measured, FALSE);
    g_string_append_c (out, '\n');
  }
  for (guint i = 0; i < errors->len; i++)
    vs_command_error ("%s", (const char *) g_ptr_array_index (errors, i));
  return out;
}

/* "NAME: tiles=6, dma_ports=2, dpu_clock_mhz=1700; ..." for every run whose device differs from
 * the first run's in tiles, DMA ports or DPU clock; empty when none does. */
static GString *
mixed_runs (VsMeasuredRun *const *list, guint n)
{
  GString *s = g_string_new (NULL);
  const VsDevice *first = &list[0]->run.schedule->device;
  for (guint i = 1; i < n; i++) {
    const VsDevice *d = &list[i]->run.schedule->device;
    if (d->tiles == first->tiles && d->dma_ports == first->dma_ports &&
        d->dpu_clock_mhz == first->dpu_clock_mhz)
      continue;
    g_string_append_printf (s, "%s%s: tiles=%d, dma_ports=%d, dpu_clock_mhz=%g", s->len > 0 ? "; " : "",
                            list[i]->name, d->tiles, d->dma_ports, d->dpu_clock_mhz);
  }
  return s;
}

/* The option combinations that make sense, before any file is read. */
static int
check_calibrate_options (int argc, gboolean loo, gboolean markdown, gboolean shave,
                         gboolean shave_tasks, const char *output)
{
  if (argc < 2) {
    vs_command_error ("calibrate needs at least one measured run (see --help)");
    return VS_EXIT_USAGE;
  }
  if (markdown && !loo) {
    vs_command_error ("--markdown goes with --leave-one-out");
    return VS_EXIT_USAGE;
  }
  if (shave_tasks && !shave) {
    vs_command_error ("--shave-tasks goes with --shave");
    return VS_EXIT_USAGE;
  }
  if (shave && (loo || output != NULL)) {
    vs_command_error ("--shave reports the SHAVE models; it fits no device (no --leave-one-out, no -o)");
    return VS_EXIT_USAGE;
  }
  if (loo && output != NULL) {
    vs_command_error ("--leave-one-out fits one device per run; it writes no device file");
    return VS_EXIT_USAGE;
  }
  return VS_EXIT_OK;
}

/* Loads every RUN operand into runs; with --shave a run that cannot be read
 * is left out with a message instead of failing the command. */
static int
load_runs (int argc, char **argv, const VsRunConfig *config, gboolean shave, GPtrArray *runs)
{
  for (int i = 1; i < argc; i++) {
    g_autoptr(GError) error = NULL;
    VsMeasuredRun *r = vs_measured_run_load (argv[i], config, &error);
    if (r == NULL && shave) {
      /* A report over many runs: one that cannot be read is named, not fatal. */
      fprintf (stderr, "vpusim: %s left out: %s\n", argv[i], error->message);
      continue;
    }
    if (r == NULL) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_FAILURE;
    }
    /* Only the warnings: the fit's own report says what the notes would. */
    for (guint k = 0; k < r->run.notes->len; k++)
      if (g_str_has_prefix (r->run.notes->pdata[k], "WARNING: "))
        fprintf (stderr, "vpusim: %s\n", (const char *) r->run.notes->pdata[k]);
    g_ptr_array_add (runs, r);
  }
  return VS_EXIT_OK;
}

static void
print_leave_one_out (VsMeasuredRun **list, guint n, const VsRunConfig *config, gboolean markdown)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  VsLooRow *rows = vs_leave_one_out ((VsMeasuredRun *const *) list, n, config, errors);
  for (guint i = 0; i < errors->len; i++)
    vs_command_error ("%s", (const char *) g_ptr_array_index (errors, i));
  g_autoptr(GString) report = loo_report (list, n, rows, markdown);
  vs_loo_rows_free (rows, n);
  fputs (report->str, stdout);
}

/* The fit: its report, and with -o the device YAML (staged at staged, for output). */
static int
fit_and_write (VsMeasuredRun **list, guint n, VsOutputSet *outputs, const char *staged,
               const char *output)
{
  int status;
  VsDevice start = list[0]->run.schedule->device, fitted = start;
  VsCalibration c;
  g_autoptr(GError) error = NULL;
  if (!vs_calibrate ((VsMeasuredRun *const *) list, n, &fitted, &c, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  g_autoptr(GString) report = fit_report (list, n, &start, &fitted, &c);
  if (output != NULL) {
    g_autoptr(GString) yaml = g_string_new (NULL);
    g_string_append_printf (yaml, "# Calibrated by `vpusim calibrate` on %u measured run%s:\n",
                            n, n == 1 ? "" : "s");
    for (guint i = 0; i < n; i++)
      g_string_append_printf (yaml, "#   %s\n", list[i]->name);
    /* Only the latencies are fitted: everything else of the device written
     * is the first run's, which mixed runs should say. */
    g_autoptr(GString) differ = mixed_runs (list, n);
    if (differ->len > 0) {
      g_autofree char *line = g_strdup_printf ("the device written takes its tiles, DMA ports and "
                                               "clocks from the first run, %s (tiles=%d, "
                                               "dma_ports=%d, dpu_clock_mhz=%g); the runs differ: %s",
                                               list[0]->name, start.tiles, start.dma_ports,
                                               start.dpu_clock_mhz, differ->str);
      g_string_append_printf (report, "\nnote: %s\n", line);
      g_string_append_printf (yaml, "# Note: %s\n", line);
    }
    vs_device_write_yaml (&fitted, yaml);
    if (!vs_output_file_write (staged, yaml, &error)) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_FAILURE;
    }
    if ((status = vs_command_commit (outputs)) != VS_EXIT_OK)
      return status;
    g_string_append_printf (report, "\nwrote %s\n", output);
  }
  fputs (report->str, stdout);
  return VS_EXIT_OK;
}

int
vs_cmd_calibrate (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_auto(VsCliRunOptions) shared = { 0 };
  gboolean loo = FALSE, markdown = FALSE, force = FALSE, shave = FALSE, shave_tasks = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the calibrated device here", "DEVICE.yaml" },
    { "leave-one-out", 0, 0, G_OPTION_ARG_NONE, &loo, "Predict each run with parameters fitted on the others: the accuracy table", NULL },
    { "markdown", 0, 0, G_OPTION_ARG_NONE, &markdown, "With --leave-one-out: print the table as Markdown", NULL },
    { "shave", 0, 0, G_OPTION_ARG_NONE, &shave, "Report the SHAVE cost models (table, fitted, and the fallback for kernels neither knows, leave-one-run-out) against every measured SHAVE task, and fit nothing", NULL },
    { "shave-tasks", 0, 0, G_OPTION_ARG_NONE, &shave_tasks, "With --shave: one line per measured SHAVE task too", NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Fit even to a profile that contradicts its schedule (tiles, task kinds): a warning instead of an error", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("RUN... - fit dispatch and cold-start latencies to measured runs");
  g_option_context_set_summary (context,
      "A RUN is a folder with schedule_vpurt.mlir (or schedule.yaml) and profiling.json (or\n"
      "profiling_text.txt), or SCHEDULE:PROFILE.  The realistic mode's dispatch latencies and cold\n"
      "starts are fitted by replaying every run with its measured durations (least squares on the\n"
      "end-to-end and per-task start errors) and written as a device YAML.  --device and --set\n"
      "give the device the fit starts from; --cost the models of the tasks the profiles do not\n"
      "time, and of the predictions.");
  g_option_context_add_main_entries (context, entries, NULL);
  vs_cli_run_options_add (context, &shared, VS_CLI_DEVICE | VS_CLI_SET | VS_CLI_COST | VS_CLI_MODELS,
                          NULL, NULL);
  if (!vs_command_parse_options (context, &argc, &argv))
    return VS_EXIT_USAGE;
  int status = check_calibrate_options (argc, loo, markdown, shave, shave_tasks, output);
  if (status != VS_EXIT_OK)
    return status;

  VsRunConfig config = { 0 };
  config.device = shared.device;
  config.sets = (const char *const *) shared.sets;
  config.cost = shared.cost;
  config.models_dir = shared.models;
  config.mode = VS_REPLAY_REALISTIC;
  config.force = force;

  g_autoptr(VsOutputSet) outputs = vs_output_set_new ();
  const char *staged = NULL;
  status = vs_command_claim (outputs, "--output", output, NULL, &staged);
  if (status != VS_EXIT_OK)
    return status;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_measured_run_free);
  if ((status = load_runs (argc, argv, &config, shave, runs)) != VS_EXIT_OK)
    return status;
  VsMeasuredRun **list = (VsMeasuredRun **) runs->pdata;

  if (shave) {
    g_autoptr(GArray) samples = vs_shave_samples ((VsMeasuredRun *const *) list, runs->len);
    g_autoptr(GString) report = vs_shave_report ((VsMeasuredRun *const *) list, runs->len,
                                                 samples, shave_tasks);
    fputs (report->str, stdout);
    return VS_EXIT_OK;
  }

  if (loo) {
    print_leave_one_out (list, runs->len, &config, markdown);
    return VS_EXIT_OK;
  }

  return fit_and_write (list, runs->len, outputs, staged, output);
}
