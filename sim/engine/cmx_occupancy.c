/* cmx_occupancy.c — buffer lifetimes, live-byte curves and conflicts per tile.
 * Per tile, buffer lives are swept in time order; at every event the union of
 * the live address ranges is measured (ranges sorted by offset, merged), which
 * is O(live log live) per event: fine for compiled schedules (thousands of
 * buffers), not meant for synthetic million-buffer inputs. */
#include "sim/engine/cmx_occupancy.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  gint32 buffer;
  gint64 from_ps, to_ps;        /* live interval [from, to) */
  gint64 lo, hi;                /* address range [lo, hi), lo = -1 unknown offset */
} VsLife;

static void
touch (gint64 *first, gint64 *last, gint32 buffer, gint64 start, gint64 end)
{
  if (buffer < 0)
    return;
  if (first[buffer] < 0 || start < first[buffer])
    first[buffer] = start;
  if (end > last[buffer])
    last[buffer] = end;
}

typedef struct {
  gint64 time;
  int delta;                    /* +1 start, -1 end; ends sort first at equal times */
  guint life;
} VsLifeEvent;

static int
compare_events (const void *a, const void *b)
{
  const VsLifeEvent *x = a, *y = b;
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  if (x->delta != y->delta)
    return x->delta < y->delta ? -1 : 1;
  return x->life < y->life ? -1 : x->life > y->life;
}

typedef struct {
  gint64 lo, hi;
} VsRange;

static int
compare_ranges (const void *a, const void *b)
{
  const VsRange *x = a, *y = b;
  return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : (x->hi < y->hi ? -1 : x->hi > y->hi);
}

/* Bytes covered by the live lives (union of known ranges + sizes of unknown ones). */
static gint64
live_bytes (const VsLife *lives, const guint *live, guint n_live, VsRange *scratch)
{
  guint n = 0;
  gint64 unknown = 0;
  for (guint i = 0; i < n_live; i++) {
    const VsLife *l = &lives[live[i]];
    if (l->lo < 0)
      unknown += l->hi;
    else
      scratch[n++] = (VsRange) { l->lo, l->hi };
  }
  qsort (scratch, n, sizeof *scratch, compare_ranges);
  gint64 total = unknown, cur_lo = -1, cur_hi = -1;
  for (guint i = 0; i < n; i++) {
    if (scratch[i].lo > cur_hi) {
      if (cur_hi > cur_lo)
        total += cur_hi - cur_lo;
      cur_lo = scratch[i].lo;
      cur_hi = scratch[i].hi;
    } else if (scratch[i].hi > cur_hi) {
      cur_hi = scratch[i].hi;
    }
  }
  if (cur_hi > cur_lo)
    total += cur_hi - cur_lo;
  return total;
}

static const char *
buffer_label (const VsSchedule *s, gint32 b, char *tmp, gsize n)
{
  const VsTensor *t = vs_schedule_buffer (s, b);
  if (t->id != NULL)
    return t->id;
  g_snprintf (tmp, n, "#%d", b);
  return tmp;
}

static void
add_problem (VsCmxReport *r, VsCmxProblemKind kind, gint32 tile, gint64 time, gint32 a, gint32 b,
             gint64 bytes, char *message)
{
  VsCmxProblem p = { kind, tile, time, a, b, bytes, message };
  g_array_append_val (r->problems, p);
}

/* Two buffers alias when one is a view of the other: the same start and the
 * same size (the compiler declares several typed views of one allocation). */
static gboolean
same_allocation (const VsLife *a, const VsLife *b)
{
  return a->lo == b->lo && a->hi == b->hi;
}

