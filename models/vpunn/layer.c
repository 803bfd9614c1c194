/* SPDX-License-Identifier: Apache-2.0 */
/* layer.c — names of the tiling strategies, the devices' strategy lists and
 * the layer defaults (layer.h). */
#include "models/vpunn/layer.h"

#include "hw/name_table.h"

#include <string.h>

/* SOH_Overlapped: the reference's enumerator name for SOHO. */
const VsNameEntry vs_tiling_strategy_names[] = {
  { "NONE", VS_TILING_NONE }, { "SOHO", VS_TILING_SOH_OVERLAPPED }, { "SOK", VS_TILING_SOK },
  { "SOW", VS_TILING_SOW }, { "SOHW", VS_TILING_SOHW }, { "SOHK", VS_TILING_SOHK },
  { "SOH_HaloRead", VS_TILING_SOH_HALO_READ }, { "SOHO_K_SWITCH", VS_TILING_SOHO_K_SWITCH },
  { "SOH_K_SWITCH", VS_TILING_SOH_K_SWITCH }, { "SOK_NO_BROADCAST", VS_TILING_SOK_NO_BROADCAST },
  { "SOH_Overlapped", VS_TILING_SOH_OVERLAPPED }, { NULL, 0 },
};

const char *
vs_tiling_strategy_name (VsTilingStrategy s)
{
  return vs_name_table_name (vs_tiling_strategy_names, (int) s);
}

gboolean
vs_tiling_strategy_from_name (const char *name, VsTilingStrategy *out)
{
  int value;
  if (!vs_name_table_lookup (vs_tiling_strategy_names, name, &value))
    return FALSE;
  *out = (VsTilingStrategy) value;
  return TRUE;
}

static const VsTilingStrategy strategies_2_7[] = {
  VS_TILING_NONE, VS_TILING_SOH_OVERLAPPED, VS_TILING_SOK,
};
static const VsTilingStrategy strategies_4_0[] = {
  VS_TILING_NONE, VS_TILING_SOH_OVERLAPPED, VS_TILING_SOK, VS_TILING_SOW, VS_TILING_SOHW,
  VS_TILING_SOHK, VS_TILING_SOHO_K_SWITCH,
};

guint
vs_tiling_strategies_of_device (VsVpuDevice device, const VsTilingStrategy **out)
{
  switch (device) {
  case VS_DEVICE_VPU_2_7:
    *out = strategies_2_7;
    return G_N_ELEMENTS (strategies_2_7);
  case VS_DEVICE_VPU_4_0:
    *out = strategies_4_0;
    return G_N_ELEMENTS (strategies_4_0);
  default:
    *out = NULL;
    return 0;
  }
}

void
vs_dpu_layer_init (VsDpuWorkload *layer)
{
  memset (layer, 0, sizeof *layer);
  layer->in_swizzling[0] = layer->in_swizzling[1] = layer->out_swizzling = VS_SWIZZLING_KEY_5;
  layer->output_write_tiles = 1;
  layer->isi_strategy = VS_ISI_CLUSTERING;
  layer->execution_mode = VS_EXEC_CUBOID_16x16;
  layer->input.b = layer->output.b = 1;
  layer->input.layout = layer->output.layout = VS_LAYOUT_ZXY;
}
