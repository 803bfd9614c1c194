/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_schedule_yaml.c — the schedule reader on arbitrary bytes; whatever it
 * accepts must validate, write, and read back to the same text. */
#include "tests/fuzz/fuzz.h"

#include "sim/schedule/schedule_yaml.h"

VS_FUZZ_TARGET (schedule_yaml)
{
  if (size > VS_FUZZ_MAX_INPUT)
    return 0;
  GError *error = NULL;
  VsSchedule *s = vs_schedule_read_from_data ((const char *) data, size, "fuzz.yaml", &error);
  if (s == NULL) {
    g_error_free (error);
    return 0;
  }
  vs_fuzz_check_round_trip (s, "schedule YAML");
  return 0;
}
