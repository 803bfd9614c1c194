/* SPDX-License-Identifier: Apache-2.0 */
/* test_bad_inputs.c — the whole bad-input corpus (schedule and device
 * YAML, VPURT MLIR, profiling, cost CSV, .vpunn, what-if scenarios) through
 * the real vpusim binary: each file of tests/bad fails with exit 1, its exact
 * line of tests/bad/EXPECTED on stderr, and no output file; then the size
 * limits, each with its documented error. */
#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "sim/import/mlir_lexer.h"
#include "sim/import/profile_import.h"
#include "sim/analysis/what_if_scenario.h"
#include "tests/test_support.h"

/* A one-row DPU workload CSV: a .vpunn file named in its model column is
 * loaded before anything is costed. */
static const char dpu_header[] =
  "model,device,operation,in_w,in_h,in_c,in_dtype,out_w,out_h,out_c,out_dtype,kernel_w,kernel_h,"
  "stride_w,stride_h,pad_top,pad_bottom,pad_left,pad_right,execution_mode\n";
static const char dpu_row_tail[] =
  ",VPU_2_7,CONVOLUTION,16,16,64,UINT8,16,16,64,UINT8,3,3,1,1,1,1,1,1,CUBOID_16x16\n";

/* Formats and the fewest files each must have in tests/bad. */
static const struct {
  const char *prefix;
  guint minimum;
} formats[] = {
  { "schedule_", 40 }, { "device_", 10 }, { "mlir_", 8 }, { "profile_", 8 }, { "csv_", 4 },
  { "vpunn_", 4 }, { "whatif_", 3 },
};

static char *
bad_dir (void)
{
  return vs_test_source_file ("tests/bad");
}

/* The last error line of vpusim's stderr without "vpusim: ", with the
 * folders of the inputs taken out so that it reads as in EXPECTED. */
static char *
error_line (const char *err, const char *const *dirs)
{
  g_auto (GStrv) lines = g_strsplit (err, "\n", -1);
  const char *last = NULL;
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "vpusim: ") && !g_str_has_prefix (lines[i], "vpusim: warning: "))
      last = lines[i] + strlen ("vpusim: ");
  if (last == NULL)
    return NULL;
  GString *s = g_string_new (last);
  for (guint d = 0; dirs[d] != NULL; d++) {
    g_autofree char *prefix = g_strconcat (dirs[d], G_DIR_SEPARATOR_S, NULL);
    g_string_replace (s, prefix, "", 0);
  }
  return g_string_free (s, FALSE);
}

/* Write the bytes spelled by a hex text file ("0c 00 ...", '#' lines are
 * comments) to `out`. */
static void
write_hex_file (const char *hex_path, const char *out)
{
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (hex_path, &text, NULL, NULL));
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    if (lines[i][0] == '#')
      continue;
    g_auto (GStrv) words = g_strsplit_set (lines[i], " \t", -1);
    for (guint w = 0; words[w] != NULL; w++) {
      if (words[w][0] == '\0')
        continue;
      g_assert_cmpuint (strlen (words[w]), ==, 2);
      g_assert_true (g_ascii_isxdigit (words[w][0]) && g_ascii_isxdigit (words[w][1]));
      guint8 b = (guint8) (g_ascii_xdigit_value (words[w][0]) * 16 + g_ascii_xdigit_value (words[w][1]));
      g_byte_array_append (bytes, &b, 1);
    }
  }
  g_assert_true (g_file_set_contents (out, (const char *) bytes->data, (gssize) bytes->len, NULL));
}

/* Run the command that reads `file` (a tests/bad name) and check exit
 * status, message and that the output was not written. */
