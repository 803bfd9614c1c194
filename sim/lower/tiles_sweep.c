/* SPDX-License-Identifier: Apache-2.0 */
/* tiles_sweep.c — lower and replay a network per tile count (see
 * tiles_sweep.h). */
#include "sim/lower/tiles_sweep.h"

#include <string.h>

#include "sim/base/output_file.h"
#include "sim/lower/lower_options.h"

gboolean
vs_tiles_list_parse (const char *text, const char *what, GArray *out, GError **error)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++) {
    const char *item = g_strstrip (items[i]);
    guint64 value;
    if (!g_ascii_string_to_unsigned (item, 10, 1, VS_LOWER_MAX_TILES, &value, NULL)) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s: '%s' is not a tile count from 1 to %d", what, item, VS_LOWER_MAX_TILES);
      return FALSE;
    }
    for (guint j = 0; j < out->len; j++)
      if (g_array_index (out, guint, j) == value) {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "%s: %s is given twice", what, item);
        return FALSE;
      }
    guint t = (guint) value;
    g_array_append_val (out, t);
  }
  if (out->len == 0) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: no tile counts", what);
    return FALSE;
  }
  return TRUE;
}

static gboolean
run_point (const VsNetwork *net, VsLowerModels *m, const char *preset, const VsLowerOptions *o,
           const VsRunConfig *config, VsTilesPoint *point, GError **error)
{
  VsDevice saved = m->device;   /* vs_lower sets the tiles it used */
  VsSchedule *s = vs_lower (net, m, preset, o, NULL, NULL, error);
  m->device = saved;
  if (s == NULL)
    return FALSE;
  point->tasks = s->tasks->len;
  point->barriers = s->barriers->len;
  VsRun run;
  memset (&run, 0, sizeof run);
  gboolean ok = vs_run_prepare_schedule (&run, s, config, error) && vs_run_replay (&run, config, error);
  if (ok) {
    point->latency_ps = run.timeline->latency_ps;
    for (guint e = 0; e < VS_ENGINE_COUNT; e++)
      point->busy_ps[e] = run.timeline->engines[e].busy_ps;
  }
  vs_run_clear (&run);
  return ok;
}

gboolean
vs_tiles_sweep_run (const VsNetwork *net, VsLowerModels *m, const char *device_preset,
                    const VsLowerOptions *options, const guint *tiles, guint n,
                    const VsRunConfig *config, VsTilesPoint *out, GError **error)
{
  g_return_val_if_fail (config->device == NULL && config->sets == NULL, FALSE);
  for (guint i = 0; i < n; i++) {
    VsLowerOptions o = *options;
    o.tiles = tiles[i];
    memset (&out[i], 0, sizeof out[i]);
    out[i].tiles = tiles[i];
    GError *local = NULL;
    if (!run_point (net, m, device_preset, &o, config, &out[i], &local)) {
      g_propagate_prefixed_error (error, local, "tiles %u: ", tiles[i]);
      return FALSE;
    }
  }
  return TRUE;
}

static const VsEngine csv_engines[] = { VS_ENGINE_DPU, VS_ENGINE_SHAVE, VS_ENGINE_DMA };
static const char *const csv_engine_names[] = { "dpu", "shave", "dma" };

void
vs_tiles_sweep_append_csv (GString *out, const VsTilesPoint *points, guint n)
{
  g_string_append (out, "tiles,tasks,barriers,latency_ps,latency_us");
  for (guint e = 0; e < G_N_ELEMENTS (csv_engines); e++)
    g_string_append_printf (out, ",%s_busy_us", csv_engine_names[e]);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < n; i++) {
    const VsTilesPoint *p = &points[i];
    g_string_append_printf (out, "%u,%u,%u,%" G_GINT64_FORMAT ",", p->tiles, p->tasks, p->barriers,
                            p->latency_ps);
    vs_output_append_fixed (out, p->latency_ps, 6, 3);
    for (guint e = 0; e < G_N_ELEMENTS (csv_engines); e++) {
      g_string_append_c (out, ',');
      vs_output_append_fixed (out, p->busy_ps[csv_engines[e]], 6, 3);
    }
    g_string_append_c (out, '\n');
  }
}

void
vs_tiles_sweep_append_text (GString *out, const char *title, const VsTilesPoint *points, guint n)
{
  g_string_append_printf (out, "%s\n", title);
  g_string_append (out, "  tiles  tasks  barriers   latency us   vs first   DPU busy us  DMA busy us\n");
  for (guint i = 0; i < n; i++) {
    const VsTilesPoint *p = &points[i];
    g_autoptr(GString) latency = g_string_new (NULL), dpu = g_string_new (NULL),
                       dma = g_string_new (NULL);
    vs_output_append_fixed (latency, p->latency_ps, 6, 3);
    vs_output_append_fixed (dpu, p->busy_ps[VS_ENGINE_DPU], 6, 3);
    vs_output_append_fixed (dma, p->busy_ps[VS_ENGINE_DMA], 6, 3);
    g_autofree char *change = points[0].latency_ps > 0
        ? g_strdup_printf ("%+.1f %%", 100.0 * (p->latency_ps - points[0].latency_ps)
                                       / points[0].latency_ps)
        : g_strdup ("-");
    g_string_append_printf (out, "  %5u  %5u  %8u  %11s  %9s  %12s %12s\n", p->tiles, p->tasks,
                            p->barriers, latency->str, change, dpu->str, dma->str);
  }
}

