/* SPDX-License-Identifier: Apache-2.0 */
/* vpurt_internal.h — what the VPURT importer's modules share (not a public API).
 *
 * The importer (vpurt_import.h is its contract) reads MLIR tokens from
 * sim/import/mlir_lexer.h and builds a VsSchedule in one pass over the
 * entry function.  Its modules, each with one job:
 *   vpurt_attrs.c      token helpers, attribute dictionaries and values, warnings
 *   vpurt_location.c   loc(...) names as the compiler names profiled tasks; #aliases
 *   vpurt_types.c      memref / tensor / DistributedBuffer types -> TypeInfo
 *   vpurt_buffers.c    SSA values, buffer / const / barrier declarations
 *   vpurt_queues.c     queue ids per engine, tile, port, channel; their order
 *   vpurt_tasks.c      VPURT.Task: barriers, the op inside, name and layer; unknown ops
 *   vpurt_task_dma.c   the *DMA ops
 *   vpurt_task_dpu.c   NCEClusterTask and its DPUTask variants, PPE
 *   vpurt_task_shave.c SW.Kernel (ACT SHAVE) and UPA (VPU 2.0) software layers
 *   vpurt_device.c     device facts of the module: arch, resources, clock
 *   vpurt_import.c     the driver: entry function, arguments, body, checks
 * Token indices are guint positions in the VsMlirText; a Span is a
 * half-open token range.  Strings returned as char * are owned by the
 * caller; those interned in the schedule belong to it. */
#ifndef VS_VPURT_INTERNAL_H
#define VS_VPURT_INTERNAL_H

#include <glib.h>

#include "sim/import/mlir_lexer.h"
#include "sim/import/vpurt_import.h"
#include "sim/base/warning_log.h"
#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

#define MAX_TILES 64
#define MAX_DIMS 16

typedef struct {
  guint first, end;             /* token range [first, end) */
} Span;

typedef enum { VAL_BUFFER = 1, VAL_BARRIER } ValKind;

/* What an SSA value stands for, with the type facts tasks need later. */
typedef struct {
  ValKind kind;
  gint32 index;
  char dist_mode[48];           /* DistributedBuffer mode ("SEGMENTED", ...), "" none */
  gint32 num_clusters;
  double compressed_bytes;      /* weights compression: packed size, < 0 none */
  gboolean empty;               /* a zero-element placeholder (SyncDMA operands): no buffer */
} Value;

typedef struct {
  gint32 rank;
  gint64 shape[VS_MAX_RANK];
  VsDataType dtype;
  gint bits;                    /* bits per element as written (64 for i64) */
  gboolean wide;                /* 64-bit elements stored as two INT32 */
  char order[8];                /* dims order outermost first ("NHWC"), "" = identity */
  gboolean has_strides;
  gint64 strides[VS_MAX_RANK];  /* elements */
  gint memspace;                /* VsMemory, -1 none */
  gint tile;                    /* [@CMX_NN, k], -1 none */
  gint swizzle;                 /* -1 none */
  char dist_mode[48];
  gint num_clusters;
  gboolean sparse;
  double compressed_bytes;
} TypeInfo;

typedef struct {
  guint key;                    /* key token */
  guint first, end;             /* value tokens; first == end for a unit attribute */
} Attr;

typedef struct {
  const VsMlirText *m;
  VsSchedule *s;
  GHashTable *loc_alias;        /* "#loc12" -> index of '(' after loc, plus 1 */
  GHashTable *order_alias;      /* "#NHWC" -> "NHWC" */
  GHashTable *values;           /* "%17" -> Value */
  GHashTable *queue_ids;        /* queue id -> index + 1 */
  VsWarningLog *warnings;
  GHashTable *vpunn_kernels;    /* kernel names VPUNN's SHAVE table knows */
  VsArch arch;
  gboolean per_shave_fifo;
  gint upa_servers;
  gint res_tiles, res_dma, res_dpus, res_shaves;
  double res_freq;
  gint max_tile, max_port;
  guint task_counter;
  guint loc_budget;             /* location nodes one name may still visit (alias DAGs) */
  GError *deferred;             /* an error found where no GError can be passed (types) */
  guint res_tok[4];             /* the "N of @X" tokens: NCE, DMA_NN, DPU, SHAVE_ACT (0 = none) */
  GArray *barrier_tok;          /* guint: the declaring token of each barrier */
} Importer;

/* ---- token helpers (vpurt_attrs.c and here) ---- */

static inline gboolean
opens (const VsMlirText *m, guint i, char c)
{
  return vs_mlir_is_punct (m, i, c) && vs_mlir_opens (m, i);
}

static inline guint
close_of (const VsMlirText *m, guint i)
{
  return (guint) vs_mlir_tok (m, i)->match;
}

static inline VsMlirTokKind
kind_of (const VsMlirText *m, guint i)
{
  return vs_mlir_tok (m, i)->kind;
}

/* Keep the first error of a helper that cannot return one (im->deferred);
 * the driver reports it after the statement. */
void vpurt_defer_error (Importer *im, guint tok, const char *format, ...) G_GNUC_PRINTF (3, 4);
/* A warning of kind `key` at token `tok`: one line per kind, first place and a count. */
void vpurt_warn (Importer *im, guint tok, const char *key, const char *format, ...)
  G_GNUC_PRINTF (4, 5);
