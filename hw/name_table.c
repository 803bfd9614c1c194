/* SPDX-License-Identifier: Apache-2.0 */
/* name_table.c — linear scans: tables are short and never on a hot path. */
#include "hw/name_table.h"

#include <string.h>

const VsNameEntry vs_yaml_bool_names[] = {
  { "true", 1 }, { "false", 0 }, { "yes", 1 }, { "no", 0 }, { "on", 1 }, { "off", 0 }, { NULL, 0 },
};

gboolean
vs_name_table_lookup (const VsNameEntry *table, const char *name, int *value)
{
  if (name == NULL)
    return FALSE;
  for (const VsNameEntry *e = table; e->name != NULL; e++)
    if (g_ascii_strcasecmp (e->name, name) == 0) {
      *value = e->value;
      return TRUE;
    }
  return FALSE;
}

const char *
vs_name_table_name (const VsNameEntry *table, int value)
{
  for (const VsNameEntry *e = table; e->name != NULL; e++)
    if (e->value == value)
      return e->name;
  return NULL;
}

char *
vs_name_table_choices (const VsNameEntry *table)
{
  GString *s = g_string_new (NULL);
  for (const VsNameEntry *e = table; e->name != NULL; e++) {
    if (strcmp (vs_name_table_name (table, e->value), e->name) != 0)
      continue;   /* an alias */
    g_string_append_printf (s, "%s%s", s->len > 0 ? ", " : "", e->name);
  }
  return g_string_free (s, FALSE);
}
