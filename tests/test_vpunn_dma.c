/* SPDX-License-Identifier: Apache-2.0 */
/* test_vpunn_dma.c — VPUNN DMA costs: descriptors, post-processing, fallbacks,
 * the theoretical model, every golden row (dma_dma_2_7, dma_dma_4_0,
 * dma_theoretical), SPEC Appendix A, batch == singles, cache == no cache,
 * and the `vpusim cost dma` CSV path. */
#include "models/vpunn/vpunn_dma.h"

#include <math.h>
#include <string.h>

#include "models/dma_theoretical.h"
#include "models/vpunn/dma_layout.h"
#include "sim/cost/cost_csv.h"
#include "sim/base/csv_table.h"
#include "tests/test_support.h"

/* ---- golden rows ---- */

static gint64
cell_int (const VsCsvTable *t, guint row, const char *column)
{
  g_autoptr(GError) error = NULL;
  guint col;
  gint64 v = 0;
  g_assert_true (vs_csv_table_require (t, column, &col, &error));
  g_assert_true (vs_csv_table_get_int (t, row, col, &v, &error));
  g_assert_no_error (error);
  return v;
}

static int
cell_enum (const VsCsvTable *t, guint row, const char *column, const VsNameEntry *names)
{
  g_autoptr(GError) error = NULL;
  guint col;
  int v = 0;
  g_assert_true (vs_csv_table_require (t, column, &col, &error));
  g_assert_true (vs_csv_table_lookup (t, row, col, names, &v, &error));
  g_assert_no_error (error);
  return v;
}

static VsCsvTable *
golden (const char *name)
{
  g_autofree char *path = vs_test_vpunn_file (name);
  if (path == NULL)
    return NULL;
  g_autoptr(GError) error = NULL;
  VsCsvTable *t = vs_csv_table_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_csv_table_n_rows (t), >, 200);
  return t;
}

static VsVpunnDma *
load_dma (const char *file)
{
  g_autofree char *rel = g_build_filename ("models", file, NULL);
  g_autofree char *path = vs_test_vpunn_file (rel);
  if (path == NULL)
    return NULL;
  g_autoptr(GError) error = NULL;
  VsVpunnDma *m = vs_vpunn_dma_load (path, &error);
  g_assert_no_error (error);
  return m;
}

static GArray *
rows_27 (const VsCsvTable *t)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (VsDmaWorkload27));
  for (guint r = 0; r < vs_csv_table_n_rows (t); r++) {
    VsDmaWorkload27 w = {
      .device = cell_enum (t, r, "device", vs_vpu_device_names),
      .num_planes = cell_int (t, r, "num_planes"), .length = cell_int (t, r, "length"),
      .src_width = cell_int (t, r, "src_width"), .dst_width = cell_int (t, r, "dst_width"),
      .src_stride = cell_int (t, r, "src_stride"), .dst_stride = cell_int (t, r, "dst_stride"),
      .src_plane_stride = cell_int (t, r, "src_plane_stride"),
      .dst_plane_stride = cell_int (t, r, "dst_plane_stride"),
      .direction = cell_enum (t, r, "transfer_direction",
                              vs_memory_direction_names),
    };
    g_array_append_val (a, w);
  }
  return a;
}

static GArray *
rows_40 (const VsCsvTable *t)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (VsDmaWorkload40));
  for (guint r = 0; r < vs_csv_table_n_rows (t); r++) {
    VsDmaWorkload40 w = {
      .device = cell_enum (t, r, "device", vs_vpu_device_names),
      .src_width = cell_int (t, r, "src_width"), .dst_width = cell_int (t, r, "dst_width"),
      .num_dim = cell_int (t, r, "num_dim"),
      .direction = cell_enum (t, r, "transfer_direction",
                              vs_memory_direction_names),
    };
    for (guint d = 0; d < 5; d++) {
      char name[32];
      g_snprintf (name, sizeof name, "src_stride_%u", d + 1);
      w.dims[d].src_stride = cell_int (t, r, name);
      g_snprintf (name, sizeof name, "dst_stride_%u", d + 1);
      w.dims[d].dst_stride = cell_int (t, r, name);
      g_snprintf (name, sizeof name, "src_dim_size_%u", d + 1);
      w.dims[d].src_dim_size = cell_int (t, r, name);
      g_snprintf (name, sizeof name, "dst_dim_size_%u", d + 1);
      w.dims[d].dst_dim_size = cell_int (t, r, name);
    }
    guint col;
    g_assert_true (vs_csv_table_require (t, "num_engine", &col, NULL));
    const char *engine = vs_csv_table_cell (t, r, col);
    g_assert_true (g_str_equal (engine, "Num_Engine_1") || g_str_equal (engine, "Num_Engine_2"));
    w.num_engine = g_str_equal (engine, "Num_Engine_2");
    g_array_append_val (a, w);
  }
  return a;
}

static GArray *
references (const VsCsvTable *t)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (VsCycles));
  for (guint r = 0; r < vs_csv_table_n_rows (t); r++) {
    VsCycles c = (VsCycles) cell_int (t, r, "reference_cycles");
    g_array_append_val (a, c);
  }
  return a;
}

static void
report_agreement (const char *what, const VsCsvTable *t, const VsCycles *got, const GArray *ref)
{
  guint agree = 0;
  for (guint i = 0; i < ref->len; i++) {
    VsCycles want = g_array_index (ref, VsCycles, i);
    if (got[i] != want)
      g_test_message ("%s line %u: got %u, reference %u", what, vs_csv_table_row_line (t, i),
                      got[i], want);
    agree += got[i] == want;
  }
  g_test_message ("%s: %u/%u rows agree", what, agree, ref->len);
  g_assert_cmpuint (agree, ==, ref->len);
}

