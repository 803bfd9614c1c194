/* SPDX-License-Identifier: Apache-2.0 */
/* kernel_first_use.c — the first run of each kernel on each SHAVE queue's
 * SHAVEs.  One pass over the tasks; a table per queue counts the runs of
 * each kernel name seen so far. */
#include "sim/cost/kernel_first_use.h"

#include <string.h>

guint
vs_kernel_first_use (const VsSchedule *s, const char *const *kernel, guint8 *first)
{
  guint n = s->tasks->len, queues = s->queues->len, count = 0;
  memset (first, 0, n);
  /* Created on a queue's first SHAVE task: most schedules have few queues
   * with SHAVE work and the tables stay small (kernels, not tasks). */
  g_autofree GHashTable **seen = g_new0 (GHashTable *, queues > 0 ? queues : 1);
  for (guint t = 0; t < n; t++) {
    const VsTask *task = vs_schedule_task (s, t);
    if (task->kind != VS_TASK_SHAVE || kernel[t] == NULL)
      continue;
    const VsQueue *queue = vs_schedule_queue (s, task->queue);
    if (seen[task->queue] == NULL)
      seen[task->queue] = g_hash_table_new (g_str_hash, g_str_equal);
    gpointer runs = g_hash_table_lookup (seen[task->queue], kernel[t]);
    guint so_far = GPOINTER_TO_UINT (runs);
    if (so_far < (guint) MAX (queue->servers, 1)) {
      first[t] = 1;
      count++;
      g_hash_table_insert (seen[task->queue], (gpointer) kernel[t], GUINT_TO_POINTER (so_far + 1));
    }
  }
  for (guint q = 0; q < queues; q++)
    if (seen[q] != NULL)
      g_hash_table_unref (seen[q]);
  return count;
}
