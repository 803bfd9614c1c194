/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_strategy.c — `vpusim strategy NET.yaml`: per DPU layer the cost of
 * every strategy under VPUNN and the analytical model, their choices and
 * the compiler's, and the replayed latency of each set of choices
 * (sim/lower/strategy.h); text, JSON or a plot. */
#include "config.h"

#include <stdio.h>

#include "plots/strategy_plot.h"
#include "sim/cli/commands.h"
#include "sim/lower/lower_options.h"
#include "sim/lower/network_yaml.h"
#include "sim/lower/strategy.h"

int
vs_cmd_strategy (int argc, char **argv)
{
  g_autofree char *device = NULL, *models = NULL, *plot = NULL;
  g_auto(GStrv) sets = NULL;
  gint tiles = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "device", 'd', 0, G_OPTION_ARG_STRING, &device, "Device preset or file (default: the network's)", "PRESET|FILE" },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Change a device parameter (repeatable)", "KEY=VALUE" },
    { "tiles", 0, 0, G_OPTION_ARG_INT, &tiles, "Tiles (default: the network's, else the device's)", "N" },
    { "models", 0, 0, G_OPTION_ARG_FILENAME, &models, "Folder of the VPUNN model files", "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "plot", 'p', 0, G_OPTION_ARG_FILENAME, &plot, "Draw the study (.png or .svg)", "OUT.png" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("NET.yaml - compare multi-tile strategies");
  g_option_context_set_summary (context,
      "Per DPU layer: the cost of every strategy the device's VPUNN layer model knows, by VPUNN's\n"
      "layer-level cost and by the analytical model, the choice of each and the compiler's; then\n"
      "the network lowered with each set of choices and replayed with VPUNN costs.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!vs_command_parse_options (context, &argc, &argv))
    return VS_EXIT_USAGE;
  if (argc != 2 || tiles < 0 || tiles > VS_LOWER_MAX_TILES) {
    vs_command_error ("strategy needs one NET.yaml (and --tiles from 1 to %d; see --help)",
                      VS_LOWER_MAX_TILES);
    return VS_EXIT_USAGE;
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(VsNetwork) net = vs_network_read (argv[1], &error);
  VsDevice dev;
  g_autofree char *preset = NULL;
  if (net == NULL ||
      !vs_lower_device_resolve (net, device, (const char *const *) sets, &dev, &preset, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  VsLowerModels m;
  g_autofree char *why = NULL;
  if (!vs_lower_models_open (&m, &dev, models, &why)) {
    vs_command_error ("strategy needs VPUNN's DPU model: %s", why);
    return VS_EXIT_FAILURE;
  }
  VsStrategyReport r;
  gboolean ok = vs_strategy_study (net, &m, preset, (guint) tiles, models, &r, &error);
  vs_lower_models_close (&m);
  if (!ok) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  int status = VS_EXIT_OK;
  if (plot != NULL && !vs_strategy_plot (plot, net, &r, &error)) {
    vs_command_error ("%s", error->message);
    status = VS_EXIT_FAILURE;
  }
  g_autoptr(GString) out = g_string_new (NULL);
  if (json)
    vs_strategy_report_json (net, &r, out);
  else
    vs_strategy_report_text (net, &r, out);
  fwrite (out->str, 1, out->len, stdout);
  vs_strategy_report_clear (&r);
  return status;
}
