/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_tasks.c — one VPURT.Task: its barriers, the op inside dispatched to
 * its kind (DMA, DPU, SHAVE, UPA, M2I, unknown), its name and layer from
 * the location; operand helpers the task kinds share. */
#include "config.h"

#include <string.h>

#include "sim/import/vpurt_internal.h"

VsTensorRef
vpurt_buffer_ref (Importer *im, guint tok, const char *what)
{
  Value *v = vpurt_value_get (im, tok);
  if (v == NULL || v->kind != VAL_BUFFER) {
    g_autofree char *name = vpurt_value_name (im->m, tok);
    vpurt_warn (im, tok, "operand", "%s %s is not a declared buffer: left without tensor", what, name);
    return -1;
  }
  return v->empty ? -1 : v->index;
}

VsTensorRef
vpurt_first_operand (Importer *im, Span sp, const char *keyword)
{
  guint g = vpurt_find_keyword_group (im->m, sp, keyword);
  if (g == 0)
    return -1;
  g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
  vpurt_group_values (im->m, g, vals);
  return vals->len > 0 ? vpurt_buffer_ref (im, g_array_index (vals, guint, 0), keyword) : -1;
}

/* Is the first operand of `keyword` a zero-element placeholder? */
gboolean
vpurt_operand_empty (Importer *im, Span sp, const char *keyword)
{
  guint g = vpurt_find_keyword_group (im->m, sp, keyword);
  if (g == 0)
    return FALSE;
  g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
  vpurt_group_values (im->m, g, vals);
  Value *v = vals->len > 0 ? vpurt_value_get (im, g_array_index (vals, guint, 0)) : NULL;
  return v != NULL && v->kind == VAL_BUFFER && v->empty;
}

const VsTensor *
vpurt_tensor_of (Importer *im, VsTensorRef r)
{
  return vs_schedule_tensor (im->s, r);
}

/* An op we do not know: place it by its name and cost it as the compiler
 * does what it cannot cost (1 cycle). */
void
vpurt_task_unknown (Importer *im, Span in, guint opname, const char *full, VsTask *t)
{
  g_autofree char *key = g_strconcat ("op:", full, NULL);
  VsEngine engine = VS_ENGINE_DMA;
  if (strstr (full, "DMA") != NULL)
    engine = VS_ENGINE_DMA;
  else if (strstr (full, "NCE") != NULL || strstr (full, "DPU") != NULL)
    engine = VS_ENGINE_DPU;
  else if (strstr (full, "SW") != NULL || strstr (full, "Shave") != NULL || strstr (full, "ACT") != NULL)
    engine = VS_ENGINE_SHAVE;
  else if (strstr (full, "M2I") != NULL)
    engine = VS_ENGINE_M2I;
  vpurt_warn (im, opname, key, "unknown operation %s: imported as a %s task costing 1 cycle", full,
        vs_engine_name (engine));
  t->cost.source = VS_COST_SOURCE_COMPILER;
  t->cost.in_ns = FALSE;
  t->cost.value = 1;
  switch (engine) {
  case VS_ENGINE_DPU:
    t->kind = VS_TASK_DPU;
    /* the YAML reader's defaults, so that the task writes and reads back */
    t->spec.dpu.kernel_w = t->spec.dpu.kernel_h = 1;
    t->spec.dpu.stride_w = t->spec.dpu.stride_h = 1;
    t->spec.dpu.output_write_tiles = 1;
    t->spec.dpu.input = t->spec.dpu.weights = -1;
    t->spec.dpu.output = vpurt_first_operand (im, in, "outputs");
    t->spec.dpu.first_variant = im->s->variants->len;
    t->queue = vpurt_get_queue (im, VS_ENGINE_DPU, 0, -1, -1, 1);
    break;
  case VS_ENGINE_SHAVE:
    t->kind = VS_TASK_SHAVE;
    t->spec.shave.runs = 1;
    t->queue = vpurt_get_queue (im, VS_ENGINE_SHAVE, 0, -1, im->per_shave_fifo ? 0 : -1,
                          im->per_shave_fifo ? 1 : MAX (im->s->device.shaves_per_tile, 1));
    break;
  case VS_ENGINE_M2I:
    t->kind = VS_TASK_M2I;
    t->queue = vpurt_get_queue (im, VS_ENGINE_M2I, -1, -1, -1, 1);
    break;
  default: {
    g_autoptr (GArray) attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
    vpurt_op_attrs (im->m, opname, in.end, attrs);
    gint64 port = 0;
    if (!vpurt_val_int (im->m, vpurt_attr_get (im->m, attrs, "port"), &port) || port < 0 || port > 63)
      port = 0;
    t->kind = VS_TASK_DMA;
    t->spec.dma.src = vpurt_first_operand (im, in, "inputs");
    t->spec.dma.dst = vpurt_first_operand (im, in, "outputs");
    t->spec.dma.op = vs_schedule_intern (im->s, full);
    const VsTensor *ts = vpurt_tensor_of (im, t->spec.dma.src);
    gint channel = im->s->device.dma_channels > 1
                     ? (ts == NULL || ts->memory == VS_MEMORY_DDR ? 0 : 1) : -1;
    t->queue = vpurt_get_queue (im, VS_ENGINE_DMA, -1, (gint) port, channel, 1);
  }
  }
}

/* The result names and op name of a statement: `%a, %b:2 = op ...` or `op ...`. */
guint
vpurt_statement_op (const VsMlirText *m, Span sp, guint *first_result)
{
  guint i = sp.first;
  *first_result = 0;
  if (kind_of (m, i) == VS_MLIR_TOK_VALUE) {
    *first_result = i;
    while (i < sp.end && !vs_mlir_is_punct (m, i, '='))
      i = vs_mlir_skip (m, i);
    i++;
  }
  if (i >= sp.end)
    return 0;
  VsMlirTokKind k = kind_of (m, i);
  return k == VS_MLIR_TOK_IDENT || k == VS_MLIR_TOK_STRING ? i : 0;
}

