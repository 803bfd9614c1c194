/* SPDX-License-Identifier: Apache-2.0 */
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
  gboolean written, read;       /* some task of the life writes / reads it */
  gboolean view;                /* extended over a partial view (join_partial_views) */
} VsLife;

/* One task's use of one buffer. */
typedef struct {
  gint32 buffer;
  gboolean write;
  gint64 start, end;
} VsAccess;

static void
access_add (GArray *accesses, gint32 buffer, gboolean write, gint64 start, gint64 end)
{
  if (buffer < 0)
    return;
  VsAccess a = { buffer, write, start, MAX (end, start) };
  g_array_append_val (accesses, a);
}

static int
compare_access_by_start (const void *a, const void *b)
{
  const VsAccess *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->write != y->write)
    return x->write ? -1 : 1;    /* a write and a read at once: the write opens the life */
  return x->buffer < y->buffer ? -1 : x->buffer > y->buffer;
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

/* Two buffers alias when one is a view of the other: the same bytes, or
 * bytes inside the other's (the compiler declares typed views of one
 * allocation, and views of its parts for tiled tasks). */
static gboolean
same_allocation (const VsLife *a, const VsLife *b)
{
  return (a->lo <= b->lo && b->hi <= a->hi) || (b->lo <= a->lo && a->hi <= b->hi);
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
        /* a view of part of an allocation shares its bytes by design */
        if (o->lo < 0 || o->buffer == l->buffer || same_allocation (o, l) || o->view || l->view)
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

/* The address range of a CMX buffer; FALSE when it is not on `tile`. */
static gboolean
buffer_range (const VsSchedule *s, gint32 b, guint tile, gint64 *lo, gint64 *hi)
{
  const VsTensor *tensor = vs_schedule_buffer (s, b);
  if (tensor->memory != VS_MEMORY_CMX || !(tensor->tile_mask & (G_GUINT64_CONSTANT (1) << tile)))
    return FALSE;
  gint64 size = vs_tensor_bytes (tensor);
  *lo = tensor->offset;
  *hi = tensor->offset >= 0 ? tensor->offset + size : size;
  return TRUE;
}

/* An allocation being followed: the address range (or, offset unknown, the
 * buffer) and its current generation. */
typedef struct {
  gint64 lo, hi;
  gint32 buffer;                /* the buffer that opened the generation (names it) */
  gint64 from, last_end, last_read_end;
  gboolean read, written, open;
} VsAlloc;

static void
alloc_close (VsAlloc *a, GArray *lives)
{
  if (!a->open)
    return;
  VsLife life = { a->buffer, a->from, MAX (a->last_end, a->from), a->lo, a->hi, a->written, a->read,
                  FALSE };
  g_array_append_val (lives, life);
  a->open = FALSE;
}

/* How far join_partial_views looks from a life for the write that filled
 * it or the read that empties it: bounds the pass on huge schedules; the
 * compiler's producer and consumer are a few tasks apart. */
#define VS_CMX_VIEW_WINDOW 4096

/* One range inside the other: a view of part of an allocation (ranges that
 * only cross are two allocations, and their overlap is reported). */
static gboolean
ranges_nested (gint64 lo, gint64 hi, gint64 lo2, gint64 hi2)
{
  return lo >= 0 && lo2 >= 0 && MAX (lo, lo2) < MIN (hi, hi2) &&
         ((lo <= lo2 && hi2 <= hi) || (lo2 <= lo && hi <= hi2));
}

/* Views of part of an allocation: DMAs may fill slices of a tensor (each
 * slice its own view) that a DPU task then reads whole, and a DPU may write
 * a tensor that DMAs read back in slices.  A life that is only read starts
 * at the latest write to overlapping bytes before it; a life that is only
 * written lasts until the last read of overlapping bytes after it, before
 * those bytes are written again. */
static void
join_partial_views (const VsSchedule *s, guint tile, const VsAccess *acc, guint n_acc, GArray *lives)
{
  /* this tile's accesses with known addresses, in start order */
  GArray *mine = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *lo_hi = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  for (guint i = 0; i < n_acc; i++) {
    gint64 r[2];
    if (buffer_range (s, acc[i].buffer, tile, &r[0], &r[1]) && r[0] >= 0) {
      g_array_append_val (mine, i);
      g_array_append_vals (lo_hi, r, 1);
    }
  }
  const guint *idx = (const guint *) (void *) mine->data;
  const gint64 *rng = (const gint64 *) (void *) lo_hi->data;
  for (guint k = 0; k < lives->len; k++) {
    VsLife *l = &g_array_index (lives, VsLife, k);
    if (l->lo < 0 || (l->written && l->read))
      continue;
    /* first access at or after the life's start */
    guint pos = 0, lo_i = 0, hi_i = mine->len;
    while (lo_i < hi_i) {
      guint mid = lo_i + (hi_i - lo_i) / 2;
      if (acc[idx[mid]].start < l->from_ps)
        lo_i = mid + 1;
      else
        hi_i = mid;
    }
    pos = lo_i;
    if (!l->written) {
      for (guint n = 0, j = pos; j > 0 && n < VS_CMX_VIEW_WINDOW; j--, n++) {
        const VsAccess *x = &acc[idx[j - 1]];
        if (x->write && ranges_nested (l->lo, l->hi, rng[2 * (j - 1)], rng[2 * (j - 1) + 1])) {
          l->from_ps = x->start;
          l->view = TRUE;
          break;
        }
      }
    } else {
      for (guint n = 0, j = pos; j < mine->len && n < VS_CMX_VIEW_WINDOW; j++, n++) {
        const VsAccess *x = &acc[idx[j]];
        if (!ranges_nested (l->lo, l->hi, rng[2 * j], rng[2 * j + 1]))
          continue;
        if (x->write && x->start >= l->to_ps)
          break;
        if (!x->write && x->end > l->to_ps) {
          l->to_ps = x->end;
          l->view = TRUE;
        }
      }
    }
  }
  g_array_unref (lo_hi);
  g_array_unref (mine);
}

/* The lives of `tile`'s CMX allocations.  Buffers with the same address
 * range on a tile are one allocation (the compiler declares a typed view of
 * the same bytes for each task that uses them), so a tensor written by one
 * task and read by another stays live in between.  An allocation lives from
 * a write (or its first use) to its last read; a write that starts after
 * the reads of the current contents have ended opens a new life: the
 * addresses were reused for another tensor. */
static void
tile_lives (const VsSchedule *s, VsCmxReport *r, guint tile, const VsAccess *acc, guint n_acc,
            GArray *lives)
{
  (void) r;
  GHashTable *by_range = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                (GDestroyNotify) g_bytes_unref, NULL);
  GArray *allocs = g_array_new (FALSE, TRUE, sizeof (VsAlloc));
  for (guint i = 0; i < n_acc; i++) {
    const VsAccess *x = &acc[i];
    gint64 lo, hi;
    if (!buffer_range (s, x->buffer, tile, &lo, &hi))
      continue;
    /* key: the range when the offset is known, else the buffer itself */
    gint64 key_words[3] = { lo, lo >= 0 ? hi : 0, lo >= 0 ? -1 : x->buffer };
    GBytes *key = g_bytes_new (key_words, sizeof key_words);
    gpointer found = g_hash_table_lookup (by_range, key);
    guint index;
    if (found == NULL) {
      VsAlloc a = { lo, hi, x->buffer, 0, 0, 0, FALSE, FALSE, FALSE };
      g_array_append_val (allocs, a);
      index = allocs->len - 1;
      g_hash_table_insert (by_range, key, GUINT_TO_POINTER (index + 1));
    } else {
      index = GPOINTER_TO_UINT (found) - 1;
      g_bytes_unref (key);
    }
    VsAlloc *a = &g_array_index (allocs, VsAlloc, index);
    if (a->open && x->write && a->read && x->start >= a->last_read_end)
      alloc_close (a, lives);
    if (!a->open) {
      a->open = TRUE;
      a->buffer = x->buffer;
      a->from = x->start;
      a->last_end = x->end;
      a->last_read_end = x->start;
      a->read = FALSE;
      a->written = FALSE;
    }
    a->written |= x->write;
    a->last_end = MAX (a->last_end, x->end);
    if (!x->write) {
      a->read = TRUE;
      a->last_read_end = MAX (a->last_read_end, x->end);
    }
  }
  for (guint k = 0; k < allocs->len; k++)
    alloc_close (&g_array_index (allocs, VsAlloc, k), lives);
  g_array_unref (allocs);
  g_hash_table_unref (by_range);
  join_partial_views (s, tile, acc, n_acc, lives);
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
  r->allocated_bytes = g_new0 (gint64, n_tiles);
  r->problems = g_array_new (FALSE, FALSE, sizeof (VsCmxProblem));

  GArray *accesses = g_array_new (FALSE, FALSE, sizeof (VsAccess));
  for (guint i = 0; i < s->tasks->len; i++) {
    const VsTask *t = vs_schedule_task (s, i);
    switch (t->kind) {
    case VS_TASK_DMA:
      access_add (accesses, t->spec.dma.src, FALSE, start[i], end[i]);
      access_add (accesses, t->spec.dma.dst, TRUE, start[i], end[i]);
      break;
    case VS_TASK_DPU:
      access_add (accesses, t->spec.dpu.input, FALSE, start[i], end[i]);
      access_add (accesses, t->spec.dpu.weights, FALSE, start[i], end[i]);
      access_add (accesses, t->spec.dpu.output, TRUE, start[i], end[i]);
      break;
    case VS_TASK_SHAVE:
      for (guint k = 0; k < t->spec.shave.n_inputs; k++)
        access_add (accesses, t->spec.shave.inputs[k], FALSE, start[i], end[i]);
      for (guint k = 0; k < t->spec.shave.n_outputs; k++)
        access_add (accesses, t->spec.shave.outputs[k], TRUE, start[i], end[i]);
      break;
    default:
      break;
    }
  }
  g_array_sort (accesses, compare_access_by_start);

  char tmp[32];
  for (guint t = 0; t < n_tiles && t < 64; t++) {
    GArray *lives = g_array_new (FALSE, FALSE, sizeof (VsLife));
    tile_lives (s, r, t, (const VsAccess *) (void *) accesses->data, accesses->len, lives);
    for (guint k = 0; k < lives->len; k++) {
      const VsLife *life = &g_array_index (lives, VsLife, k);
      if (life->lo >= 0 && r->capacity_bytes > 0 && life->hi > r->capacity_bytes)
        add_problem (r, VS_CMX_PROBLEM_OUT_OF_RANGE, (gint32) t, life->from_ps, life->buffer, -1,
                     life->hi,
                     g_strdup_printf ("tile %u: buffer '%s' ends at byte %" G_GINT64_FORMAT
                                      ", beyond the CMX size of %" G_GINT64_FORMAT " (live from %.3f us)",
                                      t, buffer_label (s, life->buffer, tmp, sizeof tmp), life->hi,
                                      r->capacity_bytes, life->from_ps / 1e6));
      if (life->lo >= 0)
        r->allocated_bytes[t] = MAX (r->allocated_bytes[t], life->hi);
    }
    analyse_tile (s, r, t, (const VsLife *) (void *) lives->data, lives->len);
    g_array_unref (lives);
  }
  g_array_unref (accesses);
  (void) n_buffers;
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
  g_clear_pointer (&r->allocated_bytes, g_free);
  if (r->problems != NULL) {
    for (guint i = 0; i < r->problems->len; i++)
      g_free (g_array_index (r->problems, VsCmxProblem, i).message);
    g_clear_pointer (&r->problems, g_array_unref);
  }
}
