/* vpunn_network_kernels.h — the batched fully-connected kernels, instantiated
 * once per instruction set by vpunn_network.c (not a public header).
 *
 * Activations are held transposed, x[k*C + lane], C = VS_K_W * VS_K_V lanes
 * (one descriptor per lane), so every lane performs exactly the scalar
 * operations of its own descriptor in the reference's order: vector mul and
 * add are lane-wise IEEE float32 operations, never fused (the build uses
 * -ffp-contract=off and these kernels write each product and sum separately).
 *
 * Parameters (macros defined by the includer):
 *   VS_K_SUFFIX  name suffix        VS_K_ATTR  function attributes (target ISA)
 *   VS_K_W       floats per vector  VS_K_V     vectors per chunk
 *   VS_K_GA      rows per SSE-order group     VS_K_GB rows per sequential group
 */

#define VS_K_CAT2(a, b) a##_##b
#define VS_K_CAT(a, b) VS_K_CAT2 (a, b)
#define VS_K(name) VS_K_CAT (name, VS_K_SUFFIX)

typedef float VS_K (vf) __attribute__ ((vector_size (VS_K_W * 4), __may_alias__));
typedef gint32 VS_K (vi) __attribute__ ((vector_size (VS_K_W * 4), __may_alias__));

#define VS_K_C (VS_K_W * VS_K_V)
#define VS_K_LOAD(p) (*(const VS_K (vf) *) (p))

/* Bias, activation (ReLU here; sigmoid is applied by the caller) and store
 * of the first `count` rows of a group. */
#define VS_K_STORE_GROUP(G, res)                                                   \
  do {                                                                             \
    const VS_K (vf) zero = { 0 };                                                  \
    for (guint g = 0; g < (G); g++) {                                              \
      if (g >= count)                                                              \
        break;                                                                     \
      float *dst = y + (gsize) rows[g] * VS_K_C;                                   \
      for (guint v = 0; v < VS_K_V; v++) {                                         \
        VS_K (vf) r = res[g][v];                                                   \
        if (bias != NULL)                                                          \
          r = r + bias[rows[g]];                                                   \
        if (relu) {                                                                \
          /* The reference's "if (x < 0) x = 0": keeps -0 and NaN. */              \
          VS_K (vi) neg = r < zero;                                                \
          r = (VS_K (vf)) ((VS_K (vi)) r & ~neg);                                  \
        }                                                                          \
        *(VS_K (vf) *) (dst + v * VS_K_W) = r;                                     \
      }                                                                            \
    }                                                                              \
  } while (0)

/* Rows in the SSE order of SPEC.md §2.6: per lane l (0..3) an accumulator
 * over 32-element blocks of the tree ((p0+p1)+(p2+p3))+((p4+p5)+(p6+p7)),
 * p_q = x[32b+4q+l]*w[32b+4q+l]; then (a0+a1)+(a2+a3); then the tail
 * sequentially.  The lanes are independent, so computing them one after the
 * other needs a quarter of the accumulators and keeps everything in registers. */
VS_K_ATTR static void
VS_K (fc_sse) (const float *restrict x, const float *restrict weights, guint in_width,
               const guint32 *rows, guint count, const float *bias, gboolean relu,
               float *restrict y)
{
  enum { G = VS_K_GA, V = VS_K_V, C = VS_K_C };
  const float *w[G];
  for (guint g = 0; g < G; g++)
    w[g] = weights + (gsize) rows[g < count ? g : count - 1] * in_width;
  const guint n_blocks = in_width / 32;
  VS_K (vf) lane_sum[4][G][V];

  for (guint l = 0; l < 4; l++) {
    VS_K (vf) acc[G][V];
    for (guint g = 0; g < G; g++)
      for (guint v = 0; v < V; v++)
        acc[g][v] = (VS_K (vf)) { 0 };
    for (guint b = 0; b < n_blocks; b++) {
      const gsize k = 32 * (gsize) b + l;
      const float *xk = x + k * C;
      VS_K (vf) s[G][V], t[G][V];
#pragma GCC unroll 8
      for (guint v = 0; v < V; v++) {
        const VS_K (vf) x0 = VS_K_LOAD (xk + 0 * C + v * VS_K_W);
        const VS_K (vf) x1 = VS_K_LOAD (xk + 4 * C + v * VS_K_W);
        const VS_K (vf) x2 = VS_K_LOAD (xk + 8 * C + v * VS_K_W);
        const VS_K (vf) x3 = VS_K_LOAD (xk + 12 * C + v * VS_K_W);
#pragma GCC unroll 8
        for (guint g = 0; g < G; g++) {
          const VS_K (vf) p0 = x0 * w[g][k + 0];
          const VS_K (vf) p1 = x1 * w[g][k + 4];
          const VS_K (vf) p2 = x2 * w[g][k + 8];
          const VS_K (vf) p3 = x3 * w[g][k + 12];
          s[g][v] = (p0 + p1) + (p2 + p3);
        }
      }
#pragma GCC unroll 8
      for (guint v = 0; v < V; v++) {
        const VS_K (vf) x4 = VS_K_LOAD (xk + 16 * C + v * VS_K_W);
        const VS_K (vf) x5 = VS_K_LOAD (xk + 20 * C + v * VS_K_W);
        const VS_K (vf) x6 = VS_K_LOAD (xk + 24 * C + v * VS_K_W);
        const VS_K (vf) x7 = VS_K_LOAD (xk + 28 * C + v * VS_K_W);
#pragma GCC unroll 8
        for (guint g = 0; g < G; g++) {
          const VS_K (vf) p4 = x4 * w[g][k + 16];
          const VS_K (vf) p5 = x5 * w[g][k + 20];
          const VS_K (vf) p6 = x6 * w[g][k + 24];
          const VS_K (vf) p7 = x7 * w[g][k + 28];
          t[g][v] = (p4 + p5) + (p6 + p7);
          acc[g][v] = acc[g][v] + (s[g][v] + t[g][v]);
        }
      }
    }
    for (guint g = 0; g < G; g++)
      for (guint v = 0; v < V; v++)
        lane_sum[l][g][v] = acc[g][v];
  }

  VS_K (vf) res[G][V];
  for (guint g = 0; g < G; g++)
    for (guint v = 0; v < V; v++)
      res[g][v] = (lane_sum[0][g][v] + lane_sum[1][g][v]) + (lane_sum[2][g][v] + lane_sum[3][g][v]);
  for (gsize k = 32 * (gsize) n_blocks; k < in_width; k++) {
#pragma GCC unroll 8
    for (guint v = 0; v < V; v++) {
      const VS_K (vf) xv = VS_K_LOAD (x + k * C + v * VS_K_W);
#pragma GCC unroll 8
      for (guint g = 0; g < G; g++)
        res[g][v] = res[g][v] + xv * w[g][k];
    }
  }
  VS_K_STORE_GROUP (G, res);
}

