/* SPDX-License-Identifier: Apache-2.0 */
/* cost_spec.c — parsing --cost. */
#include "sim/cost/cost_spec.h"

#include <string.h>

#include "hw/name_table.h"

static const VsNameEntry choice_names[] = {
  { "auto", VS_COST_CHOICE_AUTO }, { "vpunn", VS_COST_CHOICE_VPUNN },
  { "analytical", VS_COST_CHOICE_ANALYTICAL }, { "theoretical", VS_COST_CHOICE_ANALYTICAL },
  { "fixed", VS_COST_CHOICE_FIXED }, { "table", VS_COST_CHOICE_TABLE },
  { "fitted", VS_COST_CHOICE_FITTED }, { NULL, 0 },
};

const char *
vs_cost_choice_name (VsCostChoice c)
{
  const char *name = vs_name_table_name (choice_names, (int) c);
  return name != NULL ? name : "?";
}

static gboolean
choice_from_name (const char *name, VsCostChoice *out, GError **error)
{
  int value;
  if (vs_name_table_lookup (choice_names, name, &value)) {
    *out = (VsCostChoice) value;
    return TRUE;
  }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--cost: unknown cost model '%s' (valid: auto, vpunn, analytical, theoretical, "
               "table, fixed; for SHAVE also fitted; or measured=PROFILE.json)", name);
  return FALSE;
}

gboolean
vs_cost_spec_split_measured (const char *text, char **models, char **profile, GError **error)
{
  static const char key[] = "measured=";
  *models = *profile = NULL;
  if (text == NULL)
    return TRUE;
  const char *at = g_str_has_prefix (text, key) ? text : strstr (text, ",measured=");
  if (at == NULL) {
    *models = g_strdup (text);
    return TRUE;
  }
  const char *path = strchr (at, '=') + 1;
  if (*path == '\0') {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "--cost: measured= needs a profile (measured=PROFILE.json)");
    return FALSE;
  }
  if (at > text)
    *models = g_strndup (text, (gsize) (at - text));
  *profile = g_strdup (path);
  return TRUE;
}

/* "table" and "fitted" name SHAVE models: "table" is the analytical model's
 * synonym for DPU and DMA (as it always was), "fitted" is refused there. */
static gboolean
choice_for_kind (const char *kind, VsCostChoice c, VsCostChoice *out, GError **error)
{
  gboolean shave = strcmp (kind, "shave") == 0;
  if (c == VS_COST_CHOICE_FITTED && !shave) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "--cost: 'fitted' is a SHAVE model (use shave=fitted), not a %s one", kind);
    return FALSE;
  }
  *out = c == VS_COST_CHOICE_TABLE && !shave ? VS_COST_CHOICE_ANALYTICAL : c;
  return TRUE;
}

gboolean
vs_cost_spec_parse (const char *full_text, VsCostSpec *out, GError **error)
{
  VsCostSpec spec = { VS_COST_CHOICE_AUTO, VS_COST_CHOICE_AUTO, VS_COST_CHOICE_AUTO };
  g_autofree char *text = NULL, *profile = NULL;
  if (!vs_cost_spec_split_measured (full_text, &text, &profile, error))
    return FALSE;
  if (text == NULL || *text == '\0') {
    *out = spec;
    return TRUE;
  }
  if (strchr (text, '=') == NULL) {
    VsCostChoice c;
    if (!choice_from_name (text, &c, error) || !choice_for_kind ("dpu", c, &spec.dpu, error) ||
        !choice_for_kind ("dma", c, &spec.dma, error) || !choice_for_kind ("shave", c, &spec.shave, error))
      return FALSE;
    *out = spec;
    return TRUE;
  }
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++) {
    char *eq = strchr (parts[i], '=');
    if (eq == NULL) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--cost: '%s' is not KIND=MODEL (KIND: dpu, dma, shave)", parts[i]);
      return FALSE;
    }
    *eq = '\0';
    VsCostChoice c;
    if (!choice_from_name (eq + 1, &c, error))
      return FALSE;
    VsCostChoice *slot = strcmp (parts[i], "dpu") == 0     ? &spec.dpu
                       : strcmp (parts[i], "dma") == 0     ? &spec.dma
                       : strcmp (parts[i], "shave") == 0 ? &spec.shave : NULL;
    if (slot != NULL) {
      if (!choice_for_kind (parts[i], c, slot, error))
        return FALSE;
    } else {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--cost: unknown task kind '%s' (valid: dpu, dma, shave)", parts[i]);
      return FALSE;
    }
  }
  *out = spec;
  return TRUE;
}
