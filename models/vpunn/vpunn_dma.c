/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_dma.c — the DMA network's query flow: cache, descriptor, batched
 * inference, range check, post-processing, theoretical fallback.  Single
 * queries are batches of one, so both paths share every line of code. */
#include "models/vpunn/vpunn_dma.h"

#include <math.h>
#include <string.h>

#include "hw/key_index.h"
#include "models/dma_theoretical.h"

G_DEFINE_QUARK (vs-vpunn-dma-error-quark, vs_vpunn_dma_error)

/* Rows per network call: bounds the scratch memory of a huge batch. */
#define VS_DMA_CHUNK 512
#define VS_DMA_DEFAULT_CACHE 16384
#define VS_DMA_KEY_INTS 27

/* A workload flattened to ints: kind, device, then every field. */
typedef struct {
  gint32 k[VS_DMA_KEY_INTS];
} CacheKey;


struct VsVpunnDma {
  VsVpunnModel *model;          /* NULL: theoretical only */
  int interface, out_version;
  VsDmaWorkloadKind kind;
  guint desc_size, out_size;

  /* Scratch of one chunk, allocated on first use: no allocation per query. */
  float *desc, *raw;
  gsize *pending;
  CacheKey *keys;
  guint32 *hashes;

  guint cache_capacity;         /* max entries; 0 = off */
  VsKeyIndex cache;             /* CacheKeys (hw/key_index) */
  VsCycles *values;             /* the answer of each cached key */
  guint values_alloc;
  guint64 hits, misses;
};

VsVpunnDma *
vs_vpunn_dma_new (VsVpunnModel *model, GError **error)
{
  g_autoptr(VsVpunnModel) owned = model;
  g_autoptr(VsVpunnDma) m = g_new0 (VsVpunnDma, 1);
  m->cache_capacity = VS_DMA_DEFAULT_CACHE;
  vs_key_index_init (&m->cache, sizeof (CacheKey));
  if (owned == NULL)
    return g_steal_pointer (&m);

  const char *name = vs_vpunn_model_name (owned);
  m->interface = vs_vpunn_model_input_interface (owned);
  m->out_version = vs_vpunn_model_output_version (owned);
  if (!vs_dma_descriptor_kind (m->interface, &m->kind)) {
    g_autofree char *known = vs_dma_descriptor_interfaces ();
    g_set_error (error, VS_VPUNN_DMA_ERROR, VS_VPUNN_DMA_ERROR_INTERFACE,
                 "model '%s': input interface %d is not a DMA interface (%s)", name,
                 m->interface, known);
    return NULL;
  }
  if (m->out_version != 1 && m->out_version != 2) {
    g_set_error (error, VS_VPUNN_DMA_ERROR, VS_VPUNN_DMA_ERROR_INTERFACE,
                 "model '%s': DMA output version %d is not supported (1 or 2)", name,
                 m->out_version);
    return NULL;
  }
  m->desc_size = vs_dma_descriptor_size (m->interface);
  if (vs_vpunn_model_input_size (owned) != m->desc_size) {
    g_set_error (error, VS_VPUNN_DMA_ERROR, VS_VPUNN_DMA_ERROR_INTERFACE,
                 "model '%s': network input width %u, but DMA interface %d has %u values", name,
                 vs_vpunn_model_input_size (owned), m->interface, m->desc_size);
    return NULL;
  }
  m->out_size = vs_vpunn_model_output_size (owned);
  if (m->out_size == 0) {
    g_set_error (error, VS_VPUNN_DMA_ERROR, VS_VPUNN_DMA_ERROR_INTERFACE,
                 "model '%s': network has an empty output", name);
    return NULL;
  }
  m->model = g_steal_pointer (&owned);
  return g_steal_pointer (&m);
}

VsVpunnDma *
vs_vpunn_dma_load (const char *path, GError **error)
{
  VsVpunnModel *model = vs_vpunn_model_load (path, error);
  if (model == NULL)
    return NULL;
  return vs_vpunn_dma_new (model, error);
}

void
vs_vpunn_dma_free (VsVpunnDma *m)
{
  if (m == NULL)
    return;
  vs_vpunn_model_free (m->model);
  vs_key_index_clear (&m->cache);
  g_free (m->values);
  g_free (m->desc);
  g_free (m->raw);
  g_free (m->pending);
  g_free (m->keys);
  g_free (m->hashes);
  g_free (m);
}

