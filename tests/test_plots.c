/* SPDX-License-Identifier: Apache-2.0 */
/* test_plots.c — every picture vpusim draws, through the commands that draw
 * them: the Gantt chart and CMX occupancy (run --plot, --plot-memory), sweep
 * curves (sweep --plot), a replay against a measured run (compare --plot)
 * and measured DPU workloads (compare --workloads --plot).
 *
 * First with a stand-in `gnuplot` first on PATH (a shell script that keeps a
 * copy of the script and data files it is given and writes a placeholder
 * picture), so the data files are checked whether or not gnuplot is
 * installed; then, when the real gnuplot is there, each picture is drawn as
 * SVG and checked for its title. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "plots/gnuplot.h"
#include "tests/test_support.h"

static const char fake_gnuplot[] =
  "#!/bin/sh\n"
  "# stands in for gnuplot: keep what it was given, write a placeholder picture\n"
  "mkdir -p \"$VS_PLOT_CAPTURE\" && cp \"$(dirname \"$1\")\"/* \"$VS_PLOT_CAPTURE\"/ || exit 1\n"
  "out=$(sed -n \"s/^set output '\\(.*\\)'$/\\1/p\" \"$1\" | head -n 1)\n"
  "printf 'picture\\n' > \"$out\"\n";

static char *saved_path;

static void
use_fake_gnuplot (gboolean fake)
{
  if (saved_path == NULL)
    saved_path = g_strdup (g_getenv ("PATH"));
  if (!fake) {
    g_setenv ("PATH", saved_path, TRUE);
    return;
  }
  g_autofree char *dir = g_build_filename (vs_test_tmpdir (), "fake-bin", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_autofree char *script = g_build_filename (dir, "gnuplot", NULL);
  g_assert_true (g_file_set_contents (script, fake_gnuplot, -1, NULL));
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);
  g_autofree char *path = g_strconcat (dir, ":", saved_path, NULL);
  g_setenv ("PATH", path, TRUE);
}

/* Run vpusim with the stand-in; returns the capture folder's plot.gp text
 * and checks every other captured file is a non-empty data file. */
static char *
captured_run (const char *name, const char *const *args, guint *n_data)
{
  g_autofree char *capture = g_build_filename (vs_test_tmpdir (), "capture", name, NULL);
  g_setenv ("VS_PLOT_CAPTURE", capture, TRUE);
  g_autofree char *out = NULL, *err = NULL;
  int status = vs_test_run_vpusim (args, &out, &err);
  if (status != 0)
    g_error ("%s: exit %d: %s", name, status, err);
  g_autofree char *script_path = g_build_filename (capture, "plot.gp", NULL);
  char *script = NULL;
  g_assert_true (g_file_get_contents (script_path, &script, NULL, NULL));
  GDir *dir = g_dir_open (capture, 0, NULL);
  g_assert_nonnull (dir);
  const char *file;
  *n_data = 0;
  while ((file = g_dir_read_name (dir)) != NULL) {
    if (strcmp (file, "plot.gp") == 0)
      continue;
    g_autofree char *path = g_build_filename (capture, file, NULL);
    g_autofree char *data = NULL;
    g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
    g_assert_cmpuint (strlen (data), >, 0);
    g_assert_nonnull (strstr (script, file));   /* the script plots it */
    (*n_data)++;
  }
  g_dir_close (dir);
  return script;
}

/* Lines of a captured data file that are neither empty nor comments. */
static guint
data_rows (const char *name, const char *file)
{
  g_autofree char *path = g_build_filename (vs_test_tmpdir (), "capture", name, file, NULL);
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    n += lines[i][0] != '\0' && lines[i][0] != '#';
  return n;
}

static char *
out_path (const char *name)
{
  return g_build_filename (vs_test_tmpdir (), name, NULL);
}

static void
test_run_plots (void)
{
  use_fake_gnuplot (TRUE);
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *gantt = out_path ("gantt.png");
  const char *args[] = { "run", schedule, "--cost", "analytical", "--plot", gantt, NULL };
  guint n_data;
  g_autofree char *script = captured_run ("gantt", args, &n_data);
  g_assert_nonnull (strstr (script, "set terminal pngcairo"));
  g_assert_cmpuint (n_data, >=, 1);
  g_assert_true (g_file_test (gantt, G_FILE_TEST_IS_REGULAR));

  g_autofree char *memory = out_path ("cmx.png");
  const char *margs[] = { "run", schedule, "--cost", "analytical", "--plot-memory", memory, NULL };
  g_autofree char *mscript = captured_run ("cmx", margs, &n_data);
  g_assert_nonnull (strstr (mscript, "CMX"));
  g_assert_cmpuint (n_data, >=, 1);
  g_assert_true (g_file_test (memory, G_FILE_TEST_IS_REGULAR));
  use_fake_gnuplot (FALSE);
}

