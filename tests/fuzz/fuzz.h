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
int vs_fuzz_profile_json (const uint8_t *data, size_t size);

#endif
