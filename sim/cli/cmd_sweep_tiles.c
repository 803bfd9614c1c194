/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_sweep_tiles.c — `vpusim sweep NET --tiles 2,4,6` and network what-if
 * scenarios: the network lowered afresh on every tile count and replayed
 * (sim/lower/tiles_sweep.h does the work); this file claims the output,
 * prints the notes, the CSV and the table. */
#include "config.h"

#include <stdio.h>

#include "sim/cli/commands.h"
#include "sim/base/output_file.h"
#include "sim/lower/tiles_sweep.h"

int
vs_cli_tiles_sweep_args (VsTilesSweepRequest *req, const VsCliRunOptions *o)
{
  g_autoptr(GError) error = NULL;
  VsRunConfig config;
  const VsRunOptions options = vs_cli_run_options_view (o, FALSE);
  if (!vs_run_config_from_options (&config, &options, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_USAGE;
  }
  req->device = o->device;
  req->cost = o->cost;
  req->models = o->models;
  req->mode_given = o->mode != NULL;
  req->mode = config.mode;
  req->unknown_shave = config.unknown_shave;
  return VS_EXIT_OK;
}

int
vs_cli_sweep_tiles (const VsTilesSweepRequest *req, const char *output, gboolean print_table)
{
  g_autoptr(GError) error = NULL;
  g_auto(VsTilesSweep) sw = { 0 };
  if (!vs_tiles_sweep_plan (&sw, req, &error)) {
    vs_command_error ("%s", error->message);
    return error->domain == G_OPTION_ERROR ? VS_EXIT_USAGE : VS_EXIT_FAILURE;
  }
  g_autoptr(VsOutputSet) outputs = vs_output_set_new ();
  const char *csv_out = NULL;
  int status;
  if ((status = vs_command_claim (outputs, "--output", output, NULL, &csv_out)))
    return status;
  gboolean ok = vs_tiles_sweep_execute (&sw, req, &error);
  vs_command_notes (sw.notes, "note");
  if (!ok) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  g_autoptr(GString) csv = g_string_new (NULL);
  vs_tiles_sweep_append_csv (csv, sw.points, sw.tiles->len);
  if (csv_out != NULL && !vs_output_file_write (csv_out, csv, &error)) {
    vs_command_output_error (outputs, error);
    return VS_EXIT_FAILURE;
  }
  if ((status = vs_command_commit (outputs)) != VS_EXIT_OK)
    return status;
  if (!print_table && output == NULL) {
    fputs (csv->str, stdout);
    return VS_EXIT_OK;
  }
  g_autoptr(GString) text = g_string_new (NULL);
  vs_tiles_sweep_append_text (text, sw.title, sw.points, sw.tiles->len);
  fputs (text->str, stdout);
  return VS_EXIT_OK;
}