/* Rows in the plain order r = 0; r += x[k]*w[k].  One dependent add per
 * element and row: the group's G*V chains run side by side to hide its
 * latency. */
VS_K_ATTR static void
VS_K (fc_seq) (const float *restrict x, const float *restrict weights, guint in_width,
               const guint32 *rows, guint count, const float *bias, gboolean relu,
               float *restrict y)
{
  enum { G = VS_K_GB, V = VS_K_V, C = VS_K_C };
  const float *w[G];
  for (guint g = 0; g < G; g++)
    w[g] = weights + (gsize) rows[g < count ? g : count - 1] * in_width;
  VS_K (vf) res[G][V];
  for (guint g = 0; g < G; g++)
    for (guint v = 0; v < V; v++)
      res[g][v] = (VS_K (vf)) { 0 };
  for (gsize k = 0; k < in_width; k++) {
#pragma GCC unroll 8
    for (guint v = 0; v < V; v++) {
      const VS_K (vf) xv = VS_K_LOAD (x + k * C + v * VS_K_W);
#pragma GCC unroll 8
      for (guint g = 0; g < G; g++)
        res[g][v] = res[g][v] + xv * w[g][k];
    }
  }
  VS_K_STORE_GROUP (G, res);
}

/* One fully-connected step over a chunk of C descriptors. */
VS_K_ATTR static void
VS_K (fc_chunk) (const VsNnStep *step, const float *x, float *y)
{
  const gboolean relu = step->activation == VS_NN_ACT_RELU;
  for (guint i = 0; i < step->n_sse_rows; i += VS_K_GA)
    VS_K (fc_sse) (x, step->weights, step->in_width, step->sse_rows + i,
                   MIN (VS_K_GA, step->n_sse_rows - i), step->bias, relu, y);
  for (guint i = 0; i < step->n_seq_rows; i += VS_K_GB)
    VS_K (fc_seq) (x, step->weights, step->in_width, step->seq_rows + i,
                   MIN (VS_K_GB, step->n_seq_rows - i), step->bias, relu, y);
}

/* The whole network over one chunk of up to C descriptors (rows past n_rows
 * are zero inputs whose results are dropped). */
VS_K_ATTR static void
VS_K (run_chunk) (const VsNnNetwork *net, const float *inputs, gsize n_rows, float *outputs,
                  float *scratch)
{
  load_transposed (inputs, n_rows, net->input_width, VS_K_C,
                         scratch + net->slot_offset[net->input_slot] * VS_K_C);
  for (guint s = 0; s < net->n_steps; s++) {
    const VsNnStep *step = &net->steps[s];
    const float *x = scratch + net->slot_offset[step->in_slot] * VS_K_C;
    float *y = scratch + net->slot_offset[step->out_slot] * VS_K_C;
    if (step->kind == VS_NN_STEP_FULLY_CONNECTED)
      VS_K (fc_chunk) (step, x, y);
    else
      l2_normalize (x, step->in_width, VS_K_C, y);
    if (step->activation == VS_NN_ACT_SIGMOID || step->kind != VS_NN_STEP_FULLY_CONNECTED)
      activate (step->activation, y, (gsize) step->out_width * VS_K_C);
  }
  store_transposed (scratch + net->slot_offset[net->output_slot] * VS_K_C,
                          net->output_width, VS_K_C, n_rows, outputs);
}

#undef VS_K_STORE_GROUP
#undef VS_K_LOAD
#undef VS_K_C
#undef VS_K
#undef VS_K_CAT
#undef VS_K_CAT2
