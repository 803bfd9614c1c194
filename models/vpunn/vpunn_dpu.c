/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_dpu.c — the VPUNN DPU cost model object: sanitization, the
 * reference's cost-provider chain (network, then theoretical), batching of
 * network evaluations, and a cache of answers by sanitized workload.
 * Work is done in segments of SEGMENT queries so scratch memory stays small
 * whatever the batch size. */
#include "models/vpunn/vpunn_dpu.h"

#include <string.h>

#include "hw/key_index.h"
#include "models/vpunn/dpu_descriptor.h"
#include "models/vpunn/dpu_postprocess.h"
#include "models/vpunn/dpu_sanitizer.h"
#include "models/vpunn/dpu_theoretical.h"
#include "models/vpunn/vpunn_model.h"

enum { SEGMENT = 1024, KEY_WORDS = 42 };   /* KEY_WORDS even: hashed in pairs */

/* The answer for one distinct sanitized workload of the cache (its key in
 * the VsKeyIndex, at the same index). */
typedef struct {
  VsCycles value;
  gint32 job;            /* >= 0 while its answer is being computed in this segment */
} Answer;

/* What one network evaluation feeds the post-processing. */
typedef struct {
  VsDpuWorkload w;
} Eval;

/* A distinct uncached query of the current segment.  The reference costs a
 * dual-sparsity workload as two variants (each through the whole provider
 * chain); a wide depthwise/pooling workload is extrapolated from two
 * evaluations at 32 and 64 channels. */
typedef struct {
  gsize out_index;
  gint32 entry;                 /* cache entry to fill, or -1 */
  VsCycles error;               /* set when no network evaluation is possible */
  guint n_variants;
  VsDpuWorkload variant[2];
  gboolean extrapolate[2];
  guint eval[2];                /* first evaluation row of each variant */
  VsCycles result;
} Job;

typedef struct {
  gsize out_index;
  guint job;
} Duplicate;

struct VsVpunnDpu {
  VsVpunnModel *model;          /* NULL: theoretical only */
  char *load_error;
  int interface, output_version;
  guint dsize;

  /* cache: sanitized workloads as keys (hw/key_index), answers beside them */
  VsKeyIndex cache;
  Answer *answers;
  guint answers_alloc;
  gsize capacity;

  /* segment scratch */
  Job *jobs;
  guint n_jobs;
  Duplicate *dups;
  guint n_dups;
  Eval *evals;
  guint n_evals, evals_alloc;
  float *desc, *raw;

  VsVpunnDpuStats stats;
};

/* ---- loading ---- */

