/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_lower.c — `vpusim lower NET.yaml -o SCHEDULE.yaml`: a network lowered
 * to a complete schedule (sim/lower/lower.h) on a device, with the
 * compiler's choices kept, the cheapest per layer, or one strategy. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sim/cli/commands.h"
#include "sim/lower/lower.h"
#include "sim/lower/lower_options.h"
#include "sim/lower/network_yaml.h"
#include "sim/lower/strategy_file.h"
#include "sim/schedule/schedule_yaml.h"

int
vs_cmd_lower (int argc, char **argv)
{
  g_autofree char *output = NULL, *device = NULL, *strategy = NULL, *choose_with = NULL;
  g_autofree char *models = NULL, *strategy_file = NULL;
  g_auto(GStrv) sets = NULL;
  gint tiles = 0;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the schedule here (required)", "SCHEDULE.yaml" },
    { "device", 'd', 0, G_OPTION_ARG_STRING, &device, "Device preset or file (default: the network's)", "PRESET|FILE" },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Change a device parameter (repeatable)", "KEY=VALUE" },
    { "tiles", 0, 0, G_OPTION_ARG_INT, &tiles, "Tiles to run on (default: the network's, else the device's)", "N" },
    { "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy, "keep (the compiler's choices, default), auto (cheapest per layer), or clustering|soh|sow|sok|sohw|sohk for every layer", "NAME" },
    { "strategy-file", 0, 0, G_OPTION_ARG_FILENAME, &strategy_file, "YAML file of per-layer strategies (version: 1, strategies: {LAYER: NAME}); other layers use --strategy", "FILE" },
    { "choose-with", 0, 0, G_OPTION_ARG_STRING, &choose_with, "Cost model auto chooses with: vpunn (default) or analytical", "MODEL" },
    { "models", 0, 0, G_OPTION_ARG_FILENAME, &models, "Folder of the VPUNN model files", "DIR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not print notes and the summary", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("NET.yaml - lower a network to a schedule");
  g_option_context_set_summary (context,
      "Plans every layer (multi-tile strategy, tiles, DPU workloads and MPE modes from VPUNN's\n"
      "layer-level split search, SHAVE parts), places its tensors in CMX or DDR, and writes a\n"
      "complete vpusim-schedule: DMAs, DPU and SHAVE tasks on their queues, barriers for\n"
      "exactly the dependencies. Replay it with `vpusim run`.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!vs_command_parse_options (context, &argc, &argv))
    return VS_EXIT_USAGE;
  if (argc != 2 || output == NULL) {
    vs_command_error ("lower needs one NET.yaml and -o SCHEDULE.yaml (see --help)");
    return VS_EXIT_USAGE;
  }
  g_autoptr(GError) error = NULL;
  VsLowerOptions options;
  if (tiles < 0 || tiles > VS_LOWER_MAX_TILES) {
    vs_command_error ("--tiles %d: from 1 to %d", tiles, VS_LOWER_MAX_TILES);
    return VS_EXIT_USAGE;
  }
  if (!vs_lower_options_parse (strategy, choose_with, &options, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  options.tiles = (guint) tiles;
  g_autoptr(VsNetwork) net = vs_network_read (argv[1], &error);
  g_autofree VsLowerLayerChoice *choices = NULL;
  if (net != NULL && strategy_file != NULL)
    choices = vs_strategy_file_read (strategy_file, net, &error);
  if (net == NULL || (strategy_file != NULL && choices == NULL)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  options.layer_choices = choices;
  gboolean any_auto = options.mode == VS_LOWER_AUTO;
  for (guint i = 0; choices != NULL && i < net->layers->len; i++)
    any_auto |= choices[i].set && choices[i].mode == VS_LOWER_AUTO;
  if (choose_with != NULL && !any_auto) {
    /* Only auto chooses: anything else would accept a knob that does nothing. */
    vs_command_error ("--choose-with applies to --strategy auto only");
    return VS_EXIT_USAGE;
  }
  VsDevice dev;
  g_autofree char *preset = NULL;
  if (!vs_lower_device_resolve (net, device, (const char *const *) sets, &dev, &preset,
                                &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  VsLowerModels m;
  g_autofree char *why = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  if (!vs_lower_models_open (&m, &dev, models, &why)) {
    if (any_auto && options.choose_with == VS_CHOOSE_VPUNN) {
      vs_command_error ("--strategy auto --choose-with vpunn needs VPUNN's DPU model: %s", why);
      return VS_EXIT_FAILURE;
    }
    g_ptr_array_add (notes, g_strdup_printf ("VPUNN's DPU model not found (%s): one workload per "
                                             "DPU where the compiler's are not kept", why));
  }
  g_autoptr(GPtrArray) plans = g_ptr_array_new ();
  g_autoptr(VsSchedule) s = vs_lower (net, &m, preset, &options, plans, notes, &error);
  int status = VS_EXIT_OK;
  if (s == NULL || !vs_schedule_write_file (s, output, &error)) {
    vs_command_error ("%s", error->message);
    status = VS_EXIT_FAILURE;
  }
  if (!quiet)
    vs_command_notes (notes, "note");
  if (status == VS_EXIT_OK && !quiet) {
    fprintf (stderr, "lowered %s: %u layers on %d tiles of %s: %u tasks, %u barriers\n", argv[1],
             net->layers->len, s->device.tiles, preset != NULL ? preset : s->device.name,
             s->tasks->len, s->barriers->len);
    for (guint i = 0; i < plans->len; i++) {
      const VsNetLayer *l = vs_network_layer (net, i);
      const VsLayerPlan *p = plans->pdata[i];
      if (l->kind == VS_LAYER_DPU)
        fprintf (stderr, "  %-40s %-10s %2u tiles, %3u workloads (%s)\n", l->id,
                 vs_strategy_name (p->strategy), p->n_tiles, p->workloads->len, p->workload_source);
      else if (l->kind == VS_LAYER_SHAVE)
        fprintf (stderr, "  %-40s SHAVE      %2u tiles, %3u parts\n", l->id, p->n_tiles, p->parts);
    }
  }
  vs_lower_models_close (&m);
  return status;
}
