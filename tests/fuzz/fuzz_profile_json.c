/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_profile_json.c — the profiling reader (trace JSON and the text
 * report) on arbitrary bytes; a refusal must name the file, and an accepted
 * profile must hold tasks with sane times. */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "sim/import/profile_import.h"

VS_FUZZ_TARGET (profile_json)
{
  if (size > VS_FUZZ_MAX_INPUT)
    return 0;
  GError *error = NULL;
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  VsProfile *p = vs_profile_read_from_data ((const char *) data, size, "fuzz/profiling.json",
                                            warnings, &error);
  g_ptr_array_unref (warnings);
  if (p == NULL) {
    if (error == NULL || strstr (error->message, "fuzz/profiling.json") == NULL)
      g_error ("a refused profile must say why, naming the file: %s",
               error != NULL ? error->message : "(no error)");
    g_error_free (error);
    return 0;
  }
  if (p->tasks->len == 0)
    g_error ("an accepted profile has no tasks");
  if (p->latency_ps < 0)
    g_error ("an accepted profile has a negative latency");
  for (guint i = 0; i < p->tasks->len; i++) {
    const VsMeasuredTask *t = &g_array_index (p->tasks, VsMeasuredTask, i);
    if (t->duration_ps < 0 || t->name == NULL || t->layer == NULL || (guint) t->engine >= VS_ENGINE_COUNT)
      g_error ("an accepted profile has an impossible task %u", i);
  }
  vs_profile_free (p);
  return 0;
}