VsVpunnDpu *
vs_vpunn_dpu_new (const char *model_path, GError **error)
{
  g_autoptr (VsVpunnDpu) dpu = g_new0 (VsVpunnDpu, 1);
  dpu->capacity = VS_VPUNN_DPU_DEFAULT_CACHE;
  vs_key_index_init (&dpu->cache, KEY_WORDS * sizeof (guint32));
  dpu->jobs = g_new (Job, SEGMENT);
  dpu->dups = g_new (Duplicate, SEGMENT);

  if (model_path == NULL) {
    dpu->load_error = g_strdup ("no DPU model file given");
    return g_steal_pointer (&dpu);
  }
  GError *local = NULL;
  VsVpunnModel *model = vs_vpunn_model_load (model_path, &local);
  if (model == NULL) {
    if (g_error_matches (local, VS_VPUNN_ERROR, VS_VPUNN_ERROR_IO) ||
        g_error_matches (local, VS_VPUNN_ERROR, VS_VPUNN_ERROR_FORMAT)) {
      /* The reference leaves the model "not initialized" and costs theoretically. */
      dpu->load_error = g_strdup (local->message);
      g_error_free (local);
      return g_steal_pointer (&dpu);
    }
    g_propagate_error (error, local);
    return NULL;
  }
  dpu->model = model;
  dpu->interface = vs_vpunn_model_input_interface (model);
  dpu->output_version = vs_vpunn_model_output_version (model);
  dpu->dsize = vs_dpu_descriptor_size (dpu->interface);
  if (dpu->dsize == 0) {
    g_autofree char *known = vs_dpu_descriptor_interfaces ();
    g_set_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_VERSION,
                 "%s: model '%s' has DPU input interface %d, which vpusim cannot describe "
                 "(known: %s)", model_path, vs_vpunn_model_name (model), dpu->interface, known);
    return NULL;
  }
  if (!vs_dpu_output_version_supported (dpu->output_version)) {
    g_autofree char *known = vs_dpu_output_versions ();
    g_set_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_VERSION,
                 "%s: model '%s' has DPU output version %d, which is not supported (known: %s)",
                 model_path, vs_vpunn_model_name (model), dpu->output_version, known);
    return NULL;
  }
  if (vs_vpunn_model_input_size (model) != dpu->dsize || vs_vpunn_model_output_size (model) != 1) {
    g_set_error (error, VS_VPUNN_ERROR, VS_VPUNN_ERROR_VERSION,
                 "%s: model '%s' takes %u inputs and gives %u outputs; interface %d needs %u inputs "
                 "and one output",
                 model_path, vs_vpunn_model_name (model), vs_vpunn_model_input_size (model),
                 vs_vpunn_model_output_size (model), dpu->interface, dpu->dsize);
    return NULL;
  }
  return g_steal_pointer (&dpu);
}

void
vs_vpunn_dpu_free (VsVpunnDpu *dpu)
{
  if (dpu == NULL)
    return;
  if (dpu->model != NULL)
    vs_vpunn_model_free (dpu->model);
  g_free (dpu->load_error);
  vs_key_index_clear (&dpu->cache);
  g_free (dpu->answers);
  g_free (dpu->jobs);
  g_free (dpu->dups);
  g_free (dpu->evals);
  g_free (dpu->desc);
  g_free (dpu->raw);
  g_free (dpu);
}

gboolean
vs_vpunn_dpu_is_loaded (const VsVpunnDpu *dpu)
{
  return dpu->model != NULL;
}

const char *
vs_vpunn_dpu_load_error (const VsVpunnDpu *dpu)
{
  return dpu->load_error;
}

const char *
vs_vpunn_dpu_model_name (const VsVpunnDpu *dpu)
{
  return dpu->model != NULL ? vs_vpunn_model_name (dpu->model) : NULL;
}

int
vs_vpunn_dpu_input_interface (const VsVpunnDpu *dpu)
{
  return dpu->interface;
}

int
vs_vpunn_dpu_output_version (const VsVpunnDpu *dpu)
{
  return dpu->output_version;
}

guint
vs_vpunn_dpu_descriptor_size (const VsVpunnDpu *dpu)
{
  return dpu->dsize;
}

/* ---- cache ---- */

static guint32
float_bits (float f)
{
  guint32 u;
  memcpy (&u, &f, sizeof u);
  return u;
}

/* Every field of a sanitized workload that can change its answer, one word
 * each, so that equal keys mean equal workloads. */
