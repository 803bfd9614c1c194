/* bench_vpunn_nn.c — VPUNN network evaluations per second on one thread:
 * vpu_2_7.vpunn one descriptor per call and in batches of 64, with the
 * instruction set chosen at run time and with each one the CPU has.
 * Target (the issue): >= 60k evaluations/s in batches of 64; the reference
 * C++ library does ~18k/s batched. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/vpunn/vpunn_model.h"
#include "models/vpunn/vpunn_network.h"

#define N_DESCRIPTORS 4096
#define MIN_SECONDS 0.5

static char *
find_model (const char *file)
{
  const char *env = g_getenv ("VPUSIM_VPUNN_DIR");
  if (env != NULL && *env != '\0') {
    char *direct = g_build_filename (env, file, NULL);
    if (g_file_test (direct, G_FILE_TEST_IS_REGULAR))
      return direct;
    g_free (direct);
    char *below = g_build_filename (env, "models", file, NULL);
    if (g_file_test (below, G_FILE_TEST_IS_REGULAR))
      return below;
    g_free (below);
  }
  const char *src = g_getenv ("VS_SOURCE_DIR");
  char *shared = g_build_filename (src != NULL ? src : VS_SOURCE_DIR, "..", "shared", "vpunn",
                                   "models", file, NULL);
  if (g_file_test (shared, G_FILE_TEST_IS_REGULAR))
    return shared;
  g_free (shared);
  return NULL;
}

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

/* CPU time of this thread: other processes on a shared machine do not count. */
static double
thread_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Evaluations per CPU second, best of three rounds of >= MIN_SECONDS. */
static double
measure (const VsNnNetwork *net, VsNnIsa isa, gsize batch, const float *in, float *out)
{
  const gsize in_size = net->input_width, out_size = net->output_width;
  double best = 0;
  for (guint round = 0; round < 3; round++) {
    gsize evals = 0;
    double t0 = thread_seconds (), t1;
    do {
      for (gsize i = 0; i + batch <= N_DESCRIPTORS; i += batch)
        vs_nn_network_run (net, isa, in + i * in_size, batch, out + i * out_size);
      evals += N_DESCRIPTORS / batch * batch;
      t1 = thread_seconds ();
    } while (t1 - t0 < MIN_SECONDS);
    double rate = (double) evals / (t1 - t0);
    if (rate > best)
      best = rate;
  }
  return best;
}

int
main (void)
{
  g_autofree char *path = find_model ("vpu_2_7.vpunn");
  if (path == NULL) {
    printf ("bench_vpunn_nn: skipped, vpu_2_7.vpunn not found (set VPUSIM_VPUNN_DIR or put "
            "../shared beside the source tree)\n");
    return 0;
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnModel) model = vs_vpunn_model_load (path, &error);
  if (model == NULL) {
    fprintf (stderr, "bench_vpunn_nn: %s\n", error->message);
    return 1;
  }
  const VsNnNetwork *net = vs_vpunn_model_network (model);
  float *in = g_new (float, (gsize) N_DESCRIPTORS * net->input_width);
  float *out = g_new (float, (gsize) N_DESCRIPTORS * net->output_width);
  make_descriptors (in, (gsize) N_DESCRIPTORS * net->input_width);
  double flops = (double) vs_nn_network_flops (net);
  printf ("vpu_2_7.vpunn: %u inputs, %u layers, %.0f flop per evaluation, one thread "
          "(rates per CPU second of the thread)\n",
          net->input_width, net->n_steps, flops);

  g_autofree char *cpuinfo = NULL;
  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL)) {
    const char *model_name = strstr (cpuinfo, "model name");
    const char *colon = model_name != NULL ? strchr (model_name, ':') : NULL;
    if (colon != NULL)
      printf ("cpu:%.*s\n", (int) strcspn (colon + 1, "\n"), colon + 1);
  }

  static const VsNnIsa isas[] = { VS_NN_ISA_BEST, VS_NN_ISA_PORTABLE, VS_NN_ISA_AVX2,
                                  VS_NN_ISA_AVX512 };
  for (guint i = 0; i < G_N_ELEMENTS (isas); i++) {
    if (!vs_nn_isa_supported (isas[i]))
      continue;
    for (gsize batch = 1; batch <= 64; batch *= 64) {
      double rate = measure (net, isas[i], batch, in, out);
      const char *kernel = batch == 1 ? vs_nn_isa_row_name (isas[i]) : vs_nn_isa_name (isas[i]);
      printf ("  %-4s %-8s batch %2" G_GSIZE_FORMAT ": %9.0f evaluations/s  %6.2f GFLOP/s\n",
              isas[i] == VS_NN_ISA_BEST ? "auto" : "", kernel, batch, rate, rate * flops / 1e9);
    }
  }
  g_free (in);
  g_free (out);
  return 0;
}
