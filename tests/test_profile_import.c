/* SPDX-License-Identifier: Apache-2.0 */
/* test_profile_import.c — measured runs: every profiling JSON and text report
 * of the real NPU runs (flavour, end-to-end latency as the README gives it,
 * engine identity from names and processes, variants apart from
 * invariants), the join with the imported schedules (rates, order of equal
 * names), the compiler's schedule trace, and bad inputs with line numbers. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "sim/import/profile_import.h"
#include "sim/import/vpurt_import.h"
#include "tests/test_support.h"

typedef struct {
  const char *dir;
  const char *file;
  VsProfileFlavour flavour;
  double latency_us;            /* the README's end-to-end figure */
  double tolerance_us;          /* half its last digit (inclusive), or more */
  guint tasks, variants, layers;
  guint unjoined_tasks;         /* schedule tasks the measurement does not time */
} Run;

static const Run runs[] = {
  /* the README gives "about 16 ms": the 2022-23 writer has no statistics,
   * the latency is the span of the task events, 16178.645 us */
  { "npu37xx_1tile_add_swish_lowpll_2023-02", "profiling.json", VS_PROFILE_FLAVOUR_2023, 16000, 500,
    33, 0, 7, 7 },
  { "npu37xx_2tile_agegender_2024-03", "profiling.json", VS_PROFILE_FLAVOUR_2024, 381.35, 0.0051, 39, 0, 5, 0 },
  { "npu37xx_2tile_agegender_2024-03", "profiling_text.txt", VS_PROFILE_FLAVOUR_TEXT, 381.35, 0.0051, 39, 0, 5, 0 },
  { "npu37xx_2tile_agegender_2024-08", "profiling.json", VS_PROFILE_FLAVOUR_2024, 85.70, 0.0051, 48, 0, 5, 0 },
  { "npu37xx_2tile_agegender_2024-08", "profiling_text.txt", VS_PROFILE_FLAVOUR_TEXT, 85.70, 0.0051, 48, 0, 5, 0 },
  { "npu37xx_2tile_agegender_2026-05", "profiling_text.txt", VS_PROFILE_FLAVOUR_TEXT, 85.70, 0.0051, 48, 0, 5, 0 },
  { "npu40xx_1tile_singleconv_2026-05", "profiling.json", VS_PROFILE_FLAVOUR_2025, 44.38, 0.0051, 10, 0, 3, 0 },
  { "npu40xx_1tile_singleconv_2026-05", "profiling_verbose.json", VS_PROFILE_FLAVOUR_2025, 44.38, 0.0051, 10, 2, 3, 0 },
  { "npu40xx_1tile_singleconv_2026-05", "profiling_meta2.0.json", VS_PROFILE_FLAVOUR_2025, 44.38, 0.0051, 10, 0, 3, 0 },
  /* no DMA profiling on the 40XX 6-tile runs: their 75 DMAs stay unjoined */
  { "npu40xx_6tile_agegender_2024-08", "profiling.json", VS_PROFILE_FLAVOUR_2024, 47.13, 0.0051, 42, 0, 4, 75 },
  { "npu40xx_6tile_agegender_2024-08", "profiling_verbose.json", VS_PROFILE_FLAVOUR_2024, 47.13, 0.0051, 42, 36, 4, 75 },
  { "npu40xx_6tile_agegender_2025-09", "profiling.json", VS_PROFILE_FLAVOUR_2025, 58.18, 0.0051, 42, 0, 4, 75 },
  { "npu40xx_6tile_agegender_2025-09", "profiling_verbose.json", VS_PROFILE_FLAVOUR_2025, 58.18, 0.0051, 42, 36, 4, 75 },
  { "vpux30xx_4tile_agegender_2024-06", "profiling.json", VS_PROFILE_FLAVOUR_2024, 517.64, 0.0051, 29, 0, 3, 0 },
  { "vpux30xx_4tile_agegender_2024-06", "profiling_verbose.json", VS_PROFILE_FLAVOUR_2024, 517.64, 0.0051, 29, 122, 3, 0 },
  /* the tiled MVN chain: 2022-23 flavour with SHAVE tasks listed three times
   * (only the per-SHAVE events are tasks), then two newer compiles */
  { "npu37xx_2tile_mvn_2023-08", "profiling.json", VS_PROFILE_FLAVOUR_2023, 69.11, 0.0051, 38, 0, 8, 0 },
  { "npu37xx_2tile_mvn_2023-08", "profiling_verbose.json", VS_PROFILE_FLAVOUR_2023, 69.11, 0.0051, 38, 0, 8, 0 },
  { "npu37xx_2tile_mvn_2024-03", "profiling.json", VS_PROFILE_FLAVOUR_2024, 62.40, 0.0051, 64, 0, 8, 0 },
  { "npu37xx_2tile_mvn_2024-03", "profiling_verbose.json", VS_PROFILE_FLAVOUR_2024, 62.40, 0.0051, 64, 0, 8, 0 },
  { "npu37xx_2tile_mvn_2024-06", "profiling.json", VS_PROFILE_FLAVOUR_2024, 61.43, 0.0051, 44, 0, 8, 0 },
  { "npu37xx_2tile_mvn_2024-06", "profiling_verbose.json", VS_PROFILE_FLAVOUR_2024, 61.43, 0.0051, 44, 0, 8, 0 },
  /* raw-counter reports (NPU 2.7): DPU records are variants; the latency is
   * the span of the DMA and SHAVE records on the profiling timer */
  { "npu37xx_2tile_agegender_pll32_2023-08", "profiling_debug.txt", VS_PROFILE_FLAVOUR_DEBUG, 154.714, 0.0006,
    13, 6, 0, 4 },
  { "npu37xx_2tile_agegender_2024-03", "profiling_debug.txt", VS_PROFILE_FLAVOUR_DEBUG, 381.35, 0.0051, 29, 12, 0, 10 },
  { "npu37xx_2tile_agegender_2024-08", "profiling_debug.txt", VS_PROFILE_FLAVOUR_DEBUG, 85.70, 0.0051, 38, 12, 0, 10 },
  { "npu37xx_2tile_agegender_2026-05", "profiling_debug.txt", VS_PROFILE_FLAVOUR_DEBUG, 85.70, 0.0051, 38, 12, 0, 10 },
  /* the 2022 text layout: whole-microsecond starts, unnamed tasks; the span
   * 362.865 us within the "Real: 362us" it reports */
  { "vpux30xx_agegender_2022-01", "profiling_text.txt", VS_PROFILE_FLAVOUR_TEXT, 362.865, 0.0006, 13, 0, 3, 0 },
};

