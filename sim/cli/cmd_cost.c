/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_cost.c — `vpusim cost {dpu|dma|shave|layer} IN.csv`: parse the options
 * and stream the CSV through the kind's costing session (sim/cost/cost_csv.h)
 * into the staged output file, or into a temporary file copied to standard
 * output at the end, so nothing is written unless every row was costed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim/base/csv_table.h"
#include "sim/cli/commands.h"
#include "sim/cost/cost_csv.h"

typedef struct {
  const char *name;
  VsCostCsvKind kind;
} CostKind;

static const CostKind kinds[] = {
  { "dpu", VS_COST_CSV_DPU },
  { "dma", VS_COST_CSV_DMA },
  { "shave", VS_COST_CSV_SHAVE },
};

/* Copies the finished output from its temporary file to standard output. */
static gboolean
copy_to_stdout (FILE *tmp, GError **error)
{
  char buf[1 << 16];
  size_t n;
  rewind (tmp);
  while ((n = fread (buf, 1, sizeof buf, tmp)) > 0)
    if (fwrite (buf, 1, n, stdout) != n)
      break;
  if (ferror (tmp) || ferror (stdout) || fflush (stdout) != 0) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot write the costs to standard output");
    return FALSE;
  }
  return TRUE;
}

int
vs_cmd_cost (int argc, char **argv)
{
  g_autofree char *models_dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *strategy = NULL, *shave_model = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "shave-model", 0, 0, G_OPTION_ARG_STRING, &shave_model,
      "shave only: VPUNN's classic kernel table (table, the default) or its fitted "
      "operator models (fitted)", "table|fitted" },
    { "models", 0, 0, G_OPTION_ARG_FILENAME, &models_dir,
      "folder of the VPUNN model files (else $VPUSIM_VPUNN_DIR, the configured folder, "
      "the installed one)", "DIR" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "write the costed rows here (default: standard output)", "OUT.csv" },
    { "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy,
      "layer only: 'auto' adds the best strategy and its cost to every row; a strategy name "
      "(NONE, SOHO, SOK, SOW, SOH_HaloRead, ...) costs every row with it", "auto|NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "layer only: print the whole split of a one-row file as JSON", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("{dpu|dma|shave|layer} IN.csv");
  g_option_context_set_summary (context,
                                "Cost every workload row of IN.csv (the VPUNN golden-file format) and "
                                "write the rows back\nwith a vpusim_cycles column.  With a "
                                "reference_cycles column, the last line printed\ncounts the rows "
                                "that agree with it.  `layer` rows are whole DPU layers costed per "
                                "multi-tile\nstrategy with VPUNN's layer-level API (the columns of "
                                "golden/layer_vpu_2_7_4_0.csv).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!vs_command_parse_options (context, &argc, &argv))
    return VS_EXIT_USAGE;
  if (argc != 3) {
    vs_command_error ("cost: expected a workload kind and one CSV file (see --help)");
    return VS_EXIT_USAGE;
  }
  if (shave_model != NULL && strcmp (argv[1], "shave") != 0) {
    vs_command_error ("cost %s: --shave-model applies to 'cost shave' only", argv[1]);
    return VS_EXIT_USAGE;
  }
  if (strcmp (argv[1], "layer") == 0)
    return vs_cmd_cost_layer (argv[2], models_dir, output, strategy, json);
  if (strategy != NULL || json) {
    vs_command_error ("cost %s: --strategy and --json apply to 'cost layer' only", argv[1]);
    return VS_EXIT_USAGE;
  }
  const CostKind *kind = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].name, argv[1]) == 0)
      kind = &kinds[i];
  if (kind == NULL) {
    vs_command_error ("cost: unknown workload kind '%s' (dpu, dma, shave or layer)", argv[1]);
    return VS_EXIT_USAGE;
  }
  VsCostCsvKind cost = kind->kind;
  if (shave_model != NULL) {
    if (strcmp (shave_model, "fitted") == 0)
      cost = VS_COST_CSV_SHAVE_FITTED;
    else if (strcmp (shave_model, "table") != 0) {
      vs_command_error ("--shave-model: '%s' is not one of table, fitted", shave_model);
      return VS_EXIT_USAGE;
    }
  }

  g_autoptr (VsOutputSet) outputs = vs_output_set_new ();
  const char *staged = NULL;
  int status = vs_command_claim (outputs, "--output", output, NULL, &staged);
  if (status != VS_EXIT_OK)
    return status;
  FILE *out = staged != NULL ? fopen (staged, "w") : tmpfile ();
  if (out == NULL) {
    vs_command_error ("%s: cannot write: %s", output != NULL ? output : "a temporary file",
                      g_strerror (errno));
    return VS_EXIT_FAILURE;
  }
  g_autoptr (GError) error = NULL;
  VsCostCsvSummary sum;
  gboolean ok = vs_cost_csv_stream (cost, models_dir, argv[2], out, &sum, &error);
  if (ok && staged == NULL)
    ok = copy_to_stdout (out, &error);
  if (fclose (out) != 0 && ok) {
    g_set_error (&error, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot write: %s", output,
                 g_strerror (errno));
    ok = FALSE;
  }
  if (!ok) {
    vs_command_output_error (outputs, error);
    return VS_EXIT_FAILURE;
  }
  if (output != NULL && (status = vs_command_commit (outputs)) != VS_EXIT_OK)
    return status;
  if (sum.has_reference)
    printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " rows agree with reference_cycles\n",
            sum.agree, sum.compared);
  else
    printf ("%" G_GUINT64_FORMAT " rows costed\n", sum.rows);
  return VS_EXIT_OK;
}
