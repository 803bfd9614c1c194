/* SPDX-License-Identifier: Apache-2.0 */
/* commands.c — helpers shared by the subcommands. */
#include "sim/cli/commands.h"

#include "plots/gnuplot.h"
#include "sim/base/output_file.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* GLib writes its usage line as "PRGNAME [OPTION…] PARAMETERS" and turns
 * the ellipsis into '?' when the locale's charset is ASCII (vpusim runs in
 * the C locale, for its numbers): so --help is answered here, with "...". */
static void
print_help (GOptionContext *context)
{
  g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);
  g_autoptr(GString) s = g_string_new (text);
  g_string_replace (s, "\u2026", "...", 0);
  fputs (s->str, stdout);
}

gboolean
vs_command_parse_options (GOptionContext *context, int *argc, char ***argv)
{
  gboolean help = FALSE;
  GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show the options of this command and exit", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, help_entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, argc, argv, &error)) {
    vs_command_error ("%s (see --help)", error->message);
    return FALSE;
  }
  if (help) {
    print_help (context);
    exit (VS_EXIT_OK);
  }
  return TRUE;
}

void
vs_command_error (const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  fprintf (stderr, "vpusim: %s\n", msg);
}

int
vs_command_claim (VsOutputSet *set, const char *option, const char *path,
                  const char *const *extensions, const char **staged)
{
  *staged = NULL;
  if (path == NULL)
    return VS_EXIT_OK;
  g_autoptr(GError) error = NULL;
  *staged = vs_output_set_claim (set, option, path, extensions, &error);
  if (*staged != NULL)
    return VS_EXIT_OK;
  vs_command_error ("%s", error->message);
  return g_error_matches (error, VS_OUTPUT_SET_ERROR, VS_OUTPUT_SET_ERROR_NAME) ? VS_EXIT_USAGE
                                                                                 : VS_EXIT_FAILURE;
}

int
vs_command_claim_plot (VsOutputSet *set, const char *option, const char *path, const char **staged)
{
  static const char *const plot_extensions[] = { ".png", ".svg", NULL };
  int status = vs_command_claim (set, option, path, plot_extensions, staged);
  if (status != VS_EXIT_OK || path == NULL)
    return status;
  g_autofree char *gnuplot = vs_gnuplot_find ();
  if (gnuplot == NULL) {
    vs_command_error ("%s: cannot draw %s: gnuplot not found; install gnuplot-nox", option, path);
    return VS_EXIT_FAILURE;
  }
  return VS_EXIT_OK;
}

void
vs_command_output_error (const VsOutputSet *set, const GError *error)
{
  g_autofree char *message = vs_output_set_unstage (set, error->message);
  vs_command_error ("%s", message);
}

int
vs_command_commit (VsOutputSet *set)
{
  g_autoptr(GError) error = NULL;
  if (vs_output_set_commit (set, &error))
    return VS_EXIT_OK;
  vs_command_error ("%s", error->message);
  return VS_EXIT_FAILURE;
}

void
vs_cli_run_options_add (GOptionContext *context, VsCliRunOptions *o, guint which,
                        const char *set_help, const char *set_arg)
{
  const GOptionEntry all[] = {
    { "device", 'd', 0, G_OPTION_ARG_STRING, &o->device, "Device preset (vpu20, npu27, npu40) or device YAML file, instead of the schedule's", "PRESET|FILE" },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &o->sets,
      set_help != NULL ? set_help : "Override a device parameter (repeatable; an unknown key lists the valid ones)",
      set_arg != NULL ? set_arg : "KEY=VALUE" },
    { "cost", 'c', 0, G_OPTION_ARG_STRING, &o->cost, "Cost model: vpunn, analytical, fixed, or per kind dpu=..,dma=..,shave=.. (default: vpunn when its files are found)", "SPEC" },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &o->mode, "realistic (default: dispatch latencies, SHAVE start-up, physical barriers) or compiler (the NPU compiler's estimator)", "MODE" },
    { "models", 0, 0, G_OPTION_ARG_FILENAME, &o->models, "Folder of the VPUNN .vpunn files (default: $VPUSIM_VPUNN_DIR, then the configured folder)", "DIR" },
    { "unknown-shave", 0, 0, G_OPTION_ARG_STRING, &o->unknown_shave, "SHAVE kernels the model does not know: error, zero or analytical (default)", "POLICY" },
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (all) == 6);   /* one per VsCliRunOption bit */
  GOptionEntry chosen[G_N_ELEMENTS (all) + 1];
  guint n = 0;
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (which & (1u << i))
      chosen[n++] = all[i];
  chosen[n] = (GOptionEntry) { NULL, 0, 0, 0, NULL, NULL, NULL };
  /* GOption copies the entries; the strings are static or the caller's. */
  g_option_context_add_main_entries (context, chosen, NULL);
}

void
vs_cli_run_options_clear (VsCliRunOptions *o)
{
  g_clear_pointer (&o->device, g_free);
  g_clear_pointer (&o->cost, g_free);
  g_clear_pointer (&o->mode, g_free);
  g_clear_pointer (&o->models, g_free);
  g_clear_pointer (&o->unknown_shave, g_free);
  g_clear_pointer (&o->sets, g_strfreev);
}

VsRunOptions
vs_cli_run_options_view (const VsCliRunOptions *o, gboolean force)
{
  return (VsRunOptions) {
    .device = o->device, .sets = (const char *const *) o->sets, .cost = o->cost,
    .mode = o->mode, .models = o->models, .unknown_shave = o->unknown_shave, .force = force,
  };
}

gboolean
vs_cli_run_options_given (const VsCliRunOptions *o, guint which)
{
  const gboolean given[] = {
    o->device != NULL, o->sets != NULL, o->cost != NULL, o->mode != NULL, o->models != NULL,
    o->unknown_shave != NULL,
  };
  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    if ((which & (1u << i)) && given[i])
      return TRUE;
  return FALSE;
}

void
vs_command_notes (const GPtrArray *lines, const char *kind)
{
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    fprintf (stderr, "vpusim: %s: %s\n", kind, (const char *) lines->pdata[i]);
}

int
vs_command_emit (VsOutputSet *set, const char *staged, const GString *text)
{
  if (staged == NULL) {
    fwrite (text->str, 1, text->len, stdout);
    return VS_EXIT_OK;
  }
  g_autoptr(GError) error = NULL;
  if (!vs_output_file_write (staged, text, &error)) {
    vs_command_error ("%s", error->message);
    return VS_EXIT_FAILURE;
  }
  return vs_command_commit (set);
}
