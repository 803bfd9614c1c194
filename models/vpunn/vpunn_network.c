/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_network.c — evaluating a VPUNN layer graph bit-exactly, one
 * descriptor at a time or many at once in vector lanes, with the instruction
 * set chosen at run time. */
#include "models/vpunn/vpunn_network.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <immintrin.h>
#endif

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define VS_NN_X86 1
#endif

/* ---- helpers shared by every instruction set ---------------------------- */

/* inputs[row][k] -> x[k*lanes + row]; lanes past n_rows get zeros. */
static void
load_transposed (const float *inputs, gsize n_rows, guint width, guint lanes, float *x)
{
  for (guint k = 0; k < width; k++) {
    float *dst = x + (gsize) k * lanes;
    for (gsize r = 0; r < n_rows; r++)
      dst[r] = inputs[r * width + k];
    for (gsize r = n_rows; r < lanes; r++)
      dst[r] = 0.0f;
  }
}

static void
store_transposed (const float *y, guint width, guint lanes, gsize n_rows, float *outputs)
{
  for (gsize r = 0; r < n_rows; r++)
    for (guint k = 0; k < width; k++)
      outputs[r * width + k] = y[(gsize) k * lanes + r];
}

/* sum x[k]^2 in the reference's SSE order (its L2 norm runs the aligned dot
 * of the row with itself), for one lane of a transposed array. */
static float
sse_order_sum_squares (const float *x, guint n, gsize stride)
{
  float acc[4] = { 0.0f, 0.0f, 0.0f, 0.0f };
  guint n_blocks = n / 32;
  for (guint b = 0; b < n_blocks; b++)
    for (guint l = 0; l < 4; l++) {
      float p[8];
      for (guint q = 0; q < 8; q++) {
        float v = x[(32 * (gsize) b + 4 * q + l) * stride];
        p[q] = v * v;
      }
      acc[l] = acc[l] + (((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7])));
    }
  float r = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  for (guint k = 32 * n_blocks; k < n; k++) {
    float v = x[k * stride];
    r = r + v * v;
  }
  return r;
}

static void
l2_normalize (const float *x, guint width, guint lanes, float *y)
{
  memcpy (y, x, (gsize) width * lanes * sizeof (float));
  for (guint r = 0; r < lanes; r++) {
    float norm = sqrtf (sse_order_sum_squares (y + r, width, lanes));
    if (norm > 0) {
      float inv = 1.0f / norm;
      for (guint k = 0; k < width; k++)
        y[(gsize) k * lanes + r] = y[(gsize) k * lanes + r] * inv;
    }
  }
}

static void
activate (VsNnActivation act, float *y, gsize n)
{
  if (act == VS_NN_ACT_RELU) {
    /* The reference's "if (x < 0) x = 0" (keeps -0 and NaN), written as a
     * select so the compiler can vectorise it. */
    for (gsize i = 0; i < n; i++)
      y[i] = y[i] < 0 ? 0.0f : y[i];
  } else if (act == VS_NN_ACT_SIGMOID) {
    for (gsize i = 0; i < n; i++) {
      float e = expf (-y[i]);
      y[i] = 1.0f / (1.0f + e);
    }
  }
}

/* What one descriptor's fully-connected step reads (see finite_weights in
 * vpunn_network.h), worked out once per step from its input x and shared by
 * every group of rows. */
typedef struct {
  /* Inputs the sequential sums read, increasing: those from `kept_from`
   * (0 when the step has sequential rows, else the start of the SSE tail),
   * all of them or the non-zero ones; kept[first_tail..] are in the tail. */
  const guint32 *kept;
  guint n_kept, first_tail;
  /* SSE order: the units (block b, lane l) with an input kept, each as its
   * first input 32b+l and a mask of its inputs 32b+4q+l kept (bit q). */
  const guint32 *unit_x;
  const guint8 *unit_mask;
  guint n_units;
} VsNnRowPlan;

/* Words of plan_row_step's buffer for an input of `in` elements. */
static gsize
row_plan_words (guint in)
{
  return (gsize) in + (in + 31) / 32 + 2 * (in / 8) + 1;
}

/* The plan of a step from `bits` (bit k%32 of word k/32: input k is kept;
 * filled by the kernel, whose vector compares do it fastest), in `buf`
 * after the bits. */
