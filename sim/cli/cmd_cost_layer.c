/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_cost_layer.c — `vpusim cost layer IN.csv`: turn the options into layer
 * costing options, hand the table to sim/cost/cost_csv_layer.h and write or
 * print what it returns. */
#include <stdio.h>
#include <string.h>

#include "sim/base/csv_table.h"
#include "sim/base/output_file.h"
#include "sim/cli/commands.h"
#include "sim/cost/cost_csv_layer.h"

int
vs_cmd_cost_layer (const char *path, const char *models_dir, const char *output, const char *strategy,
                   gboolean json)
{
  VsLayerCsvOptions opts = { VS_LAYER_STRATEGY_FROM_ROW, VS_TILING_NONE };
  if (strategy != NULL) {
    if (strcmp (strategy, "auto") == 0) {
      opts.choice = VS_LAYER_STRATEGY_AUTO;
    } else if (vs_tiling_strategy_from_name (strategy, &opts.forced)) {
      opts.choice = VS_LAYER_STRATEGY_FORCED;
    } else {
      g_autofree char *choices = vs_name_table_choices (vs_tiling_strategy_names);
      vs_command_error ("cost layer: unknown --strategy '%s' (auto, %s)", strategy, choices);
      return VS_EXIT_USAGE;
    }
  }
  g_autoptr (VsOutputSet) outputs = vs_output_set_new ();
  const char *staged = NULL;
  int status = vs_command_claim (outputs, "--output", output, NULL, &staged);
  if (status != VS_EXIT_OK)
    return status;
  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) table = vs_csv_table_read (path, &error);
  if (table == NULL) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  g_autoptr (GString) text = g_string_new (NULL);
  guint agree = 0, compared = 0, agree_auto = 0, compared_auto = 0;
  gboolean ok = json ? vs_cost_csv_layer_json (models_dir, table, &opts, text, &error)
                     : vs_cost_csv_layer (models_dir, table, &opts, text, &agree, &compared, &agree_auto,
                                          &compared_auto, &error);
  if (!ok) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  if ((status = vs_command_emit (outputs, staged, text)) != VS_EXIT_OK)
    return status;
  if (json)
    return VS_EXIT_OK;
  if (compared > 0)
    printf ("%u/%u rows agree with reference_cycles\n", agree, compared);
  if (compared_auto > 0)
    printf ("%u/%u rows agree with reference_auto_cycles\n", agree_auto, compared_auto);
  if (compared == 0 && compared_auto == 0)
    printf ("%u rows costed\n", vs_csv_table_n_rows (table));
  return VS_EXIT_OK;
}