static VsProfile *
read_run (const char *dir, const char *file)
{
  g_autofree char *rel = g_build_filename (dir, file, NULL);
  g_autofree char *path = vs_test_npu_runs_file (rel);
  if (path == NULL)
    return NULL;
  g_autoptr (GError) error = NULL;
  VsProfile *p = vs_profile_read (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static VsSchedule *
schedule_of (const char *dir)
{
  g_autofree char *rel = g_build_filename (dir, "schedule_vpurt.mlir", NULL);
  g_autofree char *path = vs_test_npu_runs_file (rel);
  if (path == NULL)
    return NULL;
  g_autoptr (GError) error = NULL;
  VsSchedule *s = vs_vpurt_import (path, &error);
  g_assert_no_error (error);
  return s;
}

static gint
find_measured (const VsProfile *p, const char *name, guint nth)
{
  for (guint i = 0; i < p->tasks->len; i++)
    if (strcmp (g_array_index (p->tasks, VsMeasuredTask, i).name, name) == 0 && nth-- == 0)
      return (gint) i;
  return -1;
}

static void
test_runs (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (runs); r++) {
    const Run *run = &runs[r];
    g_autoptr (VsProfile) p = read_run (run->dir, run->file);
    if (p == NULL)
      return;
    g_autoptr (VsSchedule) s = schedule_of (run->dir);
    g_autoptr (VsProfileJoin) j = vs_profile_join (s, p);
    g_test_message ("%s/%s: %s, %.3f us, %u tasks + %u variants; joined %u/%u tasks, %u/%u "
                    "variants; schedule %u tasks (%u instrumentation), %u unjoined",
                    run->dir, run->file, vs_profile_flavour_name (p->flavour), p->latency_ps / 1e6,
                    j->measured_tasks, j->measured_variants, j->joined_tasks, j->measured_tasks,
                    j->joined_variants, j->measured_variants, j->schedule_tasks, j->instrumentation,
                    j->unjoined_tasks->len);
    g_assert_cmpint (p->flavour, ==, run->flavour);
    g_assert_cmpfloat_with_epsilon (p->latency_ps / 1e6, run->latency_us, run->tolerance_us);
    g_assert_false (p->simulated);
    g_assert_cmpuint (p->n_layers, ==, run->layers);
    g_assert_cmpuint (j->measured_tasks, ==, run->tasks);
    g_assert_cmpuint (j->measured_variants, ==, run->variants);
    g_assert_cmpuint (p->tasks->len, ==, run->tasks + run->variants);
    /* every measured task and variant finds its schedule task */
    g_assert_cmpuint (j->joined_tasks, ==, run->tasks);
    g_assert_cmpuint (j->joined_variants, ==, run->variants);
    g_assert_cmpuint (j->unjoined_measured->len, ==, 0);
    g_assert_cmpuint (j->unjoined_tasks->len, ==, run->unjoined_tasks);
    g_assert_cmpuint (j->schedule_tasks + j->instrumentation, ==, s->tasks->len);
    /* a join never crosses engines or tiles */
    for (guint m = 0; m < j->n_measured; m++) {
      const VsMeasuredTask *mt = &g_array_index (p->tasks, VsMeasuredTask, m);
      const VsTask *t = vs_schedule_task (s, (guint) j->task_of_measured[m]);
      const VsQueue *q = vs_schedule_queue (s, t->queue);
      g_assert_cmpint (q->engine, ==, mt->engine);
      if (mt->tile >= 0 && q->tile >= 0)
        g_assert_cmpint (q->tile, ==, mt->tile);
      if (mt->is_variant) {
        g_assert_cmpint (j->variant_of_measured[m], >=, (gint) t->spec.dpu.first_variant);
        g_assert_cmpint (j->variant_of_measured[m], <,
                         (gint) (t->spec.dpu.first_variant + t->spec.dpu.n_variants));
      } else {
        g_assert_cmpint (j->measured_of_task[j->task_of_measured[m]], ==, (gint) m);
      }
    }
  }
}

/* Engine identity from process names and name tokens, not from ids. */
static void
test_engine_identity (void)
{
  g_autoptr (VsProfile) p = read_run ("npu37xx_2tile_agegender_2024-08", "profiling.json");
  if (p == NULL)
    return;
  g_assert_cmpfloat (p->freq_mhz, ==, 1300);
  g_assert_cmpstr (p->workpoint_status, ==, "OK");
  g_assert_true (p->latency_given);
  g_assert_cmpint (p->latency_ps, ==, 85703000);
  gint i = find_measured (p, "relu1?t_Relu/cluster_1", 0);
  g_assert_cmpint (i, >=, 0);
  const VsMeasuredTask *t = &g_array_index (p->tasks, VsMeasuredTask, i);
  g_assert_cmpint (t->engine, ==, VS_ENGINE_DPU);
  g_assert_cmpint (t->tile, ==, 1);     /* pid 2 is "Cluster (1)" */
  g_assert_false (t->is_variant);
  g_assert_cmpint (t->start_ps, ==, 45832000);
  g_assert_cmpint (t->duration_ps, ==, 6895000);
  g_assert_cmpstr (t->layer, ==, "relu1");
  g_assert_cmpint (t->line, ==, 61);
  i = find_measured (p, "data?t_Parameter/converted_to_f16/tile_1/cluster_0", 0);
  t = &g_array_index (p->tasks, VsMeasuredTask, i);
  g_assert_cmpint (t->engine, ==, VS_ENGINE_SHAVE);
  g_assert_cmpint (t->tile, ==, 0);
  g_assert_cmpint (t->shave, ==, 1);
  i = find_measured (p, "data?t_Parameter/converted_to_f16/_cluster_1", 0);
  t = &g_array_index (p->tasks, VsMeasuredTask, i);
  g_assert_cmpint (t->engine, ==, VS_ENGINE_DMA);
  g_assert_cmpint (t->tile, ==, -1);
  g_assert_cmpint (t->port, ==, -1);    /* the 2024 writer's "DMA" threads say nothing */

  /* 2025-26: DMA threads name port and channel; tids are global */
  g_autoptr (VsProfile) q = read_run ("npu40xx_1tile_singleconv_2026-05", "profiling.json");
  i = find_measured (q, "495/sink_port_0?t_Result", 0);
  t = &g_array_index (q->tasks, VsMeasuredTask, i);
  g_assert_cmpint (t->port, ==, 0);
  g_assert_cmpint (t->channel, ==, 1);
  i = find_measured (q, "Convolution_6?t_Convolution/expand_act_channels/input-1-CMX", 0);
  g_assert_cmpint (g_array_index (q->tasks, VsMeasuredTask, i).channel, ==, 0);
  i = find_measured (q, "Conv_0?t_Convert/cluster_0", 0);
  t = &g_array_index (q->tasks, VsMeasuredTask, i);
  g_assert_cmpint (t->engine, ==, VS_ENGINE_SHAVE);   /* category "Shave" */
  g_assert_cmpint (t->start_ps, ==, 35833000);
  g_assert_cmpint (t->duration_ps, ==, 5468000);

  /* UPA software layers of VPU 2.0: SHAVE engine, no tile */
  g_autoptr (VsProfile) u = read_run ("vpux30xx_4tile_agegender_2024-06", "profiling.json");
  i = find_measured (u, "conv1/WithoutBiases?t_Convolution", 1);
  t = &g_array_index (u->tasks, VsMeasuredTask, i);
  g_assert_cmpint (t->engine, ==, VS_ENGINE_SHAVE);
  g_assert_cmpint (t->tile, ==, -1);
}

/* Variants stay apart from their invariant, and join the same task's variants. */
static void
test_variants (void)
{
  g_autoptr (VsProfile) p = read_run ("npu40xx_6tile_agegender_2025-09", "profiling_verbose.json");
  if (p == NULL)
    return;
  g_autoptr (VsSchedule) s = schedule_of ("npu40xx_6tile_agegender_2025-09");
  g_autoptr (VsProfileJoin) j = vs_profile_join (s, p);
  gint inv = find_measured (p, "relu1?t_Relu/cluster_3", 0);
  g_assert_cmpint (inv, >=, 0);
  g_assert_false (g_array_index (p->tasks, VsMeasuredTask, inv).is_variant);
  guint seen = 0;
  for (guint m = 0; m < p->tasks->len; m++) {
    const VsMeasuredTask *t = &g_array_index (p->tasks, VsMeasuredTask, m);
    if (!t->is_variant || !g_str_has_prefix (t->name, "relu1?t_Relu/cluster_3/variant_"))
      continue;
    seen++;
    g_assert_cmpint (t->tile, ==, 3);
    g_assert_cmpint (j->task_of_measured[m], ==, j->task_of_measured[inv]);
    g_assert_cmpint (j->variant_of_measured[m], ==,
                     (gint) vs_schedule_task (s, (guint) j->task_of_measured[inv])->spec.dpu.first_variant
                       + t->variant);
    g_assert_cmpint (j->measured_of_task[j->task_of_measured[m]], ==, inv);
  }
  g_assert_cmpuint (seen, >=, 1);
}

/* Equal names pair up in execution order: measured start order follows
 * schedule order on the queue. */
static void
test_equal_names_in_order (void)
{
  g_autoptr (VsProfile) p = read_run ("npu37xx_2tile_agegender_2024-08", "profiling.json");
  if (p == NULL)
    return;
  g_autoptr (VsSchedule) s = schedule_of ("npu37xx_2tile_agegender_2024-08");
  g_autoptr (VsProfileJoin) j = vs_profile_join (s, p);
  const char *name = "data?t_Parameter/converted_to_f16/_cluster_0";
  gint64 last_start = -1;
  guint n = 0;
  for (guint i = 0; i < s->tasks->len; i++) {
    if (g_strcmp0 (vs_schedule_task (s, i)->name, name) != 0 || j->measured_of_task[i] < 0)
      continue;
    const VsMeasuredTask *m = &g_array_index (p->tasks, VsMeasuredTask, j->measured_of_task[i]);
    g_assert_cmpint (m->start_ps, >, last_start);
    last_start = m->start_ps;
    n++;
  }
  g_assert_cmpuint (n, ==, 4);
  /* the timestamp DMAs around them are instrumentation */
  guint instr = 0;
  for (guint i = 0; i < s->tasks->len; i++)
    if (g_strcmp0 (vs_schedule_task (s, i)->name, name) == 0)
      instr += vs_profile_task_is_instrumentation (s, i);
  g_assert_cmpuint (instr, ==, 8);   /* a begin and an end timestamp per DMA */
}

/* The compiler's schedule trace: the same format, workpoint status SIM,
 * metadata after the task events, pid 0 a cluster. */
static void
test_schedule_trace (void)
{
  static const char json[] =
    "{\"traceEvents\":[\n"
    "{\"name\":\"conv?t_Convolution/cluster_0\", \"cat\":\"DPU\", \"ph\":\"X\", \"ts\":1.5, \"dur\":2.25, \"pid\":0, \"tid\":0},\n"
    "{\"name\":\"conv?t_Convolution/cluster_0/variant_1\", \"cat\":\"DPU\", \"ph\":\"X\", \"ts\":2.5, \"dur\":1.25, \"pid\":0, \"tid\":1},\n"
    "{\"name\":\"conv?t_Convolution/_cluster_0\", \"cat\":\"DMA\", \"ph\":\"X\", \"ts\":0, \"dur\":1.5, \"pid\":1, \"tid\":2},\n"
    "{\"name\":\"process_name\", \"ph\":\"M\", \"pid\":0, \"args\":{\"name\":\"Cluster (2)\"}},\n"
    "{\"name\":\"process_name\", \"ph\":\"M\", \"pid\":1, \"args\":{\"name\":\"DMA\"}},\n"
    "{\"name\":\"thread_name\", \"ph\":\"M\", \"pid\":0, \"tid\":1, \"args\":{\"name\":\"DPU Variants\"}},\n"
    "{\"name\":\"thread_name\", \"ph\":\"M\", \"pid\":1, \"tid\":2, \"args\":{\"name\":\"DMA 1 DDR\"}},\n"
    "{\"name\":\"begin\", \"ph\":\"B\", \"pid\":0, \"tid\":0, \"ts\":0}\n"
    "],\n\"workpoint\": {\"freq\": 1850.0, \"status\": \"SIM\"}}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (VsProfile) p = vs_profile_read_from_data (json, strlen (json), "sim.json", warnings, &error);
  g_assert_no_error (error);
  g_assert_true (p->simulated);
  g_assert_cmpfloat (p->freq_mhz, ==, 1850);
  g_assert_cmpint (p->flavour, ==, VS_PROFILE_FLAVOUR_2025);
  g_assert_false (p->latency_given);
  g_assert_cmpint (p->latency_ps, ==, 3750000);
  g_assert_cmpuint (p->tasks->len, ==, 3);
  const VsMeasuredTask *inv = &g_array_index (p->tasks, VsMeasuredTask, 0);
  const VsMeasuredTask *var = &g_array_index (p->tasks, VsMeasuredTask, 1);
  const VsMeasuredTask *dma = &g_array_index (p->tasks, VsMeasuredTask, 2);
  g_assert_cmpint (inv->tile, ==, 2);   /* the process, not the name token, not the pid */
  g_assert_false (inv->is_variant);
  g_assert_true (var->is_variant);
  g_assert_cmpint (var->variant, ==, 1);
  g_assert_cmpint (dma->port, ==, 1);
  g_assert_cmpint (dma->channel, ==, 0);
  g_assert_cmpint (dma->line, ==, 4);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "sim.json:9: events of phase \"B\" are not task events: skipped");
}

