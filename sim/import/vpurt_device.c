/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_device.c — the device a schedule was compiled for, from the module:
 * arch -> preset, `N of @NCE at F MHz` and the other resources, dedicated
 * SHAVE FIFOs, the compiler's estimate; tiles and ports from what tasks use. */
#include "config.h"

#include <string.h>

#include "sim/import/vpurt_internal.h"

static const char *
preset_of_arch (const char *word, VsArch *arch)
{
  /* VPUX311X is Keem Bay too; MTL and LNL are the code names of 37XX and 40XX */
  if (strstr (word, "30XX") != NULL || strstr (word, "3700") != NULL || strstr (word, "3400") != NULL ||
      strstr (word, "311X") != NULL || strstr (word, "KMB") != NULL) {
    *arch = VS_ARCH_VPU20;
    return "vpu20";
  }
  if (strstr (word, "37XX") != NULL || strstr (word, "3720") != NULL || strcmp (word, "MTL") == 0) {
    *arch = VS_ARCH_NPU27;
    return "npu27";
  }
  if (strstr (word, "40XX") != NULL || strstr (word, "4000") != NULL || strcmp (word, "LNL") == 0) {
    *arch = VS_ARCH_NPU40;
    return "npu40";
  }
  if (strstr (word, "50XX") != NULL || strstr (word, "5010") != NULL || strstr (word, "5020") != NULL) {
    *arch = VS_ARCH_NPU50;
    return "npu40";
  }
  return NULL;
}

/* A device value read from the module; the device's refusal gets the place. */
static gboolean
device_set (Importer *im, guint tok, const char *key, const char *value, GError **error)
{
  GError *local = NULL;
  if (vs_device_set_value (&im->s->device, key, value, &local))
    return TRUE;
  vs_mlir_error_at (im->m, tok, error, "%s", local->message);
  g_error_free (local);
  return FALSE;
}

/* Device facts outside the function: arch, resources, options, the
 * compiler's estimate.  `skip_first..skip_end` is the function body. */
