/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_network_yaml.c — the vpusim-network reader on arbitrary bytes: a
 * refused file says why, naming the file; an accepted network writes, reads
 * back and writes the same text again. */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "sim/lower/network_yaml.h"

VS_FUZZ_TARGET (network_yaml)
{
  if (size > VS_FUZZ_MAX_INPUT)
    return 0;
  GError *error = NULL;
  VsNetwork *net = vs_network_read_from_data ((const char *) data, size, "fuzz/net.yaml", &error);
  if (net == NULL) {
    if (error == NULL || strstr (error->message, "fuzz/net.yaml") == NULL)
      g_error ("a refused network must say why, naming the file");
    g_error_free (error);
    return 0;
  }
  GString *first = g_string_new (NULL);
  if (!vs_network_write (net, first, &error))
    g_error ("an accepted network did not write: %s", error->message);
  VsNetwork *again = vs_network_read_from_data (first->str, first->len, "again.yaml", &error);
  if (again == NULL)
    g_error ("an accepted network did not read back: %s", error->message);
  GString *second = g_string_new (NULL);
  if (!vs_network_write (again, second, NULL) || !g_string_equal (first, second))
    g_error ("an accepted network did not write back to the same text");
  g_string_free (first, TRUE);
  g_string_free (second, TRUE);
  vs_network_free (again);
  vs_network_free (net);
  return 0;
}
