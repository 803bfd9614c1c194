/* SPDX-License-Identifier: Apache-2.0 */
/* test_input_file — the one capped file reader (hw/input_file.h) and every
 * command that reads a file through it: non-regular files are refused at once
 * (no hang on /dev/zero or a FIFO without a writer), the cap holds for files
 * and standard input alike, "-" is standard input once. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hw/input_file.h"
#include "tests/test_support.h"

static void
test_regular_file (void)
{
  g_autofree char *path = vs_test_tmp_path ("ten.txt");
  g_assert_true (g_file_set_contents (path, "0123456789", 10, NULL));
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_input_file_read (path, 10, "a test file", &data, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, 10);
  g_assert_cmpstr (data, ==, "0123456789");   /* NUL-terminated */
  g_clear_pointer (&data, g_free);
  /* one byte over the cap: refused before reading, with both numbers */
  g_assert_false (vs_input_file_read (path, 9, "a test file", &data, &length, &error));
  g_assert_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_TOO_LARGE);
  g_autofree char *msg = g_strdup_printf ("%s: 10 bytes is more than the 9 a test file may have", path);
  g_assert_cmpstr (error->message, ==, msg);
  g_assert_null (data);
  g_clear_error (&error);
  /* an empty file is a file */
  g_autofree char *empty = vs_test_tmp_path ("empty.txt");
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (vs_input_file_read (empty, 10, NULL, &data, &length, &error));
  g_assert_cmpuint (length, ==, 0);
  g_assert_cmpstr (data, ==, "");
}

static void
test_refusals (void)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_assert_false (vs_input_file_read ("/dev/zero", 1 << 20, "x", &data, &length, &error));
  g_assert_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_NOT_REGULAR);
  g_assert_cmpstr (error->message, ==, "/dev/zero: not a regular file (a character device); give a "
                   "file, or - for standard input");
  g_clear_error (&error);
  g_assert_false (vs_input_file_read (vs_test_tmpdir (), 1 << 20, "x", &data, &length, &error));
  g_assert_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_NOT_REGULAR);
  g_assert_nonnull (strstr (error->message, "(a directory)"));
  g_clear_error (&error);
  g_autofree char *missing = vs_test_tmp_path ("missing.yaml");
  g_assert_false (vs_input_file_read (missing, 1 << 20, "x", &data, &length, &error));
  g_assert_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_OPEN);
  g_autofree char *msg = g_strdup_printf ("%s: cannot open: No such file or directory", missing);
  g_assert_cmpstr (error->message, ==, msg);
  g_clear_error (&error);
  /* a FIFO without a writer: the open must not wait for one */
  g_autofree char *fifo = vs_test_tmp_path ("fifo");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* no clock here: a blocking open would hang the test itself, and speed
   * belongs in benchmarks, not in assertions a loaded machine can fail */
  g_assert_false (vs_input_file_read (fifo, 1 << 20, "x", &data, &length, &error));
  g_assert_error (error, VS_INPUT_FILE_ERROR, VS_INPUT_FILE_ERROR_NOT_REGULAR);
  g_assert_nonnull (strstr (error->message, "(a FIFO)"));
  g_assert_null (data);
  g_remove (fifo);
}

/* The caller's domain: the too-large code for a file over the cap, the I/O
 * code for every other refusal, the message unchanged. */
static void
test_read_as (void)
{
  enum { IO = 7, TOO_LARGE = 9 };
  const GQuark domain = g_quark_from_static_string ("test-reader");
  g_autofree char *path = vs_test_tmp_path ("five.txt");
  g_assert_true (g_file_set_contents (path, "12345", 5, NULL));
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true (vs_input_file_read_as (path, 5, "x", &data, &length, domain, IO, TOO_LARGE, &error));
  g_assert_cmpstr (data, ==, "12345");
  g_clear_pointer (&data, g_free);
  g_assert_false (vs_input_file_read_as (path, 4, "a thing", &data, &length, domain, IO, TOO_LARGE,
                                         &error));
  g_assert_error (error, domain, TOO_LARGE);
  g_autofree char *want = g_strdup_printf ("%s: 5 bytes is more than the 4 a thing may have", path);
  g_assert_cmpstr (error->message, ==, want);
  g_clear_error (&error);
  g_autofree char *missing = vs_test_tmp_path ("absent.txt");
  g_assert_false (vs_input_file_read_as (missing, 5, "x", &data, &length, domain, IO, TOO_LARGE,
                                         &error));
  g_assert_error (error, domain, IO);
  g_assert_null (data);
}