static void
test_golden_27 (void)
{
  g_autoptr(VsCsvTable) t = golden ("golden/dma_dma_2_7.csv");
  g_autoptr(VsVpunnDma) m = t != NULL ? load_dma ("dma_2_7.vpunn") : NULL;
  if (m == NULL)
    return;
  g_assert_cmpint (vs_vpunn_dma_interface (m), ==, 1);
  g_assert_cmpint (vs_vpunn_dma_output_version (m), ==, 1);
  vs_vpunn_dma_set_cache_capacity (m, 0);
  g_autoptr(GArray) w = rows_27 (t);
  g_autoptr(GArray) ref = references (t);
  g_autofree VsCycles *single = g_new (VsCycles, w->len);
  for (guint i = 0; i < w->len; i++)
    single[i] = vs_vpunn_dma_cycles (m, VS_DMA_WORKLOAD_27, &g_array_index (w, VsDmaWorkload27, i));
  report_agreement ("dma_dma_2_7.csv", t, single, ref);

  /* One batch, and a cached model, give the same numbers. */
  g_autofree VsCycles *batch = g_new (VsCycles, w->len);
  vs_vpunn_dma_cycles_batch (m, VS_DMA_WORKLOAD_27, (VsDmaWorkload27 *) w->data, w->len, batch);
  g_assert_cmpmem (batch, w->len * sizeof *batch, single, w->len * sizeof *single);
  vs_vpunn_dma_set_cache_capacity (m, 16384);
  for (guint pass = 0; pass < 2; pass++) {
    vs_vpunn_dma_cycles_batch (m, VS_DMA_WORKLOAD_27, (VsDmaWorkload27 *) w->data, w->len, batch);
    g_assert_cmpmem (batch, w->len * sizeof *batch, single, w->len * sizeof *single);
  }
  guint64 hits, misses;
  vs_vpunn_dma_cache_stats (m, &hits, &misses);
  g_assert_cmpuint (misses, ==, w->len);
  g_assert_cmpuint (hits, ==, w->len);
}

static void
test_golden_40 (void)
{
  g_autoptr(VsCsvTable) t = golden ("golden/dma_dma_4_0.csv");
  g_autoptr(VsVpunnDma) m = t != NULL ? load_dma ("dma_4_0.vpunn") : NULL;
  if (m == NULL)
    return;
  g_assert_cmpint (vs_vpunn_dma_interface (m), ==, 2);
  vs_vpunn_dma_set_cache_capacity (m, 0);
  g_autoptr(GArray) w = rows_40 (t);
  g_autoptr(GArray) ref = references (t);
  g_autofree VsCycles *single = g_new (VsCycles, w->len);
  for (guint i = 0; i < w->len; i++)
    single[i] = vs_vpunn_dma_cycles (m, VS_DMA_WORKLOAD_40, &g_array_index (w, VsDmaWorkload40, i));
  report_agreement ("dma_dma_4_0.csv", t, single, ref);

  g_autofree VsCycles *batch = g_new (VsCycles, w->len);
  vs_vpunn_dma_cycles_batch (m, VS_DMA_WORKLOAD_40, (VsDmaWorkload40 *) w->data, w->len, batch);
  g_assert_cmpmem (batch, w->len * sizeof *batch, single, w->len * sizeof *single);
  /* A tiny cache is flushed over and over; answers do not change. */
  vs_vpunn_dma_set_cache_capacity (m, 7);
  for (guint pass = 0; pass < 3; pass++) {
    vs_vpunn_dma_cycles_batch (m, VS_DMA_WORKLOAD_40, (VsDmaWorkload40 *) w->data, w->len, batch);
    g_assert_cmpmem (batch, w->len * sizeof *batch, single, w->len * sizeof *single);
  }
}

static void
test_golden_theoretical (void)
{
  g_autoptr(VsCsvTable) t = golden ("golden/dma_theoretical.csv");
  if (t == NULL)
    return;
  g_autoptr(GArray) ref = references (t);
  g_autofree VsCycles *got = g_new (VsCycles, ref->len);
  for (guint r = 0; r < ref->len; r++) {
    VsDmaCopyWorkload w = {
      .device = cell_enum (t, r, "device", vs_vpu_device_names),
      .input = { .w = cell_int (t, r, "in_w"), .h = cell_int (t, r, "in_h"),
                 .c = cell_int (t, r, "in_c"), .b = cell_int (t, r, "in_b"),
                 .dtype = cell_enum (t, r, "in_dtype", vs_data_type_names),
                 .layout = VS_LAYOUT_ZXY },
      .output = { .w = cell_int (t, r, "out_w"), .h = cell_int (t, r, "out_h"),
                  .c = cell_int (t, r, "out_c"), .b = cell_int (t, r, "out_b"),
                  .dtype = cell_enum (t, r, "out_dtype", vs_data_type_names),
                  .layout = VS_LAYOUT_ZXY },
      .input_location = cell_enum (t, r, "input_location",
                                   vs_memory_location_names),
      .output_location = cell_enum (t, r, "output_location",
                                    vs_memory_location_names),
      .output_write_tiles = 1,
    };
    got[r] = vs_dma_theoretical_cycles (&w);
  }
  report_agreement ("dma_theoretical.csv", t, got, ref);
}

/* ---- SPEC Appendix A ---- */

static void
assert_descriptor (const float *got, guint n, const float *want)
{
  for (guint i = 0; i < n; i++)
    if (got[i] != want[i])
      g_error ("descriptor[%u] = %g, expected %g", i, got[i], want[i]);
}

