/* cmd_cost.c — `vpusim cost {dpu|dma|shave|layer} IN.csv`: parse the options, read
 * the CSV, hand it to the kind's costing function (sim/cost/cost_csv.h) and
 * write or print what it returns. */
#include <stdio.h>
#include <string.h>

#include "sim/base/csv_table.h"
#include "sim/base/output_file.h"
#include "sim/cli/commands.h"
#include "sim/cost/cost_csv.h"

typedef struct {
  const char *kind;
  VsCostCsvFunc cost;    /* NULL: not implemented yet */
} CostKind;

static const CostKind kinds[] = {
  { "dpu", vs_cost_csv_dpu },
  { "dma", vs_cost_csv_dma },
  { "shave", vs_cost_csv_shave },
};

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
    if (strcmp (kinds[i].kind, argv[1]) == 0)
      kind = &kinds[i];
  if (kind == NULL) {
    vs_command_error ("cost: unknown workload kind '%s' (dpu, dma, shave or layer)", argv[1]);
    return VS_EXIT_USAGE;
  }
  VsCostCsvFunc cost = kind->cost;
  if (shave_model != NULL) {
    if (strcmp (shave_model, "fitted") == 0)
      cost = vs_cost_csv_shave_fitted;
    else if (strcmp (shave_model, "table") != 0) {
      vs_command_error ("--shave-model: '%s' is not one of table, fitted", shave_model);
      return VS_EXIT_USAGE;
    }
  }
  if (cost == NULL) {
    vs_command_error ("cost %s: not implemented yet", kind->kind);
    return VS_EXIT_FAILURE;
  }

  g_autoptr (VsOutputSet) outputs = vs_output_set_new ();
  const char *staged = NULL;
  int status = vs_command_claim (outputs, "--output", output, NULL, &staged);
  if (status != VS_EXIT_OK)
    return status;
  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) table = vs_csv_table_read (argv[2], &error);
  if (table == NULL) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  g_autoptr (GString) csv = g_string_new (NULL);
  guint agree = 0, compared = 0;
  if (!cost (models_dir, table, csv, &agree, &compared, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  if (output != NULL) {
    if (!vs_output_file_write (staged, csv, &error)) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_FAILURE;
    }
    if ((status = vs_command_commit (outputs)) != VS_EXIT_OK)
      return status;
  } else {
    fwrite (csv->str, 1, csv->len, stdout);
  }
  if (vs_csv_table_column (table, "reference_cycles") >= 0)
    printf ("%u/%u rows agree with reference_cycles\n", agree, compared);
  else
    printf ("%u rows costed\n", vs_csv_table_n_rows (table));
  return VS_EXIT_OK;
}
