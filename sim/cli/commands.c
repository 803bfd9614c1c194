/* commands.c — helpers shared by the subcommands. */
#include "sim/cli/commands.h"

#include "plots/gnuplot.h"

#include <stdarg.h>
#include <stdio.h>

gboolean
vs_command_parse_options (GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, argc, argv, &error)) {
    vs_command_error ("%s (see --help)", error->message);
    return FALSE;
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