gboolean
vpurt_scan_module (Importer *im, guint skip_first, guint skip_end, GError **error)
{
  const VsMlirText *m = im->m;
  g_autofree char *arch_word = NULL;
  guint arch_tok = 0;
  for (guint i = 0; i + 1 < m->n_tokens; i++) {
    if (i == skip_first) {
      i = skip_end;
      continue;
    }
    const VsMlirToken *t = vs_mlir_tok (m, i);
    if (t->kind == VS_MLIR_TOK_NUMBER && vs_mlir_is_ident (m, i + 1, "of") &&
        kind_of (m, i + 2) == VS_MLIR_TOK_SYMBOL) {
      gint64 n;
      if (!vs_mlir_int (m, i, &n) || n < 0 || n > 4096)
        continue;
      if (vs_mlir_text_is (m, i + 2, "@NCE")) {
        im->res_tiles = (gint) n;
        im->res_tok[0] = i;
        double f;
        if (vs_mlir_is_ident (m, i + 3, "at") && vs_mlir_double (m, i + 4, &f) &&
            vs_mlir_is_ident (m, i + 5, "MHz"))
          im->res_freq = f;
      } else if (vs_mlir_text_is (m, i + 2, "@DMA_NN")) {
        im->res_dma = (gint) n;
        im->res_tok[1] = i;
      } else if (vs_mlir_text_is (m, i + 2, "@DPU")) {
        im->res_dpus = (gint) n;
        im->res_tok[2] = i;
      } else if (vs_mlir_text_is (m, i + 2, "@SHAVE_ACT")) {
        im->res_shaves = (gint) n;
        im->res_tok[3] = i;
      } else if (vs_mlir_text_is (m, i + 2, "@SHAVE_UPA")) {
        im->upa_servers = (gint) n;
      }
    } else if (vs_mlir_is_ident (m, i, "inferenceTiming") && vs_mlir_is_punct (m, i + 1, '=')) {
      gint64 n;
      if (vs_mlir_int (m, i + 2, &n))
        g_hash_table_replace (im->s->source, g_strdup ("inference_timing_cycles"),
                              g_strdup_printf ("%" G_GINT64_FORMAT, n));
    } else if ((t->kind == VS_MLIR_TOK_SYMBOL || t->kind == VS_MLIR_TOK_IDENT) &&
               (vs_mlir_is_punct (m, i + 1, ':') || vs_mlir_is_punct (m, i + 1, '='))) {
      g_autofree char *key = vs_mlir_tok_dup (m, i);
      if (g_str_has_suffix (key, "UseDedicatedFifoPerShaveEngine"))
        im->per_shave_fifo = vs_mlir_is_ident (m, i + 2, "true");
      else if (g_str_has_suffix (key, "WorkloadManagementStatus") &&
               kind_of (m, i + 2) == VS_MLIR_TOK_STRING) {
        char *status = vs_mlir_string (m, i + 2, NULL);   /* NULL: a malformed escape */
        if (status != NULL)
          g_hash_table_replace (im->s->source, g_strdup ("workload_management"), status);
        else
          vpurt_warn (im, i + 2, "wlm-status",
                      "WorkloadManagementStatus is not a valid string: ignored");
      }
      else if ((strcmp (key, "VPU.arch") == 0 || strcmp (key, "config.arch") == 0 ||
                (strcmp (key, "config.platform") == 0 && arch_word == NULL)) &&
               vs_mlir_is_punct (m, i + 1, '=')) {
        guint end = i + 2;
        while (end < m->n_tokens - 1 && !vs_mlir_is_punct (m, end, ',') &&
               !vs_mlir_is_punct (m, end, '}'))
          end = vs_mlir_skip (m, end);
        g_free (arch_word);
        arch_word = vpurt_word_in (m, i + 2, end);
        arch_tok = i;
      }
    }
  }
  VsArch arch = VS_ARCH_NPU27;
  const char *preset = arch_word != NULL ? preset_of_arch (arch_word, &arch) : NULL;
  if (preset == NULL && arch_word == NULL && im->res_freq > 0) {
    /* Lit-test dumps leave the arch to the command line; the nominal DPU
     * clocks differ per generation: 700 (VPU 2.0), 1300 (NPU 2.7), 1700/1850 (NPU 4.0). */
    const char *guess = im->res_freq < 1000 ? "VPUX30XX" : im->res_freq < 1500 ? "NPU37XX" : "NPU40XX";
    preset = preset_of_arch (guess, &arch);
    vpurt_warn (im, 0, "arch", "no VPU.arch / config.arch on the module: %s inferred from the DPU clock "
          "(%g MHz)", guess, im->res_freq);
    arch_word = g_strdup_printf ("%s (inferred)", guess);
  }
  if (preset == NULL) {
    vpurt_warn (im, arch_tok, "arch", "%s: assuming NPU37XX (preset npu27)",
          arch_word != NULL ? "unknown architecture" : "no VPU.arch / config.arch on the module");
    preset = "npu27";
    arch = VS_ARCH_NPU27;
  }
  g_hash_table_replace (im->s->source, g_strdup ("arch"),
                        g_strdup (arch_word != NULL ? arch_word : "unknown"));
  GError *local = NULL;
  if (!vs_device_load (&im->s->device, preset, &local)) {
    vs_mlir_error_at (m, arch_tok, error, "%s", local->message);
    g_error_free (local);
    return FALSE;
  }
  g_free (im->s->device_preset);
  im->s->device_preset = g_strdup (preset);
  if (arch == VS_ARCH_NPU50) {
    vpurt_warn (im, arch_tok, "npu50", "NPU50XX has no preset: using npu40 with arch NPU50");
    if (!device_set (im, arch_tok, "arch", "NPU50", error))
      return FALSE;
  }
  im->arch = arch;
  if (im->per_shave_fifo && !device_set (im, 0, "shave_fifo", "per_shave", error))
    return FALSE;
  if (im->res_shaves > 0) {
    g_autofree char *v = g_strdup_printf ("%d", im->res_shaves);
    if (!device_set (im, im->res_tok[3], "shaves_per_tile", v, error))
      return FALSE;
  }
  if (im->res_dpus > 0) {
    g_autofree char *v = g_strdup_printf ("%d", im->res_dpus);
    if (!device_set (im, im->res_tok[2], "dpus_per_tile", v, error))
      return FALSE;
  }
  if (im->res_freq > 0) {
    g_autofree char *v = g_strdup_printf ("%.17g", im->res_freq);
    if (!device_set (im, im->res_tok[0], "dpu_clock_mhz", v, error))
      return FALSE;
  }
  return TRUE;
}

/* After the tasks: tiles and DMA ports as the schedule uses them. */
gboolean
vpurt_finish_device (Importer *im, GError **error)
{
  VsDevice *d = &im->s->device;
  gint tiles = MAX (im->res_tiles, im->max_tile + 1);
  if (tiles > 0 && tiles != d->tiles) {
    g_autofree char *v = g_strdup_printf ("%d", tiles);
    if (!device_set (im, im->res_tok[0], "tiles", v, error))
      return FALSE;
  }
  gint ports = MAX (im->res_dma, im->max_port + 1);
  if (ports > 0 && ports != d->dma_ports) {
    g_autofree char *v = g_strdup_printf ("%d", ports);
    if (!device_set (im, im->res_tok[1], "dma_ports", v, error))
      return FALSE;
  }
  return TRUE;
}
