/* SPDX-License-Identifier: Apache-2.0 */
/* profile_fit.c — a profile's tiles and task kinds against its schedule's.
 * See profile_fit.h. */
#include "config.h"

#include "sim/analysis/profile_fit.h"

/* "0-5" or "0, 2" for a tile mask (tiles are < 64: the device's limit). */
static void
append_tiles (GString *out, guint64 mask)
{
  gboolean first = TRUE;
  for (int t = 0; t < 64; t++) {
    if (!(mask >> t & 1))
      continue;
    int end = t;
    while (end + 1 < 64 && (mask >> (end + 1) & 1))
      end++;
    g_string_append_printf (out, "%s%d", first ? "" : ", ", t);
    if (end > t)
      g_string_append_printf (out, "%s%d", end > t + 1 ? "-" : ", ", end);
    first = FALSE;
    t = end;
  }
}

static void
separate (GString *why)
{
  if (why->len > 0)
    g_string_append (why, "; ");
}

gboolean
vs_profile_fits_schedule (const VsSchedule *s, const VsProfile *p, char **why_out)
{
  guint scheduled[VS_ENGINE_COUNT] = { 0 }, measured[VS_ENGINE_COUNT] = { 0 };
  guint64 scheduled_dpu_tiles = 0, measured_dpu_tiles = 0;
  gint32 beyond_tile = -1;
  VsEngine beyond_engine = VS_ENGINE_DPU;
  for (guint i = 0; i < s->tasks->len; i++) {
    if (vs_profile_task_is_instrumentation (s, i))
      continue;
    const VsQueue *q = vs_schedule_queue (s, vs_schedule_task (s, i)->queue);
    scheduled[q->engine]++;
    if (q->engine == VS_ENGINE_DPU && q->tile >= 0 && q->tile < 64)
      scheduled_dpu_tiles |= G_GUINT64_CONSTANT (1) << q->tile;
  }
  for (guint m = 0; m < p->tasks->len; m++) {
    const VsMeasuredTask *t = &g_array_index (p->tasks, VsMeasuredTask, m);
    measured[t->engine]++;
    if (t->tile < 0 || (t->engine != VS_ENGINE_DPU && t->engine != VS_ENGINE_SHAVE))
      continue;
    if (t->tile >= s->device.tiles && t->tile > beyond_tile) {
      beyond_tile = t->tile;
      beyond_engine = t->engine;
    }
    if (t->engine == VS_ENGINE_DPU && t->tile < 64)
      measured_dpu_tiles |= G_GUINT64_CONSTANT (1) << t->tile;
  }
  g_autoptr(GString) why = g_string_new (NULL);
  if (beyond_tile >= 0)
    g_string_append_printf (why, "it has %s tasks on tile %d, the schedule's device (%s) has %d "
                            "tile%s", vs_engine_name (beyond_engine), beyond_tile,
                            s->device.name[0] != '\0' ? s->device.name : "unnamed", s->device.tiles,
                            s->device.tiles == 1 ? "" : "s");
  else if (measured_dpu_tiles != 0 && scheduled_dpu_tiles != 0 &&
           measured_dpu_tiles != scheduled_dpu_tiles) {
    g_string_append (why, "its DPU tasks ran on tile");
    g_string_append (why, (measured_dpu_tiles & (measured_dpu_tiles - 1)) ? "s " : " ");
    append_tiles (why, measured_dpu_tiles);
    g_string_append (why, ", the schedule's DPU tasks are on tile");
    g_string_append (why, (scheduled_dpu_tiles & (scheduled_dpu_tiles - 1)) ? "s " : " ");
    append_tiles (why, scheduled_dpu_tiles);
  }
  for (int e = 0; e < VS_ENGINE_COUNT; e++)
    if (measured[e] > 0 && scheduled[e] == 0) {
      separate (why);
      g_string_append_printf (why, "it times %u %s task%s, the schedule has none", measured[e],
                              vs_engine_name ((VsEngine) e), measured[e] == 1 ? "" : "s");
    }
  if (why->len == 0)
    return TRUE;
  if (why_out != NULL)
    *why_out = g_string_free (g_steal_pointer (&why), FALSE);
  return FALSE;
}

gboolean
vs_profile_check_fit (const VsSchedule *s, const VsProfile *p, const char *profile_path,
                      gboolean force, GPtrArray *notes, GError **error)
{
  g_autofree char *why = NULL;
  if (vs_profile_fits_schedule (s, p, &why))
    return TRUE;
  const char *schedule = s->path != NULL ? s->path : "the schedule";
  if (!force) {
    g_set_error (error, VS_PROFILE_ERROR, VS_PROFILE_ERROR_INVALID,
                 "%s is not a profile of %s: %s (--force compares them anyway)", profile_path,
                 schedule, why);
    return FALSE;
  }
  if (notes != NULL)
    g_ptr_array_add (notes, g_strdup_printf ("WARNING: %s is not a profile of %s: %s; compared "
                                             "anyway because of --force, expect meaningless "
                                             "errors", profile_path, schedule, why));
  return TRUE;
}