typedef struct {
  const char *text;
  const char *message;          /* expected start after "bad.json:" */
} Bad;

static const Bad bad_inputs[] = {
  { "{\"traceEvents\":[\n{\"name\":\"a\", \"ph\":\"X\", \"ts\":0, \"dur\":1,}\n]}\n", "2:" },
  { "{\"traceEvents\":[\n{\"name\":\"a\", \"cat\":\"DMA\", \"ph\":\"X\", \"ts\":0, \"dur\":1},\n"
    "{\"name\":\"b\", \"cat\":\"DMA\", \"ph\":\"X\", \"dur\":1}\n]}\n",
    "3: task event 'b' needs numbers \"ts\" and \"dur\" (microseconds)" },
  { "{\"traceEvents\":[\n{\"name\":\"a\", \"cat\":\"DPU\", \"ph\":\"X\", \"ts\":0,\n  \"dur\":-1}\n]}\n",
    "3: task event 'a': ts 0 and dur -1 must be between 0 and 1e12 us" },
  { "{\"traceEvents\":[\n{\"cat\":\"DPU\", \"ph\":\"X\", \"ts\":0, \"dur\":1}\n]}\n",
    "2: task event without a \"name\" string" },
  { "{\"traceEvents\":[\n{\"name\":\"a\", \"cat\":\"DPU\", \"ts\":0, \"dur\":1}\n]}\n",
    "2: event without a \"ph\" string" },
  { "{\"events\": []}\n", "1: no \"traceEvents\" array" },
  { "{\"traceEvents\":[\n{\"name\":\"process_name\", \"ph\":\"M\", \"pid\":0, \"args\":{\"name\":\"DMA\"}}\n]}\n",
    " no task events" },
  { "{\"traceEvents\":[\n{\"name\":\"a\", \"cat\":\"DPU\", \"ph\":\"X\", \"ts\":0, \"dur\":1}\n],\n"
    "\"taskStatistics\": {\n\"total duration\": -5\n}}\n",
    "5: taskStatistics \"total duration\" -5 us is out of range" },
  { "[1, 2]\n", "1: neither a profiling JSON trace" },
  { "hello\n", "1: neither a profiling JSON trace" },
  { "Task(DMA): a    Time(us): 0.50    Start(us): 0.00\nTask(DPU) b Time(us): 1\n",
    "2: a task line needs 'Task(ENGINE): name', 'Time(us):' and 'Start(us):'" },
  { "Task(DMA): a    Time(us): 0.50    Start(us): -3\n",
    "1: 'Time(us):' and 'Start(us):' need non-negative numbers" },
  { "Task(DMA): a    Time(us): 0.50    Start(us): 0\nTotal time: 1us, Real: soon\n",
    "2: 'Total time' line without 'Real: <us>'" },
  { "Task(DMA): a    Time(us): 0.50    Start(us): 0\nsomething else\n",
    "2: expected 'Task(ENGINE): ...', 'Layer: ...' or 'Total time: ...'" },
  /* cut short: the closing line is missing, whatever else survived */
  { "Task(DMA): a    Time(us): 0.50    Start(us): 0\nTask(DPU): b?t_Conv/cluster_0    Time(us): 1.00"
    "    Start(us): 0.50\n\n",
    "2: the text report ends without its closing 'Total time: ..., Real: ...' line: truncated?" },
  { "Task(DMA): a    Time(us): 0.50    Start(us): 0\nLayer: b    Type: Conv    DPU: 1.00    SW: 0.00"
    "    DMA: 0.00\tStart: 0.00\n",
    "2: the text report ends without its closing 'Total time: ..., Real: ...' line: truncated?" },
  { "Task(DMA): a    Time(us): 0.50    Start(us): 0\nTotal time: 0.50us, Real: 0.50us\n"
    "Task(DMA): c    Time(us): 0.50    Start(us): 0\n",
    "3: text after the closing 'Total time' line (line 2): two reports in one file?" },
};

