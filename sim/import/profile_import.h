/* SPDX-License-Identifier: Apache-2.0 */
/* profile_import.h — measured NPU runs as a list of measured tasks, and their join with a schedule.
 *
 * Reads what the NPU compiler's profiling tool (prof_parser, or the plugin
 * with NPU_PRINT_PROFILING) writes for a measured inference:
 *   - the Chrome/Perfetto trace JSON in its three flavours: 2022-23 (one
 *     "Inference" process, threads DMA/DPU/SW/Layers), 2024 (processes DMA,
 *     Cluster (N), UPA, Layers; category SW; "SW / Shave" threads) and
 *     2025-26 (category Shave, threads "DMA <port> DDR|CMX", "DPU Variants",
 *     global thread ids);
 *   - the compiler's own compile-time schedule trace, which is the same
 *     format with `"workpoint": {"status": "SIM"}` (flagged `simulated`);
 *   - the text report (`prof_parser -f text`: "Task(DMA): name  Time(us): ..
 *     Start(us): ..", "Total time: .., Real: ..us"; 2022: "Task(SW): name
 *     <TAB>Time: ..<TAB>Start: ..", "TotalTime: .., Real: ..us", unnamed
 *     tasks allowed).  The closing "Total time" line is required (the
 *     profiler writes it last, so a report without it was cut short) and
 *     nothing may follow it;
 *   - the raw-counter report of an NPU 2.7 run (`prof_parser -f debug`,
 *     2023 and 2024 layouts; profile_debug.c says how counters become times).
 * The 2022-23 JSON lists SHAVE tasks per SHAVE ("SW Cluster[N]" threads),
 * per cluster and per layer: only the first are tasks, the sums are counted
 * in n_summaries.
 * Each task event becomes a VsMeasuredTask: name, engine, tile, SHAVE index,
 * DMA port/channel, DPU variant, start and duration in picoseconds.  Engine
 * identity comes from the category, the process name "Cluster (N)", the
 * thread label "DMA <port> <DDR|CMX>" and the name tokens cluster_N,
 * tile_K, variant_K — never from process or thread ids, which the writers
 * assign for presentation only.  "Layer" events are counted, not kept.
 * The end-to-end latency is taskStatistics' "total duration" when given,
 * the text report's "Real:", else (JSON) the span from the first start to
 * the last end.
 *
 * Errors (VS_PROFILE_ERROR) name the file and the line (JSON syntax errors
 * line:column; a bad event the line where it ends).  Warnings (unknown
 * categories, non-X events) go to the caller's array, one per kind.
 */
#ifndef VS_PROFILE_IMPORT_H
#define VS_PROFILE_IMPORT_H

#include <glib.h>

#include "sim/schedule/schedule.h"

G_BEGIN_DECLS

#define VS_PROFILE_ERROR (vs_profile_error_quark ())
GQuark vs_profile_error_quark (void);

typedef enum {
  VS_PROFILE_ERROR_PARSE,       /* not JSON / not the text report */
  VS_PROFILE_ERROR_INVALID,     /* well-formed but impossible (negative duration, no tasks...) */
  VS_PROFILE_ERROR_IO,
} VsProfileError;

/* Larger files are refused (vs_profile_read before reading them); the text
 * must be UTF-8 without NUL bytes. */
#define VS_PROFILE_MAX_BYTES (G_GINT64_CONSTANT (1) << 30)
/* JSON arrays and objects nested deeper than this are refused
 * ("file:line:column: JSON nested deeper than ..."); a trace needs 4. */
#define VS_PROFILE_MAX_JSON_DEPTH 64

typedef enum {
  VS_PROFILE_FLAVOUR_2023 = 0,  /* one process "Inference" (2022-23 writer) */
  VS_PROFILE_FLAVOUR_2024,      /* per-cluster processes, category SW */
  VS_PROFILE_FLAVOUR_2025,      /* category Shave, DMA threads per port and channel */
  VS_PROFILE_FLAVOUR_TEXT,      /* prof_parser -f text */
  VS_PROFILE_FLAVOUR_DEBUG,     /* prof_parser -f debug: raw counters (NPU 2.7) */
  VS_PROFILE_FLAVOUR_COUNT
} VsProfileFlavour;

typedef struct {
  const char *name;             /* as written (not unique) */
  const char *layer;            /* name before its last '?' (the whole name without one) */
  VsEngine engine;
  gboolean is_variant;          /* a DPU variant event (…/variant_K), not an invariant */
  gint32 variant;               /* K of variant_K, -1 */
  gint32 tile;                  /* cluster of a DPU/SHAVE event, -1 unknown (and for DMA) */
  gint32 shave;                 /* SHAVE inside the tile (tile_K in SW names), -1 */
  gint32 port, channel;         /* DMA port and channel (0 DDR, 1 CMX) when labelled, else -1 */
  gint64 start_ps, duration_ps;
  gint32 line;                  /* line of the file it was read from, 0 unknown */
} VsMeasuredTask;

