/* vpunn_network_kernels.h — the fully-connected kernels, instantiated once
 * per instruction set by vpunn_network.c (not a public header).
 *
 * Batches: activations are held transposed, x[k*C + lane], C = VS_K_W *
 * VS_K_V lanes (one descriptor per lane), so every lane performs exactly the
 * scalar operations of its own descriptor in the reference's order.  Single
 * descriptors: see row_fc below.  Vector mul and add are lane-wise IEEE
 * float32 operations, never fused (the build uses -ffp-contract=off and these
 * kernels write each product and sum separately).
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
/* For loads: packed weight groups are only 4-byte aligned for some widths. */
typedef float VS_K (vfu) __attribute__ ((vector_size (VS_K_W * 4), __may_alias__, aligned (4)));

#define VS_K_C (VS_K_W * VS_K_V)
enum { VS_K (lanes) = VS_K_C };   /* descriptors per chunk */
#define VS_K_LOAD(p) ((VS_K (vf)) *(const VS_K (vfu) *) (p))

/* x in every lane. */
VS_K_ATTR static inline VS_K (vf)
VS_K (splat) (float x)
{
  VS_K (vf) v = { 0 };
  for (guint i = 0; i < VS_K_W; i++)
    v[i] = x;
  return v;
}

/* The reference's "if (x < 0) x = 0" as a mask: keeps -0 and NaN, and
 * cannot be mispredicted as a compare-and-branch on random signs is. */
VS_K_ATTR static inline VS_K (vf)
VS_K (relu) (VS_K (vf) r)
{
  const VS_K (vf) zero = { 0 };
  VS_K (vi) neg = r < zero;
  return (VS_K (vf)) ((VS_K (vi)) r & ~neg);
}

/* Bias, activation (ReLU here; sigmoid is applied by the caller) and store
 * of the first `count` rows of a group. */
#define VS_K_STORE_GROUP(G, res)                                                   \
  do {                                                                             \
    for (guint g = 0; g < (G); g++) {                                              \
      if (g >= count)                                                              \
        break;                                                                     \
      float *dst = y + (gsize) rows[g] * VS_K_C;                                   \
      for (guint v = 0; v < VS_K_V; v++) {                                         \
        VS_K (vf) r = res[g][v];                                                   \
        if (bias != NULL)                                                          \
          r = r + bias[rows[g]];                                                   \
        if (relu)                                                                  \
          r = VS_K (relu) (r);                                                     \
        *(VS_K (vf) *) (dst + v * VS_K_W) = r;                                     \
      }                                                                            \
    }                                                                              \
  } while (0)

/* Rows in the SSE order of SPEC.md §2.6: per lane l (0..3) an accumulator
 * over 32-element blocks of the tree ((p0+p1)+(p2+p3))+((p4+p5)+(p6+p7)),
 * p_q = x[32b+4q+l]*w[32b+4q+l]; then (a0+a1)+(a2+a3); then the tail
 * sequentially.  The lanes are independent, so computing them one after the
 * other needs a quarter of the accumulators and keeps everything in
 * registers.  `group` is a packed SSE group (see VsNnStep); this call does
 * its rows sub .. sub+G-1 and stores the first `count`. */
