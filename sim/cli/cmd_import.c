/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_import.c — `vpusim import`: a compiled VPURT MLIR schedule to the YAML format.
 * The reading is sim/import/vpurt_import.c and the writing sim/schedule/schedule_yaml.c; this
 * file prints the importer's warnings and a one-line summary on stderr. */
#include "config.h"

#include <stdio.h>

#include "sim/cli/commands.h"
#include "sim/schedule/schedule_yaml.h"
#include "sim/import/vpurt_import.h"

int vs_cmd_import (int argc, char **argv);

static char *
summary (const VsSchedule *s, const char *path)
{
  guint kinds[VS_TASK_KIND_COUNT] = { 0 };
  for (guint i = 0; i < s->tasks->len; i++)
    kinds[vs_schedule_task (s, i)->kind]++;
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "imported %s: %u tasks (", path, s->tasks->len);
  gboolean first = TRUE;
  for (int k = 0; k < VS_TASK_KIND_COUNT; k++) {
    if (kinds[k] == 0)
      continue;
    g_string_append_printf (out, "%s%s %u", first ? "" : ", ", vs_task_kind_name (k), kinds[k]);
    first = FALSE;
  }
  g_string_append_printf (out, "), %u barriers, %u queues (", s->barriers->len, s->queues->len);
  for (guint q = 0; q < s->queues->len; q++)
    g_string_append_printf (out, "%s%s", q > 0 ? " " : "", vs_schedule_queue (s, q)->id);
  g_string_append_printf (out, "), %u buffers; device %s, %d tile%s at %g MHz",
                          s->buffers->len, s->device_preset ? s->device_preset : s->device.name,
                          s->device.tiles, s->device.tiles == 1 ? "" : "s", s->device.dpu_clock_mhz);
  const char *timing = g_hash_table_lookup (s->source, "inference_timing_cycles");
  if (timing != NULL) {
    double cycles = g_ascii_strtod (timing, NULL);
    g_string_append_printf (out, "; compiler estimate %s cycles = %.1f us", timing,
                            cycles / s->device.dpu_clock_mhz);
  }
  return g_string_free (out, FALSE);
}

int
vs_cmd_import (int argc, char **argv)
{
  g_autofree char *output = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the schedule here (default: standard output)", "OUT.yaml" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not print warnings and the summary", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("SCHEDULE.mlir - import a compiled schedule");
  g_option_context_set_summary (context,
      "Reads the NPU compiler's schedule at the VPURT level (barriers, buffers, VPURT.Task\n"
      "operations with their DMA, DPU and SHAVE ops) and writes it in vpusim's YAML schedule\n"
      "format, ready to edit and replay. Warnings name what could only be read approximately.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!vs_command_parse_options (context, &argc, &argv))
    return VS_EXIT_USAGE;
  if (argc != 2) {
    vs_command_error ("import needs exactly one SCHEDULE.mlir (see --help)");
    return VS_EXIT_USAGE;
  }
  g_autoptr(VsOutputSet) outputs = vs_output_set_new ();
  const char *staged = NULL;
  int status = vs_command_claim (outputs, "--output", output, NULL, &staged);
  if (status != VS_EXIT_OK)
    return status;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VsSchedule) s = vs_vpurt_import_full (argv[1], warnings, &error);
  if (!quiet)
    vs_command_notes (warnings, "warning");
  if (s == NULL) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  if (output != NULL) {
    if (!vs_schedule_write_file (s, staged, &error)) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_FAILURE;
    }
    if ((status = vs_command_commit (outputs)) != VS_EXIT_OK)
      return status;
  } else {
    g_autoptr(GString) out = g_string_new (NULL);
    if (!vs_schedule_write (s, out, &error)) {
      vs_command_error ("%s", error->message);
      return VS_EXIT_FAILURE;
    }
    fwrite (out->str, 1, out->len, stdout);
    if (fflush (stdout) != 0) {
      vs_command_error ("could not write the schedule to standard output");
      return VS_EXIT_FAILURE;
    }
  }
  if (!quiet) {
    g_autofree char *line = summary (s, argv[1]);
    fprintf (stderr, "%s\n", line);
  }
  return VS_EXIT_OK;
}
