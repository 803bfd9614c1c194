/* SPDX-License-Identifier: Apache-2.0 */
/* yaml_write.c — YAML scalars that read back as written (yaml_write.h). */
#include "config.h"

#include "hw/yaml_write.h"

#include <string.h>

/* YAML's printable set; anything else is escaped. */
static gboolean
yaml_printable (gunichar c)
{
  return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
         (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

static gboolean
reads_as_plain_string (const char *s)
{
  static const char *const special[] = { "null", "~", "true", "false", "yes", "no", "on", "off" };
  if (*s == '\0' || *s == '-')
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    if (g_ascii_strcasecmp (s, special[i]) == 0)
      return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_./+-", *p) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
vs_yaml_append_scalar (GString *out, const char *s)
{
  if (!g_utf8_validate (s, -1, NULL))
    return FALSE;
  if (reads_as_plain_string (s)) {
    g_string_append (out, s);
    return TRUE;
  }
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (c == '"' || c == '\\')
      g_string_append_printf (out, "\\%c", (char) c);
    else if (c == '\n')
      g_string_append (out, "\\n");
    else if (c == '\t')
      g_string_append (out, "\\t");
    else if (!yaml_printable (c) || c == '\r' || c == 0x85 || c == 0xFEFF)
      g_string_append_printf (out, c <= 0xFFFF ? "\\u%04X" : "\\U%08X", c);
    else
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
  }
  g_string_append_c (out, '"');
  return TRUE;
}
