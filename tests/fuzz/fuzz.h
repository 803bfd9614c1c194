/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz.h — one entry point per input parser, for libFuzzer and for replay.
 *
 * Each tests/fuzz/fuzz_NAME.c defines VS_FUZZ_TARGET (NAME).  Built with
 * --enable-fuzzing (clang), the macro makes it libFuzzer's
 * LLVMFuzzerTestOneInput and the file becomes tests/fuzz/NAME-fuzzer; in the
 * ordinary build it is vs_fuzz_NAME, which tests/test_fuzz_replay.c calls on
 * every file of the bad-input corpus and the seeds, so `make check` covers the
 * corpus with any compiler.  A target returns 0 and must never crash, leak or
 * read out of bounds, whatever the bytes.
 */
#ifndef VS_FUZZ_H
#define VS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Inputs larger than this are ignored: they test nothing the smaller ones
 * don't and make each execution slow. */
#define VS_FUZZ_MAX_INPUT (1 << 20)

#ifdef VS_LIBFUZZER
#include <signal.h>
#include <stdlib.h>
#define VS_FUZZ_TARGET(name) int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);
/* A target's g_error ends in a breakpoint trap, which libFuzzer does not
 * catch: turn it into an abort so that the input is kept as a finding. */
static void
vs_fuzz_trap_to_abort (int sig)
{
  (void) sig;
  abort ();
}
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  signal (SIGTRAP, vs_fuzz_trap_to_abort);
  return 0;
}
#else
#define VS_FUZZ_TARGET(name) int vs_fuzz_##name (const uint8_t *data, size_t size)
#endif

int vs_fuzz_csv (const uint8_t *data, size_t size);
int vs_fuzz_schedule_yaml (const uint8_t *data, size_t size);
int vs_fuzz_device_yaml (const uint8_t *data, size_t size);
int vs_fuzz_vpunn_model (const uint8_t *data, size_t size);
int vs_fuzz_shave_table (const uint8_t *data, size_t size);
int vs_fuzz_whatif_yaml (const uint8_t *data, size_t size);
int vs_fuzz_vpurt_mlir (const uint8_t *data, size_t size);
int vs_fuzz_network_yaml (const uint8_t *data, size_t size);

#include "sim/schedule/schedule_yaml.h"

/* What every schedule a reader accepted must do: write as YAML (unless
 * the writer refuses it, with a reason) and read back to a schedule that
 * writes the same text.  Frees `s`; `what` names the reader in the crash. */
static inline void
vs_fuzz_check_round_trip (VsSchedule *s, const char *what)
{
  GError *error = NULL;
  GString *first = g_string_new (NULL);
  if (vs_schedule_write (s, first, &error)) {
    VsSchedule *again = vs_schedule_read_from_data (first->str, first->len, "again.yaml", &error);
    if (again == NULL)
      g_error ("%s: an accepted schedule did not read back: %s", what, error->message);
    GString *second = g_string_new (NULL);
    if (!vs_schedule_write (again, second, NULL) || !g_string_equal (first, second))
      g_error ("%s: an accepted schedule did not write back to the same text", what);
    g_string_free (second, TRUE);
    vs_schedule_free (again);
  } else {
    g_clear_error (&error);
  }
  g_string_free (first, TRUE);
  vs_schedule_free (s);
}
int vs_fuzz_profile_json (const uint8_t *data, size_t size);

#endif
