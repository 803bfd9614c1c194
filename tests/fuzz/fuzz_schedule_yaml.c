/* fuzz_schedule_yaml.c — the schedule reader on arbitrary bytes; whatever it
 * accepts must validate, write, and read back to the same text. */
#include "tests/fuzz/fuzz.h"

#include "sim/schedule_yaml.h"

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
  GString *first = g_string_new (NULL);
  if (vs_schedule_write (s, first, &error)) {
    VsSchedule *again = vs_schedule_read_from_data (first->str, first->len, "again.yaml", &error);
    if (again == NULL)
      g_error ("accepted schedule did not read back: %s", error->message);
    GString *second = g_string_new (NULL);
    if (!vs_schedule_write (again, second, NULL) || !g_string_equal (first, second))
      g_error ("schedule did not write back to the same text");
    g_string_free (second, TRUE);
    vs_schedule_free (again);
  } else {
    g_clear_error (&error);
  }
  g_string_free (first, TRUE);
  vs_schedule_free (s);
  return 0;
}
