/* SPDX-License-Identifier: Apache-2.0 */
/* test_profile_fit — a profile that contradicts its schedule (tiles, task
 * kinds) is refused by compare, calibrate and run --cost measured=, or with
 * --force compared under a loud warning (sim/analysis/profile_fit.h). */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sim/analysis/profile_fit.h"
#include "sim/schedule/schedule_yaml.h"
#include "tests/test_support.h"

#define LINE(engine, name, t) "Task(" engine "): " name "   Time(us): 1.00   Start(us): " t "\n"
#define TOTAL "Total time: 4.00us, Real: 4.00us\n"

static VsProfile *
profile_of (const char *text)
{
  g_autoptr(GError) error = NULL;
  VsProfile *p = vs_profile_read_from_data (text, strlen (text), "p.txt", NULL, &error);
  g_assert_no_error (error);
  return p;
}

static VsSchedule *
scenario (const char *name)
{
  g_autofree char *path = vs_test_source_file (name);
  g_autoptr(GError) error = NULL;
  VsSchedule *s = vs_schedule_read (path, &error);
  g_assert_no_error (error);
  return s;
}

static void
expect_fit (const VsSchedule *s, const char *text, const char *why_expected)
{
  g_autoptr(VsProfile) p = profile_of (text);
  g_autofree char *why = NULL;
  gboolean fits = vs_profile_fits_schedule (s, p, &why);
  g_test_message ("%s", why != NULL ? why : "fits");
  if (why_expected == NULL) {
    g_assert_true (fits);
    g_assert_null (why);
  } else {
    g_assert_false (fits);
    g_assert_cmpstr (why, ==, why_expected);
  }
}

static void
test_rules (void)
{
  /* npu27_dma_bound: DMA and DPU tasks on tiles 0 and 1, no SHAVE */
  g_autoptr(VsSchedule) s = scenario ("scenarios/npu27_dma_bound.yaml");
  expect_fit (s, LINE ("DMA", "a", "0.00") LINE ("DPU", "b/cluster_0", "1.00")
                 LINE ("DPU", "b/cluster_1", "1.00") TOTAL, NULL);
  /* a profile that times no DMA is normal (NPU 4.0, 2024) */
  expect_fit (s, LINE ("DPU", "b/cluster_0", "1.00") LINE ("DPU", "b/cluster_1", "1.00") TOTAL, NULL);
  expect_fit (s, LINE ("DPU", "b/cluster_0", "1.00") LINE ("DPU", "b/cluster_5", "1.00") TOTAL,
              "it has DPU tasks on tile 5, the schedule's device (npu27) has 2 tiles");
  expect_fit (s, LINE ("DPU", "b/cluster_1", "1.00") TOTAL,
              "its DPU tasks ran on tile 1, the schedule's DPU tasks are on tiles 0, 1");
  expect_fit (s, LINE ("DPU", "b/cluster_0", "1.00") LINE ("DPU", "b/cluster_1", "1.00")
                 LINE ("SW", "c/tile_0/cluster_0", "2.00") LINE ("SW", "c/tile_1/cluster_0", "2.00")
                 TOTAL,
              "it times 2 SHAVE tasks, the schedule has none");
}

/* The commands: exit 1 with the reason and no output file; --force runs
 * with a warning. */
static void
test_commands (void)
{
  g_autofree char *schedule = vs_test_source_file ("scenarios/npu27_conv_block.yaml");
  g_autofree char *profile = g_build_filename (vs_test_tmpdir (), "other-chip.txt", NULL);
  const char *text = LINE ("DMA", "Conv_1?t_Convolution/_cluster_0", "0.00")
                     LINE ("DPU", "Conv_1?t_Convolution/cluster_0", "1.00")
                     LINE ("DPU", "Conv_1?t_Convolution/cluster_3", "1.00") TOTAL;
  g_assert_true (g_file_set_contents (profile, text, -1, NULL));
  g_autofree char *out = g_build_filename (vs_test_tmpdir (), "fit-out.yaml", NULL);
  g_autofree char *spec = g_strconcat (schedule, ":", profile, NULL);
  g_autofree char *measured = g_strconcat ("measured=", profile, NULL);
  const char *const cases[][10] = {
    { "compare", schedule, "--measured", profile, "--cost", "analytical", "--json", NULL },
    { "calibrate", spec, "--cost", "analytical", "-o", out, NULL },
    { "run", schedule, "--cost", measured, "--trace", out, NULL },
  };
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    g_remove (out);
    g_autofree char *o = NULL, *e = NULL;
    g_assert_cmpint (vs_test_run_vpusim (cases[c], &o, &e), ==, 1);
    g_test_message ("%s: %s", cases[c][0], e);
    g_assert_nonnull (strstr (e, "other-chip.txt is not a profile of"));
    g_assert_nonnull (strstr (e, "it has DPU tasks on tile 3, the schedule's device (npu27) has 2 "
                                 "tiles (--force compares them anyway)"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    /* the same with --force: done, with the warning */
    const char *forced[12] = { NULL };
    guint n = 0;
    for (; cases[c][n] != NULL; n++)
      forced[n] = cases[c][n];
    forced[n] = "--force";
    g_autofree char *o2 = NULL, *e2 = NULL;
    g_assert_cmpint (vs_test_run_vpusim (forced, &o2, &e2), ==, 0);
    g_assert_nonnull (strstr (e2, "WARNING: "));
    g_assert_nonnull (strstr (e2, "compared anyway because of --force"));
  }
  g_remove (out);
}

/* The case that was found: an NPU 4.0 6-tile schedule with an NPU 2.7
 * 2-tile profile joined 32 tasks and exited 0. */
static void
test_real_runs (void)
{
  g_autofree char *schedule = vs_test_npu_runs_file ("npu40xx_6tile_agegender_2025-09/schedule_vpurt.mlir");
  if (schedule == NULL)
    return;
  g_autofree char *profile = vs_test_npu_runs_file ("npu37xx_2tile_agegender_2024-08/profiling.json");
  if (profile == NULL)
    return;
  const char *args[] = { "compare", schedule, "--measured", profile, "--cost", "analytical", NULL };
  g_autofree char *o = NULL, *e = NULL;
  g_assert_cmpint (vs_test_run_vpusim (args, &o, &e), ==, 1);
  g_assert_nonnull (strstr (e, "its DPU tasks ran on tiles 0, 1, the schedule's DPU tasks are on "
                               "tiles 0-5"));
  g_assert_cmpstr (o, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/profile-fit/rules", test_rules);
  g_test_add_func ("/profile-fit/commands", test_commands);
  g_test_add_func ("/profile-fit/real-runs", test_real_runs);
  return g_test_run ();
}
