/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_task_shave.c — SHAVE tasks: VPUIP.SW.Kernel (kernel, tile, list,
 * runs, operands) and the VPU 2.0 UPA software layers (one global queue). */
#include "config.h"

#include <string.h>

#include "sim/import/vpurt_internal.h"

static void
shave_operands (Importer *im, Span in, const char *keyword, VsTensorRef *out, guint *n)
{
  guint g = vpurt_find_keyword_group (im->m, in, keyword);
  *n = 0;
  if (g == 0)
    return;
  g_autoptr (GArray) vals = g_array_new (FALSE, FALSE, sizeof (guint));
  vpurt_group_values (im->m, g, vals);
  for (guint k = 0; k < vals->len; k++) {
    if (*n == VS_SHAVE_MAX_ARGS) {
      vpurt_warn (im, g_array_index (vals, guint, k), "shave-args",
            "SHAVE kernel with more than %d %s: the rest are not given to the cost model",
            VS_SHAVE_MAX_ARGS, keyword);
      break;
    }
    out[(*n)++] = vpurt_buffer_ref (im, g_array_index (vals, guint, k), keyword);
  }
}

static void
check_kernel_name (Importer *im, guint tok, const char *kernel)
{
  if (g_hash_table_contains (im->vpunn_kernels, kernel))
    return;
  g_autofree char *key = g_strconcat ("kernel:", kernel, NULL);
  vpurt_warn (im, tok, key, "SHAVE kernel '%s' is not in VPUNN's SHAVE table: the VPUNN cost model "
        "cannot cost it", kernel);
}

void
vpurt_task_shave (Importer *im, Span in, guint opname, VsTask *t)
{
  const VsMlirText *m = im->m;
  VsShaveSpec *sh = &t->spec.shave;
  g_autoptr (GArray) attrs = g_array_new (FALSE, FALSE, sizeof (Attr));
  vpurt_op_attrs (m, opname, in.end, attrs);
  t->kind = VS_TASK_SHAVE;
  /* @VPU.SW::@builtin_Convert: the last symbol before the operands */
  g_autofree char *symbol = NULL;
  gint64 tile = -1;
  for (guint i = opname + 1; i < in.end; i = vs_mlir_skip (m, i)) {
    if (kind_of (m, i) == VS_MLIR_TOK_SYMBOL && symbol == NULL) {
      guint j = i;
      while (vs_mlir_is_punct (m, j + 1, ':') && vs_mlir_is_punct (m, j + 2, ':') &&
             kind_of (m, j + 3) == VS_MLIR_TOK_SYMBOL)
        j += 3;
      g_autofree char *raw = vs_mlir_tok_dup (m, j);
      symbol = g_strdup (raw + 1);
    }
    if (vs_mlir_is_ident (m, i, "on") && vs_mlir_is_ident (m, i + 1, "tile"))
      vs_mlir_int (m, i + 2, &tile);
  }
  if (tile < 0 && !vpurt_val_int (m, vpurt_attr_get (m, attrs, "tileIndex"), &tile))
    tile = 0;
  if (tile >= MAX_TILES) {
    vpurt_warn (im, opname, "shave-tile", "SW.Kernel tile %" G_GINT64_FORMAT " out of range: read as 0",
                tile);
    tile = 0;
  }
  const char *kernel = symbol != NULL ? symbol : "unknown";
  if (g_str_has_prefix (kernel, "builtin_"))
    kernel += strlen ("builtin_");
  sh->kernel = vs_schedule_intern (im->s, kernel);
  check_kernel_name (im, opname, sh->kernel);
  shave_operands (im, in, "inputs", sh->inputs, &sh->n_inputs);
  shave_operands (im, in, "outputs", sh->outputs, &sh->n_outputs);
  if (sh->n_outputs == 0) {
    /* cache_flush_invalidate and the like: nothing a cost model can size */
    vpurt_warn (im, opname, "shave-no-output", "SW.Kernel without outputs (%s): costed 1 cycle, as the "
          "compiler's estimator does", sh->kernel);
    t->cost.source = VS_COST_SOURCE_COMPILER;
    t->cost.value = 1;
  }
  /* runs: the SW.Kernel.run ops of its region */
  sh->runs = 0;
  guint region = 0;
  for (guint i = opname + 1; i < in.end; i = vs_mlir_skip (m, i))
    if (opens (m, i, '{'))
      region = i;
  if (region != 0) {
    g_autoptr (GArray) sts = vpurt_split_statements (m, region + 1, close_of (m, region));
    for (guint k = 0; k < sts->len; k++)
      if (vs_mlir_text_is (m, g_array_index (sts, Span, k).first, "VPUIP.SW.Kernel.run"))
        sh->runs++;
  }
  if (sh->runs == 0)
    sh->runs = 1;
  sh->runs = MIN (sh->runs, VS_VPURT_MAX_RUNS);
  gint64 list = -1;
  if (!vpurt_val_int (m, vpurt_attr_get (m, attrs, "listIndex"), &list))
    vpurt_val_int (m, vpurt_attr_get (m, attrs, "list_index"), &list);
  gint channel = -1, servers = MAX (im->s->device.shaves_per_tile, 1);
  if (im->per_shave_fifo) {
    channel = list >= 0 && list < 64 ? (gint) list : 0;
    servers = 1;
  }
  t->queue = vpurt_get_queue (im, VS_ENGINE_SHAVE, (gint) tile, -1, channel, servers);
}

/* VPU 2.0 software layers: one global queue served by the UPA SHAVEs. */
void
vpurt_task_upa (Importer *im, Span in, const char *op, VsTask *t)
{
  VsShaveSpec *sh = &t->spec.shave;
  t->kind = VS_TASK_SHAVE;
  g_autofree char *kernel = g_strndup (op, strlen (op) - 3);
  sh->kernel = vs_schedule_intern (im->s, kernel);
  check_kernel_name (im, in.first, sh->kernel);
  shave_operands (im, in, "inputs", sh->inputs, &sh->n_inputs);
  shave_operands (im, in, "outputs", sh->outputs, &sh->n_outputs);
  sh->runs = 1;
  t->queue = vpurt_get_queue (im, VS_ENGINE_SHAVE, -1, -1, -1, im->upa_servers);
}