VS_K_ATTR static void
VS_K (fc_sse) (const float *restrict x, const float *restrict group, guint in_width, guint sub,
               const guint32 *rows, guint count, const float *bias, gboolean relu,
               float *restrict y)
{
  enum { G = VS_K_GA, V = VS_K_V, C = VS_K_C };
  G_STATIC_ASSERT (VS_NN_SSE_GROUP % VS_K_GA == 0);
  const guint n_blocks = in_width / 32;
  const gsize tail0 = 32 * (gsize) n_blocks;
  const float *tail = group + tail0 * VS_NN_SSE_GROUP + sub;   /* element k of row sub+g at
                                                               * tail[(k-tail0)*16 + g] */
  VS_K (vf) lane_sum[4][G][V];

  for (guint l = 0; l < 4; l++) {
    VS_K (vf) acc[G][V];
    for (guint g = 0; g < G; g++)
      for (guint v = 0; v < V; v++)
        acc[g][v] = (VS_K (vf)) { 0 };
    for (guint b = 0; b < n_blocks; b++) {
      const float *xk = x + (32 * (gsize) b + l) * C;
      /* element 32b+4q+l of row sub+g at w[g + q*16]: */
      const float *w = group + (32 * (gsize) b + 8 * l) * VS_NN_SSE_GROUP + sub;
      VS_K (vf) s[G][V];
#pragma GCC unroll 8
      for (guint v = 0; v < V; v++) {
        const VS_K (vf) x0 = VS_K_LOAD (xk + 0 * C + v * VS_K_W);
        const VS_K (vf) x1 = VS_K_LOAD (xk + 4 * C + v * VS_K_W);
        const VS_K (vf) x2 = VS_K_LOAD (xk + 8 * C + v * VS_K_W);
        const VS_K (vf) x3 = VS_K_LOAD (xk + 12 * C + v * VS_K_W);
#pragma GCC unroll 8
        for (guint g = 0; g < G; g++) {
          const float *wg = w + g;
          const VS_K (vf) p0 = x0 * wg[0 * 16];
          const VS_K (vf) p1 = x1 * wg[1 * 16];
          const VS_K (vf) p2 = x2 * wg[2 * 16];
          const VS_K (vf) p3 = x3 * wg[3 * 16];
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
          const float *wg = w + g;
          const VS_K (vf) p4 = x4 * wg[4 * 16];
          const VS_K (vf) p5 = x5 * wg[5 * 16];
          const VS_K (vf) p6 = x6 * wg[6 * 16];
          const VS_K (vf) p7 = x7 * wg[7 * 16];
          acc[g][v] = acc[g][v] + (s[g][v] + ((p4 + p5) + (p6 + p7)));
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
  for (gsize k = tail0; k < in_width; k++) {
    const float *wk = tail + (k - tail0) * VS_NN_SSE_GROUP;
#pragma GCC unroll 8
    for (guint v = 0; v < V; v++) {
      const VS_K (vf) xv = VS_K_LOAD (x + k * C + v * VS_K_W);
#pragma GCC unroll 8
      for (guint g = 0; g < G; g++)
        res[g][v] = res[g][v] + xv * wk[g];
    }
  }
  VS_K_STORE_GROUP (G, res);
}

/* Rows in the plain order r = 0; r += x[k]*w[k].  One dependent add per
 * element and row: the call's G*V chains run side by side to hide its
 * latency.  `group` is a packed sequential group; rows sub .. sub+G-1. */
VS_K_ATTR static void
VS_K (fc_seq) (const float *restrict x, const float *restrict group, guint in_width, guint sub,
               const guint32 *rows, guint count, const float *bias, gboolean relu,
               float *restrict y)
{
  enum { G = VS_K_GB, V = VS_K_V, C = VS_K_C };
  G_STATIC_ASSERT (VS_NN_SEQ_GROUP % VS_K_GB == 0);
  VS_K (vf) res[G][V];
  for (guint g = 0; g < G; g++)
    for (guint v = 0; v < V; v++)
      res[g][v] = (VS_K (vf)) { 0 };
  const float *w = group + sub;
  for (gsize k = 0; k < in_width; k++, w += VS_NN_SEQ_GROUP) {
#pragma GCC unroll 8
    for (guint v = 0; v < V; v++) {
      const VS_K (vf) xv = VS_K_LOAD (x + k * C + v * VS_K_W);
#pragma GCC unroll 8
      for (guint g = 0; g < G; g++)
        res[g][v] = res[g][v] + xv * w[g];
    }
  }
  VS_K_STORE_GROUP (G, res);
}

/* One fully-connected step over a chunk of C descriptors. */
VS_K_ATTR static void
VS_K (fc_chunk) (const VsNnStep *step, const float *x, float *y)
{
  const gboolean relu = step->activation == VS_NN_ACT_RELU;
  const guint in = step->in_width;
  for (guint first = 0; first < step->n_sse_rows; first += VS_NN_SSE_GROUP) {
    const float *group = step->sse_packed + (gsize) first * in;
    guint n = MIN (VS_NN_SSE_GROUP, step->n_sse_rows - first);
    for (guint sub = 0; sub < n; sub += VS_K_GA)
      VS_K (fc_sse) (x, group, in, sub, step->sse_rows + first + sub, MIN (VS_K_GA, n - sub),
                     step->bias, relu, y);
  }
  for (guint first = 0; first < step->n_seq_rows; first += VS_NN_SEQ_GROUP) {
    const float *group = step->seq_packed + (gsize) first * in;
    guint n = MIN (VS_NN_SEQ_GROUP, step->n_seq_rows - first);
    for (guint sub = 0; sub < n; sub += VS_K_GB)
      VS_K (fc_seq) (x, group, in, sub, step->seq_rows + first + sub, MIN (VS_K_GB, n - sub),
                     step->bias, relu, y);
  }
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

/* ---- one descriptor ----
 * Every group is 16 rows side by side (VsNnStep), so one vector holds W of
 * the rows and each lane follows one row's own order; the input elements
 * are broadcast.  A panel of P groups sweeps each 32-input block while its
 * 8 x 4 broadcast inputs are live, so the inputs are read once per panel,
 * not once per row; the partial sums stay in registers or spill to L1.  The
 * result leaves as vectors: bias, ReLU as a mask (a compare-and-branch on
 * random signs mispredicts), then stored. */
#define VS_K_NV (16 / VS_K_W)   /* vectors per 16-row group */

/* Bias (when the layer has one: r + 0 would turn -0 into +0), ReLU, and
 * the first `count` results of a group to y (one store when the rows are
 * consecutive: the lists are increasing, so the last minus the first tells). */
VS_K_ATTR static inline void
VS_K (row_store) (VS_K (vf) res[VS_K_NV], const float *bias16, gboolean relu,
                  const guint32 *rows, guint count, float *restrict y)
{
  float out[16] __attribute__ ((aligned (64)));
  const gboolean direct = count == 16 && rows[15] == rows[0] + 15;
  float *dst = direct ? y + rows[0] : out;
  for (guint v = 0; v < VS_K_NV; v++) {
    VS_K (vf) r = res[v];
    if (bias16 != NULL)
      r = r + VS_K_LOAD (bias16 + v * VS_K_W);
    if (relu)
      r = VS_K (relu) (r);
    *(VS_K (vfu) *) (dst + v * VS_K_W) = r;
  }
  if (!direct)
    for (guint g = 0; g < count; g++)
      y[rows[g]] = out[g];
}

/* Groups w0, w0 + 16*in, ... (P of them) in the SSE order of SPEC.md §2.6,
 * see fc_sse: per lane l an accumulator over blocks of the tree
 * ((p0+p1)+(p2+p3))+((p4+p5)+(p6+p7)), p_q = x[32b+4q+l]*w[32b+4q+l]; then
 * (a0+a1)+(a2+a3); then the tail in order.  P is a constant at every call
 * (the function is always inlined), so the arrays become registers. */
VS_K_ATTR static inline __attribute__ ((always_inline)) void
VS_K (row_sse_panel) (const float *restrict x, const float *restrict w0, guint in, const guint P,
                      VS_K (vf) res[][VS_K_NV])
{
  enum { NV = VS_K_NV, PM = VS_K_PA };
  const guint n_blocks = in / 32;
  const gsize stride = 16 * (gsize) in;
  VS_K (vf) acc[4][PM][NV];
  for (guint l = 0; l < 4; l++)
    for (guint p = 0; p < PM; p++)
      for (guint v = 0; v < NV; v++)
        acc[l][p][v] = (VS_K (vf)) { 0 };
  for (guint b = 0; b < n_blocks; b++) {
    const float *xb = x + 32 * (gsize) b;
    const float *wb = w0 + 32 * 16 * (gsize) b;
#pragma GCC unroll 4
    for (guint l = 0; l < 4; l++) {
      const VS_K (vf) x0 = VS_K (splat) (xb[l + 0]), x1 = VS_K (splat) (xb[l + 4]);
      const VS_K (vf) x2 = VS_K (splat) (xb[l + 8]), x3 = VS_K (splat) (xb[l + 12]);
      const VS_K (vf) x4 = VS_K (splat) (xb[l + 16]), x5 = VS_K (splat) (xb[l + 20]);
      const VS_K (vf) x6 = VS_K (splat) (xb[l + 24]), x7 = VS_K (splat) (xb[l + 28]);
#pragma GCC unroll 8
      for (guint p = 0; p < P; p++)
#pragma GCC unroll 4
        for (guint v = 0; v < NV; v++) {
          const float *w = wb + p * stride + l * 8 * 16 + v * VS_K_W;
          const VS_K (vf) p0 = x0 * VS_K_LOAD (w + 0 * 16), p1 = x1 * VS_K_LOAD (w + 1 * 16);
          const VS_K (vf) p2 = x2 * VS_K_LOAD (w + 2 * 16), p3 = x3 * VS_K_LOAD (w + 3 * 16);
          const VS_K (vf) p4 = x4 * VS_K_LOAD (w + 4 * 16), p5 = x5 * VS_K_LOAD (w + 5 * 16);
          const VS_K (vf) p6 = x6 * VS_K_LOAD (w + 6 * 16), p7 = x7 * VS_K_LOAD (w + 7 * 16);
          acc[l][p][v] = acc[l][p][v] + (((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7)));
        }
    }
  }
#pragma GCC unroll 8
  for (guint p = 0; p < P; p++)
    for (guint v = 0; v < NV; v++)
      res[p][v] = (acc[0][p][v] + acc[1][p][v]) + (acc[2][p][v] + acc[3][p][v]);
  for (gsize k = 32 * (gsize) n_blocks; k < in; k++) {
    const VS_K (vf) xk = VS_K (splat) (x[k]);
#pragma GCC unroll 8
    for (guint p = 0; p < P; p++)
      for (guint v = 0; v < NV; v++)
        res[p][v] = res[p][v] + xk * VS_K_LOAD (w0 + p * stride + k * 16 + v * VS_K_W);
  }
}

/* Groups in the plain order r = 0; r += x[k]*w[k]: P*NV independent chains
 * hide the add latency. */
VS_K_ATTR static inline __attribute__ ((always_inline)) void
VS_K (row_seq_panel) (const float *restrict x, const float *restrict w0, guint in, const guint P,
                      VS_K (vf) res[][VS_K_NV])
{
  enum { NV = VS_K_NV, PM = VS_K_PB };
  const gsize stride = 16 * (gsize) in;
  VS_K (vf) acc[PM][NV];
  for (guint p = 0; p < PM; p++)
    for (guint v = 0; v < NV; v++)
      acc[p][v] = (VS_K (vf)) { 0 };
  for (gsize k = 0; k < in; k++) {
    const VS_K (vf) xk = VS_K (splat) (x[k]);
#pragma GCC unroll 8
    for (guint p = 0; p < P; p++)
#pragma GCC unroll 4
      for (guint v = 0; v < NV; v++)
        acc[p][v] = acc[p][v] + xk * VS_K_LOAD (w0 + p * stride + k * 16 + v * VS_K_W);
  }
#pragma GCC unroll 8
  for (guint p = 0; p < P; p++)
    for (guint v = 0; v < NV; v++)
      res[p][v] = acc[p][v];
}

/* One row list (SSE or sequential) of a step: panels of `panel` groups,
 * the rest in one smaller panel. */
#define VS_K_ROW_LIST(PANEL_FN, PANEL, packed, bias, rows, n_rows)                    \
  do {                                                                                \
    const guint n_groups = ((n_rows) + 15) / 16;                                      \
    for (guint g0 = 0; g0 < n_groups; g0 += (PANEL)) {                                \
      VS_K (vf) res[PANEL][VS_K_NV];                                                  \
      const float *w0 = (packed) + (gsize) g0 * 16 * in;                              \
      const guint P = MIN ((PANEL), n_groups - g0);                                   \
      if (P == (PANEL))                                                               \
        PANEL_FN (x, w0, in, (PANEL), res);                                           \
      else if (P == 1)                                                                \
        PANEL_FN (x, w0, in, 1, res);                                                 \
      else if (P == 2)                                                                \
        PANEL_FN (x, w0, in, MIN (2, (PANEL)), res);                                  \
      else if (P == 3)                                                                \
        PANEL_FN (x, w0, in, MIN (3, (PANEL)), res);                                  \
      else                                                                            \
        PANEL_FN (x, w0, in, MIN (4, (PANEL)), res);                                  \
      for (guint p = 0; p < P; p++) {                                                 \
        const guint first = (g0 + p) * 16;                                            \
        VS_K (row_store) (res[p], (bias) != NULL ? (bias) + first : NULL, relu,       \
                          (rows) + first, MIN (16u, (n_rows) - first), y);            \
      }                                                                               \
    }                                                                                 \
  } while (0)

VS_K_ATTR static void
VS_K (row_fc) (const VsNnStep *step, const float *restrict x, float *restrict y)
{
  const guint in = step->in_width;
  const gboolean relu = step->activation == VS_NN_ACT_RELU;
  G_STATIC_ASSERT (VS_K_PA <= 5 && VS_K_PB <= 5);
  VS_K_ROW_LIST (VS_K (row_sse_panel), VS_K_PA, step->sse_packed, step->sse_bias,
                 step->sse_rows, step->n_sse_rows);
  VS_K_ROW_LIST (VS_K (row_seq_panel), VS_K_PB, step->seq_packed, step->seq_bias,
                 step->seq_rows, step->n_seq_rows);
  if (step->activation == VS_NN_ACT_SIGMOID)
    activate (step->activation, y, step->out_width);
}

/* The whole network for one descriptor; scratch holds the slots. */
VS_K_ATTR static void
VS_K (run_row) (const VsNnNetwork *net, const float *input, float *output, float *scratch)
{
  memcpy (scratch + net->slot_offset[net->input_slot], input,
          net->input_width * sizeof (float));
  for (guint s = 0; s < net->n_steps; s++) {
    const VsNnStep *step = &net->steps[s];
    const float *x = scratch + net->slot_offset[step->in_slot];
    float *y = scratch + net->slot_offset[step->out_slot];
    if (step->kind == VS_NN_STEP_FULLY_CONNECTED) {
      VS_K (row_fc) (step, x, y);
    } else {
      l2_normalize (x, step->in_width, 1, y);
      activate (step->activation, y, step->out_width);
    }
  }
  memcpy (output, scratch + net->slot_offset[net->output_slot],
          net->output_width * sizeof (float));
}

#undef VS_K_NV
#undef VS_K_ROW_LIST
#undef VS_K_STORE_GROUP
#undef VS_K_LOAD
#undef VS_K_C
#undef VS_K
#undef VS_K_CAT
#undef VS_K_CAT2