static void
test_bad_inputs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (VsProfile) p = vs_profile_read_from_data (bad_inputs[i].text, strlen (bad_inputs[i].text),
                                                         "bad.json", NULL, &error);
    g_assert_null (p);
    g_assert_nonnull (error);
    g_assert_true (error->domain == VS_PROFILE_ERROR);
    g_autofree char *expected = g_strconcat ("bad.json:", bad_inputs[i].message, NULL);
    if (!g_str_has_prefix (error->message, expected))
      g_error ("bad input %u: got '%s', expected '%s...'", i, error->message, expected);
  }
  /* binary data, and a missing file */
  static const char bin[] = { '{', 0, 1, 2 };
  g_autoptr (GError) e1 = NULL;
  g_assert_null (vs_profile_read_from_data (bin, sizeof bin, "p.bin", NULL, &e1));
  g_assert_error (e1, VS_PROFILE_ERROR, VS_PROFILE_ERROR_PARSE);
  g_autoptr (GError) e2 = NULL;
  g_assert_null (vs_profile_read ("/nonexistent/profiling.json", NULL, &e2));
  g_assert_error (e2, VS_PROFILE_ERROR, VS_PROFILE_ERROR_IO);
}

/* Every prefix of a real report reads or fails with an error; never crashes. */
static void
test_truncated (void)
{
  g_autofree char *path = vs_test_npu_runs_file ("npu40xx_1tile_singleconv_2026-05/profiling_verbose.json");
  if (path == NULL)
    return;
  g_autofree char *data = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  for (gsize cut = 0; cut < length; cut += 61) {
    g_autoptr (GError) error = NULL;
    g_autoptr (VsProfile) p = vs_profile_read_from_data (data, cut, "cut.json", NULL, &error);
    g_assert_true ((p == NULL) == (error != NULL));
    if (error != NULL)
      g_assert_true (g_str_has_prefix (error->message, "cut.json"));
  }
}