static void
test_appendix_descriptors (void)
{
  float d[VS_DMA_DESCRIPTOR_MAX];
  VsDmaWorkload27 a = { VS_DEVICE_VPU_2_7, 3, 8192, 4096, 512, 128, 0, 128, 1024, VS_DIR_DDR2DDR };
  static const float da[12] = { 3, 8192, 4096, 512, 128, 0, 128, 1024, 0, 0, 0, 1 };
  g_assert_true (vs_dma_descriptor_build (1, VS_DMA_WORKLOAD_27, &a, d));
  assert_descriptor (d, 12, da);
  g_assert_cmpint (vs_dma_accessed_bytes (VS_DMA_WORKLOAD_27, &a), ==, 32768);
  VsDmaWorkload27 c = { VS_DEVICE_VPU_2_7, 1, 4096, 1024, 2048, 1500, 3000, 8000, 9000,
                        VS_DIR_CMX2DDR };
  static const float dc[12] = { 1, 4096, 1024, 2048, 1500, 3000, 8000, 9000, 0, 0, 1, 0 };
  g_assert_true (vs_dma_descriptor_build (1, VS_DMA_WORKLOAD_27, &c, d));
  assert_descriptor (d, 12, dc);
  g_assert_false (vs_dma_descriptor_build (2, VS_DMA_WORKLOAD_27, &c, d));

  VsDmaWorkload40 e = { .device = VS_DEVICE_VPU_4_0, .src_width = 256, .dst_width = 512,
                        .num_dim = 2, .num_engine = 1, .direction = VS_DIR_DDR2CMX };
  e.dims[0] = (VsDmaDim) { 1024, 2048, 15, 7 };
  e.dims[1] = (VsDmaDim) { 4096, 8192, 3, 1 };
  static const float de2[29] = { 512, 256, 2, 2048, 1024, 7, 15, 8192, 4096, 1, 3, 0, 0, 0, 0,
                                 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0 };
  g_assert_true (vs_dma_descriptor_build (2, VS_DMA_WORKLOAD_40, &e, d));
  assert_descriptor (d, 29, de2);
  g_assert_cmpint (vs_dma_accessed_bytes (VS_DMA_WORKLOAD_40, &e), ==, 16384);
  e.device = VS_DEVICE_NPU_5_0;
  e.direction = VS_DIR_CMX2DDR;
  static const float de3[27] = { 2, 512, 256, 7, 1, 0, 0, 0, 15, 3, 0, 0, 0, 2048, 8192, 0, 0,
                                 0, 1024, 4096, 0, 0, 0, 0, 0, 1, 0 };
  g_assert_true (vs_dma_descriptor_build (3, VS_DMA_WORKLOAD_40, &e, d));
  assert_descriptor (d, 27, de3);
  g_assert_false (vs_dma_descriptor_build (1, VS_DMA_WORKLOAD_40, &e, d));

  /* Out-of-range fields are refused, not encoded. */
  e.num_engine = 2;
  g_assert_false (vs_dma_descriptor_build (2, VS_DMA_WORKLOAD_40, &e, d));
  g_assert_true (vs_dma_descriptor_build (3, VS_DMA_WORKLOAD_40, &e, d)); /* interface 03 has no engine field */
  e.num_engine = 0;
  e.num_dim = 6;
  g_assert_false (vs_dma_descriptor_build (3, VS_DMA_WORKLOAD_40, &e, d));
  a.direction = VS_DIR_COUNT;
  g_assert_false (vs_dma_descriptor_build (1, VS_DMA_WORKLOAD_27, &a, d));
  g_assert_cmpuint (vs_dma_descriptor_size (1), ==, 12);
  g_assert_cmpuint (vs_dma_descriptor_size (2), ==, 29);
  g_assert_cmpuint (vs_dma_descriptor_size (3), ==, 27);
  g_assert_cmpuint (vs_dma_descriptor_size (4), ==, 0);
}

static void
test_appendix_post_process (void)
{
  /* Raw values of Appendix A.1 to the reference's cycles, no network needed. */
  g_assert_cmpuint (vs_vpunn_dma_post_process (1, VS_DEVICE_VPU_2_7, 32768, 0.422116756f), ==, 3235);
  g_assert_cmpuint (vs_vpunn_dma_post_process (1, VS_DEVICE_VPU_2_7, 65535, 0.489973187f), ==, 5574);
  g_assert_cmpuint (vs_vpunn_dma_post_process (1, VS_DEVICE_VPU_2_7, 8192, 0.562210262f), ==, 608);
  g_assert_cmpuint (vs_vpunn_dma_post_process (1, VS_DEVICE_VPU_4_0, 8192, 0.493462175f), ==, 455);
  g_assert_cmpuint (vs_vpunn_dma_post_process (1, VS_DEVICE_VPU_4_0, 65535, 0.878537953f), ==, 2041);
  /* Raw 0 is valid: the minimum bandwidth of 1/200 byte per cycle. */
  g_assert_cmpuint (vs_vpunn_dma_post_process (1, VS_DEVICE_VPU_4_0, 16384, 0.0f), ==, 5736931);
  g_assert_cmpuint (vs_vpunn_dma_post_process (2, VS_DEVICE_NPU_5_0, 65535, 1128.3324f), ==, 1129);
  g_assert_cmpuint (vs_vpunn_dma_post_process (2, VS_DEVICE_NPU_5_0, 16384, 193.299591f), ==, 194);

  /* The valid ranges: [-0.1, 1.1] for version 1, [0, 1e9] for version 2. */
  g_assert_cmpuint (vs_vpunn_dma_post_process (1, VS_DEVICE_VPU_2_7, 100, 1.2f), ==,
                    VS_ERROR_INVALID_OUTPUT_RANGE);
  g_assert_cmpuint (vs_vpunn_dma_post_process (1, VS_DEVICE_VPU_2_7, 100, -0.2f), ==,
                    VS_ERROR_INVALID_OUTPUT_RANGE);
  /* Slightly over 1 is clamped to the peak: 3200 bytes at 32 B/cycle, x 1300/975. */
  g_assert_cmpuint (vs_vpunn_dma_post_process (1, VS_DEVICE_VPU_2_7, 3200, 1.05f), ==, 134);
  g_assert_cmpuint (vs_vpunn_dma_post_process (1, VS_DEVICE_VPU_2_7, 3200, NAN), ==,
                    VS_ERROR_INVALID_OUTPUT_RANGE);
  g_assert_cmpuint (vs_vpunn_dma_post_process (2, VS_DEVICE_NPU_5_0, 100, -1.0f), ==,
                    VS_ERROR_INVALID_OUTPUT_RANGE);
  g_assert_cmpuint (vs_vpunn_dma_post_process (2, VS_DEVICE_NPU_5_0, 100, 2e9f), ==,
                    VS_ERROR_INVALID_OUTPUT_RANGE);
  g_assert_cmpuint (vs_vpunn_dma_post_process (2, VS_DEVICE_NPU_5_0, 100, 0.0f), ==, 0);
  g_assert_cmpuint (vs_vpunn_dma_post_process (3, VS_DEVICE_NPU_5_0, 100, 1.0f), ==,
                    VS_ERROR_INVALID_OUTPUT_RANGE);
}

