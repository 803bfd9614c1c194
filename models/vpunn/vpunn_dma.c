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
#define VS_DMA_KEY_INTS (1 + VS_DMA_RECORD_MAX_FIELDS)

/* A record flattened to ints: its bytes (every field, the layouts having no
 * padding), zeros after a short record, then its kind. */
typedef struct {
  gint32 k[VS_DMA_KEY_INTS];
} CacheKey;


struct VsVpunnDma {
  VsVpunnModel *model;          /* NULL: theoretical only */
  int interface, out_version;
  const VsDmaLayout *layout;    /* of the records the network reads */
  const VsDmaInterface *iface;  /* its row: size and descriptor builder */
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
  g_autoptr(GError) local = NULL;
  m->layout = vs_dma_layout_for_interface (m->interface, &m->iface, &local);
  if (m->layout == NULL) {
    g_set_error (error, VS_VPUNN_DMA_ERROR, VS_VPUNN_DMA_ERROR_INTERFACE, "model '%s': %s", name,
                 local->message);
    return NULL;
  }
  if (m->out_version != 1 && m->out_version != 2) {
    g_set_error (error, VS_VPUNN_DMA_ERROR, VS_VPUNN_DMA_ERROR_INTERFACE,
                 "model '%s': DMA output version %d is not supported (1 or 2)", name,
                 m->out_version);
    return NULL;
  }
  m->desc_size = m->iface->size;
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
  *kind = m->layout->kind;
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

static VsCycles
record_fallback (const VsDmaLayout *l, const void *record)
{
  if (!l->valid (record))
    return VS_ERROR_INVALID_INPUT_CONFIGURATION;
  return fallback (vs_dma_record_device (l, record), l->accessed_bytes (record),
                   vs_dma_record_direction (l, record));
}

VsCycles
vs_vpunn_dma_fallback (VsDmaWorkloadKind kind, const void *record)
{
  const VsDmaLayout *l = vs_dma_layout_get (kind);
  return l != NULL ? record_fallback (l, record) : VS_ERROR_INVALID_INPUT_CONFIGURATION;
}

/* ---- cache ---- */

/* The record's bytes first, the kind last: the key's hash reads 8 bytes at a
 * time, and with the kind first its reads straddled the kind's store and the
 * record copy's, which the CPU cannot forward (cached NPU 4.0 queries were
 * 8 % slower than the old hand-written key; with the kind last, 38 % faster). */
static inline void
record_key (const VsDmaLayout *l, const void *record, CacheKey *k)
{
  l->key (record, k->k);
  k->k[VS_DMA_RECORD_MAX_FIELDS] = (gint32) l->kind;
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

/* Record i of an array of layout l. */
static inline const void *
record_at (const VsDmaLayout *l, const void *records, gsize i)
{
  return (const char *) records + i * l->record_size;
}

/* Descriptor of a valid record; FALSE: the interface cannot encode it. */
static gboolean
encode (const VsVpunnDma *m, const void *record, float *desc)
{
  memset (desc, 0, m->desc_size * sizeof (float));
  return m->iface->build (record, desc);
}

static void
alloc_scratch (VsVpunnDma *m, gsize chunk)
{
  if (m->model != NULL) {
    m->desc = g_new (float, chunk * m->desc_size);
    m->raw = g_new (float, chunk * m->out_size);
  }
  m->pending = g_new (gsize, chunk);
  m->keys = g_new (CacheKey, chunk);
  m->hashes = g_new (guint32, chunk);
}

static void
run_batch (VsVpunnDma *m, const VsDmaLayout *l, const void *records, gsize n, VsCycles *out)
{
  gboolean use_nn = m->model != NULL && m->layout == l;
  const gsize chunk = VS_DMA_CHUNK;
  if (m->keys == NULL)
    alloc_scratch (m, chunk);
  float *desc = m->desc, *raw = m->raw;
  gsize *pending = m->pending;
  CacheKey *keys = m->keys;
  guint32 *hashes = m->hashes;

  for (gsize start = 0; start < n; start += chunk) {
    gsize end = MIN (n, start + chunk), n_pending = 0;
    for (gsize i = start; i < end; i++) {
      const void *r = record_at (l, records, i);
      CacheKey *k = &keys[i - start];
      record_key (l, r, k);
      guint32 h = hashes[i - start] = vs_key_hash (k, sizeof *k);
      if (cache_get (m, k, h, &out[i]))
        continue;
      if (!l->valid (r)) {
        out[i] = VS_ERROR_INVALID_INPUT_CONFIGURATION;
      } else if (!use_nn) {
        out[i] = record_fallback (l, r);
        if (!VS_CYCLES_IS_ERROR (out[i]))
          cache_put (m, k, h, out[i]);
      } else if (encode (m, r, desc + n_pending * m->desc_size)) {
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
      const void *r = record_at (l, records, i);
      VsCycles c = vs_vpunn_dma_post_process (m->out_version, vs_dma_record_device (l, r),
                                              l->accessed_bytes (r), raw[j * m->out_size]);
      if (VS_CYCLES_IS_ERROR (c))
        c = record_fallback (l, r);
      out[i] = c;
      if (!VS_CYCLES_IS_ERROR (c))
        cache_put (m, &keys[i - start], hashes[i - start], c);
    }
  }
}

VsCycles
vs_vpunn_dma_cycles (VsVpunnDma *m, VsDmaWorkloadKind kind, const void *record)
{
  VsCycles c = VS_ERROR_INVALID_INPUT_CONFIGURATION;   /* if the batch refuses its arguments */
  vs_vpunn_dma_cycles_batch (m, kind, record, 1, &c);
  return c;
}

void
vs_vpunn_dma_cycles_batch (VsVpunnDma *m, VsDmaWorkloadKind kind, const void *records, gsize n,
                           VsCycles *out)
{
  g_return_if_fail (m != NULL && (records != NULL || n == 0));
  const VsDmaLayout *l = vs_dma_layout_get (kind);
  if (l == NULL) {
    for (gsize i = 0; i < n; i++)
      out[i] = VS_ERROR_INVALID_INPUT_CONFIGURATION;
    return;
  }
  run_batch (m, l, records, n, out);
}

gboolean
vs_vpunn_dma_raw (const VsVpunnDma *m, VsDmaWorkloadKind kind, const void *record, float *raw)
{
  float desc[VS_DMA_DESCRIPTOR_MAX];
  const VsDmaLayout *l = vs_dma_layout_get (kind);
  if (m->model == NULL || l == NULL || m->layout != l || !l->valid (record)
      || !encode (m, record, desc))
    return FALSE;
  g_autofree float *outputs = g_new (float, m->out_size);
  vs_vpunn_model_run (m->model, desc, 1, outputs);
  *raw = outputs[0];
  return TRUE;
}

/* ---- tensor copies ---- */

gboolean
vs_vpunn_dma_serves_device (const VsVpunnDma *m, VsVpuDevice device)
{
  return m->model != NULL && vs_dma_layout_serves_device (m->layout->kind, device);
}

gboolean
vs_vpunn_dma_trained_on (const VsVpunnDma *m, VsVpuDevice device)
{
  return vs_vpunn_dma_serves_device (m, device) && m->layout->home == device;
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
  /* Convert what the network can take to its layout, cost those in one batch. */
  const VsDmaLayout *l = m->layout;
  gsize n_alloc = MAX (n, 1);
  g_autofree gsize *index = g_new (gsize, n_alloc);
  g_autofree char *records = g_malloc (n_alloc * l->record_size);
  gsize n_nn = 0;
  for (gsize i = 0; i < n; i++) {
    if (vs_vpunn_dma_serves_device (m, w[i].device)
        && vs_dma_record_from_copy (l->kind, &w[i], records + n_nn * l->record_size))
      index[n_nn++] = i;
    else
      out[i] = vs_dma_theoretical_cycles (&w[i]);
  }
  if (n_nn == 0)
    return;
  g_autofree VsCycles *r = g_new (VsCycles, n_nn);
  run_batch (m, l, records, n_nn, r);
  for (gsize j = 0; j < n_nn; j++)
    out[index[j]] = r[j];
}