/* Runs vpusim with `input` on its standard input; returns the exit status. */
static int
run_with_stdin (const char *const *args, GBytes *input, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, vs_test_vpusim_binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_newv ((const char *const *) argv->pdata,
                                                G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_autoptr(GBytes) o = NULL, e = NULL;
  g_assert_true (g_subprocess_communicate (p, input, NULL, &o, &e, &error));
  g_assert_no_error (error);
  *out = g_strndup (g_bytes_get_data (o, NULL), g_bytes_get_size (o));
  *err = g_strndup (g_bytes_get_data (e, NULL), g_bytes_get_size (e));
  return g_subprocess_get_if_exited (p) ? g_subprocess_get_exit_status (p) : 128;
}

/* Every command that reads a file refuses /dev/zero and a FIFO at once, with
 * exit 1, a message naming the path, and no output file. */
static void
test_commands_refuse_devices (void)
{
  g_autofree char *fifo = vs_test_tmp_path ("cmd-fifo");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *out = vs_test_tmp_path ("refused.png");
  const char *inputs[] = { "/dev/zero", fifo };
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++) {
    const char *in = inputs[i];
    const char *const cases[][10] = {
      { "run", in, "--cost", "analytical", "--trace", out, NULL },
      { "import", in, "-o", out, NULL },
      { "compare", schedule, "--measured", in, "--cost", "analytical", "--plot", out, NULL },
      { "cost", "dpu", in, "-o", out, NULL },
      { "cost", "dma", in, "-o", out, NULL },
      { "cost", "shave", in, "-o", out, NULL },
      { "run", schedule, "--cost", "analytical", "--device", in, "--trace", out, NULL },
      { "calibrate", (const char *) g_strconcat (schedule, ":", in, NULL), "-o", out, NULL },
    };
    for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
      g_remove (out);
      g_autofree char *o = NULL, *e = NULL;
      gint64 t0 = g_get_monotonic_time ();
      int status = vs_test_run_vpusim (cases[c], &o, &e);
      gint64 elapsed = g_get_monotonic_time () - t0;
      g_test_message ("vpusim %s %s: exit %d in %.3f s: %s", cases[c][0], cases[c][1], status,
                      elapsed / 1e6, e);
      /* the time is reported, not asserted: reading the device would never
       * end, and a sanitizer build on a loaded machine is slow but right */
      g_assert_cmpint (status, ==, 1);
      g_autofree char *msg = g_strdup_printf ("%s: not a regular file", in);
      g_assert_nonnull (strstr (e, msg));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
    g_free ((char *) cases[G_N_ELEMENTS (cases) - 1][1]);
  }
  g_remove (fifo);
}

/* "-" reads standard input: a schedule piped into run gives the same report
 * as the file; the cap and the once-only rule hold there too. */
static void
test_stdin (void)
{
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *text = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (schedule, &text, &length, NULL));
  g_autoptr(GBytes) input = g_bytes_new (text, length);
  const char *from_file[] = { "run", schedule, "--cost", "analytical", "--json", NULL };
  const char *from_stdin[] = { "run", "-", "--cost", "analytical", "--json", NULL };
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL;
  g_assert_cmpint (vs_test_run_vpusim (from_file, &o1, &e1), ==, 0);
  g_assert_cmpint (run_with_stdin (from_stdin, input, &o2, &e2), ==, 0);
  /* the report names the schedule as given: the path, or "-" */
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", schedule);
  g_auto(GStrv) parts = g_strsplit (o1, quoted, 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_autofree char *o1_as_stdin = g_strjoinv ("\"-\"", parts);
  g_assert_true (strcmp (o1_as_stdin, o2) == 0);
  /* standard input read twice: refused, not taken as empty */
  const char *twice[] = { "compare", "-", "--measured", "-", "--cost", "analytical", NULL };
  g_autofree char *o3 = NULL, *e3 = NULL;
  g_assert_cmpint (run_with_stdin (twice, input, &o3, &e3), ==, 1);
  g_assert_nonnull (strstr (e3, "-: standard input was already read as a schedule; it cannot also "
                               "be a profiling report"));
  /* one input read several times (compare loads the schedule once per
   * model): the same text each time */
  g_autofree char *profile = g_build_filename (vs_test_tmpdir (), "self.json", NULL);
  vs_test_write_profile (schedule, "analytical", NULL, profile);
  /* compiler mode costs with VPUNN: name the models, since a sanitizer
   * build's tree has no ../shared beside it to find them by */
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  const char *per_model[] = { "compare", "-", "--measured", profile, "--cost", "analytical,compiler",
                              "--models", models, NULL };
  g_autofree char *o4 = NULL, *e4 = NULL;
  g_assert_cmpint (run_with_stdin (per_model, input, &o4, &e4), ==, 0);
  g_assert_nonnull (strstr (o4, "analytical  realistic"));
  g_assert_nonnull (strstr (o4, "compiler"));
  /* a run replayed again at the PLL its profile records reads the piped
   * schedule again: the same report as from the file */
  g_autofree char *pll32 = vs_test_npu_runs_file ("npu37xx_2tile_agegender_pll32_2023-08");
  if (pll32 == NULL)
    return;
  g_autofree char *mlir = g_build_filename (pll32, "schedule_vpurt.mlir", NULL);
  g_autofree char *debug = g_build_filename (pll32, "profiling_debug.txt", NULL);
  g_autofree char *mlir_text = NULL;
  gsize mlir_length = 0;
  g_assert_true (g_file_get_contents (mlir, &mlir_text, &mlir_length, NULL));
  g_autoptr(GBytes) piped = g_bytes_new (mlir_text, mlir_length);
  const char *at_pll[] = { "compare", "-", "--measured", debug, "--cost", "vpunn", "--models", models,
                           NULL };
  const char *at_pll_file[] = { "compare", mlir, "--measured", debug, "--cost", "vpunn", "--models",
                                models, NULL };
  g_autofree char *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL;
  g_assert_cmpint (run_with_stdin (at_pll, piped, &o5, &e5), ==, 0);
  g_assert_cmpint (run_with_stdin (at_pll_file, piped, &o6, &e6), ==, 0);
  g_assert_nonnull (strstr (e5, "replayed at the recorded clocks (DPU 1066.67, SHAVE 800, CMX 800 MHz)"));
  g_assert_cmpstr (strstr (o5, "measured latency"), ==, strstr (o6, "measured latency"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/input-file/regular", test_regular_file);
  g_test_add_func ("/input-file/refusals", test_refusals);
  g_test_add_func ("/input-file/read-as", test_read_as);
  g_test_add_func ("/input-file/commands-refuse-devices", test_commands_refuse_devices);
  g_test_add_func ("/input-file/stdin", test_stdin);
  return g_test_run ();
}
