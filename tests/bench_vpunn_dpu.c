/* bench_vpunn_dpu.c — DPU cost queries per second on one thread with the NPU
 * 2.7 network: all-distinct workloads without the cache, one at a time and in
 * batches of 64, then repeated workloads answered from the cache.  The
 * workloads are generated deterministically and all pass the sanitizer. */
#include <stdio.h>

#include "models/vpunn/dpu_sanitizer.h"
#include "models/vpunn/vpunn_dpu.h"
#include "models/vpunn/vpunn_paths.h"

#define N_WORKLOADS 8192

static guint32 rng_state = 2024;

static guint32
rng (guint32 n)
{
  rng_state = rng_state * 1664525u + 1013904223u;
  return (rng_state >> 8) % n;
}

/* A random NPU 2.7 workload; about half of them are valid. */
static VsDpuWorkload
random_workload (void)
{
  static const VsDpuOperation ops[] = { VS_OP_CONVOLUTION, VS_OP_CONVOLUTION, VS_OP_DW_CONVOLUTION,
                                        VS_OP_ELTWISE, VS_OP_MAXPOOL, VS_OP_CM_CONVOLUTION,
                                        VS_OP_AVEPOOL };
  static const VsExecutionMode modes[] = { VS_EXEC_CUBOID_16x16, VS_EXEC_CUBOID_8x16,
                                           VS_EXEC_CUBOID_4x16 };
  VsDpuWorkload w = { 0 };
  w.device = VS_DEVICE_VPU_2_7;
  w.op = ops[rng (G_N_ELEMENTS (ops))];
  const gboolean elt = w.op == VS_OP_ELTWISE;
  const guint32 k = elt ? 1 : 1 + 2 * rng (4);
  const guint32 s = elt ? 1 : 1 + rng (2);
  const guint32 p = rng (2) ? k / 2 : 0;
  w.kernel_w = w.kernel_h = k;
  w.stride_w = w.stride_h = s;
  w.pad_top = w.pad_bottom = w.pad_left = w.pad_right = p;
  w.output.w = 1 + rng (64);
  w.output.h = 1 + rng (64);
  w.input.w = (w.output.w - 1) * s + k - 2 * p;
  w.input.h = (w.output.h - 1) * s + k - 2 * p;
  const VsDataType dt = rng (2) ? VS_DTYPE_UINT8 : VS_DTYPE_FLOAT16;
  w.input.dtype = w.output.dtype = dt;
  w.input.layout = w.output.layout = VS_LAYOUT_ZXY;
  w.input.b = w.output.b = 1;
  switch (w.op) {
  case VS_OP_CONVOLUTION:
    w.input.c = 16 * (1 + rng (32));
    w.output.c = 16 * (1 + rng (32));
    if (rng (4) == 0) {
      w.weight_sparsity_enabled = TRUE;
      w.weight_sparsity = (float) rng (100) / 100.0f;
    }
    break;
  case VS_OP_CM_CONVOLUTION:
    w.input.c = 1 + rng (15);
    w.output.c = 16 * (1 + rng (8));
    break;
  case VS_OP_ELTWISE:
    w.input.c = w.output.c = 16 * (1 + rng (32));
    break;
  default:
    w.input.c = w.output.c = 16u << rng (3);
    break;
  }
  w.execution_mode = modes[rng (G_N_ELEMENTS (modes))];
  w.in_swizzling[0] = w.in_swizzling[1] = w.out_swizzling = VS_SWIZZLING_KEY_5;
  w.output_write_tiles = 1 + rng (2);
  w.isi_strategy = w.output_write_tiles > 1 ? VS_ISI_SPLIT_OVER_K : VS_ISI_CLUSTERING;
  return w;
}

/* Valid workloads only; distinct because each differs in some field with
 * high probability (duplicates do not matter with the cache off). */
static void
make_workloads (VsDpuWorkload *w, guint n)
{
  for (guint i = 0; i < n;) {
    VsDpuWorkload c = random_workload (), s = c;
    VsCycles code;
    if (vs_dpu_sanitize (&s, &code))
      w[i++] = c;
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
  printf ("%-44s %10.0f queries/s  (%.2f us/query, checksum %" G_GUINT64_FORMAT ")\n", what,
          (double) queries / seconds, seconds * 1e6 / (double) queries, checksum);
}

int
main (void)
{
  g_autoptr (GError) error = NULL;
  const char *env = g_getenv ("VPUSIM_VPUNN_DIR");
  g_autofree char *shared = g_build_filename (VS_SOURCE_DIR, "..", "shared", "vpunn", NULL);
  g_autofree char *path = vs_vpunn_find_file (env != NULL ? env : shared, "vpu_2_7.vpunn", &error);
  if (path == NULL) {
    printf ("vpu_2_7.vpunn: skipped (%s)\n", error->message);
    return 0;
  }
  g_autoptr (VsVpunnDpu) dpu = vs_vpunn_dpu_new (path, &error);
  if (dpu == NULL || !vs_vpunn_dpu_is_loaded (dpu)) {
    printf ("vpu_2_7.vpunn: cannot load: %s\n",
            dpu == NULL ? error->message : vs_vpunn_dpu_load_error (dpu));
    return 1;
  }
  g_autofree VsDpuWorkload *w = g_new (VsDpuWorkload, N_WORKLOADS);
  g_autofree VsCycles *out = g_new (VsCycles, N_WORKLOADS);
  make_workloads (w, N_WORKLOADS);

  /* uncached, one query at a time */
  vs_vpunn_dpu_set_cache_capacity (dpu, 0);
  guint64 sum = 0;
  double t0 = now ();
  for (guint i = 0; i < N_WORKLOADS; i++)
    sum += vs_vpunn_dpu_cost (dpu, &w[i]);
  report ("vpu_2_7 DPU, uncached, batch 1", N_WORKLOADS, now () - t0, sum);

  /* uncached, batches of 64 */
  sum = 0;
  t0 = now ();
  for (guint i = 0; i < N_WORKLOADS; i += 64) {
    vs_vpunn_dpu_cost_batch (dpu, w + i, MIN (64u, N_WORKLOADS - i), out + i);
    for (guint j = i; j < MIN (i + 64u, (guint) N_WORKLOADS); j++)
      sum += out[j];
  }
  report ("vpu_2_7 DPU, uncached, batch 64", N_WORKLOADS, now () - t0, sum);

  /* cached: the same workloads again and again, one query at a time */
  vs_vpunn_dpu_set_cache_capacity (dpu, VS_VPUNN_DPU_DEFAULT_CACHE);
  vs_vpunn_dpu_cost_batch (dpu, w, N_WORKLOADS, out);
  const guint rounds = 100;
  sum = 0;
  t0 = now ();
  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < N_WORKLOADS; i++)
      sum += vs_vpunn_dpu_cost (dpu, &w[i]);
  report ("vpu_2_7 DPU, cached, batch 1", (guint64) rounds * N_WORKLOADS, now () - t0, sum);

  sum = 0;
  t0 = now ();
  for (guint r = 0; r < rounds; r++) {
    vs_vpunn_dpu_cost_batch (dpu, w, N_WORKLOADS, out);
    sum += out[r % N_WORKLOADS];
  }
  report ("vpu_2_7 DPU, cached, batch 8192", (guint64) rounds * N_WORKLOADS, now () - t0, sum);
  return 0;
}