/* The 2022-23 writer's SHAVE tasks three times over: only the per-SHAVE
 * events ("SW Cluster[N]" threads) are tasks; the per-cluster and per-layer
 * sums are counted apart.  Their names ("MVN_0/cluster_1/tile_1") and the
 * DMAs' ("MVN_0") are not the schedule's ("MVN_0?PROF_0_8_2_1/_cluster_1",
 * "MVN_0?_cluster_1"): they join by layer, tile and order. */
static void
test_old_names_by_layer (void)
{
  g_autoptr (VsProfile) p = read_run ("npu37xx_2tile_mvn_2023-08", "profiling.json");
  if (p == NULL)
    return;
  g_autoptr (VsSchedule) s = schedule_of ("npu37xx_2tile_mvn_2023-08");
  g_assert_cmpuint (p->n_summaries, ==, 21);   /* 13 per cluster, 8 per layer */
  g_autoptr (VsProfileJoin) j = vs_profile_join (s, p);
  g_assert_cmpuint (j->joined_tasks, ==, 38);
  g_assert_cmpuint (j->joined_by_layer, ==, 33);
  g_assert_cmpfloat (vs_profile_join_rate (j), ==, 100.0);
  /* MVN_0's second task on SHAVE cluster 1 is the schedule's second MVN_0 task of tile 1 */
  gint m = find_measured (p, "MVN_0/cluster_1/tile_1", 0);
  g_assert_cmpint (m, >=, 0);
  const VsTask *t = vs_schedule_task (s, (guint) j->task_of_measured[m]);
  g_assert_cmpstr (t->name, ==, "MVN_0?PROF_0_8_2_1/_cluster_1");
  g_assert_cmpstr (vs_schedule_queue (s, t->queue)->id, ==, "shv.t1");
  /* the second "MVN_0" DMA by start is the one on port 1 */
  m = find_measured (p, "MVN_0", 1);
  t = vs_schedule_task (s, (guint) j->task_of_measured[m]);
  g_assert_cmpstr (t->name, ==, "MVN_0?_cluster_1");
}

