/* SPDX-License-Identifier: Apache-2.0 */
/* network.h — a network as layers and the edges between them: what
 * `vpusim network` recovers from a compiled schedule, what `vpusim lower`
 * turns back into a schedule, and the in-memory form of the
 * `vpusim-network` YAML format (network_yaml.h).
 *
 * A layer is one operation on whole-layer tensors: a DPU operation (input,
 * optional weights — the second operand of an ELTWISE —, output, kernel,
 * strides, padding, activation), a SHAVE kernel (up to four inputs and
 * outputs) or a plain copy (DMA).  An edge says a layer consumes what
 * another produced.  A layer may also carry the choices the compiler made for
 * it: the multi-tile strategy, the tile count, its DPU workloads (output boxes
 * in whole-layer coordinates, with their tile and MPE mode), how many parts a
 * SHAVE kernel was cut into, and which tensors it kept in DDR (a tensor's
 * `memory`).  Strings are owned by the network's string chunk.
 */
#ifndef VS_NETWORK_H
#define VS_NETWORK_H

#include <glib.h>

#include "hw/name_table.h"

#include "models/workload.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

#define VS_NETWORK_ERROR (vs_network_error_quark ())
GQuark vs_network_error_quark (void);

typedef enum {
  VS_NETWORK_ERROR_PARSE,       /* malformed YAML, unknown key, wrong type */
  VS_NETWORK_ERROR_INVALID,     /* well-formed but impossible: cycle, shapes, references */
  VS_NETWORK_ERROR_IO,
} VsNetworkError;

typedef enum {
  VS_LAYER_DPU = 0,
  VS_LAYER_SHAVE,
  VS_LAYER_DMA,                 /* a copy between memories, no compute */
  VS_LAYER_KIND_COUNT
} VsLayerKind;

/* How a layer is shared between tiles.  CLUSTERING: every tile computes the
 * whole output (or one tile does); SOH / SOW: tiles take bands of output
 * rows / columns; SOK: tiles take groups of output channels (the input is
 * broadcast to all); SOHW, SOHK: both.  NONE = not recorded. */
typedef enum {
  VS_STRATEGY_NONE = 0,
  VS_STRATEGY_CLUSTERING,
  VS_STRATEGY_SOH,
  VS_STRATEGY_SOW,
  VS_STRATEGY_SOK,
  VS_STRATEGY_SOHW,
  VS_STRATEGY_SOHK,
  VS_STRATEGY_COUNT
} VsStrategy;

/* Name tables (hw/name_table.h): strategies, layer kinds. */
extern const VsNameEntry vs_strategy_names[];
extern const VsNameEntry vs_layer_kind_names[];
const char *vs_strategy_name (VsStrategy s);   /* "clustering", "soh", ...; NULL for NONE */
gboolean    vs_strategy_from_name (const char *name, VsStrategy *out);
const char *vs_layer_kind_name (VsLayerKind k); /* "DPU", "SHAVE", "DMA" */

/* Placement of a whole-layer tensor as the compiler chose it. */
typedef enum {
  VS_PLACE_ANY = 0,             /* not recorded: the lowering decides */
  VS_PLACE_DDR,
  VS_PLACE_CMX,
} VsPlacement;

#define VS_NET_MAX_RANK 6
typedef struct {
  gint32 rank;                  /* 0 = absent */
  gint64 shape[VS_NET_MAX_RANK];  /* MLIR order: N, C, H, W for rank 4 */
  VsDataType dtype;
  VsLayout layout;
  VsPlacement placement;
  gboolean permuted;            /* the compiler fetched it with a layout-changing (permute)
                                   DMA: its DDR copy is in another layout than the layer reads */
} VsNetTensor;

gint64 vs_net_tensor_elements (const VsNetTensor *t);
gint64 vs_net_tensor_bytes (const VsNetTensor *t);

/* One DPU workload the compiler chose: an output box in whole-layer
 * coordinates (x, y, z inclusive), its tile, padding and MPE mode. */
typedef struct {
  gint32 tile;
  gint32 out_start[3], out_end[3];
  gint32 pad_top, pad_bottom, pad_left, pad_right;
  VsExecutionMode mpe_mode;
} VsNetWorkload;

#define VS_NET_MAX_TENSORS 4
typedef struct {
  const char *id;
  const char *name;             /* the compiler's name, may be NULL */
  VsLayerKind kind;
  /* DPU */
  VsDpuOperation op;
  gint32 kernel_w, kernel_h, stride_w, stride_h;
  gint32 pad_top, pad_bottom, pad_left, pad_right;
  VsActivation activation;
  float act_sparsity, weight_sparsity;
  gboolean weight_sparsity_enabled;
  VsNetTensor weights;          /* rank 0 = none */
  /* every kind: DPU and DMA have exactly one input and one output */
  const char *kernel;           /* SHAVE: VPUNN kernel name */
  guint n_inputs, n_outputs;
  VsNetTensor inputs[VS_NET_MAX_TENSORS];
  VsNetTensor outputs[VS_NET_MAX_TENSORS];
  /* the compiler's choices (has_compiler FALSE: none recorded) */
  gboolean has_compiler;
  VsStrategy strategy;
  gint32 tiles;                 /* 0 = not recorded */
  gint32 parts;                 /* SHAVE: kernel invocations the layer was cut into; 0 unknown */
  guint first_workload, n_workloads;  /* into network->workloads */
  gint32 line;                  /* source line, 0 unknown */
} VsNetLayer;

typedef struct {
  guint from, to;               /* layer indices: `to` consumes what `from` produced */
  gint32 line;
} VsNetEdge;

typedef struct {
  char *path;                   /* where it was read from, for errors */
  char *device;                 /* the preset it was compiled for, or NULL */
  gint32 tiles;                 /* tiles the compiler used, 0 unknown */
  gint32 dma_timestamps;        /* the compiler's profiling: timestamp DMAs (8 bytes from a
                                   register) around each of its DMAs: 0 none, 1 after,
                                   2 before and after; `keep` lowers them too */
  GArray *layers;               /* VsNetLayer, in a topological order once validated */
  GArray *edges;                /* VsNetEdge */
  GArray *workloads;            /* VsNetWorkload, ranges per layer */
  GHashTable *source;           /* provenance key -> value (owned strings) */
  GStringChunk *strings;
} VsNetwork;

VsNetwork *vs_network_new (void);
void       vs_network_free (VsNetwork *network);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsNetwork, vs_network_free)

const char *vs_network_intern (VsNetwork *network, const char *s);

#define vs_network_layer(n, i)    (&g_array_index ((n)->layers, VsNetLayer, (i)))
#define vs_network_edge(n, i)     (&g_array_index ((n)->edges, VsNetEdge, (i)))
#define vs_network_workload(n, i) (&g_array_index ((n)->workloads, VsNetWorkload, (i)))

/* Check that the network can be lowered: edges between distinct layers, no
 * edge twice, no cycle; DPU layers have rank-4 tensors whose sizes follow
 * from the kernel, strides and padding, channel counts that fit the
 * operation; SHAVE layers a kernel and tensors; recorded workloads inside
 * the output on a recorded tile.  Errors are VS_NETWORK_ERROR_INVALID and
 * start with "path:line: " naming the layer or edge at fault. */
gboolean vs_network_validate (const VsNetwork *network, GError **error);

/* Layer indices in a topological order (producers first, ties by index),
 * as a new array of n_layers; NULL when the edges form a cycle, with
 * *cycle_edge set to an edge on it. */
guint *vs_network_topological_order (const VsNetwork *network, guint *cycle_edge);

G_END_DECLS

#endif /* VS_NETWORK_H */
