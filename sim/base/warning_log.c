/* SPDX-License-Identifier: Apache-2.0 */
/* warning_log.c — warnings gathered one line per kind. */
#include "config.h"

#include "sim/base/warning_log.h"

typedef struct {
  char *text;                   /* "place: message" of the first occurrence */
  guint count;
} Warning;

struct VsWarningLog {
  GPtrArray *list;              /* Warning, first-seen order */
  GHashTable *by_key;           /* key -> Warning (owned by list) */
};

static void
warning_free (gpointer p)
{
  Warning *w = p;
  g_free (w->text);
  g_free (w);
}

VsWarningLog *
vs_warning_log_new (void)
{
  VsWarningLog *log = g_new0 (VsWarningLog, 1);
  log->list = g_ptr_array_new_with_free_func (warning_free);
  log->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return log;
}

void
vs_warning_log_free (VsWarningLog *log)
{
  if (log == NULL)
    return;
  g_hash_table_unref (log->by_key);
  g_ptr_array_unref (log->list);
  g_free (log);
}

void
vs_warning_log_addv (VsWarningLog *log, const char *key, const char *origin, gint line,
                     gint column, const char *format, va_list ap)
{
  Warning *w = g_hash_table_lookup (log->by_key, key);
  if (w != NULL) {
    w->count++;
    return;
  }
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  w = g_new0 (Warning, 1);
  if (line > 0 && column > 0)
    w->text = g_strdup_printf ("%s:%d:%d: %s", origin, line, column, msg);
  else if (line > 0)
    w->text = g_strdup_printf ("%s:%d: %s", origin, line, msg);
  else
    w->text = g_strdup_printf ("%s: %s", origin, msg);
  w->count = 1;
  g_hash_table_insert (log->by_key, g_strdup (key), w);
  g_ptr_array_add (log->list, w);
}

void
vs_warning_log_append_lines (const VsWarningLog *log, GPtrArray *out)
{
  if (out == NULL)
    return;
  for (guint k = 0; k < log->list->len; k++) {
    const Warning *w = g_ptr_array_index (log->list, k);
    g_ptr_array_add (out, w->count > 1 ? g_strdup_printf ("%s (%u times)", w->text, w->count)
                                       : g_strdup (w->text));
  }
}