static void
plan_row_step (const VsNnStep *step, guint32 *bits, VsNnRowPlan *plan)
{
  const guint in = step->in_width, n_blocks = in / 32;
  guint32 *kept = bits + (in + 31) / 32, *unit_x = kept + in;
  guint8 *unit_mask = (guint8 *) (unit_x + in / 8);
  guint n = 0, n_units = 0;
  /* The sequential sums read every kept input, the SSE tail those past
   * the last block. */
  for (guint w = step->n_seq_rows > 0 ? 0 : n_blocks; w < (in + 31) / 32; w++) {
    if (w == n_blocks)
      plan->first_tail = n;
    for (guint32 m = bits[w]; m != 0; m &= m - 1)
      kept[n++] = 32 * w + (guint) __builtin_ctz (m);
  }
  if (in % 32 == 0)
    plan->first_tail = n;
  plan->kept = kept;
  plan->n_kept = n;
  for (guint b = 0; b < n_blocks; b++)
    for (guint l = 0; l < 4; l++) {
      /* bits l, l+4, ..., l+28 -> bits 0..7 */
      guint32 m = (bits[b] >> l) & 0x11111111u;
      m = (m | m >> 3) & 0x03030303u;
      m = (m | m >> 6) & 0x000f000fu;
      m = (m | m >> 12) & 0xffu;
      unit_x[n_units] = 32 * b + l;
      unit_mask[n_units] = (guint8) m;
      n_units += m != 0;   /* branch-free: zero or not is as good as random */
    }
  plan->unit_x = unit_x;
  plan->unit_mask = unit_mask;
  plan->n_units = n_units;
}

/* Bit i: x[i] is kept (not +-0; NaN is kept), i < n <= 32. */
static inline guint32
kept_bits_scalar (const float *x, guint n)
{
  guint32 bits = 0;
  for (guint i = 0; i < n; i++) {
    guint32 u;
    memcpy (&u, &x[i], sizeof u);
    bits |= (guint32) ((u << 1) != 0) << i;
  }
  return bits;
}

/* ---- pruned trees --------------------------------------------------------
 * An SSE-order unit sums 8 products as ((p0+p1)+(p2+p3))+((p4+p5)+(p6+p7)).
 * When some inputs are +-0 (in every lane of a batch) their products are
 * +-0, and leaving those leaves out (a node with one present child becomes
 * that child, one with none disappears) changes at most the sign of a zero
 * in the unit's sum: a + (+-0) is a whenever a is not a zero, and a zero
 * only meets zeros.  The unit's sum is added to an accumulator that starts
 * at +0 and so is never -0, which no sign of zero then changes.  The tree
 * left has one of 26 shapes; the kernels compile one loop per shape, named
 * by the smallest mask of present leaves (bit q: leaf q) that gives it. */
#define VS_NN_TREE_SHAPES(X)                                                       \
  X (0x01) X (0x03) X (0x07) X (0x0d) X (0x0f) X (0x17) X (0x1d) X (0x1f) X (0x37)  \
  X (0x3d) X (0x3f) X (0x71) X (0x73) X (0x77) X (0x7d) X (0x7f) X (0xd1) X (0xd3)  \
  X (0xd7) X (0xdd) X (0xdf) X (0xf1) X (0xf3) X (0xf7) X (0xfd) X (0xff)

/* Mask of present leaves -> the smallest mask whose pruned tree has the same
 * shape (0 -> 0); filled by vs_nn_network_prepare. */
static guint8 tree_canon[256];

/* The shape of the tree pruned to `m`'s leaves in [lo, lo+n), as a code
 * (leaf: 1 bit "0"; a node with two present children: "1", then its
 * children's codes), with its length in bits in *len (0: no leaf). */
static guint32
tree_code (guint m, guint lo, guint n, guint *len)
{
  if (n == 1) {
    *len = (m >> lo) & 1;
    return 0;
  }
  guint la, lb;
  guint32 a = tree_code (m, lo, n / 2, &la), b = tree_code (m, lo + n / 2, n / 2, &lb);
  if (la == 0 || lb == 0) {
    *len = la + lb;
    return la != 0 ? a : b;
  }
  *len = 1 + la + lb;
  return (1u << (la + lb)) | (a << lb) | b;
}