static void
check_file (const char *file, const char *expected)
{
  g_autofree char *dir = bad_dir ();
  g_autofree char *path = g_build_filename (dir, file, NULL);
  const char *tmp = vs_test_tmpdir ();
  g_autofree char *out_yaml = g_build_filename (tmp, "bad-out.yaml", NULL);
  g_autofree char *out_csv = g_build_filename (tmp, "bad-out.csv", NULL);
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *run_spec = g_strconcat (schedule, ":", path, NULL);
  g_autofree char *model_csv = NULL, *model_path = NULL;
  g_autofree char *want = g_strdup (expected);
  const char *output;
  const char *args[12] = { NULL };
  if (g_str_has_prefix (file, "mlir_")) {
    const char *a[] = { "import", path, "-o", out_yaml, NULL };
    memcpy (args, a, sizeof a);
    output = out_yaml;
  } else if (g_str_has_prefix (file, "profile_")) {
    const char *a[] = { "calibrate", run_spec, "--cost", "analytical", "-o", out_yaml, NULL };
    memcpy (args, a, sizeof a);
    output = out_yaml;
  } else if (g_str_has_prefix (file, "csv_")) {
    const char *a[] = { "cost", "dpu", path, "-o", out_csv, NULL };
    memcpy (args, a, sizeof a);
    output = out_csv;
  } else if (g_str_has_prefix (file, "vpunn_")) {
    /* The corpus keeps model fragments as hex text; the loader reads the bytes. */
    g_assert_true (g_str_has_suffix (file, ".vpunn.hex"));
    g_autofree char *model = g_strndup (file, strlen (file) - strlen (".hex"));
    model_path = g_build_filename (tmp, model, NULL);
    write_hex_file (path, model_path);
    g_autofree char *csv_name = g_strconcat (model, ".csv", NULL);
    model_csv = g_build_filename (tmp, csv_name, NULL);
    g_autofree char *text = g_strconcat (dpu_header, model, dpu_row_tail, NULL);
    g_assert_true (g_file_set_contents (model_csv, text, -1, NULL));
    const char *a[] = { "cost", "dpu", "--models", tmp, model_csv, "-o", out_csv, NULL };
    memcpy (args, a, sizeof a);
    output = out_csv;
    g_free (want);
    /* EXPECTED names the corpus file; the loader names the model it read. */
    want = g_strdup_printf ("%s:2: DPU model '%s': %s%s", csv_name, model, model,
                            expected + strlen (file));
  } else if (g_str_has_prefix (file, "schedule_")) {
    const char *a[] = { "run", path, "--cost", "analytical", "--timeline", out_csv, NULL };
    memcpy (args, a, sizeof a);
    output = out_csv;
  } else if (g_str_has_prefix (file, "device_")) {
    const char *a[] = { "run", schedule, "--device", path, "--cost", "analytical", "--timeline",
                        out_csv, NULL };
    memcpy (args, a, sizeof a);
    output = out_csv;
  } else {
    g_assert_true (g_str_has_prefix (file, "whatif_"));
    const char *a[] = { "run", path, "--cost", "analytical", "--sweep-csv", out_csv, NULL };
    memcpy (args, a, sizeof a);
    output = out_csv;
  }
  g_remove (output);
  g_autofree char *out = NULL, *err = NULL;
  int status = vs_test_run_vpusim (args, &out, &err);
  g_test_message ("%s: exit %d, stderr %s", file, status, err);
  g_assert_cmpint (status, ==, 1);
  const char *dirs[] = { dir, tmp, NULL };
  g_autofree char *got = error_line (err, dirs);
  g_assert_nonnull (got);
  if (g_str_has_suffix (want, " ...")) {
    g_autofree char *prefix = g_strndup (want, strlen (want) - 4);
    if (!g_str_has_prefix (got, prefix))
      g_assert_cmpstr (got, ==, want);
  } else {
    g_assert_cmpstr (got, ==, want);
  }
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  if (model_csv != NULL)
    g_remove (model_csv);
  if (model_path != NULL)
    g_remove (model_path);
}

static gboolean
is_corpus_file (const char *name)
{
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    if (g_str_has_prefix (name, formats[f].prefix))
      return TRUE;
  return FALSE;
}

/* Every corpus file has its line, every line its file, and each format
 * has at least its share of files. */
static void
test_corpus (void)
{
  g_autofree char *list = vs_test_source_file ("tests/bad/EXPECTED");
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (list, &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; lines[i] != NULL; i++) {
    if (!is_corpus_file (lines[i]))
      continue;
    char *file = g_strndup (lines[i], strcspn (lines[i], ":"));
    g_assert_false (g_hash_table_contains (expected, file));
    g_hash_table_insert (expected, file, lines[i]);
  }
  g_autofree char *dir = bad_dir ();
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (is_corpus_file (name))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_assert_cmpuint (names->len, ==, g_hash_table_size (expected));
  guint count[G_N_ELEMENTS (formats)] = { 0 };
  for (guint i = 0; i < names->len; i++) {
    const char *file = names->pdata[i];
    const char *line = g_hash_table_lookup (expected, file);
    if (line == NULL)
      g_error ("tests/bad/%s has no line in tests/bad/EXPECTED", file);
    check_file (file, line);
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      if (g_str_has_prefix (file, formats[f].prefix))
        count[f]++;
  }
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    g_test_message ("%s*: %u files", formats[f].prefix, count[f]);
    g_assert_cmpuint (count[f], >=, formats[f].minimum);
  }
}

/* A sparse file of `size` bytes: the readers must refuse it by its size,
 * before reading it. */
static char *
sparse_file (const char *name, gint64 size)
{
  char *path = g_build_filename (vs_test_tmpdir (), name, NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) size), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
  return path;
}

