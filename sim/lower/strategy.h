/* SPDX-License-Identifier: Apache-2.0 */
/* strategy.h — the strategy study of a network (`vpusim strategy`): per DPU
 * layer, the cost of every strategy the device's VPUNN layer model knows
 * under VPUNN's layer-level cost and under the analytical model, the choice
 * of each and the compiler's; and the network lowered with each set of
 * choices (the compiler's, VPUNN's, the analytical model's, and every single
 * strategy for all layers) and replayed with VPUNN costs in realistic mode —
 * the VPUNN paper's experiment on a whole network.  Every set keeps the
 * compiler's tensor placements and SHAVE parts, so that only the DPU
 * layers' strategies and workload splits differ.
 */
#ifndef VS_STRATEGY_H
#define VS_STRATEGY_H

#include <glib.h>

#include "sim/lower/lower.h"

G_BEGIN_DECLS

typedef struct {
  guint layer;                          /* index of a DPU layer */
  VsCycles vpunn[VS_STRATEGY_COUNT];    /* cycles, or an error code; 0 = not tried */
  VsCycles analytical[VS_STRATEGY_COUNT];
  VsStrategy vpunn_choice, analytical_choice, compiler_choice;   /* NONE when none */
} VsStrategyRow;

typedef struct {
  char *name;                           /* "compiler", "vpunn", "analytical", "clustering", ... */
  gint64 latency_ps;                    /* replayed; -1 when the lowering failed */
  char *error;                          /* why, when it failed */
} VsStrategyRun;

typedef struct {
  guint n_tiles;
  char *device;
  double dpu_clock_mhz;
  guint n_strategies;
  VsStrategy strategies[VS_STRATEGY_COUNT];
  GArray *rows;                         /* VsStrategyRow */
  GArray *runs;                         /* VsStrategyRun */
} VsStrategyReport;

/* Study `net` on m->device (m needs VPUNN's DPU model).  `models_dir` is
 * where the replays find VPUNN's files. */
gboolean vs_strategy_study (const VsNetwork *net, VsLowerModels *m, const char *device_preset,
                            guint tiles, const char *models_dir, VsStrategyReport *out,
                            GError **error);
void vs_strategy_report_clear (VsStrategyReport *r);

void vs_strategy_report_text (const VsNetwork *net, const VsStrategyReport *r, GString *out);
void vs_strategy_report_json (const VsNetwork *net, const VsStrategyReport *r, GString *out);

G_END_DECLS

#endif /* VS_STRATEGY_H */
