/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_network_kernels.h — the fully-connected kernels, instantiated once
 * per instruction set by vpunn_network.c (not a public header).
 *
 * Batches: activations are held transposed, x[k*C + lane], C = VS_K_W *
 * VS_K_V lanes (one descriptor per lane), so every lane performs exactly the
 * scalar operations of its own descriptor in the reference's order.  Single
 * descriptors: see run_row below.  Vector mul and add are lane-wise IEEE
 * float32 operations, never fused (the build uses -ffp-contract=off and these
 * kernels write each product and sum separately).
 *
 * Parameters (macros defined by the includer):
 *   VS_K_SUFFIX  name suffix        VS_K_ATTR  function attributes (target ISA)
 *   VS_K_W       floats per vector  VS_K_V     vectors per chunk
 *   VS_K_GB      rows per sequential group of a chunk
 *   VS_K_PB      16-row groups per panel of a single descriptor's sequential rows
 */

#define VS_K_CAT2(a, b) a##_##b
#define VS_K_CAT(a, b) VS_K_CAT2 (a, b)
#define VS_K(name) VS_K_CAT (name, VS_K_SUFFIX)

typedef float VS_K (vf) __attribute__ ((vector_size (VS_K_W * 4), __may_alias__));
typedef gint32 VS_K (vi) __attribute__ ((vector_size (VS_K_W * 4), __may_alias__));
typedef guint32 VS_K (vu) __attribute__ ((vector_size (VS_K_W * 4), __may_alias__));
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

/* The unit tree over the leaves present in `cm` (see VS_NN_TREE_SHAPES;
 * p[q] is read only for q in cm).  cm is a constant wherever this is
 * inlined, so only the adds of its shape remain. */
VS_K_ATTR static inline __attribute__ ((always_inline)) VS_K (vf)
VS_K (pruned_tree) (const guint cm, const VS_K (vf) p[8])
{
  VS_K (vf) n1[4], n2[2];
  guint h1 = 0, h2 = 0;
#pragma GCC unroll 4
  for (guint j = 0; j < 4; j++) {
    const guint a = (cm >> (2 * j)) & 1, b = (cm >> (2 * j + 1)) & 1;
    if (a && b)
      n1[j] = p[2 * j] + p[2 * j + 1];
    else
      n1[j] = a ? p[2 * j] : p[2 * j + 1];
    h1 |= (a | b) << j;
  }
#pragma GCC unroll 2
  for (guint j = 0; j < 2; j++) {
    const guint a = (h1 >> (2 * j)) & 1, b = (h1 >> (2 * j + 1)) & 1;
    if (a && b)
      n2[j] = n1[2 * j] + n1[2 * j + 1];
    else
      n2[j] = a ? n1[2 * j] : n1[2 * j + 1];
    h2 |= (a | b) << j;
  }
  if (h2 == 3)
    return n2[0] + n2[1];
  return h2 == 1 ? n2[0] : n2[1];
}

/* The leaves of a unit of the plan that are present: their inputs' offsets
 * from the unit's first input (4q inputs of x_step floats) and their
 * weights' from the unit's first (q*w_step floats).  Returns how many. */