static void
analyse_tile (const VsSchedule *s, VsCmxReport *r, guint tile, const VsLife *lives, guint n_lives)
{
  GArray *curve = r->curves[tile];
  if (n_lives == 0)
    return;
  VsLifeEvent *events = g_new (VsLifeEvent, 2 * (gsize) n_lives);
  for (guint i = 0; i < n_lives; i++) {
    events[2 * i] = (VsLifeEvent) { lives[i].from_ps, +1, i };
    events[2 * i + 1] = (VsLifeEvent) { lives[i].to_ps, -1, i };
  }
  qsort (events, 2 * (gsize) n_lives, sizeof *events, compare_events);
  guint *live = g_new (guint, n_lives);
  VsRange *scratch = g_new (VsRange, n_lives);
  guint n_live = 0;
  gboolean over = FALSE;
  char ta[32], tb[32];
  for (gsize e = 0; e < 2 * (gsize) n_lives; e++) {
    const VsLifeEvent *ev = &events[e];
    const VsLife *l = &lives[ev->life];
    if (ev->delta < 0) {
      for (guint k = 0; k < n_live; k++)
        if (live[k] == ev->life) {
          live[k] = live[--n_live];
          break;
        }
    } else {
      for (guint k = 0; k < n_live && l->lo >= 0; k++) {
        const VsLife *o = &lives[live[k]];
        if (o->lo < 0 || o->buffer == l->buffer || same_allocation (o, l))
          continue;
        gint64 lo = MAX (o->lo, l->lo), hi = MIN (o->hi, l->hi);
        if (hi > lo)
          add_problem (r, VS_CMX_PROBLEM_OVERLAP, (gint32) tile, ev->time, o->buffer, l->buffer,
                       hi - lo,
                       g_strdup_printf ("tile %u: buffers '%s' [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                        ") and '%s' [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                        ") overlap by %" G_GINT64_FORMAT " bytes while both are live, at %.3f us",
                                        tile, buffer_label (s, o->buffer, ta, sizeof ta), o->lo, o->hi,
                                        buffer_label (s, l->buffer, tb, sizeof tb), l->lo, l->hi,
                                        hi - lo, ev->time / 1e6));
      }
      live[n_live++] = ev->life;
    }
    /* Record one point per distinct time, after all its events. */
    if (e + 1 < 2 * (gsize) n_lives && events[e + 1].time == ev->time)
      continue;
    gint64 bytes = live_bytes (lives, live, n_live, scratch);
    if (curve->len > 0 && g_array_index (curve, VsCmxPoint, curve->len - 1).bytes == bytes)
      continue;
    VsCmxPoint p = { ev->time, bytes };
    g_array_append_val (curve, p);
    if (bytes > r->peak_bytes[tile]) {
      r->peak_bytes[tile] = bytes;
      r->peak_time_ps[tile] = ev->time;
    }
    gboolean now_over = r->capacity_bytes > 0 && bytes > r->capacity_bytes;
    if (now_over && !over)
      add_problem (r, VS_CMX_PROBLEM_OVERFLOW, (gint32) tile, ev->time, l->buffer, -1, bytes,
                   g_strdup_printf ("tile %u: %" G_GINT64_FORMAT " live bytes exceed the CMX size of %"
                                    G_GINT64_FORMAT " at %.3f us (last buffer placed: '%s')",
                                    tile, bytes, r->capacity_bytes, ev->time / 1e6,
                                    buffer_label (s, l->buffer, ta, sizeof ta)));
    over = now_over;
  }
  g_free (scratch);
  g_free (live);
  g_free (events);
}