static void
fill_tree_canon (void)
{
  static gsize done = 0;
  if (!g_once_init_enter (&done))
    return;
  guint32 first_code[256];
  guint first_len[256], n_first = 0;
  guint8 first_mask[256];
  for (guint m = 1; m < 256; m++) {
    guint len, i;
    guint32 code = tree_code (m, 0, 8, &len);
    for (i = 0; i < n_first && (first_code[i] != code || first_len[i] != len); i++)
      ;
    if (i == n_first) {
      first_code[i] = code;
      first_len[i] = len;
      first_mask[n_first++] = (guint8) m;
    }
    tree_canon[m] = first_mask[i];
  }
  g_once_init_leave (&done, 1);
}

/* ---- the kernels, once per instruction set ----------------------------- */

/* Portable: 4-float vectors (SSE2 on x86-64, NEON elsewhere, or scalar
 * code the compiler splits). */
#define VS_K_SUFFIX portable
#define VS_K_ATTR
#define VS_K_W 4
#define VS_K_V 4
#define VS_K_GB 2
#define VS_K_PB 2
#include "models/vpunn/vpunn_network_kernels.h"
#undef VS_K_SUFFIX
#undef VS_K_ATTR
#undef VS_K_W
#undef VS_K_V
#undef VS_K_GB
#undef VS_K_PB

#ifdef VS_NN_X86
/* target("avx2") does not enable FMA, so no fused instruction can appear. */
#define VS_K_SUFFIX avx2
#define VS_K_ATTR __attribute__ ((target ("avx2")))
#define VS_K_W 8
#define VS_K_V 1
#define VS_K_GB 8
#define VS_K_PB 3
#include "models/vpunn/vpunn_network_kernels.h"
#undef VS_K_SUFFIX
#undef VS_K_ATTR
#undef VS_K_W
#undef VS_K_V
#undef VS_K_GB
#undef VS_K_PB

/* AVX-512F includes FMA instructions; -ffp-contract=off (the library's
 * flags) keeps the compiler from forming them. */
#define VS_K_SUFFIX avx512
#define VS_K_ATTR __attribute__ ((target ("avx512f")))
#define VS_K_W 16
#define VS_K_V 1
#define VS_K_GB 8
#define VS_K_PB 4
#include "models/vpunn/vpunn_network_kernels.h"
#undef VS_K_SUFFIX
#undef VS_K_ATTR
#undef VS_K_W
#undef VS_K_V
#undef VS_K_GB
#undef VS_K_PB
#endif

#define VS_NN_ROW_STACK_FLOATS 4096
#define VS_NN_ROW_STACK_WORDS 2048

typedef void (*VsNnChunkFn) (const VsNnNetwork *net, const float *inputs, gsize n_rows,
                             float *outputs, float *scratch, guint32 *plan);
typedef void (*VsNnRowFn) (const VsNnNetwork *net, const float *input, float *output,
                           float *scratch, guint32 *plan);

/* min_partial: a partial chunk of fewer descriptors costs more than running
 * them one by one (measured: a full chunk costs about as much as 5-10 rows). */
typedef struct {
  const char *name;
  VsNnChunkFn run_chunk;
  VsNnRowFn run_row;
  guint lanes;
  guint min_partial;
} VsNnKernel;

static const VsNnKernel kernels[] = {
  [VS_NN_ISA_PORTABLE] = { "portable", run_chunk_portable, run_row_portable, lanes_portable, 10 },
#ifdef VS_NN_X86
  [VS_NN_ISA_AVX2] = { "avx2", run_chunk_avx2, run_row_avx2, lanes_avx2, 5 },
  [VS_NN_ISA_AVX512] = { "avx512", run_chunk_avx512, run_row_avx512, lanes_avx512, 6 },
#else
  [VS_NN_ISA_AVX2] = { "avx2", NULL, NULL, 0, 0 },
  [VS_NN_ISA_AVX512] = { "avx512", NULL, NULL, 0, 0 },
#endif
};

