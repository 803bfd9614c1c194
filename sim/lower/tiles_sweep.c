/* SPDX-License-Identifier: Apache-2.0 */
/* tiles_sweep.c — lower and replay a network per tile count (see
 * tiles_sweep.h). */
#include "sim/lower/tiles_sweep.h"

#include <string.h>

#include "sim/base/output_file.h"

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
