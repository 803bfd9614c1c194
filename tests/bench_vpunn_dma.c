/* bench_vpunn_dma.c — DMA cost queries per second: the NPU 2.7 and 4.0 DMA
 * networks one query at a time, in batches, and from the cache; and the
 * theoretical model.  Prints one line per figure. */
#include <stdio.h>

#include "models/dma_theoretical.h"
#include "models/vpunn/vpunn_dma.h"
#include "models/vpunn/vpunn_paths.h"

#define N_WORKLOADS 4096

static guint32 rng_state = 12345;

static guint32
rng (guint32 n)
{
  rng_state = rng_state * 1664525u + 1013904223u;
  return (rng_state >> 8) % n;
}

static gint32
pow2 (guint lo, guint hi)
{
  return (gint32) 1 << (lo + rng (hi - lo + 1));
}

static void
make_27 (VsDmaWorkload27 *w, guint n)
{
  for (guint i = 0; i < n; i++)
    w[i] = (VsDmaWorkload27) {
      .device = VS_DEVICE_VPU_2_7, .num_planes = (gint32) rng (16), .length = pow2 (5, 17),
      .src_width = pow2 (4, 12), .dst_width = pow2 (4, 12), .src_stride = pow2 (4, 12),
      .dst_stride = pow2 (4, 12), .src_plane_stride = pow2 (8, 18),
      .dst_plane_stride = pow2 (8, 18), .direction = rng (VS_DIR_COUNT),
    };
}

static void
make_40 (VsDmaWorkload40 *w, guint n)
{
  for (guint i = 0; i < n; i++) {
    w[i] = (VsDmaWorkload40) {
      .device = VS_DEVICE_VPU_4_0, .src_width = pow2 (5, 16), .dst_width = pow2 (5, 16),
      .num_dim = (gint32) rng (4), .num_engine = (gint32) rng (2), .direction = rng (VS_DIR_COUNT),
    };
    for (gint32 d = 0; d < w[i].num_dim; d++)
      w[i].dims[d] = (VsDmaDim) { pow2 (6, 16), pow2 (6, 16), pow2 (0, 6) - 1, pow2 (0, 6) - 1 };
  }
}

static double
now (void)
{
  return (double) g_get_monotonic_time () / 1e6;
}

static void
report (const char *what, guint64 queries, double seconds, guint64 checksum)
{
  printf ("%-44s %10.0f queries/s  (%.1f us/query, checksum %" G_GUINT64_FORMAT ")\n", what,
          (double) queries / seconds, seconds * 1e6 / (double) queries, checksum);
}

static void
bench_model (const char *file, gboolean is_27)
{
  g_autoptr(GError) error = NULL;
  const char *env = g_getenv ("VPUSIM_VPUNN_DIR");
  g_autofree char *shared = g_build_filename (VS_SOURCE_DIR, "..", "shared", "vpunn", NULL);
  g_autofree char *path = vs_vpunn_find_file (env != NULL ? env : shared, file, &error);
  if (path == NULL) {
    printf ("%s: skipped (%s)\n", file, error->message);
    return;
  }
  g_autoptr(VsVpunnDma) m = vs_vpunn_dma_load (path, &error);
  if (m == NULL) {
    printf ("%s: cannot load: %s\n", file, error->message);
    return;
  }
  g_autofree VsDmaWorkload27 *w27 = g_new (VsDmaWorkload27, N_WORKLOADS);
  g_autofree VsDmaWorkload40 *w40 = g_new (VsDmaWorkload40, N_WORKLOADS);
  make_27 (w27, N_WORKLOADS);
  make_40 (w40, N_WORKLOADS);
  g_autofree VsCycles *out = g_new (VsCycles, N_WORKLOADS);
  char label[128];

  vs_vpunn_dma_set_cache_capacity (m, 0);
  guint64 sum = 0;
  double t0 = now ();
  for (guint i = 0; i < N_WORKLOADS; i++)
    sum += is_27 ? vs_vpunn_dma_cycles_27 (m, &w27[i]) : vs_vpunn_dma_cycles_40 (m, &w40[i]);
  g_snprintf (label, sizeof label, "%s single, uncached", file);
  report (label, N_WORKLOADS, now () - t0, sum);

  guint reps = 8;
  sum = 0;
  t0 = now ();
  for (guint r = 0; r < reps; r++) {
    if (is_27)
      vs_vpunn_dma_cycles_27_batch (m, w27, N_WORKLOADS, out);
    else
      vs_vpunn_dma_cycles_40_batch (m, w40, N_WORKLOADS, out);
    sum += out[r];
  }
  g_snprintf (label, sizeof label, "%s batch of %d, uncached", file, N_WORKLOADS);
  report (label, (guint64) reps * N_WORKLOADS, now () - t0, sum);

  vs_vpunn_dma_set_cache_capacity (m, 16384);
  if (is_27)
    vs_vpunn_dma_cycles_27_batch (m, w27, N_WORKLOADS, out);
  else
    vs_vpunn_dma_cycles_40_batch (m, w40, N_WORKLOADS, out);
  reps = 64;
  sum = 0;
  t0 = now ();
  for (guint r = 0; r < reps; r++)
    for (guint i = 0; i < N_WORKLOADS; i++)
      sum += is_27 ? vs_vpunn_dma_cycles_27 (m, &w27[i]) : vs_vpunn_dma_cycles_40 (m, &w40[i]);
  g_snprintf (label, sizeof label, "%s single, cached", file);
  report (label, (guint64) reps * N_WORKLOADS, now () - t0, sum);
}

static void
bench_theoretical (void)
{
  g_autofree VsDmaCopyWorkload *w = g_new (VsDmaCopyWorkload, N_WORKLOADS);
  for (guint i = 0; i < N_WORKLOADS; i++) {
    w[i] = (VsDmaCopyWorkload) { .device = rng (VS_DEVICE_NPU_5_0 + 1), .input_location = rng (2),
                                 .output_location = rng (2), .output_write_tiles = 1 };
    w[i].input = (VsVpuTensor) { pow2 (0, 7), pow2 (0, 7), pow2 (0, 9), 1, rng (3), VS_LAYOUT_ZXY,
                                 FALSE };
    w[i].output = w[i].input;
  }
  guint reps = 256;
  guint64 sum = 0;
  double t0 = now ();
  for (guint r = 0; r < reps; r++)
    for (guint i = 0; i < N_WORKLOADS; i++)
      sum += vs_dma_theoretical_cycles (&w[i]);
  report ("theoretical DMA", (guint64) reps * N_WORKLOADS, now () - t0, sum);
}

int
main (void)
{
  bench_model ("dma_2_7.vpunn", TRUE);
  bench_model ("dma_4_0.vpunn", FALSE);
  bench_theoretical ();
  return 0;
}