gboolean
vs_nn_isa_supported (VsNnIsa isa)
{
  switch (isa) {
  case VS_NN_ISA_PORTABLE:
  case VS_NN_ISA_BEST:
    return TRUE;
#ifdef VS_NN_X86
  case VS_NN_ISA_AVX2:
    return __builtin_cpu_supports ("avx2");
  case VS_NN_ISA_AVX512:
    return __builtin_cpu_supports ("avx512f");
#else
  case VS_NN_ISA_AVX2:
  case VS_NN_ISA_AVX512:
    return FALSE;
#endif
  }
  return FALSE;
}

static VsNnIsa
resolve_isa (VsNnIsa isa)
{
  if (isa != VS_NN_ISA_BEST)
    return isa;
  static gsize best = 0;   /* VsNnIsa + 1, 0 while unknown */
  if (g_once_init_enter (&best)) {
    VsNnIsa found = VS_NN_ISA_PORTABLE;
    if (vs_nn_isa_supported (VS_NN_ISA_AVX512))
      found = VS_NN_ISA_AVX512;
    else if (vs_nn_isa_supported (VS_NN_ISA_AVX2))
      found = VS_NN_ISA_AVX2;
    g_once_init_leave (&best, (gsize) found + 1);
  }
  return (VsNnIsa) (best - 1);
}

/* One descriptor at a time: the same kernel as batches (the 512-bit one
 * measured ~5 % ahead of the 256-bit one on Zen 4 since single descriptors
 * skip zero inputs; it was ~15 % behind before). */
static VsNnIsa
resolve_row_isa (VsNnIsa isa)
{
  return resolve_isa (isa);
}

const char *
vs_nn_isa_name (VsNnIsa isa)
{
  return kernels[resolve_isa (isa)].name;
}

const char *
vs_nn_isa_row_name (VsNnIsa isa)
{
  return kernels[isa == VS_NN_ISA_BEST ? resolve_row_isa (isa) : isa].name;
}

/* The batch in the order given: full chunks, then a partial chunk or
 * single descriptors. */
static void
run_in_order (const VsNnNetwork *net, const VsNnKernel *kernel, const VsNnKernel *row_kernel,
              const float *inputs, gsize batch, float *outputs)
{
  const gsize in = net->input_width, out = net->output_width;
  gsize done = 0;
  if (batch >= kernel->min_partial) {
    /* the slots, then a panel's lane sums */
    float *scratch = g_aligned_alloc ((net->slot_floats + 4 * VS_NN_CHUNK_PANEL) * kernel->lanes,
                                      sizeof (float), 64);
    g_autofree guint32 *plan = g_new (guint32, net->row_plan_words);
    for (; batch - done >= kernel->lanes; done += kernel->lanes)
      kernel->run_chunk (net, inputs + done * in, kernel->lanes, outputs + done * out, scratch,
                         plan);
    if (batch - done >= kernel->min_partial) {
      kernel->run_chunk (net, inputs + done * in, batch - done, outputs + done * out, scratch,
                         plan);
      done = batch;
    }
    g_aligned_free (scratch);
  }
  if (done < batch) {
    /* One descriptor's scratch is small: on the stack unless huge (a single
     * query should not pay for an allocation). */
    float stack_floats[VS_NN_ROW_STACK_FLOATS] __attribute__ ((aligned (64)));
    guint32 stack_words[VS_NN_ROW_STACK_WORDS];
    const gboolean on_stack = net->row_scratch_floats <= VS_NN_ROW_STACK_FLOATS
                              && net->row_plan_words <= VS_NN_ROW_STACK_WORDS;
    float *scratch = on_stack ? stack_floats
                              : g_aligned_alloc (net->row_scratch_floats, sizeof (float), 64);
    guint32 *plan = on_stack ? stack_words : g_new (guint32, net->row_plan_words);
    for (; done < batch; done++)
      row_kernel->run_row (net, inputs + done * in, outputs + done * out, scratch, plan);
    if (!on_stack) {
      g_aligned_free (scratch);
      g_free (plan);
    }
  }
}

/* A descriptor's position in a batch and which of its first 128 inputs
 * are not +-0 (input k at bit 31 - k%32 of word k/32, so that sorting the
 * words sorts by the first inputs first). */
typedef struct {
  guint32 nonzero[4];
  guint32 index;
} VsNnOrder;