const VsVpunnModel *
vs_vpunn_dma_model (const VsVpunnDma *m)
{
  return m->model;
}

int
vs_vpunn_dma_interface (const VsVpunnDma *m)
{
  return m->model != NULL ? m->interface : 0;
}

int
vs_vpunn_dma_output_version (const VsVpunnDma *m)
{
  return m->model != NULL ? m->out_version : 0;
}

gboolean
vs_vpunn_dma_workload_kind (const VsVpunnDma *m, VsDmaWorkloadKind *kind)
{
  if (m->model == NULL)
    return FALSE;
  *kind = m->kind;
  return TRUE;
}

/* ---- post-processing and fallback ---- */

/* Cycles::toCycleInterfaceType(float); NaN gives 0 like the reference's
 * unchecked cast on x86-64 (unreachable here: NaN is filtered before). */
static VsCycles
cycles_from_float (float x)
{
  if (x < 0.0f || x > (float) VS_CYCLES_ERROR_START)
    return VS_ERROR_INVALID_CONVERSION_TO_CYCLES;
  if (isnan (x))
    return 0;
  return (VsCycles) ceilf (x);
}

VsCycles
vs_vpunn_dma_post_process (int output_version, VsVpuDevice device, gint32 accessed_bytes,
                           float raw)
{
  const VsDmaHw *hw = vs_dma_hw_main (device);
  if (output_version == 1) {
    /* raw is a fraction of the device's peak bytes per CMX cycle. */
    if (raw > 1.1f || raw < -0.1f)
      return VS_ERROR_INVALID_OUTPUT_RANGE;
    const float min_bw = 1.0f / 200.0f;
    const float max_bw = 1.0f * (float) hw->dma_engine_bytes;
    float bw = raw * (float) hw->dma_engine_bytes;
    /* std::clamp as libstdc++ writes it: min(max(v, lo), hi). */
    bw = bw < min_bw ? min_bw : bw;
    bw = max_bw < bw ? max_bw : bw;
    if (!(bw > 0.0f))
      return VS_ERROR_INVALID_OUTPUT_RANGE;
    float vpu_cycles = (float) accessed_bytes / bw;
    float dpu_cycles = vpu_cycles * (float) hw->dpu_mhz / (float) hw->cmx_mhz;
    return cycles_from_float (dpu_cycles);
  }
  if (output_version == 2) {
    /* raw is DPU cycles. */
    if (raw > 1e9f || raw < 0.0f || isnan (raw) || isinf (raw))
      return VS_ERROR_INVALID_OUTPUT_RANGE;
    return cycles_from_float (raw);
  }
  return VS_ERROR_INVALID_OUTPUT_RANGE;
}

static gboolean
direction_locations (VsMemoryDirection d, VsMemoryLocation *in, VsMemoryLocation *out)
{
  switch (d) {
  case VS_DIR_DDR2CMX: *in = VS_MEMLOC_DRAM; *out = VS_MEMLOC_CMX; return TRUE;
  case VS_DIR_CMX2CMX: *in = VS_MEMLOC_CMX; *out = VS_MEMLOC_CMX; return TRUE;
  case VS_DIR_CMX2DDR: *in = VS_MEMLOC_CMX; *out = VS_MEMLOC_DRAM; return TRUE;
  case VS_DIR_DDR2DDR: *in = VS_MEMLOC_DRAM; *out = VS_MEMLOC_DRAM; return TRUE;
  default: return FALSE;
  }
}

/* Theoretical cost of moving `bytes` as a flat UINT8 tensor, the legacy
 * workload the reference builds for its fallback. */
static VsCycles
fallback (VsVpuDevice device, gint32 bytes, VsMemoryDirection direction)
{
  VsDmaCopyWorkload c = { 0 };
  if (!direction_locations (direction, &c.input_location, &c.output_location))
    return VS_ERROR_INVALID_INPUT_CONFIGURATION;
  c.device = device;
  c.input = (VsVpuTensor) { .w = (guint32) bytes, .h = 1, .c = 1, .b = 1,
                            .dtype = VS_DTYPE_UINT8, .layout = VS_LAYOUT_ZXY };
  c.output = c.input;
  c.output_write_tiles = 1;
  VsCycles r = vs_dma_theoretical_cycles (&c);
  return VS_CYCLES_IS_ERROR (r) ? VS_ERROR_NO_VALID_DMA_COST_PROVIDER : r;
}