/* Run vpusim, expect exit 1, `message` in the error and no `output`. */
static void
expect_refusal (const char *const *args, const char *message, const char *output)
{
  g_remove (output);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &out, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, message));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

static void
test_limit_mlir_size (void)
{
  g_autofree char *big = sparse_file ("big.mlir", VS_MLIR_MAX_BYTES + 1);
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "big.yaml", NULL);
  g_autofree char *message = g_strdup_printf ("big.mlir: %" G_GINT64_FORMAT " bytes is more than "
                                              "the %" G_GINT64_FORMAT " an MLIR file may have",
                                              VS_MLIR_MAX_BYTES + 1, VS_MLIR_MAX_BYTES);
  const char *args[] = { "import", big, "-o", out, NULL };
  expect_refusal (args, message, out);
  g_remove (big);
}

/* Token count and nesting: the limits proper with a lower token budget,
 * and the file-level message for the depth. */
static void
test_limit_mlir_tokens_and_depth (void)
{
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "%a ");
  g_autoptr (GError) error = NULL;
  VsMlirText *m = vs_mlir_lex_limited (text->str, text->len, "t.mlir", 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (m->n_tokens, ==, 1001);   /* and EOF */
  vs_mlir_text_free (m);
  g_string_append (text, "%b");
  m = vs_mlir_lex_limited (text->str, text->len, "t.mlir", 1000, &error);
  g_assert_null (m);
  g_assert_error (error, VS_MLIR_ERROR, VS_MLIR_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "t.mlir:1:3001: more than 1000 tokens: too large an MLIR file");
  g_clear_error (&error);
  g_string_free (text, TRUE);

  GString *deep = g_string_new (NULL);
  for (guint i = 0; i < VS_MLIR_MAX_DEPTH + 1; i++)
    g_string_append_c (deep, '(');
  for (guint i = 0; i < VS_MLIR_MAX_DEPTH + 1; i++)
    g_string_append_c (deep, ')');
  m = vs_mlir_lex (deep->str, deep->len, "d.mlir", &error);
  g_assert_null (m);
  g_assert_error (error, VS_MLIR_ERROR, VS_MLIR_ERROR_LIMIT);
  g_clear_error (&error);
  /* one level less is fine */
  m = vs_mlir_lex (deep->str + 1, deep->len - 2, "d.mlir", &error);
  g_assert_no_error (error);
  vs_mlir_text_free (m);
  g_string_free (deep, TRUE);
}

static void
test_limit_profile_size (void)
{
  g_autofree char *big = sparse_file ("big.json", VS_PROFILE_MAX_BYTES + 1);
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *spec = g_strconcat (schedule, ":", big, NULL);
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "calibrated.yaml", NULL);
  g_autofree char *message = g_strdup_printf ("big.json: %" G_GINT64_FORMAT " bytes is more than "
                                              "the %" G_GINT64_FORMAT " a profiling report may have",
                                              VS_PROFILE_MAX_BYTES + 1, VS_PROFILE_MAX_BYTES);
  const char *args[] = { "calibrate", spec, "--cost", "analytical", "-o", out, NULL };
  expect_refusal (args, message, out);
  g_remove (big);
}

static void
test_limit_vpunn_size (void)
{
  /* models/vpunn/vpunn_model.c: VS_VPUNN_MAX_FILE_BYTES, 256 MiB */
  g_autofree char *big = sparse_file ("big.vpunn", (G_GINT64_CONSTANT (256) << 20) + 1);
  g_autofree char *csv = g_build_filename (vs_test_tmpdir (), "big-model.csv", NULL);
  g_autofree char *text = g_strconcat (dpu_header, "big.vpunn", dpu_row_tail, NULL);
  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "big-out.csv", NULL);
  const char *args[] = { "cost", "dpu", "--models", vs_test_tmpdir (), csv, "-o", out, NULL };
  expect_refusal (args, "big.vpunn: 268435457 bytes is more than the 268435456 a VPUNN model may have",
                  out);
  g_remove (big);
}

static void
test_limit_whatif_size (void)
{
  g_autofree char *path = g_build_filename (vs_test_tmpdir (), "big.whatif.yaml", NULL);
  gsize n = VS_WHAT_IF_MAX_FILE_BYTES + 1;
  g_autofree char *text = g_malloc (n);
  memset (text, '#', n);
  text[n - 1] = '\n';
  g_assert_true (g_file_set_contents (path, text, (gssize) n, NULL));
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "big-sweep.csv", NULL);
  g_autofree char *message = g_strdup_printf ("big.whatif.yaml: %d bytes is more than the %d a "
                                              "what-if scenario may have", VS_WHAT_IF_MAX_FILE_BYTES + 1,
                                              VS_WHAT_IF_MAX_FILE_BYTES);
  const char *args[] = { "run", path, "--cost", "analytical", "--sweep-csv", out, NULL };
  expect_refusal (args, message, out);
  g_remove (path);
}