/* Raw counters: a DPU variant's duration from IDU/ODU counters at the
 * workpoint's clocks equals the JSON's event for the same run. */
static void
test_raw_counters (void)
{
  g_autoptr (VsProfile) dbg = read_run ("npu37xx_2tile_agegender_2024-08", "profiling_debug.txt");
  g_autoptr (VsProfile) json = read_run ("npu37xx_2tile_agegender_2024-08", "profiling.json");
  if (dbg == NULL || json == NULL)
    return;
  gint v = find_measured (dbg, "conv1/WithoutBiases?t_Convolution/cluster_0/variant_0", 0);
  gint e = find_measured (json, "conv1/WithoutBiases?t_Convolution/cluster_0", 0);
  g_assert_cmpint (v, >=, 0);
  g_assert_cmpint (e, >=, 0);
  const VsMeasuredTask *mv = &g_array_index (dbg->tasks, VsMeasuredTask, v);
  const VsMeasuredTask *me = &g_array_index (json->tasks, VsMeasuredTask, e);
  g_assert_true (mv->is_variant);
  g_assert_cmpint (mv->tile, ==, 0);
  g_assert_cmpint (llabs (mv->duration_ps - me->duration_ps), <=, 1000);   /* 0.654 us, to 1 ns */
  g_assert_cmpfloat_with_epsilon (dbg->freq_mhz, 1300.0, 1e-9);
  g_autoptr (VsProfile) pll = read_run ("npu37xx_2tile_agegender_pll32_2023-08", "profiling_debug.txt");
  g_assert_cmpfloat_with_epsilon (pll->freq_mhz, 1066.0 + 2.0 / 3.0, 1e-9);   /* PLL 32 */
}