static gboolean
add_refs (Importer *im, Span st, const char *keyword, guint *first, guint *n, GError **error)
{
  guint g = vpurt_find_keyword_group (im->m, st, keyword);
  *first = im->s->refs->len;
  *n = 0;
  if (g == 0)
    return TRUE;
  g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
  vpurt_group_values (im->m, g, vals);
  for (guint k = 0; k < vals->len; k++) {
    guint tok = g_array_index (vals, guint, k);
    Value *v = vpurt_value_get (im, tok);
    if (v == NULL || v->kind != VAL_BARRIER) {
      g_autofree char *name = vpurt_value_name (im->m, tok);
      vs_mlir_error_at (im->m, tok, error, "%s of a VPURT.Task: %s is not a declared barrier",
                        keyword, name);
      return FALSE;
    }
    g_array_append_val (im->s->refs, v->index);
    (*n)++;
  }
  return TRUE;
}

gboolean
vpurt_import_task (Importer *im, Span st, guint op, GError **error)
{
  const VsMlirText *m = im->m;
  VsTask t;
  memset (&t, 0, sizeof t);
  t.line = vs_mlir_tok (m, op)->line;
  if (!add_refs (im, st, "waits", &t.first_wait, &t.n_waits, error) ||
      !add_refs (im, st, "updates", &t.first_update, &t.n_updates, error) ||
      !add_refs (im, st, "enqueueTarget", &t.first_enqueue, &t.n_enqueue, error))
    return FALSE;
  t.first_after = im->s->refs->len;
  /* the region: the last brace group at the top level (after `attributes {..}`) */
  guint region = 0;
  for (guint i = op + 1; i < st.end; i = vs_mlir_skip (m, i)) {
    if (vs_mlir_is_ident (m, i, "attributes") && opens (m, i + 1, '{')) {
      i = i + 1;
      continue;
    }
    if (opens (m, i, '{'))
      region = i;
  }
  Span inner = { 0, 0 };
  guint inner_op = 0;
  if (region != 0) {
    g_autoptr (GArray) sts = vpurt_split_statements (m, region + 1, close_of (m, region));
    for (guint k = 0; k < sts->len && inner_op == 0; k++) {
      Span sp = g_array_index (sts, Span, k);
      guint res;
      guint o = vpurt_statement_op (m, sp, &res);
      if (o != 0) {
        inner = sp;
        inner_op = o;
      }
    }
  }
  if (inner_op == 0) {
    vs_mlir_error_at (m, op, error, "VPURT.Task without an operation inside");
    return FALSE;
  }
  g_autofree char *full = kind_of (m, inner_op) == VS_MLIR_TOK_STRING
                            ? vs_mlir_string (m, inner_op, NULL) : vs_mlir_tok_dup (m, inner_op);
  if (full == NULL)
    full = g_strdup ("?");
  const char *shortname = g_str_has_prefix (full, "VPUIP.") ? full + 6 : full;
  if (g_str_has_prefix (full, "VPUIP.") && kind_of (m, inner_op) == VS_MLIR_TOK_IDENT &&
      (g_str_has_suffix (shortname, "DMA") || g_str_has_suffix (shortname, "DMAOp") ||
       strcmp (shortname, "Timestamp") == 0)) {
    /* CompressedDMAOp (2023), DecompressDMAOp, CompressDMAOp, UpsamplingDMAOp:
     * the mnemonic carries the C++ class's "Op"; the schedule keeps "...DMA" */
    g_autofree char *dma_op = g_str_has_suffix (shortname, "DMAOp")
                                ? g_strndup (shortname, strlen (shortname) - 2) : g_strdup (shortname);
    if (!vpurt_task_dma (im, inner, inner_op, dma_op, &t, error))
      return FALSE;
  } else if (strcmp (full, "VPUIP.NCEClusterTask") == 0) {
    if (!vpurt_task_dpu (im, inner, inner_op, &t, error))
      return FALSE;
  } else if (strcmp (full, "VPUIP.SW.Kernel") == 0) {
    vpurt_task_shave (im, inner, inner_op, &t);
  } else if (g_str_has_prefix (full, "VPUIP.") && g_str_has_suffix (shortname, "UPA") &&
             strlen (shortname) > 3) {
    vpurt_task_upa (im, inner, shortname, &t);
  } else if (strcmp (full, "VPUIP.M2ITask") == 0) {
    t.kind = VS_TASK_M2I;
    t.queue = vpurt_get_queue (im, VS_ENGINE_M2I, -1, -1, -1, 1);
    t.cost.source = VS_COST_SOURCE_COMPILER;
    t.cost.value = 1;
    vpurt_warn (im, inner_op, "m2i",
                "M2I tasks have no cost model: 1 cycle, as the compiler's estimator");
  } else {
    vpurt_task_unknown (im, inner, inner_op, full, &t);
  }
  char *name = vpurt_statement_name (im, inner);
  if (name == NULL)
    name = vpurt_statement_name (im, st);
  t.name = vs_schedule_intern (im->s, name);
  if (name != NULL) {
    const char *q = strrchr (name, '?');
    g_autofree char *layer = q != NULL ? g_strndup (name, (gsize) (q - name)) : g_strdup (name);
    t.layer = vs_schedule_intern (im->s, layer);
  }
  g_free (name);
  char id[32];
  g_snprintf (id, sizeof id, "t%u", im->task_counter++);
  t.id = vs_schedule_intern (im->s, id);
  g_array_append_val (im->s->tasks, t);
  return TRUE;
}