/* A value the scenario gave: bad input, at the scenario's lower: position. */
static void
from_scenario (GError **error, const VsWhatIfScenario *sc)
{
  if (error == NULL || *error == NULL)
    return;
  (*error)->domain = VS_WHAT_IF_ERROR;
  (*error)->code = VS_WHAT_IF_ERROR_INVALID;
  g_prefix_error (error, "%s: ", sc->lower_where);
}

static gboolean
plan_tiles (VsTilesSweep *sw, const VsTilesSweepRequest *req, GError **error)
{
  const VsWhatIfScenario *sc = req->scenario;
  if (req->tiles != NULL)
    return vs_tiles_list_parse (req->tiles, "--tiles", sw->tiles, error);
  for (guint i = 0; i < sc->lower_tiles->len; i++) {
    guint t = g_array_index (sc->lower_tiles, guint, i);
    if (t > VS_LOWER_MAX_TILES) {
      g_set_error (error, VS_WHAT_IF_ERROR, VS_WHAT_IF_ERROR_INVALID,
                   "%s: lower: tiles %u: from 1 to %d", sc->lower_where, t, VS_LOWER_MAX_TILES);
      return FALSE;
    }
    g_array_append_val (sw->tiles, t);
  }
  return TRUE;
}

gboolean
vs_tiles_sweep_plan (VsTilesSweep *sw, const VsTilesSweepRequest *req, GError **error)
{
  const VsWhatIfScenario *sc = req->scenario;
  memset (sw, 0, sizeof *sw);
  sw->tiles = g_array_new (FALSE, FALSE, sizeof (guint));
  sw->notes = g_ptr_array_new_with_free_func (g_free);
  if (!plan_tiles (sw, req, error))
    return FALSE;
  const char *strategy = req->strategy != NULL ? req->strategy : sc != NULL ? sc->lower_strategy : NULL;
  const char *choose = req->choose_with != NULL ? req->choose_with
                     : sc != NULL ? sc->lower_choose_with : NULL;
  gboolean scenario_value = (req->strategy == NULL && strategy != NULL) ||
                            (req->choose_with == NULL && choose != NULL);
  if (!vs_lower_options_parse (strategy, choose, &sw->options, error)) {
    if (scenario_value)
      from_scenario (error, sc);
    return FALSE;
  }
  if (choose != NULL && sw->options.mode != VS_LOWER_AUTO) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 "choose-with applies to strategy auto only");
    if (scenario_value)
      from_scenario (error, sc);
    return FALSE;
  }
  return TRUE;
}

static char *
sweep_title (const VsTilesSweepRequest *req, const char *device_name, const VsLowerOptions *o)
{
  g_autofree char *base = g_path_get_basename (req->scenario != NULL ? req->scenario->path
                                                                     : req->network);
  return g_strdup_printf ("%s lowered on %s (strategy %s), replayed per tile count:", base,
                          device_name, o->mode == VS_LOWER_KEEP ? "keep" : o->mode == VS_LOWER_AUTO
                            ? (o->choose_with == VS_CHOOSE_VPUNN ? "auto, vpunn" : "auto, analytical")
                            : vs_strategy_name (o->strategy));
}

gboolean
vs_tiles_sweep_execute (VsTilesSweep *sw, const VsTilesSweepRequest *req, GError **error)
{
  const VsWhatIfScenario *sc = req->scenario;
  g_autoptr(VsNetwork) net = vs_network_load (req->network, error);
  const char *device = req->device != NULL ? req->device : sc != NULL ? sc->device : NULL;
  const char *const *sets = sc != NULL ? (const char *const *) sc->overrides->pdata : NULL;
  VsDevice dev;
  g_autofree char *preset = NULL;
  if (net == NULL || !vs_lower_device_resolve (net, device, sets, &dev, &preset, error))
    return FALSE;
  VsLowerModels m;
  g_autofree char *why = NULL;
  if (!vs_lower_models_open (&m, &dev, req->models, &why)) {
    if (sw->options.mode == VS_LOWER_AUTO && sw->options.choose_with == VS_CHOOSE_VPUNN) {
      g_set_error (error, VS_NETWORK_ERROR, VS_NETWORK_ERROR_INVALID,
                   "strategy auto choosing with vpunn needs VPUNN's DPU model: %s", why);
      return FALSE;
    }
    g_ptr_array_add (sw->notes, g_strdup_printf ("VPUNN's DPU model not found (%s): one workload "
                                                 "per DPU where the compiler's are not kept", why));
  }
  VsRunConfig config = { 0 };
  config.cost = req->cost != NULL ? req->cost : sc != NULL ? sc->cost : NULL;
  config.models_dir = req->models;
  config.mode = req->mode_given || sc == NULL || !sc->has_mode ? req->mode : sc->mode;
  config.unknown_shave = req->unknown_shave;
  sw->points = g_new0 (VsTilesPoint, sw->tiles->len);
  gboolean ok = vs_tiles_sweep_run (net, &m, preset, &sw->options, (const guint *) sw->tiles->data,
                                    sw->tiles->len, &config, sw->points, error);
  vs_lower_models_close (&m);
  if (!ok) {
    g_prefix_error (error, "%s: ", req->network);
    return FALSE;
  }
  sw->title = sweep_title (req, preset != NULL ? preset : dev.name, &sw->options);
  return TRUE;
}

void
vs_tiles_sweep_clear (VsTilesSweep *sw)
{
  g_clear_pointer (&sw->tiles, g_array_unref);
  g_clear_pointer (&sw->points, g_free);
  g_clear_pointer (&sw->title, g_free);
  g_clear_pointer (&sw->notes, g_ptr_array_unref);
}