static void
test_sweep_plot (void)
{
  use_fake_gnuplot (TRUE);
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_dma_bound.yaml");
  g_autofree char *png = out_path ("sweep.png");
  g_autofree char *csv = out_path ("sweep.csv");
  const char *args[] = { "sweep", schedule, "--cost", "analytical", "--set",
                         "ddr_bandwidth_gbps=8,16,32", "--plot", png, "-o", csv, NULL };
  guint n_data;
  g_autofree char *script = captured_run ("sweep", args, &n_data);
  g_assert_cmpuint (n_data, >=, 1);
  g_assert_nonnull (strstr (script, "ddr_bandwidth_gbps"));
  /* one curve of three points */
  GDir *dir = g_dir_open (g_getenv ("VS_PLOT_CAPTURE"), 0, NULL);
  const char *file;
  guint rows = 0;
  while ((file = g_dir_read_name (dir)) != NULL)
    if (strcmp (file, "plot.gp") != 0)
      rows += data_rows ("sweep", file);
  g_dir_close (dir);
  g_assert_cmpuint (rows, ==, 3);
  use_fake_gnuplot (FALSE);
}

static void
test_compare_plots (void)
{
  use_fake_gnuplot (TRUE);
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *profile = out_path ("profile.json");
  vs_test_write_profile (schedule, "analytical", NULL, profile);
  g_autofree char *png = out_path ("compare.png");
  const char *args[] = { "compare", schedule, "--measured", profile, "--cost", "analytical",
                         "--plot", png, NULL };
  guint n_data;
  g_autofree char *script = captured_run ("compare", args, &n_data);
  g_assert_cmpuint (n_data, >=, 1);
  g_assert_nonnull (strstr (script, "analytical"));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  /* measured DPU workloads: two rows, one series */
  g_autofree char *csv = out_path ("workloads.csv");
  g_assert_true (g_file_set_contents (csv,
    "device,operation,in_w,in_h,in_c,in_dtype,out_w,out_h,out_c,out_dtype,kernel_w,kernel_h,"
    "stride_w,stride_h,pad_top,pad_bottom,pad_left,pad_right,execution_mode,measured_cycles\n"
    "VPU_2_7,CONVOLUTION,16,16,64,UINT8,16,16,64,UINT8,3,3,1,1,1,1,1,1,CUBOID_16x16,5000\n"
    "VPU_2_7,ELTWISE,16,16,64,FLOAT16,16,16,64,FLOAT16,1,1,1,1,0,0,0,0,CUBOID_8x16,300\n", -1, NULL));
  g_autofree char *scatter = out_path ("scatter.png");
  const char *wargs[] = { "compare", "--workloads", csv, "--cost", "analytical", "--plot",
                          scatter, NULL };
  g_autofree char *wscript = captured_run ("scatter", wargs, &n_data);
  g_assert_nonnull (strstr (wscript, "workloads.csv: DPU cycles, predicted vs measured"));
  g_assert_nonnull (strstr (wscript, "'analytical'"));
  g_assert_cmpuint (n_data, >=, 1);
  use_fake_gnuplot (FALSE);
}

/* The real gnuplot, when installed: each picture as SVG, with its title. */
static void
test_real_gnuplot (void)
{
  g_autofree char *gnuplot = vs_gnuplot_find ();
  if (gnuplot == NULL) {
    g_test_skip ("gnuplot not found: the pictures themselves are not drawn");
    return;
  }
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_dma_bound.yaml");
  g_autofree char *gantt = out_path ("real-gantt.svg"), *memory = out_path ("real-cmx.svg");
  g_autofree char *sweep = out_path ("real-sweep.svg"), *csv = out_path ("real-sweep.csv");
  const char *run[] = { "run", schedule, "--cost", "analytical", "--plot", gantt, "--plot-memory",
                        memory, NULL };
  const char *sw[] = { "sweep", schedule, "--cost", "analytical", "--set",
                       "ddr_bandwidth_gbps=8,16", "--plot", sweep, "-o", csv, NULL };
  const char *const *commands[] = { run, sw };
  for (guint c = 0; c < G_N_ELEMENTS (commands); c++) {
    g_autofree char *out = NULL, *err = NULL;
    if (vs_test_run_vpusim (commands[c], &out, &err) != 0)
      g_error ("%s: %s", commands[c][0], err);
  }
  const char *pictures[] = { gantt, memory, sweep };
  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++) {
    g_autofree char *svg = NULL;
    g_assert_true (g_file_get_contents (pictures[i], &svg, NULL, NULL));
    g_assert_nonnull (strstr (svg, "<svg"));
    g_assert_nonnull (strstr (svg, "</svg>"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plots/run", test_run_plots);
  g_test_add_func ("/plots/sweep", test_sweep_plot);
  g_test_add_func ("/plots/compare", test_compare_plots);
  g_test_add_func ("/plots/real-gnuplot", test_real_gnuplot);
  return g_test_run ();
}
