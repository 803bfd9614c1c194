/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_sweep_tiles.c — `vpusim sweep NET --tiles 2,4,6` and network what-if
 * scenarios: the network lowered afresh on every tile count and replayed
 * (sim/lower/tiles_sweep.h).  The scenario reader (sim/analysis) cannot
 * lower, so the CLI does it here with the scenario's options. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sim/cli/commands.h"
#include "sim/base/output_file.h"
#include "sim/lower/lower_options.h"
#include "sim/lower/network_yaml.h"
#include "sim/lower/tiles_sweep.h"

int
vs_cli_tiles_sweep_args (VsTilesSweepArgs *args, const VsCliRunOptions *o)
{
  g_autoptr(GError) error = NULL;
  VsRunConfig config;
  const VsRunOptions options = vs_cli_run_options_view (o, FALSE);
  if (!vs_run_config_from_options (&config, &options, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  args->device = o->device;
  args->cost = o->cost;
  args->models = o->models;
  args->mode_given = o->mode != NULL;
  args->mode = config.mode;
  args->unknown_shave = config.unknown_shave;
  return VS_EXIT_OK;
}

/* Prefix errors found in a scenario's lower: with its position. */
static void
prefix_where (GError **error, const char *where)
{
  if (where != NULL && error != NULL && *error != NULL)
    g_prefix_error (error, "%s: ", where);
}

/* The tiles, the lowering options and the device, from the command line
 * and the scenario (the command line wins); usage errors return 2. */
static int
resolve_options (const VsTilesSweepArgs *a, const VsWhatIfScenario *sc, GArray *tiles,
                 VsLowerOptions *options, GError **error)
{
  if (a->tiles != NULL) {
    if (!vs_tiles_list_parse (a->tiles, "--tiles", tiles, error))
      return VS_EXIT_USAGE;
  } else {
    for (guint i = 0; i < sc->lower_tiles->len; i++) {
      guint t = g_array_index (sc->lower_tiles, guint, i);
      if (t > VS_LOWER_MAX_TILES) {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "%s: lower: tiles %u: from 1 to %d", sc->lower_where, t, VS_LOWER_MAX_TILES);
        return VS_EXIT_FAILURE;
      }
      g_array_append_val (tiles, t);
    }
  }
  const char *strategy = a->strategy != NULL ? a->strategy : sc != NULL ? sc->lower_strategy : NULL;
  const char *choose = a->choose_with != NULL ? a->choose_with
                     : sc != NULL ? sc->lower_choose_with : NULL;
  gboolean from_scenario = (a->strategy == NULL && strategy != NULL) ||
                           (a->choose_with == NULL && choose != NULL);
  int bad = from_scenario ? VS_EXIT_FAILURE : VS_EXIT_USAGE;
  if (!vs_lower_options_parse (strategy, choose, options, error)) {
    prefix_where (error, from_scenario ? sc->lower_where : NULL);
    return bad;
  }
  if (choose != NULL && options->mode != VS_LOWER_AUTO) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "choose-with applies to strategy auto only");
    prefix_where (error, from_scenario ? sc->lower_where : NULL);
    return bad;
  }
  return VS_EXIT_OK;
}

int
vs_cli_sweep_tiles (const char *network_path, const VsWhatIfScenario *sc,
                    const VsTilesSweepArgs *a, gboolean print_table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) tiles = g_array_new (FALSE, FALSE, sizeof (guint));
  VsLowerOptions options;
  int status = resolve_options (a, sc, tiles, &options, &error);
  if (status != VS_EXIT_OK) {
    vs_command_error ("%s", error->message);
    return status;
  }
  g_autoptr(VsOutputSet) outputs = vs_output_set_new ();
  const char *csv_out = NULL;
  if ((status = vs_command_claim (outputs, "--output", a->output, NULL, &csv_out)))
    return status;

  g_autoptr(VsNetwork) net = vs_network_load (network_path, &error);
  const char *device = a->device != NULL ? a->device : sc != NULL ? sc->device : NULL;
  const char *const *sets = sc != NULL ? (const char *const *) sc->overrides->pdata : NULL;
  VsDevice dev;
  g_autofree char *preset = NULL;
  if (net == NULL || !vs_lower_device_resolve (net, device, sets, &dev, &preset, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  VsLowerModels m;
  g_autofree char *why = NULL;
  if (!vs_lower_models_open (&m, &dev, a->models, &why)) {
    if (options.mode == VS_LOWER_AUTO && options.choose_with == VS_CHOOSE_VPUNN) {
      vs_command_error ("strategy auto choosing with vpunn needs VPUNN's DPU model: %s", why);
      return VS_EXIT_FAILURE;
    }
    fprintf (stderr, "vpusim: note: VPUNN's DPU model not found (%s): one workload per DPU "
             "where the compiler's are not kept\n", why);
  }
  VsRunConfig config = { 0 };
  config.cost = a->cost != NULL ? a->cost : sc != NULL ? sc->cost : NULL;
  config.models_dir = a->models;
  config.mode = a->mode_given || sc == NULL || !sc->has_mode ? a->mode : sc->mode;
  config.unknown_shave = a->unknown_shave;
  g_autofree VsTilesPoint *points = g_new0 (VsTilesPoint, tiles->len);
  gboolean ok = vs_tiles_sweep_run (net, &m, preset, &options, (const guint *) tiles->data,
                                    tiles->len, &config, points, &error);
  vs_lower_models_close (&m);
  if (!ok) {
    vs_command_error ("%s: %s", network_path, error->message);
    return VS_EXIT_FAILURE;
  }
  g_autoptr(GString) csv = g_string_new (NULL);
  vs_tiles_sweep_append_csv (csv, points, tiles->len);
  if (csv_out != NULL && !vs_output_file_write (csv_out, csv, &error)) {
    vs_command_output_error (outputs, error);
    return VS_EXIT_FAILURE;
  }
  if ((status = vs_command_commit (outputs)) != VS_EXIT_OK)
    return status;
  if (!print_table && a->output == NULL) {
    fputs (csv->str, stdout);
    return VS_EXIT_OK;
  }
  g_autofree char *base = g_path_get_basename (sc != NULL ? sc->path : network_path);
  g_autofree char *title = g_strdup_printf (
      "%s lowered on %s (strategy %s), replayed per tile count:", base,
      preset != NULL ? preset : dev.name,
      options.mode == VS_LOWER_KEEP ? "keep" : options.mode == VS_LOWER_AUTO
        ? (options.choose_with == VS_CHOOSE_VPUNN ? "auto, vpunn" : "auto, analytical")
        : vs_strategy_name (options.strategy));
  g_autoptr(GString) text = g_string_new (NULL);
  vs_tiles_sweep_append_text (text, title, points, tiles->len);
  fputs (text->str, stdout);
  return VS_EXIT_OK;
}
