/* SPDX-License-Identifier: Apache-2.0 */
/* test_output_set — outputs are checked before the work and written all
 * together or not at all (sim/base/output_set.h), in the library and in
 * every command that writes files. */
#include "config.h"

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sim/base/output_set.h"
#include "tests/test_support.h"

/* A fresh empty folder for one test. */
static char *
fresh_dir (const char *name)
{
  char *dir = g_build_filename (vs_test_tmpdir (), name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in `dir`, sorted and joined by spaces ("" when empty). */
static char *
listing (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  const char *n;
  while ((n = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (n));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_claims (void)
{
  g_autofree char *dir = fresh_dir ("claims");
  g_autofree char *png = g_build_filename (dir, "a.png", NULL);
  g_autofree char *jpg = g_build_filename (dir, "a.jpg", NULL);
  g_autofree char *json = g_build_filename (dir, "t.json", NULL);
  static const char *const plots[] = { ".png", ".svg", NULL };
  g_autoptr(GError) error = NULL;
  VsOutputSet *set = vs_output_set_new ();
  g_assert_null (vs_output_set_claim (set, "--plot", jpg, plots, &error));
  g_assert_error (error, VS_OUTPUT_SET_ERROR, VS_OUTPUT_SET_ERROR_NAME);
  g_autofree char *msg = g_strdup_printf ("--plot: %s: the name must end in .png or .svg", jpg);
  g_assert_cmpstr (error->message, ==, msg);
  g_clear_error (&error);
  g_assert_null (vs_output_set_claim (set, "--trace", dir, NULL, &error));
  g_assert_error (error, VS_OUTPUT_SET_ERROR, VS_OUTPUT_SET_ERROR_NAME);
  g_clear_error (&error);
  g_assert_null (vs_output_set_claim (set, "--trace", "/proc/vpusim-t.json", NULL, &error));
  g_assert_error (error, VS_OUTPUT_SET_ERROR, VS_OUTPUT_SET_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "--trace: /proc/vpusim-t.json: cannot create a file in /proc"));
  g_clear_error (&error);
  const char *staged_png = vs_output_set_claim (set, "--plot", png, plots, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (staged_png, ".png"));   /* the format follows the name */
  const char *staged_json = vs_output_set_claim (set, "--trace", json, NULL, &error);
  g_assert_no_error (error);
  /* the same target twice, even spelled differently */
  g_autofree char *again = g_build_filename (dir, ".", "t.json", NULL);
  g_assert_null (vs_output_set_claim (set, "--timeline", again, NULL, &error));
  g_assert_error (error, VS_OUTPUT_SET_ERROR, VS_OUTPUT_SET_ERROR_NAME);
  g_clear_error (&error);
  /* staged files exist (hidden); not committed: freeing leaves nothing */
  g_assert_true (g_file_test (staged_png, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_set_contents (staged_json, "{}", -1, NULL));
  vs_output_set_free (set);
  g_autofree char *left = listing (dir);
  g_assert_cmpstr (left, ==, "");
  /* committed: the targets and nothing else */
  set = vs_output_set_new ();
  staged_json = vs_output_set_claim (set, "--trace", json, NULL, &error);
  staged_png = vs_output_set_claim (set, "--plot", png, plots, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (staged_json, "{}", -1, NULL));
  g_assert_true (vs_output_set_commit (set, &error));
  g_assert_no_error (error);
  vs_output_set_free (set);
  g_autofree char *done = listing (dir);
  g_assert_cmpstr (done, ==, "a.png t.json");
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "{}");
}

/* Runs vpusim in `dir` with PATH replaced by `path_env` when non-NULL. */
static int
run_in (const char *dir, const char *path_env, const char *const *args, char **out, char **err)
{
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (l, dir);
  if (path_env != NULL)
    g_subprocess_launcher_setenv (l, "PATH", path_env, TRUE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *binary = vs_test_vpusim_binary ();
  g_ptr_array_add (argv, g_canonicalize_filename (binary, NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_launcher_spawnv (l, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (p) ? g_subprocess_get_exit_status (p) : 128;
}

typedef struct {
  const char *what;
  const char *args[16];
  int status;
  const char *message;
  const char *path_env;
} Case;

/* Each case fails in under a second, prints no report, and leaves the
 * folder it ran in empty: no output, no staged file. */
static void
test_commands_all_or_none (void)
{
  g_autofree char *demo = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *stuck = g_build_filename (vs_test_tmpdir (), "stuck.yaml", NULL);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (demo, &text, NULL, NULL));
  /* a barrier nobody updates in time: the replay fails after the claims */
  g_autoptr(GString) broken = g_string_new (text);
  g_string_replace (broken, "    updates: [stored]\n", "    updates: []\n", 0);
  g_string_replace (broken, "  - {id: stored, final: true}\n", "  - {id: stored, final: true}\n"
                    "  - {id: never}\n", 0);
  g_string_replace (broken, "    updates: [inputs_ready]\n    dma: {src: w1, dst: w1_cmx}\n",
                    "    updates: [inputs_ready]\n    waits: [never]\n    dma: {src: w1, dst: w1_cmx}\n", 0);
  g_assert_true (g_file_set_contents (stuck, broken->str, -1, NULL));
  g_autofree char *profile = g_build_filename (vs_test_tmpdir (), "other.txt", NULL);
  g_assert_true (g_file_set_contents (profile, "Task(DPU): x/cluster_7   Time(us): 1.00   Start(us): 0.00\n"
                                      "Total time: 1.00us, Real: 1.00us\n", -1, NULL));
  /* a gnuplot that fails: the trace is already written (staged) when the
   * plot fails at the very end */
  g_autofree char *bin = fresh_dir ("failing-gnuplot");
  g_autofree char *fake = g_build_filename (bin, "gnuplot", NULL);
  g_assert_true (g_file_set_contents (fake, "#!/bin/sh\necho 'gnuplot: broken on purpose' >&2\nexit 1\n",
                                      -1, NULL));
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);
  g_autofree char *fake_path = g_strdup_printf ("%s:/usr/bin:/bin", bin);
  const Case cases[] = {
    { "gnuplot failing after the work", { "run", demo, "--cost", "analytical", "--trace", "t.json",
      "--timeline", "t.csv", "--plot", "x.png", NULL }, 1, "broken on purpose", fake_path },
    { "an unwritable second output", { "run", demo, "--cost", "analytical", "--trace", "t.json",
      "--plot", "/proc/x.png", NULL }, 1, "--plot: /proc/x.png: cannot create a file in /proc", NULL },
    { "a bad plot extension", { "run", demo, "--cost", "analytical", "--trace", "t.json", "--plot",
      "x.jpg", NULL }, 2, "--plot: x.jpg: the name must end in .png or .svg", NULL },
    { "no gnuplot", { "run", demo, "--cost", "analytical", "--trace", "t.json", "--plot", "x.png",
      NULL }, 1, "--plot: cannot draw x.png: gnuplot not found", "/nonexistent" },
    { "the same file twice", { "run", demo, "--cost", "analytical", "--trace", "t.json",
      "--timeline", "t.json", NULL }, 2, "--trace and --timeline both write t.json", NULL },
    { "a missing folder", { "import", "in.mlir", "-o", "no/such/dir/out.yaml", NULL }, 1,
      "--output: no/such/dir/out.yaml: cannot create a file in no/such/dir", NULL },
    { "a replay that fails after the claims", { "run", stuck, "--cost", "analytical", "--trace",
      "t.json", "--timeline", "t.csv", NULL }, 1, "never", NULL },
    { "compare with a foreign profile", { "compare", demo, "--measured", profile, "--cost",
      "analytical", "--plot", "c.png", NULL }, 1, "is not a profile of", NULL },
    { "sweep with a bad plot", { "sweep", demo, "--cost", "analytical", "--set", "tiles=1,2",
      "-o", "s.csv", "--plot", "s.gif", NULL }, 2, "the name must end in .png or .svg", NULL },
    { "calibrate into a folder", { "calibrate", demo, "-o", ".", NULL }, 2, "is a folder", NULL },
  };
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    g_autofree char *name = g_strdup_printf ("case%u", c);
    g_autofree char *dir = fresh_dir (name);
    g_autofree char *out = NULL, *err = NULL;
    gint64 t0 = g_get_monotonic_time ();
    int status = run_in (dir, cases[c].path_env, cases[c].args, &out, &err);
    gint64 us = g_get_monotonic_time () - t0;
    g_test_message ("%s: exit %d in %.3f s: %s", cases[c].what, status, us / 1e6, err);
    g_assert_cmpint (status, ==, cases[c].status);
    /* a hang, not slowness: a spawned vpusim took 2.5 s on a loaded machine */
    g_assert_cmpint (us, <, 20 * G_USEC_PER_SEC);
    g_assert_nonnull (strstr (err, cases[c].message));
    g_assert_cmpstr (out, ==, "");
    g_autofree char *left = listing (dir);
    g_assert_cmpstr (left, ==, "");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/output-set/claims", test_claims);
  g_test_add_func ("/output-set/commands-all-or-none", test_commands_all_or_none);
  return g_test_run ();
}