VsCycles
vs_vpunn_dma_fallback_27 (const VsDmaWorkload27 *w)
{
  return fallback (w->device, vs_dma_accessed_bytes_27 (w), w->direction);
}

VsCycles
vs_vpunn_dma_fallback_40 (const VsDmaWorkload40 *w)
{
  if (w->num_dim < 0 || w->num_dim > 5)
    return VS_ERROR_INVALID_INPUT_CONFIGURATION;
  return fallback (w->device, vs_dma_accessed_bytes_40 (w), w->direction);
}

/* ---- cache ---- */

static void
key_27 (const VsDmaWorkload27 *w, CacheKey *k)
{
  memset (k, 0, sizeof *k);
  k->k[0] = VS_DMA_WORKLOAD_27;
  k->k[1] = (gint32) w->device;
  k->k[2] = w->num_planes;
  k->k[3] = w->length;
  k->k[4] = w->src_width;
  k->k[5] = w->dst_width;
  k->k[6] = w->src_stride;
  k->k[7] = w->dst_stride;
  k->k[8] = w->src_plane_stride;
  k->k[9] = w->dst_plane_stride;
  k->k[10] = (gint32) w->direction;
}

static void
key_40 (const VsDmaWorkload40 *w, CacheKey *k)
{
  /* Every dimension, used or not: the descriptor carries all five. */
  k->k[0] = VS_DMA_WORKLOAD_40;
  k->k[1] = (gint32) w->device;
  k->k[2] = w->src_width;
  k->k[3] = w->dst_width;
  k->k[4] = w->num_dim;
  for (guint d = 0; d < 5; d++) {
    k->k[5 + 4 * d] = w->dims[d].src_stride;
    k->k[6 + 4 * d] = w->dims[d].dst_stride;
    k->k[7 + 4 * d] = w->dims[d].src_dim_size;
    k->k[8 + 4 * d] = w->dims[d].dst_dim_size;
  }
  k->k[25] = w->num_engine;
  k->k[26] = (gint32) w->direction;
}

static gboolean
cache_get (VsVpunnDma *m, const CacheKey *k, guint32 hash, VsCycles *value)
{
  if (m->cache_capacity == 0)
    return FALSE;
  gint32 i = vs_key_index_find (&m->cache, k, hash);
  if (i >= 0) {
    m->hits++;
    *value = m->values[i];
    return TRUE;
  }
  m->misses++;
  return FALSE;
}

static void
cache_put (VsVpunnDma *m, const CacheKey *k, guint32 hash, VsCycles v)
{
  if (m->cache_capacity == 0)
    return;
  if (vs_key_index_size (&m->cache) >= m->cache_capacity)
    vs_key_index_reset (&m->cache);   /* full: start over rather than track recency */
  /* A key may repeat within one batch: then its answer is just rewritten. */
  guint i = vs_key_index_add (&m->cache, k, hash, NULL);
  if (i >= m->values_alloc) {
    m->values_alloc = MAX (256, m->values_alloc * 2);
    m->values = g_renew (VsCycles, m->values, m->values_alloc);
  }
  m->values[i] = v;
}

void
vs_vpunn_dma_set_cache_capacity (VsVpunnDma *m, guint capacity)
{
  m->cache_capacity = capacity;
  vs_key_index_reset (&m->cache);
}

void
vs_vpunn_dma_cache_stats (const VsVpunnDma *m, guint64 *hits, guint64 *misses)
{
  if (hits != NULL)
    *hits = m->hits;
  if (misses != NULL)
    *misses = m->misses;
}

/* ---- the query flow ---- */

typedef struct {
  VsDmaWorkloadKind kind;
  const VsDmaWorkload27 *w27;   /* arrays, one of them set */
  const VsDmaWorkload40 *w40;
} Batch;

static VsVpuDevice
batch_device (const Batch *b, gsize i)
{
  return b->kind == VS_DMA_WORKLOAD_27 ? b->w27[i].device : b->w40[i].device;
}

static gint32
batch_bytes (const Batch *b, gsize i)
{
  return b->kind == VS_DMA_WORKLOAD_27 ? vs_dma_accessed_bytes_27 (&b->w27[i])
                                       : vs_dma_accessed_bytes_40 (&b->w40[i]);
}

static VsCycles
batch_fallback (const Batch *b, gsize i)
{
  return b->kind == VS_DMA_WORKLOAD_27 ? vs_vpunn_dma_fallback_27 (&b->w27[i])
                                       : vs_vpunn_dma_fallback_40 (&b->w40[i]);
}

