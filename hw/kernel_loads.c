/* SPDX-License-Identifier: Apache-2.0 */
/* kernel_loads.c — the per-kernel code-fetch table and its text form. */
#include "hw/kernel_loads.h"

#include <errno.h>
#include <math.h>
#include <string.h>

const VsKernelLoad *
vs_kernel_loads_find (const VsKernelLoads *loads, const char *kernel)
{
  if (kernel == NULL)
    return NULL;
  for (guint i = 0; i < loads->n; i++)
    if (g_ascii_strcasecmp (loads->entries[i].kernel, kernel) == 0)
      return &loads->entries[i];
  return NULL;
}

gboolean
vs_kernel_loads_set (VsKernelLoads *loads, const char *kernel, double ns)
{
  VsKernelLoad *at = (VsKernelLoad *) vs_kernel_loads_find (loads, kernel);
  if (at == NULL) {
    gsize len = strlen (kernel);
    if (loads->n >= VS_KERNEL_LOADS_MAX || len == 0 || len >= VS_KERNEL_NAME_MAX)
      return FALSE;
    at = &loads->entries[loads->n++];
    memset (at->kernel, 0, sizeof at->kernel);
    memcpy (at->kernel, kernel, len);
  }
  at->ns = ns;
  return TRUE;
}

static gboolean
bad_entry (GError **error, const char *entry, const char *why)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "kernel load '%s': %s (expected KERNEL=NS entries such as \"MVN=7000 Convert=2000\")",
               entry, why);
  return FALSE;
}

gboolean
vs_kernel_loads_parse (const char *text, VsKernelLoads *out, GError **error)
{
  VsKernelLoads table = { 0 };
  g_auto(GStrv) entries = g_strsplit_set (text, " ,\t", -1);
  for (guint i = 0; entries[i] != NULL; i++) {
    const char *entry = entries[i];
    if (*entry == '\0')
      continue;
    const char *eq = strchr (entry, '=');
    if (eq == NULL)
      return bad_entry (error, entry, "no '='");
    g_autofree char *kernel = g_strndup (entry, (gsize) (eq - entry));
    if (*kernel == '\0' || strlen (kernel) >= VS_KERNEL_NAME_MAX)
      return bad_entry (error, entry, "the kernel name must have 1 to 31 characters");
    if (vs_kernel_loads_find (&table, kernel) != NULL)
      return bad_entry (error, entry, "that kernel is listed twice");
    char *end = NULL;
    errno = 0;
    double ns = g_ascii_strtod (eq + 1, &end);
    if (eq[1] == '\0' || end == NULL || *end != '\0' || errno != 0 || !isfinite (ns) || ns < 0 ||
        ns > 1e9)
      return bad_entry (error, entry, "the time must be a number of ns in [0, 1e9]");
    if (!vs_kernel_loads_set (&table, kernel, ns))
      return bad_entry (error, entry, "more than 16 kernels");
  }
  *out = table;
  return TRUE;
}

char *
vs_kernel_loads_format (const VsKernelLoads *loads)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < loads->n; i++) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    /* The shortest text of 15 to 17 digits that reads back the same (as
     * the device's numbers are written). */
    for (int precision = 15; precision <= 17; precision++) {
      char fmt[8];
      g_snprintf (fmt, sizeof fmt, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, fmt, loads->entries[i].ns);
      if (g_ascii_strtod (buf, NULL) == loads->entries[i].ns)
        break;
    }
    g_string_append_printf (out, "%s%s=%s", i > 0 ? " " : "", loads->entries[i].kernel, buf);
  }
  return g_string_free (out, FALSE);
}
