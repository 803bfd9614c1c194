/* SPDX-License-Identifier: Apache-2.0 */
/* bench_vpunn_nn.c — VPUNN network evaluations per second on one thread:
 * the vpu_2_7 and vpu_4_0 networks one descriptor per call and in batches of
 * 64, with the instruction set chosen at run time and with each one the CPU
 * has.  The descriptors are made up (mostly one-hot zeros and ones, some
 * sizes), as real ones are. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/vpunn/vpunn_model.h"
#include "models/vpunn/vpunn_network.h"
#include "tests/bench_support.h"

#define N_DESCRIPTORS 4096

/* Descriptor-like inputs: mostly one-hot 0/1 fields and some sizes. */
static void
make_descriptors (float *d, gsize n)
{
  guint32 s = 2024;
  for (gsize i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    guint32 r = (s >> 8) % 100;
    d[i] = r < 70 ? 0.0f : r < 90 ? 1.0f : (float) (1 + (s >> 16) % 512);
  }
}

typedef struct {
  const VsNnNetwork *net;
  VsNnIsa isa;
  gsize batch;
  const float *in;
  float *out;
} Job;

static guint64
evaluate (gpointer data, guint64 *checksum)
{
  Job *job = data;
  const gsize in_size = job->net->input_width, out_size = job->net->output_width;
  for (gsize i = 0; i + job->batch <= N_DESCRIPTORS; i += job->batch)
    vs_nn_network_run (job->net, job->isa, job->in + i * in_size, job->batch,
                       job->out + i * out_size);
  *checksum += (guint64) job->out[0];
  return N_DESCRIPTORS / job->batch * job->batch;
}

static int
bench_model (const char *file)
{
  g_autofree char *rel = g_build_filename ("models", file, NULL);
  g_autofree char *path = vs_bench_vpunn_file ("bench_vpunn_nn", rel);
  if (path == NULL)
    return 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnModel) model = vs_vpunn_model_load (path, &error);
  if (model == NULL) {
    fprintf (stderr, "bench_vpunn_nn: %s\n", error->message);
    return 1;
  }
  const VsNnNetwork *net = vs_vpunn_model_network (model);
  g_autofree float *in = g_new (float, (gsize) N_DESCRIPTORS * net->input_width);
  g_autofree float *out = g_new (float, (gsize) N_DESCRIPTORS * net->output_width);
  make_descriptors (in, (gsize) N_DESCRIPTORS * net->input_width);
  const double flops = (double) vs_nn_network_flops (net);
  printf ("%s: %u inputs, %u layers, %.0f flop per evaluation\n", file, net->input_width,
          net->n_steps, flops);
  static const VsNnIsa isas[] = { VS_NN_ISA_BEST, VS_NN_ISA_PORTABLE, VS_NN_ISA_AVX2,
                                  VS_NN_ISA_AVX512 };
  for (guint i = 0; i < G_N_ELEMENTS (isas); i++) {
    if (!vs_nn_isa_supported (isas[i]))
      continue;
    for (gsize batch = 1; batch <= 64; batch *= 64) {
      Job job = { net, isas[i], batch, in, out };
      char label[96];
      const char *kernel = batch == 1 ? vs_nn_isa_row_name (isas[i]) : vs_nn_isa_name (isas[i]);
      g_snprintf (label, sizeof label, "%s%s, %s", isas[i] == VS_NN_ISA_BEST ? "auto: " : "",
                  kernel, batch == 1 ? "one at a time" : "batches of 64");
      double rate = vs_bench_rates (label, "evaluations", evaluate, &job);
      printf ("  %-46s %9.1f GFLOP/s (median, wall time)\n", "", rate * flops / 1e9);
    }
  }
  return 0;
}

int
main (void)
{
  vs_bench_print_machine ("bench_vpunn_nn");
  return bench_model ("vpu_2_7.vpunn") || bench_model ("vpu_4_0.vpunn");
}
