/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_network.c — `vpusim network SCHEDULE -o NET.yaml`: the layer graph and
 * the compiler's choices behind a compiled schedule (sim/lower/network_recover.h),
 * written in the vpusim-network format, with a one-line summary per layer. */
#include "config.h"

#include <stdio.h>

#include "sim/analysis/run_pipeline.h"
#include "sim/cli/commands.h"
#include "sim/lower/network_recover.h"
#include "sim/lower/network_yaml.h"

static void
print_summary (const VsNetwork *net)
{
  fprintf (stderr, "%u layers, %u edges; device %s, %d tiles\n", net->layers->len, net->edges->len,
           net->device != NULL ? net->device : "(inline)", net->tiles);
  for (guint i = 0; i < net->layers->len; i++) {
    const VsNetLayer *l = vs_network_layer (net, i);
    const VsNetTensor *o = &l->outputs[0];
    GString *shape = g_string_new (NULL);
    for (int d = 0; d < o->rank; d++)
      g_string_append_printf (shape, "%s%" G_GINT64_FORMAT, d ? "x" : "", o->shape[d]);
    if (l->kind == VS_LAYER_DPU)
      fprintf (stderr, "  %-40s DPU %-11s -> %-16s %-10s %d tiles, %u workloads\n", l->id,
               vs_dpu_operation_name (l->op), shape->str,
               l->strategy != VS_STRATEGY_NONE ? vs_strategy_name (l->strategy) : "-", l->tiles,
               l->n_workloads);
    else
      fprintf (stderr, "  %-40s %-5s %-9s -> %-16s %d tiles, %d parts\n", l->id,
               vs_layer_kind_name (l->kind), l->kernel != NULL ? l->kernel : "", shape->str,
               l->tiles, l->parts);
    g_string_free (shape, TRUE);
  }
}

int
vs_cmd_network (int argc, char **argv)
{
  g_autofree char *output = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the network here (default: standard output)", "NET.yaml" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not print warnings and the summary", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("SCHEDULE(.mlir|.yaml) - recover the layer graph of a compiled schedule");
  g_option_context_set_summary (context,
      "Groups the schedule's DPU and SHAVE tasks into layers by name, rebuilds every layer's\n"
      "whole tensors from its per-tile parts, finds the edges through the buffers the tasks\n"
      "read and write, and records the compiler's choices (multi-tile strategy, tiles, DPU\n"
      "workloads and MPE modes, SHAVE parts, tensors kept in DDR) in vpusim-network YAML.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!vs_command_parse_options (context, &argc, &argv))
    return VS_EXIT_USAGE;
  if (argc != 2) {
    vs_command_error ("network needs exactly one SCHEDULE (see --help)");
    return VS_EXIT_USAGE;
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VsSchedule) s = vs_run_load_schedule (argv[1], notes, &error);
  if (!quiet)
    vs_command_notes (notes, "warning");
  if (s == NULL) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  g_ptr_array_set_size (notes, 0);
  g_autoptr(VsNetwork) net = vs_network_recover (s, notes, &error);
  if (!quiet)
    vs_command_notes (notes, "note");
  if (net == NULL) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  if (output != NULL) {
    if (!vs_network_write_file (net, output, &error)) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_FAILURE;
    }
  } else {
    g_autoptr(GString) out = g_string_new (NULL);
    if (!vs_network_write (net, out, &error)) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_FAILURE;
    }
    fwrite (out->str, 1, out->len, stdout);
    if (fflush (stdout) != 0) {
      vs_command_error ("could not write the network to standard output");
      return VS_EXIT_FAILURE;
    }
  }
  if (!quiet)
    print_summary (net);
  return VS_EXIT_OK;
}
