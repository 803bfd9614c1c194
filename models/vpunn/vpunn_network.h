/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_network.h — a validated VPUNN layer graph and its float32 evaluation
 * (private to models/vpunn; the public face is vpunn_model.h).
 *
 * The loader (vpunn_model.c) fills a VsNnNetwork after checking every index,
 * shape and size, so the evaluator trusts it completely.  Evaluation keeps the
 * reference's summation order per output (SPEC.md §2.6); batches run several
 * descriptors in the lanes of vector registers, each lane following exactly
 * the single-descriptor order, so batching never changes a bit.  The network
 * is immutable after vs_nn_network_prepare(); scratch memory is per call.
 */
#ifndef VS_VPUNN_NETWORK_H
#define VS_VPUNN_NETWORK_H

#include <glib.h>

#include "models/vpunn/vpunn_model.h"

G_BEGIN_DECLS

typedef enum {
  VS_NN_ACT_NONE = 0,
  VS_NN_ACT_RELU = 1,
  VS_NN_ACT_SIGMOID = 2,
} VsNnActivation;

typedef enum {
  VS_NN_STEP_FULLY_CONNECTED,
  VS_NN_STEP_L2_NORMALIZATION,
} VsNnStepKind;

typedef struct {
  VsNnStepKind kind;
  VsNnActivation activation;
  guint in_slot, out_slot;        /* scratch slots of the input and output activations */
  guint in_width, out_width;      /* I and O */
  /* [O][I] row-major (the file's transposed layout): read by
   * vs_nn_network_prepare only, which packs it below; NULL afterwards. */
  const float *weights;
  const float *bias;              /* O values, already "0 + bias" as the reference adds
                                   * it; or NULL */
  /* Output rows split by summation order (filled by vs_nn_network_prepare):
   * rows whose weight row the reference sees 16-byte aligned use the SSE
   * order, the others the sequential one.  Each list is cut into groups of
   * 16 rows (the last one padded by repeating its last row) whose weights
   * are packed side by side for vector loads, 16 floats (a 64-byte line)
   * per input element and group, W[row 16g+r][k] at r = 0..15.
   * With G groups: sequential groups input-major, element k of group g
   * on line k*G+g (an input's weights are one run over the groups); SSE
   * groups unit-major, element 32b+4q+l (unit u = 4b+l, leaf q) of group
   * g on line (8u+q)*G+g (a unit's leaf is one run), then the tail,
   * element k >= 32B (B blocks) of group g on line 32B*G + g*(I-32B) +
   * (k-32B).  Runs of 1 KB (16 groups) the hardware prefetches, where a
   * group-major layout put every line of a run on its own page.
   * The biases of each list are packed the same way (bias16[r] =
   * bias[row r]), NULL without a bias. */
  guint32 *sse_rows;
  guint n_sse_rows;
  guint32 *seq_rows;
  guint n_seq_rows;
  float *sse_packed;              /* ceil(n_sse_rows/16) groups, 64-byte aligned */
  float *seq_packed;              /* ceil(n_seq_rows/16) groups, 64-byte aligned */
  float *sse_bias, *seq_bias;     /* ceil(n/16)*16 floats each, or NULL */
  /* Every weight is finite, so an input of +-0 contributes nothing: its
   * products are +-0, and in both summation orders a running sum that
   * starts at +0 can never be -0 (round to nearest gives -0 only for
   * -0 + -0), so adding +-0 leaves it unchanged.  Single descriptors then
   * skip zero inputs (most of a descriptor and, after ReLU, most of each
   * hidden layer), and chunks those zero in all their lanes.  With an
   * infinite or NaN weight, 0 * w is NaN and nothing is skipped. */
  gboolean finite_weights;
} VsNnStep;

#define VS_NN_SSE_GROUP 16
#define VS_NN_SEQ_GROUP 16
/* Rows whose lane sums a chunk keeps at once (a multiple of 16): a whole
 * hidden layer of the published networks.  Their 64 KB (16 lanes) outgrow
 * L1, but each unit walks them in order; panels of 64 rows, which fit, ran
 * 7 % slower (each unit set up and dispatched once per panel). */
#define VS_NN_CHUNK_PANEL 256

typedef struct {
  VsNnStep *steps;
  guint n_steps;
  guint n_slots;
  guint *slot_width;              /* floats per descriptor, multiple of 16 */
  gsize *slot_offset;             /* prefix sums of slot_width (filled by prepare) */
  guint input_slot, input_width;
  guint output_slot, output_width;
  gsize slot_floats;              /* sum of slot_width */
  /* Scratch of one single-descriptor run (filled by prepare): floats for
   * the slots and then one step's partial sums, words for one step's plan. */
  gsize row_scratch_floats, row_plan_words;
} VsNnNetwork;

/* Instruction sets the batched evaluator can use. */
typedef enum {
  VS_NN_ISA_PORTABLE,   /* 4-lane vectors in plain C (any compiler/CPU) */
  VS_NN_ISA_AVX2,
  VS_NN_ISA_AVX512,
  VS_NN_ISA_BEST,       /* the fastest the CPU supports */
} VsNnIsa;

gboolean    vs_nn_isa_supported (VsNnIsa isa);
/* The kernel `isa` selects for batches, and for single descriptors. */
const char *vs_nn_isa_name (VsNnIsa isa);
const char *vs_nn_isa_row_name (VsNnIsa isa);

/* Fill each step's row-order lists and packed weights (call once, after the
 * steps are set; the row-major weights may be freed afterwards). */
void vs_nn_network_prepare (VsNnNetwork *net);
/* Free the row lists, packed weights and biases, steps and slot table (not
 * the row-major biases: the loader owns them). */
void vs_nn_network_clear (VsNnNetwork *net);

/* Evaluate `batch` rows.  The ISA must be supported. */
void vs_nn_network_run (const VsNnNetwork *net, VsNnIsa isa, const float *inputs, gsize batch,
                        float *outputs);

/* Floating-point operations of one descriptor (2 per multiply-add). */
guint64 vs_nn_network_flops (const VsNnNetwork *net);

/* The network of a loaded model (for tests and benchmarks that pick an ISA). */
const VsNnNetwork *vs_vpunn_model_network (const VsVpunnModel *model);

G_END_DECLS

#endif
