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
  const float *tail = group + tail0 * VS_NN_SSE_GROUP + sub;
  VS_K (vf) lane_sum[4][G][V];

  for (guint l = 0; l < 4; l++) {
    VS_K (vf) acc[G][V];
    for (guint g = 0; g < G; g++)
      for (guint v = 0; v < V; v++)
        acc[g][v] = (VS_K (vf)) { 0 };
    for (guint b = 0; b < n_blocks; b++) {
      const float *xk = x + (32 * (gsize) b + l) * C;
      /* quad q of block b, element l, row sub+g: */
      const float *w = group + (8 * (gsize) b) * 16 + sub * 4 + l;
      VS_K (vf) s[G][V];
#pragma GCC unroll 8
      for (guint v = 0; v < V; v++) {
        const VS_K (vf) x0 = VS_K_LOAD (xk + 0 * C + v * VS_K_W);
        const VS_K (vf) x1 = VS_K_LOAD (xk + 4 * C + v * VS_K_W);
        const VS_K (vf) x2 = VS_K_LOAD (xk + 8 * C + v * VS_K_W);
        const VS_K (vf) x3 = VS_K_LOAD (xk + 12 * C + v * VS_K_W);
#pragma GCC unroll 8
        for (guint g = 0; g < G; g++) {
          const float *wg = w + g * 4;
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
          const float *wg = w + g * 4;
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
 * SSE groups: one vector holds W/4 rows' four lane accumulators, so the
 * reference's 4-lane arithmetic runs for several rows at once; x quads are
 * repeated W/4 times in `xq` to line up with them.  Sequential groups: one
 * lane per row, x[k] broadcast. */
#define VS_K_NQ (16 / VS_K_W)   /* vectors per packed SSE quad (4 rows x 4 lanes) */
#define VS_K_NS (16 / VS_K_W)   /* vectors per packed sequential element (16 rows) */

VS_K_ATTR static void
VS_K (row_fc) (const VsNnStep *step, const float *restrict x, float *restrict xq,
               float *restrict y)
{
  const guint in = step->in_width;
  const guint n_blocks = in / 32;
  const gsize tail0 = 32 * (gsize) n_blocks;

  if (step->n_sse_rows > 0) {
    for (gsize j = 0; j < tail0 / 4; j++)
      for (guint i = 0; i < VS_K_W; i++)
        xq[j * VS_K_W + i] = x[4 * j + i % 4];
  }
  for (guint first = 0; first < step->n_sse_rows; first += VS_NN_SSE_GROUP) {
    const float *group = step->sse_packed + (gsize) first * in;
    VS_K (vf) acc[VS_K_NQ];
    for (guint h = 0; h < VS_K_NQ; h++)
      acc[h] = (VS_K (vf)) { 0 };
    for (guint b = 0; b < n_blocks; b++) {
      const float *xb = xq + 8 * (gsize) b * VS_K_W;
      const float *wb = group + 8 * (gsize) b * 16;
#pragma GCC unroll 4
      for (guint h = 0; h < VS_K_NQ; h++) {
        const float *w = wb + h * VS_K_W;
        const VS_K (vf) p0 = VS_K_LOAD (xb + 0 * VS_K_W) * VS_K_LOAD (w + 0 * 16);
        const VS_K (vf) p1 = VS_K_LOAD (xb + 1 * VS_K_W) * VS_K_LOAD (w + 1 * 16);
        const VS_K (vf) p2 = VS_K_LOAD (xb + 2 * VS_K_W) * VS_K_LOAD (w + 2 * 16);
        const VS_K (vf) p3 = VS_K_LOAD (xb + 3 * VS_K_W) * VS_K_LOAD (w + 3 * 16);
        const VS_K (vf) p4 = VS_K_LOAD (xb + 4 * VS_K_W) * VS_K_LOAD (w + 4 * 16);
        const VS_K (vf) p5 = VS_K_LOAD (xb + 5 * VS_K_W) * VS_K_LOAD (w + 5 * 16);
        const VS_K (vf) p6 = VS_K_LOAD (xb + 6 * VS_K_W) * VS_K_LOAD (w + 6 * 16);
        const VS_K (vf) p7 = VS_K_LOAD (xb + 7 * VS_K_W) * VS_K_LOAD (w + 7 * 16);
        acc[h] = acc[h] + (((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7)));
      }
    }
    float lanes[16], r[VS_NN_SSE_GROUP];
    memcpy (lanes, acc, sizeof lanes);
    for (guint g = 0; g < VS_NN_SSE_GROUP; g++)
      r[g] = (lanes[4 * g] + lanes[4 * g + 1]) + (lanes[4 * g + 2] + lanes[4 * g + 3]);
    const float *tail = group + tail0 * VS_NN_SSE_GROUP;
    for (gsize k = tail0; k < in; k++, tail += VS_NN_SSE_GROUP)
      for (guint g = 0; g < VS_NN_SSE_GROUP; g++)
        r[g] = r[g] + x[k] * tail[g];
    guint n = MIN (VS_NN_SSE_GROUP, step->n_sse_rows - first);
    for (guint g = 0; g < n; g++)
      y[step->sse_rows[first + g]] = r[g];
  }

  for (guint first = 0; first < step->n_seq_rows; first += 2 * VS_NN_SEQ_GROUP) {
    /* Two groups at a time (the second may repeat the first). */
    guint second = first + VS_NN_SEQ_GROUP < step->n_seq_rows ? first + VS_NN_SEQ_GROUP : first;
    const float *w0 = step->seq_packed + (gsize) first * in;
    const float *w1 = step->seq_packed + (gsize) second * in;
    VS_K (vf) r0[VS_K_NS], r1[VS_K_NS];
    for (guint h = 0; h < VS_K_NS; h++)
      r0[h] = r1[h] = (VS_K (vf)) { 0 };
    for (gsize k = 0; k < in; k++, w0 += VS_NN_SEQ_GROUP, w1 += VS_NN_SEQ_GROUP) {
      const float xk = x[k];
#pragma GCC unroll 4
      for (guint h = 0; h < VS_K_NS; h++) {
        r0[h] = r0[h] + VS_K_LOAD (w0 + h * VS_K_W) * xk;
        r1[h] = r1[h] + VS_K_LOAD (w1 + h * VS_K_W) * xk;
      }
    }
    float out0[VS_NN_SEQ_GROUP], out1[VS_NN_SEQ_GROUP];
    memcpy (out0, r0, sizeof out0);
    memcpy (out1, r1, sizeof out1);
    guint n0 = MIN (VS_NN_SEQ_GROUP, step->n_seq_rows - first);
    for (guint g = 0; g < n0; g++)
      y[step->seq_rows[first + g]] = out0[g];
    if (second != first) {
      guint n1 = MIN (VS_NN_SEQ_GROUP, step->n_seq_rows - second);
      for (guint g = 0; g < n1; g++)
        y[step->seq_rows[second + g]] = out1[g];
    }
  }

  if (step->bias != NULL)
    for (guint o = 0; o < step->out_width; o++)
      y[o] = y[o] + step->bias[o];
  activate (step->activation, y, step->out_width);
}

/* The whole network for one descriptor; scratch holds the slots and then
 * 4 * max_in_width floats for the repeated quads. */
VS_K_ATTR static void
VS_K (run_row) (const VsNnNetwork *net, const float *input, float *output, float *scratch)
{
  float *xq = scratch + net->slot_floats;
  memcpy (scratch + net->slot_offset[net->input_slot], input,
          net->input_width * sizeof (float));
  for (guint s = 0; s < net->n_steps; s++) {
    const VsNnStep *step = &net->steps[s];
    const float *x = scratch + net->slot_offset[step->in_slot];
    float *y = scratch + net->slot_offset[step->out_slot];
    if (step->kind == VS_NN_STEP_FULLY_CONNECTED) {
      VS_K (row_fc) (step, x, xq, y);
    } else {
      l2_normalize (x, step->in_width, 1, y);
      activate (step->activation, y, step->out_width);
    }
  }
  memcpy (output, scratch + net->slot_offset[net->output_slot],
          net->output_width * sizeof (float));
}

#undef VS_K_NQ
#undef VS_K_NS
#undef VS_K_STORE_GROUP
#undef VS_K_LOAD
#undef VS_K_C
#undef VS_K
#undef VS_K_CAT
#undef VS_K_CAT2