static void
test_appendix_theoretical (void)
{
  static const struct {
    VsVpuDevice device;
    VsMemoryLocation in, out;
    VsCycles cycles;
  } cases[] = {
    { VS_DEVICE_VPU_2_7, VS_MEMLOC_DRAM, VS_MEMLOC_CMX, 3658 },
    { VS_DEVICE_VPU_4_0, VS_MEMLOC_DRAM, VS_MEMLOC_CMX, 4359 },
    { VS_DEVICE_NPU_5_0, VS_MEMLOC_DRAM, VS_MEMLOC_CMX, 1958 },
    { VS_DEVICE_VPU_2_7, VS_MEMLOC_CMX, VS_MEMLOC_CMX, 4203 },
    { VS_DEVICE_VPU_4_0, VS_MEMLOC_CMX, VS_MEMLOC_CMX, 2761 },
    { VS_DEVICE_NPU_5_0, VS_MEMLOC_CMX, VS_MEMLOC_CMX, 1429 },
    { VS_DEVICE_VPU_2_7, VS_MEMLOC_DRAM, VS_MEMLOC_DRAM, 3658 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    VsDmaCopyWorkload w = { .device = cases[i].device, .input_location = cases[i].in,
                            .output_location = cases[i].out, .output_write_tiles = 1 };
    w.input = (VsVpuTensor) { 56, 56, 16, 1, VS_DTYPE_UINT8, VS_LAYOUT_ZXY, FALSE };
    w.output = w.input;
    g_assert_cmpuint (vs_dma_theoretical_cycles (&w), ==, cases[i].cycles);
  }
  /* Latency parts named in SPEC §6.5. */
  g_assert_cmpuint (vs_dma_hw_latency (vs_dma_hw_legacy (VS_DEVICE_VPU_2_7), VS_MEMLOC_DRAM), ==, 1242);
  g_assert_cmpuint (vs_dma_hw_latency (vs_dma_hw_legacy (VS_DEVICE_VPU_4_0), VS_MEMLOC_DRAM), ==, 1625);
  g_assert_cmpuint (vs_dma_hw_latency (vs_dma_hw_main (VS_DEVICE_NPU_5_0), VS_MEMLOC_DRAM), ==, 585);
}

static void
test_tensor_bytes (void)
{
  VsVpuTensor t = { 7, 3, 5, 1, VS_DTYPE_UINT4, VS_LAYOUT_ZXY, FALSE };
  /* Innermost Z: 5 nibbles -> 3 bytes per line, 21 lines. */
  g_assert_cmpuint (vs_dma_tensor_bytes (&t), ==, 63);
  t.layout = VS_LAYOUT_XYZ;     /* innermost X: 7 nibbles -> 4 bytes, 15 lines */
  g_assert_cmpuint (vs_dma_tensor_bytes (&t), ==, 60);
  t.dtype = VS_DTYPE_UINT1;     /* 7 bits -> 1 byte per line */
  g_assert_cmpuint (vs_dma_tensor_bytes (&t), ==, 15);
  t.dtype = VS_DTYPE_FLOAT16;
  g_assert_cmpuint (vs_dma_tensor_bytes (&t), ==, 210);
  t.dtype = VS_DTYPE_INT32;
  t.layout = VS_LAYOUT_INVALID;
  g_assert_cmpuint (vs_dma_tensor_bytes (&t), ==, 420);
}

/* Theoretical fallback and its conditions; no network needed. */
static void
test_fallbacks (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnDma) none = vs_vpunn_dma_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_vpunn_dma_interface (none), ==, 0);
  VsDmaWorkloadKind kind;
  g_assert_false (vs_vpunn_dma_workload_kind (none, &kind));

  /* 50176 bytes DRAM->CMX on 2.7 is the theoretical 3658 of Appendix A. */
  VsDmaWorkload27 a = { .device = VS_DEVICE_VPU_2_7, .length = 50176, .src_width = 50176,
                        .dst_width = 50176, .direction = VS_DIR_DDR2CMX };
  g_assert_cmpuint (vs_vpunn_dma_cycles (none, VS_DMA_WORKLOAD_27, &a), ==, 3658);
  g_assert_cmpuint (vs_vpunn_dma_fallback (VS_DMA_WORKLOAD_27, &a), ==, 3658);
  VsDmaWorkload40 b = { .device = VS_DEVICE_VPU_4_0, .src_width = 3136, .dst_width = 3136,
                        .num_dim = 1, .direction = VS_DIR_CMX2CMX };
  b.dims[0].src_dim_size = 15;
  g_assert_cmpuint (vs_vpunn_dma_cycles (none, VS_DMA_WORKLOAD_40, &b), ==, 2761);
  /* Unused dimensions do not count bytes. */
  b.dims[3].src_dim_size = 99;
  g_assert_cmpuint (vs_vpunn_dma_cycles (none, VS_DMA_WORKLOAD_40, &b), ==, 2761);

  /* Unencodable workloads. */
  a.direction = VS_DIR_COUNT;
  g_assert_cmpuint (vs_vpunn_dma_cycles (none, VS_DMA_WORKLOAD_27, &a), ==, VS_ERROR_INVALID_INPUT_CONFIGURATION);
  b.num_dim = -1;
  g_assert_cmpuint (vs_vpunn_dma_cycles (none, VS_DMA_WORKLOAD_40, &b), ==, VS_ERROR_INVALID_INPUT_CONFIGURATION);

  /* Reserved devices have meaningless hardware numbers: no provider works. */
  a.direction = VS_DIR_DDR2CMX;
  a.device = VS_DEVICE_NPU_RESERVED;
  g_assert_cmpuint (vs_vpunn_dma_cycles (none, VS_DMA_WORKLOAD_27, &a), ==, VS_ERROR_NO_VALID_DMA_COST_PROVIDER);

  /* Copies: plain ones convert, others do not. */
  VsDmaCopyWorkload c = { .device = VS_DEVICE_VPU_2_7, .input_location = VS_MEMLOC_DRAM,
                          .output_location = VS_MEMLOC_CMX, .output_write_tiles = 1 };
  c.input = (VsVpuTensor) { 56, 56, 16, 1, VS_DTYPE_UINT8, VS_LAYOUT_ZXY, FALSE };
  c.output = c.input;
  VsDmaWorkload27 c27;
  g_assert_true (vs_dma_record_from_copy (VS_DMA_WORKLOAD_27, &c, &c27));
  g_assert_cmpint (c27.length, ==, 50176);
  g_assert_cmpint (c27.direction, ==, VS_DIR_DDR2CMX);
  g_assert_cmpuint (vs_vpunn_dma_copy_cycles (none, &c), ==, 3658);
  c.output.layout = VS_LAYOUT_XYZ;
  g_assert_false (vs_dma_record_from_copy (VS_DMA_WORKLOAD_27, &c, &c27));
  c.output.layout = VS_LAYOUT_ZXY;
  c.output_location = VS_MEMLOC_UPA;
  VsDmaWorkload40 c40;
  g_assert_false (vs_dma_record_from_copy (VS_DMA_WORKLOAD_40, &c, &c40));
}

/* A copy that carries the compiler's descriptor (a permute: 16 planes of
 * 3968 bytes written two bytes at a time, as NPU 2.7 schedules hold it) is
 * that descriptor in both records; through dma_2_7.vpunn it costs what the
 * record costs, an order of magnitude more than the same bytes copied
 * whole. */