static void
batch_key (const Batch *b, gsize i, CacheKey *k)
{
  if (b->kind == VS_DMA_WORKLOAD_27)
    key_27 (&b->w27[i], k);
  else
    key_40 (&b->w40[i], k);
}

/* FALSE: the workload cannot be encoded for this interface. */
static gboolean
batch_encode (const Batch *b, gsize i, int interface, float *desc)
{
  return b->kind == VS_DMA_WORKLOAD_27 ? vs_dma_descriptor_27 (&b->w27[i], interface, desc)
                                       : vs_dma_descriptor_40 (&b->w40[i], interface, desc);
}

static gboolean
batch_valid (const Batch *b, gsize i)
{
  if (b->kind == VS_DMA_WORKLOAD_27)
    return (guint) b->w27[i].direction < VS_DIR_COUNT;
  const VsDmaWorkload40 *w = &b->w40[i];
  return (guint) w->direction < VS_DIR_COUNT && w->num_dim >= 0 && w->num_dim <= 5;
}

static void
run_batch (VsVpunnDma *m, const Batch *b, gsize n, VsCycles *out)
{
  gboolean use_nn = m->model != NULL && m->kind == b->kind;
  const gsize chunk = VS_DMA_CHUNK;
  if (m->keys == NULL) {
    if (m->model != NULL) {
      m->desc = g_new (float, chunk * m->desc_size);
      m->raw = g_new (float, chunk * m->out_size);
    }
    m->pending = g_new (gsize, chunk);
    m->keys = g_new (CacheKey, chunk);
    m->hashes = g_new (guint32, chunk);
  }
  float *desc = m->desc, *raw = m->raw;
  gsize *pending = m->pending;
  CacheKey *keys = m->keys;
  guint32 *hashes = m->hashes;

  for (gsize start = 0; start < n; start += chunk) {
    gsize end = MIN (n, start + chunk), n_pending = 0;
    for (gsize i = start; i < end; i++) {
      CacheKey *k = &keys[i - start];
      batch_key (b, i, k);
      guint32 h = hashes[i - start] = vs_key_hash (k, sizeof *k);
      if (cache_get (m, k, h, &out[i]))
        continue;
      if (!batch_valid (b, i)) {
        out[i] = VS_ERROR_INVALID_INPUT_CONFIGURATION;
      } else if (!use_nn) {
        out[i] = batch_fallback (b, i);
        if (!VS_CYCLES_IS_ERROR (out[i]))
          cache_put (m, k, h, out[i]);
      } else if (batch_encode (b, i, m->interface, desc + n_pending * m->desc_size)) {
        pending[n_pending++] = i;
      } else {
        out[i] = VS_ERROR_INVALID_INPUT_CONFIGURATION;
      }
    }
    if (n_pending == 0)
      continue;
    vs_vpunn_model_run (m->model, desc, n_pending, raw);
    for (gsize j = 0; j < n_pending; j++) {
      gsize i = pending[j];
      VsCycles c = vs_vpunn_dma_post_process (m->out_version, batch_device (b, i),
                                              batch_bytes (b, i), raw[j * m->out_size]);
      if (VS_CYCLES_IS_ERROR (c))
        c = batch_fallback (b, i);
      out[i] = c;
      if (!VS_CYCLES_IS_ERROR (c))
        cache_put (m, &keys[i - start], hashes[i - start], c);
    }
  }
}

VsCycles
vs_vpunn_dma_cycles_27 (VsVpunnDma *m, const VsDmaWorkload27 *w)
{
  VsCycles c;
  vs_vpunn_dma_cycles_27_batch (m, w, 1, &c);
  return c;
}

VsCycles
vs_vpunn_dma_cycles_40 (VsVpunnDma *m, const VsDmaWorkload40 *w)
{
  VsCycles c;
  vs_vpunn_dma_cycles_40_batch (m, w, 1, &c);
  return c;
}

void
vs_vpunn_dma_cycles_27_batch (VsVpunnDma *m, const VsDmaWorkload27 *w, gsize n, VsCycles *out)
{
  g_return_if_fail (m != NULL && (w != NULL || n == 0));
  Batch b = { VS_DMA_WORKLOAD_27, w, NULL };
  run_batch (m, &b, n, out);
}