static int
order_compare (const void *a, const void *b)
{
  const VsNnOrder *x = a, *y = b;
  for (guint w = 0; w < 4; w++)
    if (x->nonzero[w] != y->nonzero[w])
      return x->nonzero[w] < y->nonzero[w] ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Descriptors sorted together (bounds the copies a batch makes). */
#define VS_NN_SORT_WINDOW 1024

void
vs_nn_network_run (const VsNnNetwork *net, VsNnIsa isa, const float *inputs, gsize batch,
                   float *outputs)
{
  const VsNnKernel *kernel = &kernels[resolve_isa (isa)];
  const VsNnKernel *row_kernel = &kernels[isa == VS_NN_ISA_BEST ? resolve_row_isa (isa) : isa];
  g_return_if_fail (kernel->run_chunk != NULL && row_kernel->run_row != NULL);
  if (batch < 2 * (gsize) kernel->lanes) {
    run_in_order (net, kernel, row_kernel, inputs, batch, outputs);
    return;
  }
  /* Chunks skip the inputs that are zero in all their lanes, so each window
   * of the batch runs with descriptors of the same zero inputs side by side
   * (each lane is computed on its own: the order changes no bit). */
  const gsize in = net->input_width, out = net->output_width;
  const gsize window = MIN (batch, VS_NN_SORT_WINDOW);
  g_autofree VsNnOrder *order = g_new (VsNnOrder, window);
  g_autofree float *sorted_in = g_new (float, window * in);
  g_autofree float *sorted_out = g_new (float, window * out);
  for (gsize first = 0; first < batch; first += window) {
    const gsize n = MIN (window, batch - first);
    const float *x = inputs + first * in;
    float *y = outputs + first * out;
    memset (order, 0, n * sizeof *order);
    for (gsize r = 0; r < n; r++) {
      order[r].index = (guint32) r;
      for (guint k = 0; k < MIN (in, 128u); k++) {
        guint32 u;
        memcpy (&u, &x[r * in + k], sizeof u);
        order[r].nonzero[k / 32] |= (guint32) ((u << 1) != 0) << (31 - k % 32);
      }
    }
    qsort (order, n, sizeof *order, order_compare);
    for (gsize r = 0; r < n; r++)
      memcpy (sorted_in + r * in, x + order[r].index * in, in * sizeof (float));
    run_in_order (net, kernel, row_kernel, sorted_in, n, sorted_out);
    for (gsize r = 0; r < n; r++)
      memcpy (y + order[r].index * out, sorted_out + r * out, out * sizeof (float));
  }
}

/* Lay out the weights of sequential `rows` in groups of 16, input-major, as
 * VsNnStep describes. */
static float *
pack_seq_rows (const float *weights, guint in, const guint32 *rows, guint n_rows)
{
  const gsize n_groups = (n_rows + 15) / 16;
  float *packed = g_aligned_alloc0 (MAX (n_groups * 16 * in, 1), sizeof (float), 64);
  for (gsize gi = 0; gi < n_groups; gi++)
    for (guint r = 0; r < 16; r++) {
      const float *w = weights + (gsize) rows[MIN (gi * 16 + r, n_rows - 1)] * in;
      for (gsize k = 0; k < in; k++)
        packed[(k * n_groups + gi) * 16 + r] = w[k];
    }
  return packed;
}

/* The same for SSE-order rows, unit-major (VsNnStep). */
static float *
pack_sse_rows (const float *weights, guint in, const guint32 *rows, guint n_rows)
{
  const gsize n_groups = (n_rows + 15) / 16, tail0 = in / 32 * 32, n_tail = in - tail0;
  float *packed = g_aligned_alloc0 (MAX (n_groups * 16 * in, 1), sizeof (float), 64);
  for (gsize gi = 0; gi < n_groups; gi++)
    for (guint r = 0; r < 16; r++) {
      const float *w = weights + (gsize) rows[MIN (gi * 16 + r, n_rows - 1)] * in;
      for (gsize k = 0; k < in; k++) {
        const gsize unit = k / 32 * 4 + k % 4, q = k % 32 / 4;
        const gsize line = k < tail0 ? (8 * unit + q) * n_groups + gi
                                     : tail0 * n_groups + gi * n_tail + (k - tail0);
        packed[line * 16 + r] = w[k];
      }
    }
  return packed;
}

static gboolean
all_finite (const float *values, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (values[i]))
      return FALSE;
  return TRUE;
}

