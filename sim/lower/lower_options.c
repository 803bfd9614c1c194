/* SPDX-License-Identifier: Apache-2.0 */
/* lower_options.c — strategy names, the lowering device, the network read. */
#include "sim/lower/lower_options.h"

#include <string.h>

#include "sim/analysis/run_pipeline.h"
#include "sim/lower/network_recover.h"
#include "sim/lower/network_yaml.h"

gboolean
vs_lower_mode_from_name (const char *name, VsLowerMode *mode, VsStrategy *strategy)
{
  *strategy = VS_STRATEGY_NONE;
  if (strcmp (name, "keep") == 0)
    *mode = VS_LOWER_KEEP;
  else if (strcmp (name, "auto") == 0)
    *mode = VS_LOWER_AUTO;
  else if (vs_strategy_from_name (name, strategy))
    *mode = VS_LOWER_FIXED;
  else
    return FALSE;
  return TRUE;
}

char *
vs_lower_mode_choices (void)
{
  g_autofree char *strategies = vs_name_table_choices (vs_strategy_names);
  return g_strconcat ("keep, auto, ", strategies, NULL);
}

gboolean
vs_lower_options_parse (const char *strategy, const char *choose_with, VsLowerOptions *o,
                        GError **error)
{
  memset (o, 0, sizeof *o);
  if (strategy != NULL && !vs_lower_mode_from_name (strategy, &o->mode, &o->strategy)) {
    g_autofree char *choices = vs_lower_mode_choices ();
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--strategy '%s': one of %s",
                 strategy, choices);
    return FALSE;
  }
  if (choose_with == NULL || strcmp (choose_with, "vpunn") == 0)
    o->choose_with = VS_CHOOSE_VPUNN;
  else if (strcmp (choose_with, "analytical") == 0)
    o->choose_with = VS_CHOOSE_ANALYTICAL;
  else {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "--choose-with '%s': vpunn or analytical", choose_with);
    return FALSE;
  }
  return TRUE;
}

gboolean
vs_lower_device_resolve (const VsNetwork *net, const char *device, const char *const *sets,
                         VsDevice *out, char **preset, GError **error)
{
  const char *base = device != NULL ? device : net->device;
  if (base == NULL) {
    g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID,
                 "%s names no device: give --device PRESET|FILE", net->path);
    return FALSE;
  }
  memset (out, 0, sizeof *out);
  if (!vs_device_load (out, base, error))
    return FALSE;
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    if (!vs_device_set (out, sets[i], error))
      return FALSE;
  gboolean is_file = strchr (base, '/') != NULL || g_str_has_suffix (base, ".yaml");
  *preset = is_file ? NULL : g_strdup (base);
  return TRUE;
}

VsNetwork *
vs_network_load (const char *path, GError **error)
{
  if (!g_str_has_suffix (path, ".mlir"))
    return vs_network_read (path, error);
  g_autoptr(VsSchedule) s = vs_run_load_schedule (path, NULL, error);
  return s != NULL ? vs_network_recover (s, NULL, error) : NULL;
}