typedef struct {
  char *path;
  VsProfileFlavour flavour;
  gboolean simulated;           /* the compiler's schedule trace, not a measurement */
  double freq_mhz;              /* workpoint DPU frequency, 0 = not given */
  char *workpoint_status;       /* "OK", "INVALID", "UNKNOWN", "SIM" or NULL */
  gint64 latency_ps;            /* end to end */
  gboolean latency_given;       /* from taskStatistics / "Real:" rather than the task span */
  gboolean origin_first_dma;    /* the writer's time zero is the first DMA's start: tasks that
                                   ran before it are clamped to 0 and left out of the latency
                                   (the 2022 text report) */
  GArray *tasks;                /* VsMeasuredTask, file order */
  guint n_layers;               /* "Layer" events skipped */
  guint n_summaries;            /* per-cluster and per-layer sums of SHAVE tasks skipped (2022-23) */
  GStringChunk *strings;        /* owns the names */
} VsProfile;

VsProfile *vs_profile_read (const char *path, GPtrArray *warnings, GError **error);
VsProfile *vs_profile_read_from_data (const char *data, gsize length, const char *origin,
                                      GPtrArray *warnings, GError **error);
void        vs_profile_free (VsProfile *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsProfile, vs_profile_free)

/* The DPU clock (MHz) the profile says the chip ran at — the raw-counter
 * report's PLL record, or a JSON workpoint whose status is OK — when it is
 * more than 15 % away from `device_mhz` (another PLL; NPU 4.0's 1850 MHz
 * parts against the nominal 1700 are not), else 0. */
double vs_profile_other_clock (const VsProfile *p, double device_mhz);

/* "2022-23", "2024", "2025-26", "text", "raw-counter" */
const char *vs_profile_flavour_name (VsProfileFlavour f);

/* Measured tasks matched to schedule tasks.  A measured task joins the
 * first not yet joined schedule task, in schedule (queue) order, with the
 * same engine and name — names compared after dropping the 2023 compiler's
 * "_PROF…" tokens and a trailing '?', and, for the 2022-23 flavour which
 * merged clusters, DPU/SHAVE cluster tokens — and with the same tile, DMA
 * port and channel where the measurement tells them.  Measured tasks are
 * taken in order of start time, so equal names pair up in execution order.
 * Variant events join schedule variants (task + index) the same way,
 * separately from invariants.  A second pass joins what the names did not
 * (other compiler versions name tasks differently: "MVN_0/cluster_0/tile_1"
 * for "MVN_0?PROF_0_8_2_1/_cluster_0", "MVN_0" for a DMA "MVN_0?_cluster_0")
 * by layer — the measured name before its '?' or less its trailing
 * cluster/tile/variant/Duplicated tokens, the schedule name before its '?'
 * ("" for unnamed and "_PROF…"-only names) — engine, tile, port and channel,
 * in the same order.  Schedule tasks that profiling adds or does
 * not time (sync tasks, timestamp and profiling-buffer DMAs) are counted as
 * instrumentation, not as unjoined. */
typedef struct {
  guint n_measured, n_tasks, n_variants;
  gint32 *task_of_measured;     /* [n_measured]: schedule task, -1 */
  gint32 *variant_of_measured;  /* [n_measured]: index into schedule->variants for variant events, -1 */
  gint32 *measured_of_task;     /* [n_tasks]: measured task (not variant), -1 */
  gint32 *measured_of_variant;  /* [n_variants]: measured variant event, -1 */
  guint measured_tasks;         /* measured events that are not variants */
  guint measured_variants;
  guint joined_tasks;           /* of measured_tasks */
  guint joined_variants;        /* of measured_variants */
  guint joined_by_layer;        /* of joined_tasks, by the second pass */
  guint instrumentation;        /* schedule tasks counted as instrumentation */
  guint schedule_tasks;         /* schedule tasks that are not instrumentation */
  GArray *unjoined_measured;    /* guint measured indices, in file order */
  GArray *unjoined_tasks;       /* guint schedule task indices (instrumentation excluded) */
} VsProfileJoin;

VsProfileJoin *vs_profile_join (const VsSchedule *s, const VsProfile *p);
/* (joined tasks + joined variants) / (measured tasks + variants), percent. */
double         vs_profile_join_rate (const VsProfileJoin *j);
void           vs_profile_join_free (VsProfileJoin *j);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsProfileJoin, vs_profile_join_free)

/* Is schedule task `task` profiling instrumentation or a sync task? */
gboolean vs_profile_task_is_instrumentation (const VsSchedule *s, guint task);

G_END_DECLS

#endif /* VS_PROFILE_IMPORT_H */
