/* commands.c — helpers shared by the subcommands. */
#include "sim/cli/commands.h"

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