void
vs_vpunn_dma_cycles_40_batch (VsVpunnDma *m, const VsDmaWorkload40 *w, gsize n, VsCycles *out)
{
  g_return_if_fail (m != NULL && (w != NULL || n == 0));
  Batch b = { VS_DMA_WORKLOAD_40, NULL, w };
  run_batch (m, &b, n, out);
}

static gboolean
raw_one (const VsVpunnDma *m, const Batch *b, float *raw)
{
  float desc[VS_DMA_DESCRIPTOR_MAX];
  if (m->model == NULL || m->kind != b->kind || !batch_valid (b, 0)
      || !batch_encode (b, 0, m->interface, desc))
    return FALSE;
  g_autofree float *outputs = g_new (float, m->out_size);
  vs_vpunn_model_run (m->model, desc, 1, outputs);
  *raw = outputs[0];
  return TRUE;
}

gboolean
vs_vpunn_dma_raw_27 (const VsVpunnDma *m, const VsDmaWorkload27 *w, float *raw)
{
  Batch b = { VS_DMA_WORKLOAD_27, w, NULL };
  return raw_one (m, &b, raw);
}

gboolean
vs_vpunn_dma_raw_40 (const VsVpunnDma *m, const VsDmaWorkload40 *w, float *raw)
{
  Batch b = { VS_DMA_WORKLOAD_40, NULL, w };
  return raw_one (m, &b, raw);
}

/* ---- tensor copies ---- */

gboolean
vs_vpunn_dma_serves_device (const VsVpunnDma *m, VsVpuDevice device)
{
  if (m->model == NULL)
    return FALSE;
  switch (device) {
  case VS_DEVICE_VPU_2_0: case VS_DEVICE_VPU_2_1: case VS_DEVICE_VPU_2_7:
    return m->kind == VS_DMA_WORKLOAD_27;
  case VS_DEVICE_VPU_4_0: case VS_DEVICE_NPU_5_0: case VS_DEVICE_NPU_RESERVED:
    return m->kind == VS_DMA_WORKLOAD_40;
  default:
    return FALSE;
  }
}

/* The direction of a copy between DRAM and CMX; FALSE for other memories. */
static gboolean
copy_direction (const VsDmaCopyWorkload *c, VsMemoryDirection *dir)
{
  gboolean in_dram = c->input_location == VS_MEMLOC_DRAM, in_cmx = c->input_location == VS_MEMLOC_CMX;
  gboolean out_dram = c->output_location == VS_MEMLOC_DRAM;
  gboolean out_cmx = c->output_location == VS_MEMLOC_CMX;
  if (!(in_dram || in_cmx) || !(out_dram || out_cmx))
    return FALSE;
  *dir = in_dram ? (out_dram ? VS_DIR_DDR2DDR : VS_DIR_DDR2CMX)
                 : (out_dram ? VS_DIR_CMX2DDR : VS_DIR_CMX2CMX);
  return TRUE;
}

/* DMAWorkloadTransformer's preconditions: a plain copy between DRAM and CMX. */
static gboolean
copy_plain (const VsDmaCopyWorkload *c, VsMemoryDirection *dir, gint32 *bytes)
{
  guint32 in = vs_dma_tensor_bytes (&c->input), out = vs_dma_tensor_bytes (&c->output);
  if (in != out || c->input.dtype != c->output.dtype || c->input.layout != c->output.layout)
    return FALSE;
  if (!copy_direction (c, dir))
    return FALSE;
  *bytes = (gint32) in;
  return TRUE;
}

/* A descriptor the records can carry: positive sizes, whole runs per plane. */
static gboolean
planes_usable (const VsDmaPlanes *p)
{
  return p->count > 0 && p->len > 0 && p->src_width > 0 && p->dst_width > 0 &&
         p->src_width <= p->len && p->dst_width <= p->len && p->len % p->src_width == 0 &&
         p->len % p->dst_width == 0 && (gint64) p->count * p->len <= G_MAXINT32;
}

gboolean
vs_vpunn_dma_copy_to_27 (const VsDmaCopyWorkload *c, VsDmaWorkload27 *out)
{
  VsMemoryDirection dir;
  gint32 bytes;
  /* With the compiler's descriptor the record is that descriptor, which is
   * what the network was trained on (a permute's one-element runs cost an
   * order of magnitude more than the same bytes copied whole). */
  const VsDmaPlanes *p = &c->planes;
  if (planes_usable (p) && copy_direction (c, &dir)) {
    *out = (VsDmaWorkload27) { .device = c->device, .num_planes = p->count - 1, .length = p->len,
                               .src_width = p->src_width, .dst_width = p->dst_width,
                               .src_stride = p->src_stride, .dst_stride = p->dst_stride,
                               .src_plane_stride = p->src_plane_stride,
                               .dst_plane_stride = p->dst_plane_stride, .direction = dir };
    return TRUE;
  }
  if (!copy_plain (c, &dir, &bytes))
    return FALSE;
  *out = (VsDmaWorkload27) { .device = c->device, .num_planes = 0, .length = bytes,
                             .src_width = bytes, .dst_width = bytes, .direction = dir };
  return TRUE;
}