/* The 2022 text layout: tasks at loc(unknown) are unnamed in the report and
 * join the schedule's unnamed or "_PROF"-only tasks. */
static void
test_text_2022 (void)
{
  g_autoptr (VsProfile) p = read_run ("vpux30xx_agegender_2022-01", "profiling_text.txt");
  if (p == NULL)
    return;
  g_autoptr (VsSchedule) s = schedule_of ("vpux30xx_agegender_2022-01");
  g_autoptr (VsProfileJoin) j = vs_profile_join (s, p);
  gint m = find_measured (p, "", 1);   /* the second unnamed task: UPA, 99.081 us */
  g_assert_cmpint (m, >=, 0);
  const VsMeasuredTask *mt = &g_array_index (p->tasks, VsMeasuredTask, m);
  g_assert_cmpint (mt->engine, ==, VS_ENGINE_SHAVE);
  g_assert_cmpint (mt->duration_ps, ==, 99081000);
  const VsTask *t = vs_schedule_task (s, (guint) j->task_of_measured[m]);
  g_assert_cmpstr (t->name, ==, "_PROF_2");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/profile-import/runs", test_runs);
  g_test_add_func ("/profile-import/old-names-by-layer", test_old_names_by_layer);
  g_test_add_func ("/profile-import/raw-counters", test_raw_counters);
  g_test_add_func ("/profile-import/text-2022", test_text_2022);
  g_test_add_func ("/profile-import/engine-identity", test_engine_identity);
  g_test_add_func ("/profile-import/variants", test_variants);
  g_test_add_func ("/profile-import/equal-names-in-order", test_equal_names_in_order);
  g_test_add_func ("/profile-import/schedule-trace", test_schedule_trace);
  g_test_add_func ("/profile-import/bad-inputs", test_bad_inputs);
  g_test_add_func ("/profile-import/truncated", test_truncated);
  return g_test_run ();
}
