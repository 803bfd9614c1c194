/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_device_yaml.c — the device reader on arbitrary bytes; an accepted
 * device must write and read back to the same values. */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "hw/device.h"

VS_FUZZ_TARGET (device_yaml)
{
  if (size > VS_FUZZ_MAX_INPUT)
    return 0;
  GError *error = NULL;
  VsDevice d;
  if (!vs_device_load_from_data (&d, (const char *) data, size, "fuzz.yaml", &error)) {
    g_error_free (error);
    return 0;
  }
  GString *text = g_string_new (NULL);
  vs_device_write_yaml (&d, text);
  VsDevice again;
  if (!vs_device_load_from_data (&again, text->str, text->len, "again.yaml", &error))
    g_error ("accepted device did not read back: %s", error->message);
  GString *second = g_string_new (NULL);
  vs_device_write_yaml (&again, second);
  if (!g_string_equal (text, second))
    g_error ("device did not write back to the same text");
  g_string_free (second, TRUE);
  g_string_free (text, TRUE);
  return 0;
}
