/* SPDX-License-Identifier: Apache-2.0 */
/* shave_fitted_data.h — the coefficients of VPUNN's fitted SHAVE operator
 * models ("shave_2"), as tables the evaluator in shave_fitted.c walks.
 *
 * Data only: the numbers come from intel/npu-nn-cost-model (commit 8a2ae92,
 * Apache License 2.0): src/shave/shave_layers_vpu_2_7.csv,
 * src/shave/shave_layers_vpu_40.csv and the hand-written collections
 * ShaveInstanceHolder_VPU27 / ShaveInstanceHolder_NPU40.  The reference
 * builds its CSV rows as `(float) <decimal>` and writes its hand-written
 * coefficients as float literals; shave_fitted_data.c keeps both spellings so
 * that the C compiler rounds every coefficient exactly as the reference's
 * compiler did (the models are compared bit for bit).
 */
#ifndef VS_SHAVE_FITTED_DATA_H
#define VS_SHAVE_FITTED_DATA_H

#include <glib.h>

G_BEGIN_DECLS

/* Element-wise models of NPU 2.7 (ShaveModel1on1 / 2on1 rows). */
typedef struct {
  const char *name;
  float slope, intercept, scalar_offset, unroll_offset;
  guint unroll_size, vector_size, dpu_mhz, shv_mhz;
} VsFittedLinear27;

/* Element-wise models of NPU 4.0 (ShaveModel1on1NPU40 / 2on1NPU40 rows). */
typedef struct {
  const char *name;
  float slope, intercept, unroll_offset, intra_block_offset, vector_offset;
  int displacement;
  guint unroll_size, vector_size, dpu_mhz, shv_mhz;
} VsFittedLinear40;

/* MVN6 over N innermost axes: best-case slope, intercept, alpha, worst-case
 * slope, slope delta per further axis. */
typedef struct {
  float slope, intercept, alpha, worst_case_slope, slope_delta_diff;
} VsFittedMvn6;

/* MVN over the 2 or 3 innermost (W, H[, C]) axes. */
typedef struct {
  float base_slope, base_intercept, thirdmost_support_slope, base_support_slope,
        mod_support_slope, vector_slope;
  guint vector_size, unroll_size;
} VsFittedMvnSimple;

/* VPUEM piecewise cost function for one unroll factor. */
typedef struct {
  int unroll;
  float offset;
  float slope[3];   /* unrolled, vector, scalar elements per cycle */
} VsFittedPiecewiseSet;

typedef struct {
  const char *name;   /* without the "vpuem." prefix */
  VsFittedPiecewiseSet sets[4];
} VsFittedPiecewise;

/* VPUEM softmax-shaped cost function: the reference evaluates the first
 * parameter set of its first descriptor only, so only that one is kept. */
typedef struct {
  const char *name;   /* without the "vpuem." prefix */
  gboolean spatial;
  int unroll, unroll_offset, unroll_slope, unroll_overhead, vector_offset, vector_slope0,
      vector_slope, vector_overhead, scalar_offset, scalar_slope0, scalar_slope, scalar_overhead;
} VsFittedVpuemSoftmax;

typedef struct { float slope, intercept; } VsFittedLine;

/* NPU 4.0 softmax over one axis: base line (unselected volume 1), then a
 * slope line and an intercept line per divisibility class 1, 2, 4, 8, 16, 32
 * of the unselected volume. */
typedef struct {
  VsFittedLine base;
  VsFittedLine slope[6], intercept[6];
} VsFittedSoftmax;

typedef struct {
  float base_slope, base_intercept, inter_slope, worst_slope, vector_offset;
  guint vector_size;
} VsFittedGather;

typedef struct {
  float base_slope, base_intercept, base_vector_offset, w_slope, w_intercept,
        slope_mod1, slope_mod8, slope_mod9, w_vector_offset;
} VsFittedNormalizeL2;

/* One generation's collection. */
typedef struct {
  guint dpu_mhz, shv_mhz;                 /* profiling clocks of the hand-written models */
  const VsFittedLinear27 *linear27; guint n_linear27;
  const VsFittedLinear40 *linear40; guint n_linear40;
  gboolean has_mvn6_only_one_axis;        /* NPU 2.7's "MVN6_onlyOneAx" */
  VsFittedMvn6 mvn6_only_one_axis;        /* alpha and maximum slope difference */
  VsFittedMvn6 mvn6[4];                   /* 1..4 axes */
  VsFittedMvnSimple mvn_2ax, mvn_3ax;
  gboolean has_interpolate_wh;            /* NPU 2.7's "interpolatewh_1" */
  float interpolate_wh[5];                /* constant, H, W, output, output / W terms */
  const VsFittedSoftmax *softmax;         /* NPU 4.0 only, else NULL */
  const VsFittedGather *gather;           /* NPU 4.0 only */
  const VsFittedNormalizeL2 *normalize_l2;/* NPU 4.0 only */
  const VsFittedPiecewise *piecewise; guint n_piecewise;
  int piecewise_dsp_arch;                 /* 128 (2.7) or 512 (4.0) bits */
  float piecewise_cost_curve_ratio;       /* 1.0 (2.7) or 2.5 (4.0) */
  const VsFittedVpuemSoftmax *vpuem_softmax; guint n_vpuem_softmax;
  gboolean has_vpuem_spatial_mvn;         /* NPU 4.0's "vpuem.mvn" (spatial) */
  float vpuem_spatial_slope;
} VsFittedCollection;

extern const VsFittedCollection vs_fitted_vpu27;
extern const VsFittedCollection vs_fitted_npu40;

G_END_DECLS

#endif
