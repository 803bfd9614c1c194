/* SPDX-License-Identifier: Apache-2.0 */
/* Cost a 3x3 convolution on NPU 2.7 with VPUNN, then replay a schedule. */
#include <inttypes.h>
#include <stdio.h>
#include <vpusim/vpusim.h>

int
main (int argc, char **argv)
{
  char *error = NULL;
  vpusim_models *models = vpusim_models_open (NULL, &error);   /* $VPUSIM_VPUNN_DIR, ... */
  if (models == NULL) {
    fprintf (stderr, "%s\n", error);
    vpusim_free (error);
    return 1;
  }
  vpusim_workloads *w = vpusim_workloads_new (VPUSIM_DPU);
  vpusim_workloads_add (w);
  const char *fields[][2] = {
    { "device", "VPU_2_7" }, { "operation", "CONVOLUTION" },
    { "in_w", "56" }, { "in_h", "56" }, { "in_c", "16" }, { "in_dtype", "FLOAT16" },
    { "out_w", "56" }, { "out_h", "56" }, { "out_c", "32" }, { "out_dtype", "FLOAT16" },
    { "kernel_w", "3" }, { "kernel_h", "3" }, { "stride_w", "1" }, { "stride_h", "1" },
    { "pad_top", "1" }, { "pad_bottom", "1" }, { "pad_left", "1" }, { "pad_right", "1" },
    { "execution_mode", "CUBOID_16x16" },
  };
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    vpusim_workloads_set (w, fields[i][0], fields[i][1], NULL);
  uint64_t cycles;
  if (vpusim_cost (models, w, &cycles, &error) != 0) {
    fprintf (stderr, "%s\n", error);
    return 1;
  }
  printf ("3x3 convolution 16->32 channels, 56x56: %" PRIu64 " cycles (libvpusim %s, models in %s)\n",
          cycles, vpusim_version (), vpusim_models_dir (models));
  vpusim_workloads_free (w);
  vpusim_models_free (models);

  if (argc > 1) {   /* a schedule: replay it and print its latency */
    vpusim_run_options options = { .cost = "analytical" };
    vpusim_run *run = vpusim_run_new (argv[1], &options, &error);
    if (run == NULL) {
      fprintf (stderr, "%s\n", error);
      return 1;
    }
    printf ("%s: %zu tasks, latency %.3f us\n", argv[1], vpusim_run_task_count (run),
            vpusim_run_latency_ps (run) / 1e6);
    vpusim_run_free (run);
  }
  return 0;
}