static void
make_key (const VsDpuWorkload *w, guint32 *k)
{
  guint i = 0;
  k[i++] = (guint32) w->device;
  k[i++] = (guint32) w->op;
  k[i++] = (guint32) w->execution_mode;
  k[i++] = (guint32) w->activation;
  k[i++] = (guint32) w->input.dtype;
  k[i++] = (guint32) w->input.layout;
  k[i++] = (guint32) w->output.dtype;
  k[i++] = (guint32) w->output.layout;
  k[i++] = (guint32) w->in_swizzling[0];
  k[i++] = (guint32) w->in_swizzling[1];
  k[i++] = (guint32) w->out_swizzling;
  k[i++] = (guint32) w->isi_strategy;
  k[i++] = (w->input.sparse ? 1u : 0u) | (w->output.sparse ? 2u : 0u) |
           (w->weight_sparsity_enabled ? 4u : 0u);
  k[i++] = w->input.w;
  k[i++] = w->input.h;
  k[i++] = w->input.c;
  k[i++] = w->input.b;
  k[i++] = w->output.w;
  k[i++] = w->output.h;
  k[i++] = w->output.c;
  k[i++] = w->output.b;
  k[i++] = w->kernel_w;
  k[i++] = w->kernel_h;
  k[i++] = w->stride_w;
  k[i++] = w->stride_h;
  k[i++] = w->pad_top;
  k[i++] = w->pad_bottom;
  k[i++] = w->pad_left;
  k[i++] = w->pad_right;
  k[i++] = w->output_write_tiles;
  k[i++] = float_bits (w->act_sparsity);
  k[i++] = float_bits (w->weight_sparsity);
  k[i++] = (guint32) w->halo_top;
  k[i++] = (guint32) w->halo_bottom;
  k[i++] = (guint32) w->halo_left;
  k[i++] = (guint32) w->halo_right;
  k[i++] = (guint32) w->out_halo_top;
  k[i++] = (guint32) w->out_halo_bottom;
  k[i++] = (guint32) w->out_halo_left;
  k[i++] = (guint32) w->out_halo_right;
  k[i++] = (guint32) w->out_halo_front;
  k[i++] = (guint32) w->out_halo_back;
  g_assert (i == KEY_WORDS);
}

static void
cache_clear (VsVpunnDpu *dpu)
{
  vs_key_index_reset (&dpu->cache);
}

/* Insert a key known to be absent; -1 when the cache is full or disabled. */
static gint32
cache_insert (VsVpunnDpu *dpu, const guint32 *key, guint32 hash, gint32 job)
{
  if (vs_key_index_size (&dpu->cache) >= dpu->capacity)
    return -1;
  guint i = vs_key_index_add (&dpu->cache, key, hash, NULL);
  if (i >= dpu->answers_alloc) {
    dpu->answers_alloc = MAX (256, dpu->answers_alloc * 2);
    dpu->answers = g_renew (Answer, dpu->answers, dpu->answers_alloc);
  }
  dpu->answers[i] = (Answer) { 0, job };
  return (gint32) i;
}

void
vs_vpunn_dpu_set_cache_capacity (VsVpunnDpu *dpu, gsize entries)
{
  dpu->capacity = MIN (entries, (gsize) G_MAXINT32 / 2);
  cache_clear (dpu);
}

gsize
vs_vpunn_dpu_cache_entries (const VsVpunnDpu *dpu)
{
  return vs_key_index_size (&dpu->cache);
}

void
vs_vpunn_dpu_get_stats (const VsVpunnDpu *dpu, VsVpunnDpuStats *stats)
{
  *stats = dpu->stats;
}

/* ---- the provider chain ---- */

static gboolean
dual_sparsity (const VsDpuWorkload *w)
{
  return w->input.sparse && w->weight_sparsity_enabled;
}

/* Depthwise/pooling beyond 64 channels: no shipped interface was trained
 * there, so the reference extrapolates linearly from 32 and 64 channels. */
static gboolean
needs_extrapolation (const VsDpuWorkload *w)
{
  return (w->op == VS_OP_AVEPOOL || w->op == VS_OP_DW_CONVOLUTION || w->op == VS_OP_MAXPOOL) &&
         w->input.c > 64;
}

static VsDpuWorkload
with_channels (const VsDpuWorkload *w, guint32 c)
{
  VsDpuWorkload v = *w;
  v.input.c = c;
  v.output.c = c;
  return v;
}

static Eval *
add_eval (VsVpunnDpu *dpu, const VsDpuWorkload *w)
{
  if (dpu->n_evals == dpu->evals_alloc) {
    dpu->evals_alloc = dpu->evals_alloc == 0 ? 64 : dpu->evals_alloc * 2;
    dpu->evals = g_renew (Eval, dpu->evals, dpu->evals_alloc);
    dpu->desc = g_renew (float, dpu->desc, (gsize) dpu->evals_alloc * dpu->dsize);
    dpu->raw = g_renew (float, dpu->raw, dpu->evals_alloc);
  }
  Eval *e = &dpu->evals[dpu->n_evals++];
  e->w = *w;
  return e;
}

