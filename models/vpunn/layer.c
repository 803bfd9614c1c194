/* layer.c — names of the tiling strategies, the devices' strategy lists and
 * the layer defaults (layer.h). */
#include "models/vpunn/layer.h"

#include <string.h>

static const char *const strategy_names[VS_TILING_COUNT] = {
  "NONE", "SOHO", "SOK", "SOW", "SOHW", "SOHK", "SOH_HaloRead", "SOHO_K_SWITCH", "SOH_K_SWITCH",
  "SOK_NO_BROADCAST",
};

const char *
vs_tiling_strategy_name (VsTilingStrategy s)
{
  return (guint) s < VS_TILING_COUNT ? strategy_names[s] : NULL;
}

gboolean
vs_tiling_strategy_from_name (const char *name, VsTilingStrategy *out)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < VS_TILING_COUNT; i++) {
    if (strcmp (name, strategy_names[i]) == 0) {
      *out = (VsTilingStrategy) i;
      return TRUE;
    }
  }
  /* the reference's enumerator name for SOHO */
  if (strcmp (name, "SOH_Overlapped") == 0) {
    *out = VS_TILING_SOH_OVERLAPPED;
    return TRUE;
  }
  return FALSE;
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