/* `depth` levels of `open` after `head`, closed again. */
static char *
deep_yaml (const char *name, const char *head, const char *open, const char *close, guint depth)
{
  GString *text = g_string_new (head);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, close);
  g_string_append_c (text, '\n');
  char *path = g_build_filename (vs_test_tmpdir (), name, NULL);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  g_string_free (text, TRUE);
  return path;
}

/* 100 000 levels of nesting: every YAML reader refuses the file at a
 * position, at once (hw/yaml_events counts the levels on the events). */
static void
test_limit_yaml_depth (void)
{
  const guint depth = 100000;
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "deep-out.csv", NULL);
  g_autofree char *whatif = deep_yaml ("deep.whatif.yaml", "format: vpusim-whatif\nversion: 1\n"
                                       "schedule: s.yaml\nsweep: ", "[", "]", depth);
  const char *run_whatif[] = { "run", whatif, "--sweep-csv", out, NULL };
  expect_refusal (run_whatif, "deep.whatif.yaml:4:39: nested deeper than 32 levels", out);

  g_autofree char *schedule_file = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *device = deep_yaml ("deep-device.yaml", "format: vpusim-device\nversion: 1\n"
                                       "tiles: ", "{a: ", "}", depth);
  const char *run_device[] = { "run", schedule_file, "--device", device, "--timeline", out, NULL };
  expect_refusal (run_device, "deep-device.yaml:3:8: device key 'tiles': expected a scalar, "
                  "found a mapping", out);

  g_autofree char *schedule = deep_yaml ("deep-schedule.yaml", "", "[", "]", depth);
  const char *run_schedule[] = { "run", schedule, "--timeline", out, NULL };
  expect_refusal (run_schedule, "deep-schedule.yaml:1:1: expected a vpusim schedule (a mapping), "
                  "found a list", out);
  g_autofree char *nested = deep_yaml ("deep-source.yaml", "format: vpusim-schedule\nversion: 1\n"
                                       "device: npu27\nqueues: []\ntasks:\n  - ", "[", "]", depth);
  const char *run_nested[] = { "run", nested, "--timeline", out, NULL };
  expect_refusal (run_nested, "deep-source.yaml:6:5: expected a task (a mapping), found a list", out);
  g_remove (whatif);
  g_remove (device);
  g_remove (schedule);
  g_remove (nested);
}

/* A profiling JSON nested 100 000 arrays deep (json-glib recursed until the
 * stack overflowed: SIGSEGV) is refused at the bracket that goes too deep,
 * by every command that reads profiles, without output. */
static void
test_limit_json_depth (void)
{
  const guint depth = 100000;
  g_autofree char *profile = deep_yaml ("deep-profile.json", "{\"traceEvents\": ", "[", "]", depth);
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "deep-profile-out.yaml", NULL);
  g_autofree char *message = g_strdup_printf ("deep-profile.json:1:%d: JSON nested deeper than %d "
                                              "arrays and objects", 16 + VS_PROFILE_MAX_JSON_DEPTH,
                                              VS_PROFILE_MAX_JSON_DEPTH);
  g_autofree char *pair = g_strconcat (schedule, ":", profile, NULL);
  const char *calibrate[] = { "calibrate", pair, "-o", out, NULL };
  expect_refusal (calibrate, message, out);
  const char *compare[] = { "compare", schedule, "--measured", profile, NULL };
  expect_refusal (compare, message, out);
  g_autofree char *cost = g_strconcat ("measured=", profile, NULL);
  const char *run[] = { "run", schedule, "--cost", cost, "--timeline", out, NULL };
  expect_refusal (run, message, out);
  g_remove (profile);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bad-inputs/corpus", test_corpus);
  g_test_add_func ("/bad-inputs/limit/mlir-size", test_limit_mlir_size);
  g_test_add_func ("/bad-inputs/limit/mlir-tokens-depth", test_limit_mlir_tokens_and_depth);
  g_test_add_func ("/bad-inputs/limit/profile-size", test_limit_profile_size);
  g_test_add_func ("/bad-inputs/limit/vpunn-size", test_limit_vpunn_size);
  g_test_add_func ("/bad-inputs/limit/whatif-size", test_limit_whatif_size);
  g_test_add_func ("/bad-inputs/limit/yaml-depth", test_limit_yaml_depth);
  g_test_add_func ("/bad-inputs/limit/json-depth", test_limit_json_depth);
  return g_test_run ();
}
