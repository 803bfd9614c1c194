/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_vpurt_mlir.c — the VPURT MLIR importer (and its tokenizer) on
 * arbitrary bytes; a refusal must name the file, and an accepted schedule
 * must validate, write as YAML and read back to the same text. */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "sim/schedule/schedule_yaml.h"
#include "sim/import/vpurt_import.h"

VS_FUZZ_TARGET (vpurt_mlir)
{
  if (size > VS_FUZZ_MAX_INPUT)
    return 0;
  GError *error = NULL;
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  VsSchedule *s = vs_vpurt_import_from_data ((const char *) data, size, "fuzz.mlir", warnings,
                                             &error);
  g_ptr_array_unref (warnings);
  if (s == NULL) {
    if (error == NULL || !g_str_has_prefix (error->message, "fuzz.mlir"))
      g_error ("a refused schedule must say why, naming the file first: %s",
               error != NULL ? error->message : "(no error)");
    g_error_free (error);
    return 0;
  }
  if (!vs_schedule_validate (s, &error))
    g_error ("an imported schedule does not validate: %s", error->message);
  vs_fuzz_check_round_trip (s, "VPURT import");
  return 0;
}