/* The biases of `rows` in the same groups, or NULL without a bias. */
static float *
pack_bias (const float *bias, const guint32 *rows, guint n_rows)
{
  if (bias == NULL)
    return NULL;
  const gsize n = MAX ((n_rows + 15) / 16 * 16, 16);
  float *packed = g_aligned_alloc (n, sizeof (float), 64);
  for (gsize r = 0; r < n; r++)
    packed[r] = n_rows > 0 ? bias[rows[MIN (r, n_rows - 1)]] : 0.0f;
  return packed;
}

void
vs_nn_network_prepare (VsNnNetwork *net)
{
  fill_tree_canon ();
  net->slot_offset = g_new (gsize, net->n_slots + 1);
  net->slot_floats = 0;
  for (guint s = 0; s < net->n_slots; s++) {
    net->slot_offset[s] = net->slot_floats;
    net->slot_floats += net->slot_width[s];
  }
  net->slot_offset[net->n_slots] = net->slot_floats;

  gsize sums = 0, plan_words = 0;

  for (guint i = 0; i < net->n_steps; i++) {
    VsNnStep *step = &net->steps[i];
    if (step->kind != VS_NN_STEP_FULLY_CONNECTED)
      continue;
    step->sse_rows = g_new (guint32, step->out_width);
    step->seq_rows = g_new (guint32, step->out_width);
    step->n_sse_rows = step->n_seq_rows = 0;
    for (guint32 o = 0; o < step->out_width; o++) {
      /* The reference's activation row is 16-byte aligned (batch row 0 of a
       * new float[]), its weight row o is iff o*I is a multiple of 4.  Below
       * one 32-element block both orders give the same sum. */
      gboolean aligned = ((guint64) o * step->in_width) % 4 == 0;
      if (aligned && step->in_width >= 32)
        step->sse_rows[step->n_sse_rows++] = o;
      else
        step->seq_rows[step->n_seq_rows++] = o;
    }
    step->sse_packed = pack_sse_rows (step->weights, step->in_width, step->sse_rows,
                                      step->n_sse_rows);
    step->seq_packed = pack_seq_rows (step->weights, step->in_width, step->seq_rows,
                                      step->n_seq_rows);
    step->sse_bias = pack_bias (step->bias, step->sse_rows, step->n_sse_rows);
    step->finite_weights = all_finite (step->weights, (gsize) step->in_width * step->out_width);
    sums = MAX (sums, 64 * (gsize) ((step->n_sse_rows + 15) / 16));
    plan_words = MAX (plan_words, row_plan_words (step->in_width));
    step->seq_bias = pack_bias (step->bias, step->seq_rows, step->n_seq_rows);
    step->weights = NULL;
  }
  /* Slot widths are multiples of 16, so the sums start 64-byte aligned. */
  net->row_scratch_floats = net->slot_floats + sums;
  net->row_plan_words = MAX (plan_words, 1);
}

guint64
vs_nn_network_flops (const VsNnNetwork *net)
{
  guint64 flops = 0;
  for (guint i = 0; i < net->n_steps; i++) {
    const VsNnStep *step = &net->steps[i];
    if (step->kind == VS_NN_STEP_FULLY_CONNECTED)
      flops += 2 * (guint64) step->in_width * step->out_width
               + (step->bias != NULL ? step->out_width : 0);
    else
      flops += 3 * (guint64) step->in_width;
  }
  return flops;
}

void
vs_nn_network_clear (VsNnNetwork *net)
{
  for (guint i = 0; i < net->n_steps; i++) {
    g_free (net->steps[i].sse_rows);
    g_free (net->steps[i].seq_rows);
    g_aligned_free (net->steps[i].sse_packed);
    g_aligned_free (net->steps[i].seq_packed);
    g_aligned_free (net->steps[i].sse_bias);
    g_aligned_free (net->steps[i].seq_bias);
  }
  g_clear_pointer (&net->steps, g_free);
  g_clear_pointer (&net->slot_width, g_free);
  g_clear_pointer (&net->slot_offset, g_free);
  net->n_steps = net->n_slots = 0;
}