/* Plan the network evaluations of a job; FALSE if a descriptor cannot be
 * built (the job then answers with an error). */
static gboolean
plan_job (VsVpunnDpu *dpu, Job *job)
{
  const guint first = dpu->n_evals;
  for (guint v = 0; v < job->n_variants; v++) {
    const VsDpuWorkload *w = &job->variant[v];
    job->eval[v] = dpu->n_evals;
    job->extrapolate[v] = needs_extrapolation (w);
    VsDpuWorkload rows[2];
    guint n_rows = 1;
    if (job->extrapolate[v]) {
      rows[0] = with_channels (w, 32);
      rows[1] = with_channels (w, 64);
      n_rows = 2;
    } else {
      rows[0] = *w;
    }
    for (guint r = 0; r < n_rows; r++) {
      add_eval (dpu, &rows[r]);
      float *d = dpu->desc + (gsize) (dpu->n_evals - 1) * dpu->dsize;
      if (!vs_dpu_descriptor_build (dpu->interface, &rows[r], d)) {
        dpu->n_evals = first;
        return FALSE;
      }
    }
  }
  return TRUE;
}

static VsCycles
eval_cycles (const VsVpunnDpu *dpu, guint row)
{
  return vs_dpu_postprocess (dpu->output_version, &dpu->evals[row].w, dpu->raw[row]);
}

/* The network's answer for one variant, then the theoretical fallback. */
static VsCycles
variant_cycles (const VsVpunnDpu *dpu, const Job *job, guint v)
{
  VsCycles c;
  if (dpu->model == NULL) {
    c = VS_ERROR_INFERENCE_NOT_POSSIBLE;
  } else if (job->extrapolate[v]) {
    const VsCycles c32 = eval_cycles (dpu, job->eval[v]);
    const VsCycles c64 = eval_cycles (dpu, job->eval[v] + 1);
    if (VS_CYCLES_IS_ERROR (c32)) {
      c = c32;
    } else if (VS_CYCLES_IS_ERROR (c64)) {
      c = c64;
    } else {
      const float slope = ((float) c64 - (float) c32) / (float) (64 - 32);
      const float intercept = (float) c32 - slope * (float) 32;
      c = vs_dpu_cycles_from_float (slope * (float) job->variant[v].output.c + intercept);
    }
  } else {
    c = eval_cycles (dpu, job->eval[v]);
  }
  if (VS_CYCLES_IS_ERROR (c))
    c = vs_dpu_theoretical_cycles (&job->variant[v]);
  return c;
}

static void
run_network (VsVpunnDpu *dpu)
{
  if (dpu->n_evals == 0)
    return;
  vs_vpunn_model_run (dpu->model, dpu->desc, dpu->n_evals, dpu->raw);
  dpu->stats.nn_rows += dpu->n_evals;
}