/* Statements of the block [first, end) (a GArray of Span, caller frees). */
GArray *vpurt_split_statements (const VsMlirText *m, guint first, guint end);
/* The '(' after keyword `word` at the top level of a span, or 0. */
guint vpurt_find_keyword_group (const VsMlirText *m, Span sp, const char *word);
/* The top-level %value tokens of a group (guint), in order. */
void vpurt_group_values (const VsMlirText *m, guint open, GArray *out);
/* The entries (Attr) of `{k = v, flag}` or `<k = v>` whose bracket is at `open`. */
void vpurt_dict_parse (const VsMlirText *m, guint open, GArray *out);
const Attr *vpurt_attr_get (const VsMlirText *m, const GArray *attrs, const char *name);
gboolean vpurt_val_int (const VsMlirText *m, const Attr *a, gint64 *out);
gboolean vpurt_val_double (const VsMlirText *m, const Attr *a, double *out);
/* The word of an enum-like value in [first, end), or NULL. */
char *vpurt_word_in (const VsMlirText *m, guint first, guint end);
char *vpurt_val_word (const VsMlirText *m, const Attr *a);
/* A `[1, 2, -3]` value; the count read (at most max) or -1. */
gint vpurt_val_int_array (const VsMlirText *m, const Attr *a, gint64 *out, gint max);
guint vpurt_val_group (const VsMlirText *m, const Attr *a);
gboolean vpurt_val_dict (const VsMlirText *m, const Attr *a, GArray *out);
/* The attribute groups right after an op name, merged into `out`. */
void vpurt_op_attrs (const VsMlirText *m, guint opname, guint end, GArray *out);
char *vpurt_value_name (const VsMlirText *m, guint i);
/* "%17" -> "17", interned in the schedule. */
const char *vpurt_intern_id (Importer *im, guint tok);

/* ---- locations and aliases (vpurt_location.c) ---- */

/* The name of `loc(...)` whose '(' is at `open`, or NULL. */
char *vpurt_loc_name (Importer *im, guint open);
/* The name from the last top-level loc(...) of a statement, or NULL. */
char *vpurt_statement_name (Importer *im, Span sp);
/* "NHWC" for an affine_map permutation at token `ident`, else NULL. */
char *vpurt_order_of_affine_map (const VsMlirText *m, guint ident);
/* Fills im->loc_alias and im->order_alias from the top-level #x = ... lines. */
void vpurt_collect_aliases (Importer *im);

/* ---- types (vpurt_types.c) ---- */

/* The tensor type at token i; FALSE if it is none (or im->deferred is set). */
gboolean vpurt_parse_type (Importer *im, guint i, TypeInfo *ti);
/* The first type after the top-level '->' of a span. */
gboolean vpurt_result_type (Importer *im, Span sp, TypeInfo *ti);

/* ---- values, buffers, barriers (vpurt_buffers.c) ---- */

Value *vpurt_value_get (Importer *im, guint tok);
void vpurt_value_set (Importer *im, guint tok, const Value *v);
/* Bytes of a dense tensor (0 when unknown or empty). */
gint64 vpurt_compact_bytes (const VsTensor *t);
gint32 vpurt_add_buffer (Importer *im, const char *id, const char *name, const TypeInfo *ti,
                         VsMemory mem, guint64 tiles, gint64 offset);
guint64 vpurt_tiles_mask (gint first, gint n);
void vpurt_note_tiles (Importer *im, guint64 mask);
void vpurt_record_buffer_value (Importer *im, guint result, gint32 index, const TypeInfo *ti);
gboolean vpurt_type_is_empty (const TypeInfo *ti);
gboolean vpurt_declare_buffer (Importer *im, Span st, guint result, guint op, GError **error);
gboolean vpurt_declare_const (Importer *im, Span st, guint result, guint op, GError **error);
gboolean vpurt_declare_barrier (Importer *im, guint result, guint op, gboolean physical, Span st,
                                GError **error);

/* ---- queues (vpurt_queues.c) ---- */

/* The index of the queue of these facts, made on first use (-1: not given). */
gint32 vpurt_get_queue (Importer *im, VsEngine engine, gint tile, gint port, gint channel,
                        gint servers);
/* Orders the queues by engine, tile, port, channel and renumbers the tasks'. */
void vpurt_sort_queues (Importer *im);

/* ---- tasks (vpurt_tasks.c, vpurt_task_*.c) ---- */

VsTensorRef vpurt_buffer_ref (Importer *im, guint tok, const char *what);
/* The first operand of `keyword(...)` as a buffer, or -1. */
VsTensorRef vpurt_first_operand (Importer *im, Span sp, const char *keyword);
/* Is the first operand of `keyword` a zero-element placeholder? */
gboolean vpurt_operand_empty (Importer *im, Span sp, const char *keyword);
const VsTensor *vpurt_tensor_of (Importer *im, VsTensorRef r);
/* The op-name token of a statement (0 if none); `first_result` its first %result or 0. */
guint vpurt_statement_op (const VsMlirText *m, Span sp, guint *first_result);
/* One VPURT.Task statement, appended to the schedule. */
gboolean vpurt_import_task (Importer *im, Span st, guint op, GError **error);
gboolean vpurt_task_dma (Importer *im, Span in, guint opname, const char *op, VsTask *t,
                         GError **error);
gboolean vpurt_task_dpu (Importer *im, Span in, guint opname, VsTask *t, GError **error);
void vpurt_task_shave (Importer *im, Span in, guint opname, VsTask *t);
void vpurt_task_upa (Importer *im, Span in, const char *op, VsTask *t);
void vpurt_task_unknown (Importer *im, Span in, guint opname, const char *full, VsTask *t);

/* ---- device (vpurt_device.c) ---- */

/* Device facts outside the function body [skip_first, skip_end]: loads the preset. */
gboolean vpurt_scan_module (Importer *im, guint skip_first, guint skip_end, GError **error);
/* After the tasks: tiles and DMA ports as the schedule uses them. */
gboolean vpurt_finish_device (Importer *im, GError **error);

G_END_DECLS

#endif /* VS_VPURT_INTERNAL_H */