gboolean
vs_cmx_occupancy (const VsSchedule *s, const gint64 *start, const gint64 *end, VsCmxReport *r,
                  GError **error)
{
  memset (r, 0, sizeof *r);
  guint n_tiles = (guint) MAX (s->device.tiles, 1);
  guint n_buffers = s->buffers->len;
  r->n_tiles = n_tiles;
  r->capacity_bytes = s->device.cmx_bytes_per_tile;
  r->curves = g_new (GArray *, n_tiles);
  for (guint t = 0; t < n_tiles; t++)
    r->curves[t] = g_array_new (FALSE, FALSE, sizeof (VsCmxPoint));
  r->peak_bytes = g_new0 (gint64, n_tiles);
  r->peak_time_ps = g_new0 (gint64, n_tiles);
  r->problems = g_array_new (FALSE, FALSE, sizeof (VsCmxProblem));

  gint64 *first = g_new (gint64, n_buffers ? n_buffers : 1);
  gint64 *last = g_new (gint64, n_buffers ? n_buffers : 1);
  for (guint b = 0; b < n_buffers; b++) {
    first[b] = -1;
    last[b] = -1;
  }
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    switch (t->kind) {
    case VS_TASK_DMA:
      touch (first, last, t->spec.dma.src, start[i], end[i]);
      touch (first, last, t->spec.dma.dst, start[i], end[i]);
      break;
    case VS_TASK_DPU:
      touch (first, last, t->spec.dpu.input, start[i], end[i]);
      touch (first, last, t->spec.dpu.weights, start[i], end[i]);
      touch (first, last, t->spec.dpu.output, start[i], end[i]);
      break;
    case VS_TASK_SHAVE:
      for (guint k = 0; k < t->spec.shave.n_inputs; k++)
        touch (first, last, t->spec.shave.inputs[k], start[i], end[i]);
      for (guint k = 0; k < t->spec.shave.n_outputs; k++)
        touch (first, last, t->spec.shave.outputs[k], start[i], end[i]);
      break;
    default:
      break;
    }
  }

  /* Lives per tile, in buffer order. */
  GArray **per_tile = g_new (GArray *, n_tiles);
  for (guint t = 0; t < n_tiles; t++)
    per_tile[t] = g_array_new (FALSE, FALSE, sizeof (VsLife));
  char tmp[32];
  for (guint b = 0; b < n_buffers; b++) {
    const VsTensor *tensor = vs_schedule_buffer (s, b);
    if (tensor->memory != VS_MEMORY_CMX || first[b] < 0)
      continue;
    gint64 size = vs_tensor_bytes (tensor);
    VsLife life = { (gint32) b, first[b], MAX (last[b], first[b]),
                    tensor->offset, tensor->offset >= 0 ? tensor->offset + size : size };
    for (guint t = 0; t < n_tiles && t < 64; t++) {
      if (!(tensor->tile_mask & (G_GUINT64_CONSTANT (1) << t)))
        continue;
      g_array_append_val (per_tile[t], life);
      if (tensor->offset >= 0 && r->capacity_bytes > 0 && life.hi > r->capacity_bytes)
        add_problem (r, VS_CMX_PROBLEM_OUT_OF_RANGE, (gint32) t, life.from_ps, (gint32) b, -1, life.hi,
                     g_strdup_printf ("tile %u: buffer '%s' ends at byte %" G_GINT64_FORMAT
                                      ", beyond the CMX size of %" G_GINT64_FORMAT " (live from %.3f us)",
                                      t, buffer_label (s, (gint32) b, tmp, sizeof tmp), life.hi,
                                      r->capacity_bytes, life.from_ps / 1e6));
    }
  }
  for (guint t = 0; t < n_tiles; t++) {
    analyse_tile (s, r, t, (const VsLife *) per_tile[t]->data, per_tile[t]->len);
    g_array_unref (per_tile[t]);
  }
  g_free (per_tile);
  g_free (first);
  g_free (last);
  (void) error;
  return TRUE;
}

void
vs_cmx_report_clear (VsCmxReport *r)
{
  if (r->curves != NULL)
    for (guint t = 0; t < r->n_tiles; t++)
      g_array_unref (r->curves[t]);
  g_clear_pointer (&r->curves, g_free);
  g_clear_pointer (&r->peak_bytes, g_free);
  g_clear_pointer (&r->peak_time_ps, g_free);
  if (r->problems != NULL) {
    for (guint i = 0; i < r->problems->len; i++)
      g_free (g_array_index (r->problems, VsCmxProblem, i).message);
    g_clear_pointer (&r->problems, g_array_unref);
  }
}