static void
test_copy_descriptor (void)
{
  VsDmaCopyWorkload c = { .device = VS_DEVICE_VPU_2_7, .input_location = VS_MEMLOC_DRAM,
                          .output_location = VS_MEMLOC_CMX, .output_write_tiles = 1 };
  c.input = (VsVpuTensor) { 1984, 16, 1, 1, VS_DTYPE_FLOAT16, VS_LAYOUT_ZXY, FALSE };
  c.output = (VsVpuTensor) { 16, 1984, 1, 1, VS_DTYPE_FLOAT16, VS_LAYOUT_XYZ, FALSE };
  c.planes = (VsDmaPlanes) { .count = 16, .len = 3968, .src_width = 3968, .dst_width = 2,
                             .src_stride = 2, .dst_stride = 32, .src_plane_stride = 7688,
                             .dst_plane_stride = 2 };
  VsDmaWorkload27 r27;
  g_assert_true (vs_dma_record_from_copy (VS_DMA_WORKLOAD_27, &c, &r27));
  VsDmaWorkload27 want = { VS_DEVICE_VPU_2_7, 15, 3968, 3968, 2, 2, 32, 7688, 2, VS_DIR_DDR2CMX };
  g_assert_cmpmem (&r27, sizeof r27, &want, sizeof want);
  VsDmaWorkload40 r40;
  g_assert_true (vs_dma_record_from_copy (VS_DMA_WORKLOAD_40, &c, &r40));
  g_assert_cmpint (r40.src_width, ==, 3968);
  g_assert_cmpint (r40.dst_width, ==, 2);
  g_assert_cmpint (r40.num_dim, ==, 2);
  g_assert_cmpint (r40.dims[0].src_dim_size, ==, 0);
  g_assert_cmpint (r40.dims[0].dst_dim_size, ==, 1983);
  g_assert_cmpint (r40.dims[0].dst_stride, ==, 32);
  g_assert_cmpint (r40.dims[1].src_dim_size, ==, 15);
  g_assert_cmpint (r40.dims[1].src_stride, ==, 7688);
  /* runs that do not tile the plane: the tensors decide (a permute of
   * layouts is no plain copy) */
  VsDmaCopyWorkload odd = c;
  odd.planes.dst_width = 3;
  g_assert_false (vs_dma_record_from_copy (VS_DMA_WORKLOAD_27, &odd, &r27));

  g_autoptr (VsVpunnDma) m = load_dma ("dma_2_7.vpunn");
  if (m == NULL)
    return;
  VsCycles permute = vs_vpunn_dma_copy_cycles (m, &c);
  g_assert_cmpuint (permute, ==, vs_vpunn_dma_cycles (m, VS_DMA_WORKLOAD_27, &want));
  VsDmaCopyWorkload whole = c;
  whole.planes = (VsDmaPlanes) { 0 };
  whole.output = whole.input;
  VsCycles plain = vs_vpunn_dma_copy_cycles (m, &whole);
  g_test_message ("permute %" G_GUINT64_FORMAT " cycles, plain copy %" G_GUINT64_FORMAT,
                  (guint64) permute, (guint64) plain);
  g_assert_cmpuint (permute, >, 10 * plain);
}

typedef struct {
  const char *model;
  gboolean is_27;
  VsDmaWorkload27 w27;
  VsDmaWorkload40 w40;
  float raw;
  VsCycles cycles;
} NetVector;