static inline guint
VS_K (unit_leaves) (guint m, gsize x_step, gsize w_step, gsize x_off[8], gsize w_off[8])
{
  guint k = 0;
  for (; m != 0; m &= m - 1, k++) {
    const guint q = (guint) __builtin_ctz (m);
    x_off[k] = 4 * q * x_step;
    w_off[k] = q * w_step;
  }
  return k;
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

/* ---- batches ----
 * A chunk of C descriptors runs like one descriptor with lanes for rows:
 * the plan (VsNnRowPlan) keeps the inputs that are not +-0 in some lane,
 * which leaves out products that are +-0 in every lane (see finite_weights
 * and VS_NN_TREE_SHAPES). */

/* Bit k%32 of bits[k/32]: input k is not +-0 in some lane of the chunk
 * (all inputs when zero inputs may not be skipped). */
VS_K_ATTR static void
VS_K (chunk_bits) (const VsNnStep *step, const float *restrict x, guint32 *restrict bits)
{
  const guint in = step->in_width, n_words = (in + 31) / 32;
  if (!step->finite_weights) {
    for (guint w = 0; w < n_words; w++)
      bits[w] = in - 32 * w >= 32 ? 0xffffffffu : (1u << (in - 32 * w)) - 1;
    return;
  }
  memset (bits, 0, n_words * sizeof *bits);
  for (guint k = 0; k < in; k++) {
    VS_K (vu) any = { 0 };
    for (guint v = 0; v < VS_K_V; v++)
      any |= *(const VS_K (vu) *) (x + (gsize) k * VS_K_C + v * VS_K_W) << 1;   /* sign out */
#if VS_K_W == 16 && defined(VS_NN_X86)
    const guint32 nz = _mm512_test_epi32_mask ((__m512i) any, (__m512i) any) != 0;
#elif VS_K_W == 8 && defined(VS_NN_X86)
    const guint32 nz = !_mm256_testz_si256 ((__m256i) any, (__m256i) any);
#else
    guint32 r = 0;
    for (guint i = 0; i < VS_K_W; i++)
      r |= any[i];
    const guint32 nz = r != 0;
#endif
    bits[k / 32] |= nz << (k % 32);
  }
}

/* One unit swept over `n` rows (w: the unit's weights of the first row;
 * groups of 16 rows are 16 floats apart, so row r's at w[r]): its pruned
 * tree (shape cm) of the present products, the chunk's inputs times each
 * row's weight, is added to the row's lane sum at `a` (4*C floats a row),
 * or to +0 for the lane's `first` unit. */
VS_K_ATTR static inline __attribute__ ((always_inline)) void
VS_K (chunk_unit) (const guint cm, const float *restrict xu, const float *restrict w, guint n,
                   float *restrict a, const gsize x_off[8], const gsize w_off[8], gboolean first)
{
  enum { V = VS_K_V, C = VS_K_C };
  VS_K (vf) xs[8][V];
  gsize o[8];
  guint k = 0;
#pragma GCC unroll 8
  for (guint q = 0; q < 8; q++) {
    const gboolean present = (cm >> q) & 1;
    for (guint v = 0; v < V; v++)
      xs[q][v] = present ? VS_K_LOAD (xu + x_off[k] + v * VS_K_W) : (VS_K (vf)) { 0 };
    o[q] = present ? w_off[k++] : 0;
  }
  /* The lane's first unit stores 0 + its sum (the accumulator's start and
   * first add), so no pass zeroes the layer's 64 KB of lane sums first
   * (that pass cost 4 %); the same loop twice, as the compiler would not
   * take the test out of it. */
  if (first) {
    for (guint r = 0; r < n; r++, a += 4 * C) {
#pragma GCC unroll 4
      for (guint v = 0; v < V; v++) {
        VS_K (vf) p[8];
#pragma GCC unroll 8
        for (guint q = 0; q < 8; q++)
          p[q] = xs[q][v] * w[o[q] + r];
        *(VS_K (vf) *) (a + v * VS_K_W) = (VS_K (vf)) { 0 } + VS_K (pruned_tree) (cm, p);
      }
    }
    return;
  }
  for (guint r = 0; r < n; r++, a += 4 * C) {
#pragma GCC unroll 4
    for (guint v = 0; v < V; v++) {
      VS_K (vf) p[8];
#pragma GCC unroll 8
      for (guint q = 0; q < 8; q++)
        p[q] = xs[q][v] * w[o[q] + r];   /* dropped unless q is in cm */
      VS_K (vf) *acc = (VS_K (vf) *) (a + v * VS_K_W);
      *acc = *acc + VS_K (pruned_tree) (cm, p);
    }
  }
}

/* SSE-order rows of a chunk.  The reference's order (SPEC.md §2.6): per
 * lane l (0..3) an accumulator that starts at +0 and adds, block by block,
 * the tree ((p0+p1)+(p2+p3))+((p4+p5)+(p6+p7)) of p_q = x[32b+4q+l] *
 * w[32b+4q+l] (unit (b, l)); then (a0+a1)+(a2+a3); then the tail past the
 * last block sequentially.  Here in panels of
 * VS_NN_CHUNK_PANEL rows with their lane sums in `sums`: each unit of the
 * plan sweeps the panel's rows, then per row (a0+a1)+(a2+a3), the tail in
 * order, bias, ReLU and the store. */
VS_K_ATTR static void
VS_K (chunk_sse) (const VsNnStep *step, const VsNnRowPlan *plan, const float *restrict x,
                  float *restrict sums, float *restrict y)
{
  enum { V = VS_K_V, C = VS_K_C };
  const guint all_groups = (step->n_sse_rows + 15) / 16, tail0 = step->in_width / 32 * 32;
  const gsize unit_floats = 8 * 16 * (gsize) all_groups;   /* a unit's 8 leaves */
  const float *tail = step->sse_packed + (gsize) tail0 * 16 * all_groups;
  const gsize n_tail = step->in_width - tail0;
  const gboolean relu = step->activation == VS_NN_ACT_RELU;
  for (guint r0 = 0; r0 < step->n_sse_rows; r0 += VS_NN_CHUNK_PANEL) {
    const guint n = MIN (VS_NN_CHUNK_PANEL, step->n_sse_rows - r0);
    guint lanes_done = 0;   /* bit l: lane l's sums hold a unit */
    for (guint u = 0; u < plan->n_units; u++) {
      const guint ux = plan->unit_x[u], m = plan->unit_mask[u];
      const gboolean first = !(lanes_done >> (ux % 4) & 1);
      lanes_done |= 1u << (ux % 4);
      gsize x_off[8], w_off[8];
      VS_K (unit_leaves) (m, C, 16 * (gsize) all_groups, x_off, w_off);
      const float *w = step->sse_packed + (ux / 32 * 4 + ux % 4) * unit_floats + r0;
      const float *xu = x + (gsize) ux * C;
      float *a = sums + (ux % 4) * C;
      switch (tree_canon[m]) {
#define VS_K_SHAPE(cm)                                                             \
  case cm:                                                                         \
    VS_K (chunk_unit) (cm, xu, w, n, a, x_off, w_off, first);                      \
    break;
        VS_NN_TREE_SHAPES (VS_K_SHAPE)
#undef VS_K_SHAPE
      default:
        g_assert_not_reached ();
      }
    }
    for (guint l = 0; l < 4; l++)   /* lanes without a unit sum to +0 */
      if (!(lanes_done >> l & 1))
        for (guint r = 0; r < n; r++)
          for (guint v = 0; v < V; v++)
            *(VS_K (vf) *) (sums + ((gsize) r * 4 + l) * C + v * VS_K_W) = (VS_K (vf)) { 0 };
    for (guint r = 0; r < n; r++) {
      const float *s = sums + (gsize) r * 4 * C;
      /* row r0+r's weight of tail element tail0+j at wr[16j] */
      const float *wr = tail + (r0 + r) / 16 * n_tail * 16 + r % 16;
      const float bias = step->sse_bias != NULL ? step->sse_bias[r0 + r] : 0.0f;
      float *dst = y + (gsize) step->sse_rows[r0 + r] * C;
      for (guint v = 0; v < V; v++) {
        const float *sv = s + v * VS_K_W;
        VS_K (vf) res = (VS_K_LOAD (sv) + VS_K_LOAD (sv + C))
                        + (VS_K_LOAD (sv + 2 * C) + VS_K_LOAD (sv + 3 * C));
        for (guint i = plan->first_tail; i < plan->n_kept; i++) {
          const gsize k = plan->kept[i];
          res = res + VS_K_LOAD (x + k * C + v * VS_K_W) * wr[16 * (k - tail0)];
        }
        if (step->sse_bias != NULL)
          res = res + bias;
        if (relu)
          res = VS_K (relu) (res);
        *(VS_K (vf) *) (dst + v * VS_K_W) = res;
      }
    }
  }
}

/* Sequential-order rows of a chunk, r = 0; r += x[k]*w[k] over the kept
 * inputs, G rows at a time: G*V independent chains hide the add latency. */
VS_K_ATTR static void
VS_K (chunk_seq) (const VsNnStep *step, const VsNnRowPlan *plan, const float *restrict x,
                  float *restrict y)
{
  enum { G = VS_K_GB, V = VS_K_V, C = VS_K_C };
  G_STATIC_ASSERT (VS_NN_SEQ_GROUP % VS_K_GB == 0);
  const gsize stride = 16 * (gsize) ((step->n_seq_rows + 15) / 16);   /* input to input */
  const gboolean relu = step->activation == VS_NN_ACT_RELU;
  const float *bias = step->bias;
  for (guint first = 0; first < step->n_seq_rows; first += VS_NN_SEQ_GROUP) {
    const float *group = step->seq_packed + first;   /* 16 floats a group */
    const guint n = MIN (VS_NN_SEQ_GROUP, step->n_seq_rows - first);
    for (guint sub = 0; sub < n; sub += G) {
      const guint32 *rows = step->seq_rows + first + sub;
      const guint count = MIN (G, n - sub);
      VS_K (vf) res[G][V];
      for (guint g = 0; g < G; g++)
        for (guint v = 0; v < V; v++)
          res[g][v] = (VS_K (vf)) { 0 };
      for (guint i = 0; i < plan->n_kept; i++) {
        const gsize k = plan->kept[i];
        const float *w = group + stride * k + sub;
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
  }
}

/* One fully-connected step over a chunk of C descriptors. */
VS_K_ATTR static void
VS_K (fc_chunk) (const VsNnStep *step, const float *x, float *y, float *sums, guint32 *plan_words)
{
  VsNnRowPlan plan;
  VS_K (chunk_bits) (step, x, plan_words);
  plan_row_step (step, plan_words, &plan);
  if (step->n_sse_rows > 0)
    VS_K (chunk_sse) (step, &plan, x, sums, y);
  if (step->n_seq_rows > 0)
    VS_K (chunk_seq) (step, &plan, x, y);
}

/* The whole network over one chunk of up to C descriptors (rows past n_rows
 * are zero inputs whose results are dropped). */
VS_K_ATTR static void
VS_K (run_chunk) (const VsNnNetwork *net, const float *inputs, gsize n_rows, float *outputs,
                  float *scratch, guint32 *plan_words)
{
  float *sums = scratch + net->slot_floats * VS_K_C;
  load_transposed (inputs, n_rows, net->input_width, VS_K_C,
                   scratch + net->slot_offset[net->input_slot] * VS_K_C);
  for (guint s = 0; s < net->n_steps; s++) {
    const VsNnStep *step = &net->steps[s];
    const float *x = scratch + net->slot_offset[step->in_slot] * VS_K_C;
    float *y = scratch + net->slot_offset[step->out_slot] * VS_K_C;
    if (step->kind == VS_NN_STEP_FULLY_CONNECTED)
      VS_K (fc_chunk) (step, x, y, sums, plan_words);
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
 * the rows and each lane follows one row's own order, with the input
 * elements broadcast.  The plan (VsNnRowPlan) lists the inputs read: zero
 * inputs are skipped when the weights allow it, which is most of them.
 * Results leave as vectors: bias, ReLU as a mask, then stored. */
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

/* One unit swept over every group: its pruned tree (shape cm) of the k
 * present products x[i]*w[i] is added to the group's lane sum at `a`
 * (64 floats per group). */
VS_K_ATTR static inline __attribute__ ((always_inline)) void
VS_K (row_unit) (const guint cm, const float *restrict xu, const float *restrict w,
                 guint n_groups, float *restrict a, const gsize x_off[8], const gsize w_off[8])
{
  VS_K (vf) xs[8];
  gsize o[8];
  guint k = 0;
#pragma GCC unroll 8
  for (guint q = 0; q < 8; q++)
    if ((cm >> q) & 1) {
      xs[q] = VS_K (splat) (xu[x_off[k]]);
      o[q] = w_off[k++];
    } else {
      xs[q] = (VS_K (vf)) { 0 };
      o[q] = 0;
    }
  for (guint g = 0; g < n_groups; g++, w += 16, a += 64) {
#pragma GCC unroll 4
    for (guint v = 0; v < VS_K_NV; v++) {
      const float *wv = w + v * VS_K_W;
      VS_K (vf) p[8];
#pragma GCC unroll 8
      for (guint q = 0; q < 8; q++)
        p[q] = xs[q] * VS_K_LOAD (wv + o[q]);   /* dropped unless q is in cm */
      VS_K (vf) *acc = (VS_K (vf) *) (a + v * VS_K_W);
      *acc = *acc + VS_K (pruned_tree) (cm, p);
    }
  }
}

/* SSE-order rows (SPEC.md §2.6, see chunk_sse).  Each unit (block b, lane l)
 * of the plan is swept over every group while its present inputs stay in
 * registers: its pruned tree (VS_NN_TREE_SHAPES) of p_q = x[32b+4q+l] *
 * w[32b+4q+l] is added to the group's lane-l sum, kept in `sums` (64
 * floats per group, in L1).  Units without a kept input add +-0 and are
 * left out.  Then per group (a0+a1)+(a2+a3) and the tail in order. */
VS_K_ATTR static void
VS_K (row_sse) (const VsNnStep *step, const VsNnRowPlan *plan, const float *restrict x,
                float *restrict sums, float *restrict y)
{
  const guint n_groups = (step->n_sse_rows + 15) / 16, tail0 = step->in_width / 32 * 32;
  const gsize unit_floats = 8 * 16 * (gsize) n_groups;   /* a unit's 8 leaves */
  const gsize n_tail = step->in_width - tail0;
  for (gsize i = 0; i < (gsize) n_groups * 64; i += VS_K_W)
    *(VS_K (vf) *) (sums + i) = (VS_K (vf)) { 0 };
  for (guint u = 0; u < plan->n_units; u++) {
    const guint ux = plan->unit_x[u], m = plan->unit_mask[u];
    gsize x_off[8], w_off[8];
    VS_K (unit_leaves) (m, 1, 16 * (gsize) n_groups, x_off, w_off);
    const float *w = step->sse_packed + (ux / 32 * 4 + ux % 4) * unit_floats;
    float *a = sums + 16 * (ux % 4);
    switch (tree_canon[m]) {
#define VS_K_SHAPE(cm)                                                             \
  case cm:                                                                         \
    VS_K (row_unit) (cm, x + ux, w, n_groups, a, x_off, w_off);                    \
    break;
      VS_NN_TREE_SHAPES (VS_K_SHAPE)
#undef VS_K_SHAPE
    default:
      g_assert_not_reached ();
    }
  }
  const gboolean relu = step->activation == VS_NN_ACT_RELU;
  const float *a = sums;
  for (guint g = 0; g < n_groups; g++, a += 64) {
    /* group g's weights of tail element tail0+j at w[16j] */
    const float *w = step->sse_packed + ((gsize) tail0 * n_groups + g * n_tail) * 16;
    VS_K (vf) res[VS_K_NV];
    for (guint v = 0; v < VS_K_NV; v++) {
      const float *av = a + v * VS_K_W;
      res[v] = (VS_K_LOAD (av) + VS_K_LOAD (av + 16)) + (VS_K_LOAD (av + 32) + VS_K_LOAD (av + 48));
    }
    for (guint i = plan->first_tail; i < plan->n_kept; i++) {
      const guint k = plan->kept[i];
      const VS_K (vf) xk = VS_K (splat) (x[k]);
      for (guint v = 0; v < VS_K_NV; v++)
        res[v] = res[v] + xk * VS_K_LOAD (w + 16 * (gsize) (k - tail0) + v * VS_K_W);
    }
    const guint first = 16 * g;
    VS_K (row_store) (res, step->sse_bias != NULL ? step->sse_bias + first : NULL, relu,
                      step->sse_rows + first, MIN (16u, step->n_sse_rows - first), y);
  }
}

/* Sequential-order rows, r = 0; r += x[k]*w[k] over the kept inputs, for
 * P groups at once: P*NV independent chains hide the add latency.  P is a
 * constant at every call (always inlined), so the sums become registers. */
VS_K_ATTR static inline __attribute__ ((always_inline)) void
VS_K (row_seq_panel) (const VsNnRowPlan *plan, const float *restrict x,
                      const float *restrict w0, gsize stride, const guint P,
                      VS_K (vf) res[][VS_K_NV])
{
  enum { NV = VS_K_NV, PM = VS_K_PB };
  VS_K (vf) acc[PM][NV];
  for (guint p = 0; p < PM; p++)
    for (guint v = 0; v < NV; v++)
      acc[p][v] = (VS_K (vf)) { 0 };
  for (guint i = 0; i < plan->n_kept; i++) {
    const gsize k = plan->kept[i];
    const VS_K (vf) xk = VS_K (splat) (x[k]);
#pragma GCC unroll 8
    for (guint p = 0; p < P; p++)
#pragma GCC unroll 4
      for (guint v = 0; v < NV; v++)
        acc[p][v] = acc[p][v] + xk * VS_K_LOAD (w0 + k * stride + p * 16 + v * VS_K_W);
  }
#pragma GCC unroll 8
  for (guint p = 0; p < P; p++)
    for (guint v = 0; v < NV; v++)
      res[p][v] = acc[p][v];
}

VS_K_ATTR static void
VS_K (row_seq) (const VsNnStep *step, const VsNnRowPlan *plan, const float *restrict x,
                float *restrict y)
{
  enum { PM = VS_K_PB };
  G_STATIC_ASSERT (VS_K_PB >= 1 && VS_K_PB <= 4);
  const gboolean relu = step->activation == VS_NN_ACT_RELU;
  const guint n_groups = (step->n_seq_rows + 15) / 16;
  const gsize stride = 16 * (gsize) n_groups;   /* input to input */
  for (guint g0 = 0; g0 < n_groups; g0 += PM) {
    VS_K (vf) res[PM][VS_K_NV];
    const float *w0 = step->seq_packed + g0 * 16;
    const guint P = MIN ((guint) PM, n_groups - g0);
    if (P == PM)
      VS_K (row_seq_panel) (plan, x, w0, stride, PM, res);
    else if (P == 1)
      VS_K (row_seq_panel) (plan, x, w0, stride, 1, res);
    else if (P == 2)
      VS_K (row_seq_panel) (plan, x, w0, stride, MIN (2, PM), res);
    else
      VS_K (row_seq_panel) (plan, x, w0, stride, MIN (3, PM), res);
    for (guint p = 0; p < P; p++) {
      const guint first = (g0 + p) * 16;
      VS_K (row_store) (res[p], step->seq_bias != NULL ? step->seq_bias + first : NULL, relu,
                        step->seq_rows + first, MIN (16u, step->n_seq_rows - first), y);
    }
  }
}

/* Bit k%32 of bits[k/32]: input k is kept (all of them when zero inputs
 * may not be skipped). */
VS_K_ATTR static void
VS_K (kept_bits) (const VsNnStep *step, const float *restrict x, guint32 *restrict bits)
{
  const guint in = step->in_width, n_words = (in + 31) / 32;
  if (!step->finite_weights) {
    for (guint w = 0; w < n_words; w++)
      bits[w] = in - 32 * w >= 32 ? 0xffffffffu : (1u << (in - 32 * w)) - 1;
    return;
  }
  guint w = 0;
  for (; w < in / 32; w++) {
#if VS_K_W == 16 && defined(VS_NN_X86)
    const __m512 zero = _mm512_setzero_ps ();
    bits[w] = (guint32) _mm512_cmp_ps_mask (_mm512_loadu_ps (x + 32 * w), zero, _CMP_NEQ_UQ)
              | (guint32) _mm512_cmp_ps_mask (_mm512_loadu_ps (x + 32 * w + 16), zero,
                                              _CMP_NEQ_UQ) << 16;
#elif VS_K_W == 8 && defined(VS_NN_X86)
    guint32 m = 0;
    for (guint i = 0; i < 4; i++) {
      __m256 c = _mm256_cmp_ps (_mm256_loadu_ps (x + 32 * w + 8 * i), _mm256_setzero_ps (),
                                _CMP_NEQ_UQ);
      m |= (guint32) _mm256_movemask_ps (c) << (8 * i);
    }
    bits[w] = m;
#else
    bits[w] = kept_bits_scalar (x + 32 * w, 32);
#endif
  }
  if (w < n_words)
    bits[w] = kept_bits_scalar (x + 32 * w, in - 32 * w);
}

/* The whole network for one descriptor: `scratch` holds the slots and a
 * step's SSE sums, `plan_words` a step's plan. */
VS_K_ATTR static void
VS_K (run_row) (const VsNnNetwork *net, const float *input, float *output, float *scratch,
                guint32 *plan_words)
{
  float *sums = scratch + net->slot_floats;
  memcpy (scratch + net->slot_offset[net->input_slot], input,
          net->input_width * sizeof (float));
  for (guint s = 0; s < net->n_steps; s++) {
    const VsNnStep *step = &net->steps[s];
    const float *x = scratch + net->slot_offset[step->in_slot];
    float *y = scratch + net->slot_offset[step->out_slot];
    if (step->kind == VS_NN_STEP_FULLY_CONNECTED) {
      VsNnRowPlan plan;
      VS_K (kept_bits) (step, x, plan_words);
      plan_row_step (step, plan_words, &plan);
      if (step->n_sse_rows > 0)
        VS_K (row_sse) (step, &plan, x, sums, y);
      if (step->n_seq_rows > 0)
        VS_K (row_seq) (step, &plan, x, y);
      if (step->activation == VS_NN_ACT_SIGMOID)
        activate (step->activation, y, step->out_width);
    } else {
      l2_normalize (x, step->in_width, 1, y);
      activate (step->activation, y, step->out_width);
    }
  }
  memcpy (output, scratch + net->slot_offset[net->output_slot],
          net->output_width * sizeof (float));
}

#undef VS_K_NV
#undef VS_K_STORE_GROUP
#undef VS_K_LOAD
#undef VS_K_C
#undef VS_K
#undef VS_K_CAT
#undef VS_K_CAT2