/* Answer w[0..n) (n <= SEGMENT). */
static void
cost_segment (VsVpunnDpu *dpu, const VsDpuWorkload *w, gsize n, VsCycles *out)
{
  dpu->n_jobs = 0;
  dpu->n_dups = 0;
  dpu->n_evals = 0;
  const gboolean caching = dpu->capacity > 0;
  if (caching && vs_key_index_size (&dpu->cache) + n > dpu->capacity)
    cache_clear (dpu);   /* no room for this segment's answers: start afresh */

  for (gsize i = 0; i < n; i++) {
    VsDpuWorkload s = w[i];
    VsCycles code;
    dpu->stats.queries++;
    if (!vs_dpu_sanitize (&s, &code)) {
      out[i] = code;
      continue;
    }
    guint32 key[KEY_WORDS], hash = 0;
    gint32 entry = -1;
    if (caching) {
      make_key (&s, key);
      hash = vs_key_hash (key, sizeof key);
      entry = vs_key_index_find (&dpu->cache, key, hash);
      if (entry >= 0) {
        const Answer *e = &dpu->answers[entry];
        dpu->stats.cache_hits++;
        if (e->job >= 0) {
          dpu->dups[dpu->n_dups++] = (Duplicate) { i, (guint) e->job };
        } else {
          out[i] = e->value;
        }
        continue;
      }
    }
    Job *job = &dpu->jobs[dpu->n_jobs];
    job->out_index = i;
    job->error = 0;
    if (dual_sparsity (&s)) {
      /* costed with either sparsity alone; the cheaper wins */
      job->n_variants = 2;
      job->variant[0] = s;
      job->variant[0].act_sparsity = 0.0f;
      job->variant[0].input.sparse = FALSE;
      job->variant[1] = s;
      job->variant[1].weight_sparsity = 0.0f;
      job->variant[1].weight_sparsity_enabled = FALSE;
    } else {
      job->n_variants = 1;
      job->variant[0] = s;
    }
    if (dpu->model != NULL && !plan_job (dpu, job))
      job->error = VS_ERROR_INVALID_INPUT_CONFIGURATION;
    job->entry = caching ? cache_insert (dpu, key, hash, (gint32) dpu->n_jobs) : -1;
    dpu->n_jobs++;
  }

  run_network (dpu);

  for (guint j = 0; j < dpu->n_jobs; j++) {
    Job *job = &dpu->jobs[j];
    VsCycles r;
    if (job->error != 0) {
      r = job->error;
    } else if (job->n_variants == 2) {
      const VsCycles a = variant_cycles (dpu, job, 0);
      const VsCycles b = variant_cycles (dpu, job, 1);
      r = VS_CYCLES_IS_ERROR (a) ? a : (VS_CYCLES_IS_ERROR (b) ? b : MIN (a, b));
    } else {
      r = variant_cycles (dpu, job, 0);
    }
    job->result = r;
    out[job->out_index] = r;
    if (job->entry >= 0) {
      dpu->answers[job->entry] = (Answer) { r, -1 };
    }
  }
  for (guint d = 0; d < dpu->n_dups; d++)
    out[dpu->dups[d].out_index] = dpu->jobs[dpu->dups[d].job].result;
}

void
vs_vpunn_dpu_cost_batch (VsVpunnDpu *dpu, const VsDpuWorkload *w, gsize n, VsCycles *out)
{
  for (gsize first = 0; first < n; first += SEGMENT)
    cost_segment (dpu, w + first, MIN ((gsize) SEGMENT, n - first), out + first);
}

VsCycles
vs_vpunn_dpu_cost (VsVpunnDpu *dpu, const VsDpuWorkload *w)
{
  VsCycles c;
  cost_segment (dpu, w, 1, &c);
  return c;
}

gboolean
vs_vpunn_dpu_descriptor (VsVpunnDpu *dpu, const VsDpuWorkload *w, float *out, VsCycles *error_code)
{
  VsDpuWorkload s = *w;
  if (!vs_dpu_sanitize (&s, error_code))
    return FALSE;
  if (dpu->model == NULL) {
    *error_code = VS_ERROR_INFERENCE_NOT_POSSIBLE;
    return FALSE;
  }
  if (!vs_dpu_descriptor_build (dpu->interface, &s, out)) {
    *error_code = VS_ERROR_INVALID_INPUT_CONFIGURATION;
    return FALSE;
  }
  return TRUE;
}

gboolean
vs_vpunn_dpu_raw (VsVpunnDpu *dpu, const VsDpuWorkload *w, float *raw, VsCycles *error_code)
{
  float d[VS_DPU_DESCRIPTOR_MAX];
  if (!vs_vpunn_dpu_descriptor (dpu, w, d, error_code))
    return FALSE;
  vs_vpunn_model_run (dpu->model, d, 1, raw);
  return TRUE;
}
