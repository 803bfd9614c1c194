/* SPDX-License-Identifier: Apache-2.0 */
/* bench_vpunn_dpu.c — DPU cost queries per second on one thread, for the
 * vpu_2_7, vpu_4_0 and vpu_5_1 networks, on the golden rows and on a
 * generated mix: uncached one query at a time (the path of a compiler that
 * embeds libvpusim and asks as it goes), uncached in batches of 64, and
 * cached.  The mix is generated deterministically and passes the sanitizer;
 * the golden rows are taken as they are (vpu_5_1's include rows the
 * sanitizer refuses, answered without the network). */
#include <stdio.h>

#include "models/vpunn/dpu_sanitizer.h"
#include "models/vpunn/vpunn_dpu.h"
#include "sim/cost/cost_csv.h"
#include "sim/base/csv_table.h"
#include "tests/bench_support.h"

#define N_MIX 2048

static guint32 rng_state = 2024;

static guint32
rng (guint32 n)
{
  rng_state = rng_state * 1664525u + 1013904223u;
  return (rng_state >> 8) % n;
}

/* A random workload for `device`; about half of them are valid. */
static VsDpuWorkload
random_workload (VsVpuDevice device)
{
  static const VsDpuOperation ops[] = { VS_OP_CONVOLUTION, VS_OP_CONVOLUTION, VS_OP_DW_CONVOLUTION,
                                        VS_OP_ELTWISE, VS_OP_MAXPOOL, VS_OP_CM_CONVOLUTION,
                                        VS_OP_AVEPOOL };
  static const VsExecutionMode modes[] = { VS_EXEC_CUBOID_16x16, VS_EXEC_CUBOID_8x16,
                                           VS_EXEC_CUBOID_4x16 };
  VsDpuWorkload w = { 0 };
  w.device = device;
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
make_workloads (VsVpuDevice device, VsDpuWorkload *w, guint n)
{
  for (guint i = 0; i < n;) {
    VsDpuWorkload c = random_workload (device), s = c;
    VsCycles code;
    if (vs_dpu_sanitize (&s, &code))
      w[i++] = c;
  }
}

typedef struct {
  VsVpunnDpu *dpu;
  const VsDpuWorkload *w;
  guint n;
  VsCycles *out;
} Job;

static guint64
single_queries (gpointer data, guint64 *checksum)
{
  Job *job = data;
  for (guint i = 0; i < job->n; i++)
    *checksum += vs_vpunn_dpu_cost (job->dpu, &job->w[i]);
  return job->n;
}

static guint64
batches_of_64 (gpointer data, guint64 *checksum)
{
  Job *job = data;
  for (guint i = 0; i < job->n; i += 64) {
    guint n = MIN (64u, job->n - i);
    vs_vpunn_dpu_cost_batch (job->dpu, job->w + i, n, job->out + i);
    for (guint j = i; j < i + n; j++)
      *checksum += job->out[j];
  }
  return job->n;
}

/* Uncached single, uncached batched, then cached single queries. */
static void
bench_set (const char *name, const char *set, VsVpunnDpu *dpu, const VsDpuWorkload *w, guint n)
{
  g_autofree VsCycles *out = g_new (VsCycles, n);
  Job job = { dpu, w, n, out };
  char label[96];
  vs_vpunn_dpu_set_cache_capacity (dpu, 0);
  g_snprintf (label, sizeof label, "%s %s, uncached, one at a time", name, set);
  vs_bench_rates (label, "queries", single_queries, &job);
  g_snprintf (label, sizeof label, "%s %s, uncached, batches of 64", name, set);
  vs_bench_rates (label, "queries", batches_of_64, &job);
  vs_vpunn_dpu_set_cache_capacity (dpu, VS_VPUNN_DPU_DEFAULT_CACHE);
  vs_vpunn_dpu_cost_batch (dpu, w, n, out);
  g_snprintf (label, sizeof label, "%s %s, cached, one at a time", name, set);
  vs_bench_rates (label, "queries", single_queries, &job);
}

/* The rows of a golden file as workloads, or NULL (printed why). */
static GArray *
golden_workloads (const char *file)
{
  g_autofree char *rel = g_build_filename ("golden", file, NULL);
  g_autofree char *path = vs_bench_vpunn_file ("bench_vpunn_dpu", rel);
  if (path == NULL)
    return NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (VsCsvTable) t = vs_csv_table_read (path, &error);
  GArray *w = g_array_new (FALSE, FALSE, sizeof (VsDpuWorkload));
  for (guint r = 0; t != NULL && r < vs_csv_table_n_rows (t); r++) {
    VsDpuWorkload one;
    if (!vs_cost_csv_dpu_row (t, r, &one, &error))
      break;
    g_array_append_val (w, one);
  }
  if (error != NULL) {
    printf ("bench_vpunn_dpu: %s\n", error->message);
    g_array_unref (w);
    return NULL;
  }
  return w;
}

int
main (void)
{
  static const struct {
    const char *name, *model, *golden;
    VsVpuDevice device;
  } nets[] = {
    { "vpu_2_7", "models/vpu_2_7.vpunn", "dpu_vpu_2_7.csv", VS_DEVICE_VPU_2_7 },
    { "vpu_4_0", "models/vpu_4_0.vpunn", "dpu_vpu_4_0.csv", VS_DEVICE_VPU_4_0 },
    { "vpu_5_1", "models/vpu_5_1.vpunn", "dpu_vpu_5_1.csv", VS_DEVICE_NPU_5_0 },
  };
  vs_bench_print_machine ("bench_vpunn_dpu");
  for (guint i = 0; i < G_N_ELEMENTS (nets); i++) {
    g_autofree char *path = vs_bench_vpunn_file ("bench_vpunn_dpu", nets[i].model);
    if (path == NULL)
      return 0;
    g_autoptr (GError) error = NULL;
    g_autoptr (VsVpunnDpu) dpu = vs_vpunn_dpu_new (path, &error);
    if (dpu == NULL || !vs_vpunn_dpu_is_loaded (dpu)) {
      printf ("%s: cannot load: %s\n", path,
              dpu == NULL ? error->message : vs_vpunn_dpu_load_error (dpu));
      return 1;
    }
    g_autoptr (GArray) golden = golden_workloads (nets[i].golden);
    if (golden == NULL)
      return 0;
    bench_set (nets[i].name, "golden rows", dpu, (const VsDpuWorkload *) golden->data, golden->len);
    g_autofree VsDpuWorkload *mix = g_new (VsDpuWorkload, N_MIX);
    make_workloads (nets[i].device, mix, N_MIX);
    bench_set (nets[i].name, "mix", dpu, mix, N_MIX);
  }
  return 0;
}