static void
test_appendix_networks (void)
{
  NetVector v[] = {
    { "dma_2_7.vpunn", TRUE, { VS_DEVICE_VPU_2_7, 3, 8192, 4096, 512, 128, 0, 128, 1024, VS_DIR_DDR2DDR },
      { 0 }, 0.422116756f, 3235 },
    { "dma_2_7.vpunn", TRUE, { VS_DEVICE_VPU_2_7, 0, 65535, 65535, 65535, 0, 0, 0, 0, VS_DIR_CMX2CMX },
      { 0 }, 0.489973187f, 5574 },
    { "dma_2_7.vpunn", TRUE, { VS_DEVICE_VPU_2_7, 1, 4096, 1024, 2048, 1500, 3000, 8000, 9000,
                               VS_DIR_CMX2DDR }, { 0 }, 0.562210262f, 608 },
    { "dma_4_0.vpunn", FALSE, { 0 }, { .device = VS_DEVICE_VPU_4_0, .src_width = 8192,
      .dst_width = 8192, .direction = VS_DIR_CMX2CMX }, 0.493462175f, 455 },
    { "dma_4_0.vpunn", FALSE, { 0 }, { .device = VS_DEVICE_VPU_4_0, .src_width = 65535,
      .dst_width = 65535, .direction = VS_DIR_CMX2CMX }, 0.878537953f, 2041 },
    { "dma_4_0.vpunn", FALSE, { 0 }, { .device = VS_DEVICE_VPU_4_0, .src_width = 256,
      .dst_width = 512, .num_dim = 2, .dims = { { 1024, 2048, 15, 7 }, { 4096, 8192, 3, 1 } },
      .num_engine = 1, .direction = VS_DIR_DDR2CMX }, 0.0f, 5736931 },
    { "dmann_5_0.vpunn", FALSE, { 0 }, { .device = VS_DEVICE_NPU_5_0, .src_width = 65535,
      .dst_width = 65535, .direction = VS_DIR_CMX2CMX }, 1128.3324f, 1129 },
    { "dmann_5_0.vpunn", FALSE, { 0 }, { .device = VS_DEVICE_NPU_5_0, .src_width = 256,
      .dst_width = 512, .num_dim = 2, .dims = { { 1024, 2048, 15, 7 }, { 4096, 8192, 3, 1 } },
      .direction = VS_DIR_CMX2DDR }, 193.299591f, 194 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (v); i++) {
    g_autoptr(VsVpunnDma) m = load_dma (v[i].model);
    if (m == NULL)
      return;
    float raw = -1;
    VsCycles c;
    if (v[i].is_27) {
      g_assert_true (vs_vpunn_dma_raw (m, VS_DMA_WORKLOAD_27, &v[i].w27, &raw));
      c = vs_vpunn_dma_cycles (m, VS_DMA_WORKLOAD_27, &v[i].w27);
      g_assert_false (vs_vpunn_dma_raw (m, VS_DMA_WORKLOAD_40, &v[i].w40, &raw));
    } else {
      g_assert_true (vs_vpunn_dma_raw (m, VS_DMA_WORKLOAD_40, &v[i].w40, &raw));
      c = vs_vpunn_dma_cycles (m, VS_DMA_WORKLOAD_40, &v[i].w40);
      g_assert_false (vs_vpunn_dma_raw (m, VS_DMA_WORKLOAD_27, &v[i].w27, &raw));
    }
    if (raw != v[i].raw)
      g_error ("vector %u (%s): raw %.9g, reference %.9g", i, v[i].model, raw, v[i].raw);
    g_assert_cmpuint (c, ==, v[i].cycles);
  }
}

/* A network of the wrong record type is not used: theoretical answers. */
static void
test_kind_mismatch (void)
{
  g_autoptr(VsVpunnDma) m = load_dma ("dma_4_0.vpunn");
  if (m == NULL)
    return;
  VsDmaWorkload27 a = { .device = VS_DEVICE_VPU_2_7, .length = 50176, .src_width = 50176,
                        .dst_width = 50176, .direction = VS_DIR_DDR2CMX };
  g_assert_cmpuint (vs_vpunn_dma_cycles (m, VS_DMA_WORKLOAD_27, &a), ==, 3658);
  /* A copy goes through the network when it is plain. */
  VsDmaCopyWorkload c = { .device = VS_DEVICE_VPU_4_0, .input_location = VS_MEMLOC_CMX,
                          .output_location = VS_MEMLOC_CMX, .output_write_tiles = 1 };
  c.input = (VsVpuTensor) { 8192, 1, 1, 1, VS_DTYPE_UINT8, VS_LAYOUT_ZXY, FALSE };
  c.output = c.input;
  g_assert_cmpuint (vs_vpunn_dma_copy_cycles (m, &c), ==, 455);
  VsCycles batch[2];
  VsDmaCopyWorkload two[2] = { c, c };
  two[1].output.layout = VS_LAYOUT_XYZ;   /* a permute: theoretical */
  vs_vpunn_dma_copy_cycles_batch (m, two, 2, batch);
  g_assert_cmpuint (batch[0], ==, 455);
  g_assert_cmpuint (batch[1], ==, vs_dma_theoretical_cycles (&two[1]));
  /* The 4.0 network does not serve a 2.7 device: theoretical. */
  c.device = VS_DEVICE_VPU_2_7;
  g_assert_false (vs_vpunn_dma_serves_device (m, VS_DEVICE_VPU_2_7));
  g_assert_true (vs_vpunn_dma_serves_device (m, VS_DEVICE_NPU_5_0));
  g_assert_cmpuint (vs_vpunn_dma_copy_cycles (m, &c), ==, vs_dma_theoretical_cycles (&c));
  g_assert_cmpuint (vs_dma_theoretical_cycles (&c), !=, 455);
}

/* A DPU network is refused as a DMA network. */
static void
test_wrong_network (void)
{
  g_autofree char *path = vs_test_vpunn_file ("models/vpu_2_7.vpunn");
  if (path == NULL)
    return;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnDma) m = vs_vpunn_dma_load (path, &error);
  g_assert_null (m);
  g_assert_error (error, VS_VPUNN_DMA_ERROR, VS_VPUNN_DMA_ERROR_INTERFACE);
  g_assert_nonnull (strstr (error->message, "input interface 11"));
  g_clear_error (&error);
  g_autoptr(VsVpunnDma) m2 = vs_vpunn_dma_load ("/nonexistent/dma.vpunn", &error);
  g_assert_null (m2);
  g_assert_nonnull (error);
}

/* ---- vpusim cost dma ---- */