gboolean
vs_vpunn_dma_copy_to_40 (const VsDmaCopyWorkload *c, VsDmaWorkload40 *out)
{
  VsMemoryDirection dir;
  gint32 bytes;
  const VsDmaPlanes *p = &c->planes;
  if (planes_usable (p) && copy_direction (c, &dir)) {
    /* The same pattern in dimensions: the runs inside a plane, then the
     * planes; each dimension is left out when it repeats once. */
    *out = (VsDmaWorkload40) { .device = c->device, .src_width = p->src_width,
                               .dst_width = p->dst_width, .num_engine = 0, .direction = dir };
    gint32 src_runs = p->len / p->src_width, dst_runs = p->len / p->dst_width;
    if (src_runs > 1 || dst_runs > 1)
      out->dims[out->num_dim++] = (VsDmaDim) { .src_stride = p->src_stride,
                                               .dst_stride = p->dst_stride,
                                               .src_dim_size = src_runs - 1,
                                               .dst_dim_size = dst_runs - 1 };
    if (p->count > 1)
      out->dims[out->num_dim++] = (VsDmaDim) { .src_stride = p->src_plane_stride,
                                               .dst_stride = p->dst_plane_stride,
                                               .src_dim_size = p->count - 1,
                                               .dst_dim_size = p->count - 1 };
    return TRUE;
  }
  if (!copy_plain (c, &dir, &bytes))
    return FALSE;
  *out = (VsDmaWorkload40) { .device = c->device, .src_width = bytes, .dst_width = bytes,
                             .num_dim = 0, .num_engine = 0, .direction = dir };
  return TRUE;
}

VsCycles
vs_vpunn_dma_copy_cycles (VsVpunnDma *m, const VsDmaCopyWorkload *w)
{
  VsCycles c;
  vs_vpunn_dma_copy_cycles_batch (m, w, 1, &c);
  return c;
}

void
vs_vpunn_dma_copy_cycles_batch (VsVpunnDma *m, const VsDmaCopyWorkload *w, gsize n, VsCycles *out)
{
  g_return_if_fail (m != NULL && (w != NULL || n == 0));
  if (m->model == NULL) {
    for (gsize i = 0; i < n; i++)
      out[i] = vs_dma_theoretical_cycles (&w[i]);
    return;
  }
  /* Convert what the network can take, cost those in one batch. */
  gsize n_alloc = MAX (n, 1);
  g_autofree gsize *index = g_new (gsize, n_alloc);
  gsize n_nn = 0;
  g_autofree VsDmaWorkload27 *w27 =
      m->kind == VS_DMA_WORKLOAD_27 ? g_new (VsDmaWorkload27, n_alloc) : NULL;
  g_autofree VsDmaWorkload40 *w40 =
      m->kind == VS_DMA_WORKLOAD_40 ? g_new (VsDmaWorkload40, n_alloc) : NULL;
  for (gsize i = 0; i < n; i++) {
    gboolean ok = vs_vpunn_dma_serves_device (m, w[i].device)
                  && (m->kind == VS_DMA_WORKLOAD_27 ? vs_vpunn_dma_copy_to_27 (&w[i], &w27[n_nn])
                                                    : vs_vpunn_dma_copy_to_40 (&w[i], &w40[n_nn]));
    if (ok)
      index[n_nn++] = i;
    else
      out[i] = vs_dma_theoretical_cycles (&w[i]);
  }
  if (n_nn == 0)
    return;
  g_autofree VsCycles *r = g_new (VsCycles, n_nn);
  if (m->kind == VS_DMA_WORKLOAD_27)
    vs_vpunn_dma_cycles_27_batch (m, w27, n_nn, r);
  else
    vs_vpunn_dma_cycles_40_batch (m, w40, n_nn, r);
  for (gsize j = 0; j < n_nn; j++)
    out[index[j]] = r[j];
}
