/* SPDX-License-Identifier: Apache-2.0 */
/* bench_vpunn_dma.c — DMA cost queries per second: the NPU 2.7 and 4.0 DMA
 * networks one query at a time, in batches, and from the cache; and the
 * theoretical model.  Prints one line per figure. */
#include <stdio.h>

#include "models/dma_theoretical.h"
#include "models/vpunn/vpunn_dma.h"
#include "models/vpunn/vpunn_paths.h"
#include "tests/bench_support.h"

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

typedef struct {
  VsVpunnDma *m;
  VsDmaWorkloadKind kind;       /* of records[] */
  const char *records;
  gsize record_size;
  const VsDmaCopyWorkload *copy;
  VsCycles *out;
} Job;

static guint64
single_queries (gpointer data, guint64 *checksum)
{
  Job *job = data;
  for (guint i = 0; i < N_WORKLOADS; i++)
    *checksum += vs_vpunn_dma_cycles (job->m, job->kind, job->records + i * job->record_size);
  return N_WORKLOADS;
}

static guint64
one_batch (gpointer data, guint64 *checksum)
{
  Job *job = data;
  vs_vpunn_dma_cycles_batch (job->m, job->kind, job->records, N_WORKLOADS, job->out);
  for (guint i = 0; i < N_WORKLOADS; i++)
    *checksum += job->out[i];
  return N_WORKLOADS;
}

static guint64
theoretical (gpointer data, guint64 *checksum)
{
  Job *job = data;
  for (guint i = 0; i < N_WORKLOADS; i++)
    *checksum += vs_dma_theoretical_cycles (&job->copy[i]);
  return N_WORKLOADS;
}

static void
bench_model (const char *file, VsDmaWorkloadKind kind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rel = g_build_filename ("models", file, NULL);
  g_autofree char *path = vs_bench_vpunn_file ("bench_vpunn_dma", rel);
  if (path == NULL)
    return;
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
  Job job = { m, kind, kind == VS_DMA_WORKLOAD_27 ? (const char *) w27 : (const char *) w40,
              vs_dma_layout_get (kind)->record_size, NULL, out };
  char label[128];
  vs_vpunn_dma_set_cache_capacity (m, 0);
  g_snprintf (label, sizeof label, "%s, uncached, one at a time", file);
  vs_bench_rates (label, "queries", single_queries, &job);
  g_snprintf (label, sizeof label, "%s, uncached, batches of %d", file, N_WORKLOADS);
  vs_bench_rates (label, "queries", one_batch, &job);
  vs_vpunn_dma_set_cache_capacity (m, 16384);
  one_batch (&job, &(guint64) { 0 });
  g_snprintf (label, sizeof label, "%s, cached, one at a time", file);
  vs_bench_rates (label, "queries", single_queries, &job);
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
  Job job = { .copy = w };
  vs_bench_rates ("theoretical DMA", "queries", theoretical, &job);
}

int
main (void)
{
  vs_bench_print_machine ("bench_vpunn_dma");
  bench_model ("dma_2_7.vpunn", VS_DMA_WORKLOAD_27);
  bench_model ("dma_4_0.vpunn", VS_DMA_WORKLOAD_40);
  bench_theoretical ();
  return 0;
}