static void
check_csv (const char *golden_name)
{
  g_autoptr(VsCsvTable) t = golden (golden_name);
  g_autofree char *models = t != NULL ? vs_test_vpunn_models_dir () : NULL;
  if (models == NULL)
    return;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint agree = 0, compared = 0;
  g_assert_true (vs_cost_csv_dma (models, t, out, &agree, &compared, &error));
  g_assert_no_error (error);
  g_test_message ("vpusim cost dma %s: %u/%u agree", golden_name, agree, compared);
  g_assert_cmpuint (compared, ==, vs_csv_table_n_rows (t));
  g_assert_cmpuint (agree, ==, compared);
  /* The output is the input plus vpusim_cycles, equal to the reference here. */
  g_autoptr(VsCsvTable) back = vs_csv_table_parse (out->str, out->len, "out.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_csv_table_n_rows (back), ==, vs_csv_table_n_rows (t));
  gint ref = vs_csv_table_column (back, "reference_cycles");
  gint ours = vs_csv_table_column (back, "vpusim_cycles");
  g_assert_cmpint (ours, ==, (gint) vs_csv_table_n_columns (t));
  for (guint r = 0; r < vs_csv_table_n_rows (back); r++)
    g_assert_cmpstr (vs_csv_table_cell (back, r, ref), ==, vs_csv_table_cell (back, r, ours));
}

static void
test_csv_27 (void)
{
  check_csv ("golden/dma_dma_2_7.csv");
}

static void
test_csv_40 (void)
{
  check_csv ("golden/dma_dma_4_0.csv");
}

static void
test_csv_theoretical (void)
{
  check_csv ("golden/dma_theoretical.csv");
}

#define DIM_HEADER(d) ",src_stride_" #d ",dst_stride_" #d ",src_dim_size_" #d ",dst_dim_size_" #d
#define DIMS_HEADER DIM_HEADER (1) DIM_HEADER (2) DIM_HEADER (3) DIM_HEADER (4) DIM_HEADER (5)
#define DIMS_ZERO ",0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"

static void
test_csv_errors (void)
{
  g_autofree char *models = vs_test_vpunn_models_dir ();
  if (models == NULL)
    return;
  static const struct { const char *text; const char *message; } cases[] = {
    { "a,b\n1,2\n", "in.csv: not a DMA workload file: expected 'num_planes' (NPU 2.7 rows), "
      "'num_dim' (NPU 4.0/5.x rows) or 'input_location' (tensor copies)" },
    { "model,device,num_planes,length,src_width,dst_width,src_stride,dst_stride,"
      "src_plane_stride,dst_plane_stride,transfer_direction\n"
      "dma_2_7.vpunn,VPU_2_7,0,64,64,64,0,0,0,0,DDR2CMX\n"
      "dma_2_7.vpunn,VPU_2_7,0,64,64,x,0,0,0,0,DDR2CMX\n",
      "in.csv:3: column 'dst_width': expected an integer, got 'x'" },
    { "model,device,num_planes,length,src_width,dst_width,src_stride,dst_stride,"
      "src_plane_stride,dst_plane_stride,transfer_direction\n"
      "dma_2_7.vpunn,VPU_2_7,0,64,64,64,0,0,0,0,UP\n",
      "in.csv:2: column 'transfer_direction': expected a known name, got 'UP'" },
    { "model,device,num_planes,length,src_width,dst_width,src_stride,dst_stride,"
      "src_plane_stride,dst_plane_stride,transfer_direction\n"
      "dma_4_0.vpunn,VPU_4_0,0,64,64,64,0,0,0,0,DDR2CMX\n",
      "in.csv:2: model 'dma_4_0.vpunn' (DMA interface 2) reads NPU 4.0/5.x workloads, but the rows "
      "are NPU 2.7 (num_planes ...)" },
    { "model,device,src_width,dst_width,num_dim,num_engine,transfer_direction" DIMS_HEADER "\n"
      "dma_4_0.vpunn,VPU_4_0,64,64,6,Num_Engine_1,DDR2CMX" DIMS_ZERO "\n",
      "in.csv:2: column 'num_dim': 6 is not in 0..5" },
    { "model,device,src_width,dst_width,num_dim,num_engine,transfer_direction" DIMS_HEADER "\n"
      "dma_4_0.vpunn,VPU_4_0,64,64,1,Num_Engine_3,DDR2CMX" DIMS_ZERO "\n",
      "in.csv:2: column 'num_engine': expected a known name, got 'Num_Engine_3'" },
    { "model,device,num_planes,length,src_width,dst_width,src_stride,dst_stride,"
      "src_plane_stride,dst_plane_stride,transfer_direction\n"
      "nothere.vpunn,VPU_2_7,0,64,64,64,0,0,0,0,DDR2CMX\n",
      "in.csv:2: model 'nothere.vpunn': " },
    { "device,in_w,in_h,in_c,in_b,in_dtype,out_w,out_h,out_c,out_b,out_dtype,input_location,"
      "output_location\nVPU_2_7,1,1,1,1,UINT8,1,1,1,1,UINT8,CMX\n",
      "in.csv:2: 12 fields, the header has 13" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(VsCsvTable) t = vs_csv_table_parse (cases[i].text, strlen (cases[i].text), "in.csv",
                                                  &error);
    if (t == NULL) {
      g_assert_nonnull (error);
    } else {
      g_autoptr(GString) out = g_string_new (NULL);
      g_assert_false (vs_cost_csv_dma (models, t, out, NULL, NULL, &error));
    }
    if (!g_str_has_prefix (error->message, cases[i].message))
      g_error ("case %u: '%s' does not start with '%s'", i, error->message, cases[i].message);
  }
}

static void
test_interface_table (void)
{
  g_autofree char *known = vs_dma_descriptor_interfaces ();
  g_assert_cmpstr (known, ==, "1, 2, 3");
  g_autoptr(GError) error = NULL;
  const VsDmaInterface *iface = NULL;
  const VsDmaLayout *l = vs_dma_layout_for_interface (1, &iface, &error);
  g_assert_no_error (error);
  g_assert_cmpint (l->kind, ==, VS_DMA_WORKLOAD_27);
  g_assert_cmpuint (iface->size, ==, 12);
  l = vs_dma_layout_for_interface (3, &iface, &error);
  g_assert_no_error (error);
  g_assert_cmpint (l->kind, ==, VS_DMA_WORKLOAD_40);
  g_assert_cmpuint (iface->size, ==, 27);
  /* A model version with no row (a DPU interface, a future DMA one) is refused. */
  static const int unknown[] = { 0, 4, 11 };
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++) {
    g_assert_null (vs_dma_layout_for_interface (unknown[i], &iface, &error));
    g_assert_error (error, VS_DMA_LAYOUT_ERROR, VS_DMA_LAYOUT_ERROR_UNKNOWN);
    g_autofree char *want = g_strdup_printf ("input interface %d is not a DMA interface (1, 2, 3)",
                                             unknown[i]);
    g_assert_cmpstr (error->message, ==, want);
    g_clear_error (&error);
  }
  g_assert_cmpuint (vs_dma_descriptor_size (1), ==, 12);
  g_assert_cmpuint (vs_dma_descriptor_size (2), ==, 29);
  g_assert_cmpuint (vs_dma_descriptor_size (3), ==, 27);
  g_assert_cmpuint (vs_dma_descriptor_size (4), ==, 0);
}

/* The fields of a row cover its record exactly, 32 bits each, and name the
 * device, the direction and the marker. */
static void
check_layout_fields (const VsDmaLayout *l)
{
  g_assert_cmpuint (l->record_size, <=, VS_DMA_RECORD_MAX_FIELDS * sizeof (gint32));
  g_autofree guint8 *covered = g_new0 (guint8, l->record_size);
  gboolean device = FALSE, direction = FALSE, marker = FALSE;
  for (guint f = 0; f < l->n_fields; f++) {
    const VsDmaField *field = &l->fields[f];
    g_assert_cmpuint (field->offset + sizeof (gint32), <=, l->record_size);
    for (guint b = 0; b < sizeof (gint32); b++) {
      g_assert_cmpuint (covered[field->offset + b], ==, 0);
      covered[field->offset + b] = 1;
    }
    device |= field->offset == l->device_offset && field->names != NULL;
    direction |= field->offset == l->direction_offset && field->names != NULL;
    marker |= g_str_equal (field->name, l->marker);
    g_assert_cmpint (field->min, <=, field->max);
  }
  for (gsize b = 0; b < l->record_size; b++)
    g_assert_cmpuint (covered[b], ==, 1);
  g_assert_true (device && direction && marker);
  /* No other layout has the marker: it tells CSV files apart. */
  for (guint k = 0; k < VS_DMA_WORKLOAD_KINDS; k++) {
    const VsDmaLayout *other = vs_dma_layout_get (k);
    for (guint f = 0; other != l && f < other->n_fields; f++)
      g_assert_cmpstr (other->fields[f].name, !=, l->marker);
    if (other != l)
      g_assert_cmpuint (other->devices & l->devices, ==, 0);
  }
}

/* A record of layout l with every integer field set (within its range). */
static void
full_record (const VsDmaLayout *l, void *record)
{
  for (guint f = 0; f < l->n_fields; f++) {
    const VsDmaField *field = &l->fields[f];
    if (field->names == NULL)
      *(gint32 *) ((char *) record + field->offset) = CLAMP ((gint32) f + 1, field->min, field->max);
  }
}

/* Every interface of a row builds a descriptor of its declared size: each
 * float of it written (zeros included), none past it. */
static void
check_layout_interfaces (const VsDmaLayout *l, const void *record)
{
  for (guint i = 0; i < l->n_interfaces; i++) {
    const VsDmaInterface *iface = &l->interfaces[i];
    g_assert_cmpuint (iface->size, <=, VS_DMA_DESCRIPTOR_MAX);
    g_assert_cmpuint (vs_dma_descriptor_size (iface->interface), ==, iface->size);
    const VsDmaInterface *found = NULL;
    g_assert_true (vs_dma_layout_for_interface (iface->interface, &found, NULL) == l);
    g_assert_true (found == iface);
    float d[VS_DMA_DESCRIPTOR_MAX + 8];
    for (guint j = 0; j < G_N_ELEMENTS (d); j++)
      d[j] = -7.0f;
    g_assert_true (vs_dma_descriptor_build (iface->interface, l->kind, record, d));
    guint nonzero = 0;
    for (guint j = 0; j < G_N_ELEMENTS (d); j++) {
      g_assert_true ((d[j] == -7.0f) == (j >= iface->size));
      nonzero += j < iface->size && d[j] != 0.0f;
    }
    g_assert_cmpuint (nonzero, >, 1);
    /* A record of another layout is not read by this interface. */
    for (guint k = 0; k <= VS_DMA_WORKLOAD_KINDS; k++)
      if (k != l->kind)
        g_assert_false (vs_dma_descriptor_build (iface->interface, k, record, d));
  }
}

static void
test_layout_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsVpunnDma) none = vs_vpunn_dma_new (NULL, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < VS_DMA_WORKLOAD_KINDS; k++) {
    const VsDmaLayout *l = vs_dma_layout_get (k);
    g_assert_nonnull (l);
    g_assert_cmpint (l->kind, ==, k);
    g_test_message ("layout %s (%s): %" G_GSIZE_FORMAT " bytes, %u fields, %u interfaces", l->name,
                    l->label, l->record_size, l->n_fields, l->n_interfaces);
    g_assert_cmpuint (l->n_interfaces, >, 0);
    g_assert_cmpuint (l->devices, !=, 0);
    g_assert_true (l->name != NULL && l->label != NULL && l->marker != NULL);
    g_assert_true (l->valid != NULL && l->accessed_bytes != NULL && l->from_planes != NULL);
    check_layout_fields (l);

    /* A plain copy on a device the layout serves: its record moves its
     * bytes and costs what the copy costs theoretically. */
    VsVpuDevice device = 0;
    while (device < VS_DEVICE_COUNT && !vs_dma_layout_serves_device (k, device))
      device++;
    g_assert_cmpint (device, <, VS_DEVICE_COUNT);
    VsDmaCopyWorkload c = { .device = device, .input_location = VS_MEMLOC_DRAM,
                            .output_location = VS_MEMLOC_CMX, .output_write_tiles = 1 };
    c.input = (VsVpuTensor) { 4096, 1, 1, 1, VS_DTYPE_UINT8, VS_LAYOUT_ZXY, FALSE };
    c.output = c.input;
    g_autofree void *record = g_malloc0 (l->record_size);
    g_assert_true (vs_dma_record_from_copy (k, &c, record));
    g_assert_cmpint (vs_dma_record_device (l, record), ==, device);
    g_assert_cmpint (vs_dma_record_direction (l, record), ==, VS_DIR_DDR2CMX);
    g_assert_cmpint (vs_dma_accessed_bytes (k, record), ==, 4096);
    g_assert_true (vs_dma_record_valid (k, record));
    g_assert_cmpuint (vs_vpunn_dma_cycles (none, k, record), ==, vs_dma_theoretical_cycles (&c));
    g_assert_cmpuint (vs_vpunn_dma_fallback (k, record), ==, vs_dma_theoretical_cycles (&c));

    full_record (l, record);
    check_layout_interfaces (l, record);
  }

  /* A kind outside the table is refused everywhere, without a crash. */
  VsDmaWorkloadKind bad = VS_DMA_WORKLOAD_KINDS;
  VsDmaWorkload40 w = { .device = VS_DEVICE_VPU_4_0, .src_width = 64, .dst_width = 64 };
  float d[VS_DMA_DESCRIPTOR_MAX];
  g_assert_null (vs_dma_layout_get (bad));
  g_assert_false (vs_dma_descriptor_build (2, bad, &w, d));
  g_assert_false (vs_dma_record_valid (bad, &w));
  g_assert_false (vs_dma_layout_serves_device (bad, VS_DEVICE_VPU_4_0));
  g_assert_cmpuint (vs_vpunn_dma_cycles (none, bad, &w), ==, VS_ERROR_INVALID_INPUT_CONFIGURATION);
  g_assert_cmpuint (vs_vpunn_dma_fallback (bad, &w), ==, VS_ERROR_INVALID_INPUT_CONFIGURATION);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vpunn-dma/interface-table", test_interface_table);
  g_test_add_func ("/vpunn-dma/layout-table", test_layout_table);
  g_test_add_func ("/vpunn-dma/appendix-descriptors", test_appendix_descriptors);
  g_test_add_func ("/vpunn-dma/appendix-post-process", test_appendix_post_process);
  g_test_add_func ("/vpunn-dma/appendix-theoretical", test_appendix_theoretical);
  g_test_add_func ("/vpunn-dma/tensor-bytes", test_tensor_bytes);
  g_test_add_func ("/vpunn-dma/fallbacks", test_fallbacks);
  g_test_add_func ("/vpunn-dma/golden-theoretical", test_golden_theoretical);
  g_test_add_func ("/vpunn-dma/golden-dma-2-7", test_golden_27);
  g_test_add_func ("/vpunn-dma/golden-dma-4-0", test_golden_40);
  g_test_add_func ("/vpunn-dma/appendix-networks", test_appendix_networks);
  g_test_add_func ("/vpunn-dma/copy-descriptor", test_copy_descriptor);
  g_test_add_func ("/vpunn-dma/kind-mismatch", test_kind_mismatch);
  g_test_add_func ("/vpunn-dma/wrong-network", test_wrong_network);
  g_test_add_func ("/vpunn-dma/csv-dma-2-7", test_csv_27);
  g_test_add_func ("/vpunn-dma/csv-dma-4-0", test_csv_40);
  g_test_add_func ("/vpunn-dma/csv-theoretical", test_csv_theoretical);
  g_test_add_func ("/vpunn-dma/csv-errors", test_csv_errors);
  return g_test_run ();
}
