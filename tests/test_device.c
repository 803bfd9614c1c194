/* SPDX-License-Identifier: Apache-2.0 */
/* test_device.c — device presets, device files, --set overrides, and the
 * bad device files of tests/bad (device_*.yaml) against tests/bad/EXPECTED. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "hw/device.h"
#include "tests/test_support.h"

static void
load_preset (const char *name, VsDevice *d)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = vs_device_load (d, name, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static gboolean
devices_equal (const VsDevice *a, const VsDevice *b)
{
  for (const char *const *k = vs_device_keys (); *k != NULL; k++) {
    g_autofree char *x = vs_device_get (a, *k);
    g_autofree char *y = vs_device_get (b, *k);
    if (strcmp (x, y) != 0) {
      g_test_message ("%s: %s != %s", *k, x, y);
      return FALSE;
    }
  }
  return TRUE;
}

static void
test_preset_npu27 (void)
{
  VsDevice d;
  load_preset ("npu27", &d);
  g_assert_cmpstr (d.name, ==, "npu27");
  g_assert_cmpint (d.arch, ==, VS_ARCH_NPU27);
  g_assert_cmpint (d.tiles, ==, 2);
  g_assert_cmpint (d.dpus_per_tile, ==, 1);
  g_assert_cmpint (d.macs_per_dpu, ==, 2048);
  g_assert_cmpint (d.fp16_macs_per_dpu, ==, 1024);
  g_assert_cmpint (d.shaves_per_tile, ==, 2);
  g_assert_cmpint (d.shave_fifo, ==, VS_SHAVE_FIFO_PER_TILE);
  g_assert_cmpint (d.dma_ports, ==, 2);
  g_assert_cmpint (d.dma_channels, ==, 1);
  g_assert_cmpfloat (d.dma_bytes_per_cycle, ==, 24);
  g_assert_cmpint (d.cmx_bytes_per_tile, ==, 1936 * 1024);
  g_assert_cmpfloat (d.ddr_bandwidth_gbps, ==, 27);
  g_assert_cmpfloat (d.ddr_latency_ns, ==, 956);
  g_assert_cmpfloat (d.cmx_latency_cycles, ==, 16);
  g_assert_cmpfloat (d.dpu_clock_mhz, ==, 1300);
  g_assert_cmpfloat (d.shave_clock_mhz, ==, 975);
  g_assert_cmpfloat (d.cmx_clock_mhz, ==, 975);
  g_assert_cmpint (d.physical_barriers, ==, 64);
  g_assert_cmpfloat (d.dispatch_dpu_ns, ==, 84);       /* calibrated on the measured runs */
  g_assert_cmpfloat (d.dispatch_shave_ns, ==, 972);
  g_assert_cmpfloat (d.cold_start_shave_ns, ==, 5222);
  g_assert_cmpfloat (d.dma_queue_start_ns, ==, 3780);
  g_assert_cmpfloat (d.shave_kernel_load_ns, ==, 2473);
  g_assert_cmpfloat (vs_device_kernel_load_ns (&d, "MVN"), ==, 7083);
  g_assert_cmpfloat (vs_device_kernel_load_ns (&d, "mvn"), ==, 7083);
  g_assert_cmpfloat (vs_device_kernel_load_ns (&d, "Swish"), ==, 2473);
  g_assert_cmpfloat (d.dispatch_dma_ns, ==, 0);
  g_assert_cmpint (vs_arch_vpu_device (d.arch), ==, VS_DEVICE_VPU_2_7);
}

static void
test_preset_npu40 (void)
{
  VsDevice d;
  load_preset ("npu40", &d);
  g_assert_cmpstr (d.name, ==, "npu40");
  g_assert_cmpint (d.arch, ==, VS_ARCH_NPU40);
  g_assert_cmpint (d.tiles, ==, 6);
  g_assert_cmpint (d.dpus_per_tile, ==, 1);
  g_assert_cmpint (d.dma_ports, ==, 2);
  g_assert_cmpint (d.dma_channels, ==, 2);
  g_assert_cmpfloat_with_epsilon (d.dma_bytes_per_cycle, 64.0 * 971 / 1700, 1e-3);
  g_assert_cmpint (d.cmx_bytes_per_tile, ==, 1440 * 1024);
  g_assert_cmpfloat (d.ddr_bandwidth_gbps, ==, 136);
  g_assert_cmpfloat (d.ddr_latency_ns, ==, 300);
  g_assert_cmpfloat (d.dpu_clock_mhz, ==, 1700);
  g_assert_cmpfloat (d.shave_clock_mhz, ==, 971);
  g_assert_cmpint (d.physical_barriers, ==, 96);
  g_assert_cmpfloat (d.dispatch_dpu_ns, ==, 188);
  g_assert_cmpfloat (d.cold_start_dpu_ns, ==, 7969);
  g_assert_cmpfloat (d.completion_shave_ns, ==, 6879);
  g_assert_cmpint (vs_arch_vpu_device (d.arch), ==, VS_DEVICE_VPU_4_0);
}

static void
test_preset_vpu20 (void)
{
  VsDevice d;
  load_preset ("vpu20", &d);
  g_assert_cmpstr (d.name, ==, "vpu20");
  g_assert_cmpint (d.arch, ==, VS_ARCH_VPU20);
  g_assert_cmpint (d.tiles, ==, 4);
  g_assert_cmpint (d.dpus_per_tile, ==, 5);
  g_assert_cmpint (d.macs_per_dpu, ==, 256);
  g_assert_cmpint (d.dma_ports, ==, 1);
  g_assert_cmpint (d.cmx_bytes_per_tile, ==, 896 * 1024);
  g_assert_cmpfloat (d.ddr_bandwidth_gbps, ==, 20);
  g_assert_cmpfloat (d.dpu_clock_mhz, ==, 700);
  g_assert_cmpint (d.physical_barriers, ==, 32);
  g_assert_cmpint (vs_arch_vpu_device (d.arch), ==, VS_DEVICE_VPU_2_0);
  /* A preset name is case-insensitive; a path loads the same file. */
  VsDevice upper, by_path;
  load_preset ("VPU20", &upper);
  g_autofree char *path = vs_test_source_file ("hw/presets/vpu20.yaml");
  load_preset (path, &by_path);
  g_assert_true (devices_equal (&upper, &d));
  g_assert_true (devices_equal (&by_path, &d));
}

static void
test_preset_missing (void)
{
  VsDevice d;
  g_autoptr (GError) error = NULL;
  g_assert_false (vs_device_load (&d, "npu31", &error));
  g_assert_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "no device preset 'npu31' (available: npu27, npu40, vpu20; or give a device "
                   "file path)");
  g_clear_error (&error);
  /* Names that could walk out of the presets folder are not looked up. */
  g_assert_false (vs_device_load (&d, "..", &error));
  g_assert_error (error, VS_DEVICE_ERROR, VS_DEVICE_ERROR_NOT_FOUND);
}

/* $VPUSIM_PRESETS_DIR is searched before the source tree. */
static void
test_presets_dir (void)
{
  const char *dir = vs_test_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "npu27.yaml", NULL);
  const char *text = "format: vpusim-device\nversion: 1\npreset: vpu20\nname: mine\ntiles: 3\n";
  g_assert_true (g_file_set_contents (file, text, -1, NULL));
  g_autofree char *saved = g_strdup (g_getenv ("VPUSIM_PRESETS_DIR"));
  g_setenv ("VPUSIM_PRESETS_DIR", dir, TRUE);
  VsDevice d;
  load_preset ("npu27", &d);
  if (saved != NULL)
    g_setenv ("VPUSIM_PRESETS_DIR", saved, TRUE);
  else
    g_unsetenv ("VPUSIM_PRESETS_DIR");
  g_assert_cmpstr (d.name, ==, "mine");
  g_assert_cmpint (d.tiles, ==, 3);
  g_assert_cmpint (d.dpus_per_tile, ==, 5);   /* from vpu20, its preset */
  g_remove (file);
}

static void
check_set_error (VsDevice *d, const char *assignment, int code, const char *message)
{
  VsDevice before = *d;
  g_autoptr (GError) error = NULL;
  g_assert_false (vs_device_set (d, assignment, &error));
  g_assert_error (error, VS_DEVICE_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_true (memcmp (&before, d, sizeof before) == 0);
}

static void
test_set (void)
{
  VsDevice d;
  g_autoptr (GError) error = NULL;
  load_preset ("npu27", &d);
  g_assert_true (vs_device_set (&d, "tiles=1", &error));
  g_assert_cmpint (d.tiles, ==, 1);
  g_assert_true (vs_device_set (&d, " dpu_clock_mhz = 1850.5 ", &error));
  g_assert_cmpfloat (d.dpu_clock_mhz, ==, 1850.5);
  g_assert_true (vs_device_set (&d, "shave_fifo=per_shave", &error));
  g_assert_cmpint (d.shave_fifo, ==, VS_SHAVE_FIFO_PER_SHAVE);
  g_assert_true (vs_device_set (&d, "arch=NPU40XX", &error));
  g_assert_cmpint (d.arch, ==, VS_ARCH_NPU40);
  g_assert_true (vs_device_set (&d, "cmx_bytes_per_tile=4294967296", &error));
  g_assert_cmpint (d.cmx_bytes_per_tile, ==, G_GINT64_CONSTANT (4294967296));
  g_assert_true (vs_device_set (&d, "name=what-if", &error));
  g_assert_cmpstr (d.name, ==, "what-if");
  g_assert_no_error (error);

  g_autofree char *keys = g_strjoinv (", ", (char **) vs_device_keys ());
  g_autofree char *unknown = g_strdup_printf ("unknown device key 'tile' (valid keys: %s)", keys);
  check_set_error (&d, "tile=4", VS_DEVICE_ERROR_UNKNOWN_KEY, unknown);
  check_set_error (&d, "tiles=0", VS_DEVICE_ERROR_VALUE,
                   "device key 'tiles': 0 is out of range [1, 64]");
  check_set_error (&d, "tiles=100", VS_DEVICE_ERROR_VALUE,
                   "device key 'tiles': 100 is out of range [1, 64]");
  check_set_error (&d, "tiles=2.5", VS_DEVICE_ERROR_VALUE,
                   "device key 'tiles': expected an integer, got '2.5'");
  check_set_error (&d, "tiles=", VS_DEVICE_ERROR_VALUE,
                   "device key 'tiles': expected an integer, got ''");
  check_set_error (&d, "dpu_clock_mhz=fast", VS_DEVICE_ERROR_VALUE,
                   "device key 'dpu_clock_mhz': expected a number, got 'fast'");
  check_set_error (&d, "dpu_clock_mhz=nan", VS_DEVICE_ERROR_VALUE,
                   "device key 'dpu_clock_mhz': expected a number, got 'nan'");
  check_set_error (&d, "dispatch_dpu_ns=-1", VS_DEVICE_ERROR_VALUE,
                   "device key 'dispatch_dpu_ns': -1 is out of range [0, 1000000000]");
  check_set_error (&d, "arch=NPU99", VS_DEVICE_ERROR_VALUE,
                   "device key 'arch': 'NPU99' is not one of VPU20, NPU27, NPU40, NPU50");
  check_set_error (&d, "shave_fifo=any", VS_DEVICE_ERROR_VALUE,
                   "device key 'shave_fifo': 'any' is not one of per_tile, per_shave");
  check_set_error (&d, "tiles", VS_DEVICE_ERROR_VALUE, "'tiles' is not of the form key=value");
  check_set_error (&d, "name=", VS_DEVICE_ERROR_VALUE,
                   "device key 'name': expected a name of 1 to 63 characters");
}

/* The per-kernel code-fetch table: its text form both ways, lookups that
 * ignore case, the default for other kernels, and every malformed entry
 * refused with the entry named and the device untouched. */
static void
test_kernel_loads (void)
{
  VsDevice d;
  g_autoptr (GError) error = NULL;
  load_preset ("npu27", &d);
  g_assert_true (vs_device_set (&d, "shave_kernel_loads=MVN=7000, convert=2000.5\tTanh=0", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (d.shave_kernel_loads.n, ==, 3);
  g_assert_cmpfloat (vs_device_kernel_load_ns (&d, "mvn"), ==, 7000);
  g_assert_cmpfloat (vs_device_kernel_load_ns (&d, "Convert"), ==, 2000.5);
  g_assert_cmpfloat (vs_device_kernel_load_ns (&d, "Tanh"), ==, 0);
  g_assert_cmpfloat (vs_device_kernel_load_ns (&d, "Swish"), ==, d.shave_kernel_load_ns);
  g_assert_cmpfloat (vs_device_kernel_load_ns (&d, NULL), ==, d.shave_kernel_load_ns);
  g_autofree char *text = vs_device_get (&d, "shave_kernel_loads");
  g_assert_cmpstr (text, ==, "MVN=7000 convert=2000.5 Tanh=0");
  g_assert_true (vs_device_set (&d, "shave_kernel_loads=", &error));
  g_assert_cmpuint (d.shave_kernel_loads.n, ==, 0);

  static const struct { const char *text, *why; } bad[] = {
    { "MVN", "kernel load 'MVN': no '='" },
    { "=5", "kernel load '=5': the kernel name must have 1 to 31 characters" },
    { "MVN=1 mvn=2", "kernel load 'mvn=2': that kernel is listed twice" },
    { "MVN=-1", "kernel load 'MVN=-1': the time must be a number of ns in [0, 1e9]" },
    { "MVN=", "kernel load 'MVN=': the time must be a number of ns in [0, 1e9]" },
    { "MVN=inf", "kernel load 'MVN=inf': the time must be a number of ns in [0, 1e9]" },
    { "MVN=7us", "kernel load 'MVN=7us': the time must be a number of ns in [0, 1e9]" },
    { "A_kernel_name_of_thirty_two_chars=1",
      "kernel load 'A_kernel_name_of_thirty_two_chars=1': the kernel name must have 1 to 31 "
      "characters" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autofree char *assignment = g_strdup_printf ("shave_kernel_loads=%s", bad[i].text);
    g_autofree char *message = g_strdup_printf (
      "device key 'shave_kernel_loads': %s (expected KERNEL=NS entries such as \"MVN=7000 "
      "Convert=2000\")", bad[i].why);
    check_set_error (&d, assignment, VS_DEVICE_ERROR_VALUE, message);
  }
  /* Seventeen kernels are one too many. */
  g_autoptr (GString) many = g_string_new ("shave_kernel_loads=");
  for (int i = 0; i < 17; i++)
    g_string_append_printf (many, "k%d=1 ", i);
  g_assert_false (vs_device_set (&d, many->str, &error));
  g_assert_nonnull (strstr (error->message, "'k16=1': more than 16 kernels"));
  g_clear_error (&error);

  /* Written and read back, in a device file. */
  g_assert_true (vs_device_set (&d, "shave_kernel_loads=MVN=7083 Convert=2246.25", &error));
  g_autoptr (GString) out = g_string_new (NULL);
  vs_device_write_yaml (&d, out);
  VsDevice back;
  g_assert_true (vs_device_load_from_data (&back, out->str, out->len, "loads.yaml", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back.shave_kernel_loads.n, ==, 2);
  g_assert_cmpfloat (vs_device_kernel_load_ns (&back, "Convert"), ==, 2246.25);
}

/* Writing then loading gives the same device, for every preset and for
 * values that need all digits. */
static void
test_write_round_trip (void)
{
  const char *presets[] = { "vpu20", "npu27", "npu40" };
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++) {
    VsDevice d, back;
    load_preset (presets[i], &d);
    if (i == 2) {
      d.dma_bytes_per_cycle = 64.0 * 971 / 1700;
      d.dispatch_shave_ns = 0.1;
      g_strlcpy (d.name, "odd name: #1", sizeof d.name);
    }
    g_autoptr (GString) out = g_string_new (NULL);
    vs_device_write_yaml (&d, out);
    g_autoptr (GError) error = NULL;
    g_assert_true (vs_device_load_from_data (&back, out->str, out->len, "written.yaml", &error));
    g_assert_no_error (error);
    g_assert_true (devices_equal (&d, &back));
    g_assert_cmpfloat (back.dma_bytes_per_cycle, ==, d.dma_bytes_per_cycle);
    g_autoptr (GString) again = g_string_new (NULL);
    vs_device_write_yaml (&back, again);
    g_assert_cmpstr (out->str, ==, again->str);
  }
}

static void
test_settings (void)
{
  /* A schedule's device block: preset first or last, overrides in order. */
  VsDeviceSetting s[] = {
    { "tiles", "1", 4, 3 }, { "preset", "npu40", 3, 3 }, { "dispatch_shave_ns", "500", 5, 3 },
  };
  VsDevice d;
  g_autoptr (GError) error = NULL;
  g_assert_true (vs_device_from_settings (&d, s, G_N_ELEMENTS (s), "s.yaml", 3, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.tiles, ==, 1);
  g_assert_cmpfloat (d.dispatch_shave_ns, ==, 500);
  g_assert_cmpint (d.dma_channels, ==, 2);
  g_assert_cmpstr (d.name, ==, "npu40");

  VsDeviceSetting bad[] = { { "preset", "npu27", 3, 11 }, { "tiles", "0", 4, 10 } };
  VsDevice untouched;
  memset (&untouched, 0x5a, sizeof untouched);
  VsDevice copy = untouched;
  g_assert_false (vs_device_from_settings (&untouched, bad, 2, "s.yaml", 3, 3, &error));
  g_assert_cmpstr (error->message, ==, "s.yaml:4:10: device key 'tiles': 0 is out of range [1, 64]");
  g_assert_true (memcmp (&copy, &untouched, sizeof copy) == 0);
}

static void
test_conversions (void)
{
  g_assert_cmpint (vs_device_cycles_to_ps (1300, 1300), ==, 1000000);
  g_assert_cmpint (vs_device_cycles_to_ps (480, 1300), ==, 369231);   /* 369230.77 */
  g_assert_cmpint (vs_device_cycles_to_ps (1, 1850), ==, 541);        /* 540.54 */
  g_assert_cmpint (vs_device_cycles_to_ps (0, 1300), ==, 0);
  g_assert_cmpint (vs_device_cycles_to_ps (1e30, 1), ==, G_MAXINT64);
  g_assert_cmpint (vs_device_cycles_to_ps (100, 0), ==, 0);

  VsArch a;
  g_assert_true (vs_arch_from_name ("npu37xx", &a));
  g_assert_cmpint (a, ==, VS_ARCH_NPU27);
  g_assert_true (vs_arch_from_name ("VPU_4_0", &a));
  g_assert_cmpint (a, ==, VS_ARCH_NPU40);
  g_assert_false (vs_arch_from_name ("NPU31", &a));
  g_assert_cmpstr (vs_arch_name (VS_ARCH_NPU50), ==, "NPU50");
  g_assert_cmpint (vs_arch_vpu_device (VS_ARCH_NPU50), ==, VS_DEVICE_NPU_5_0);
  g_assert_null (vs_arch_name (VS_ARCH_COUNT));
  g_assert_nonnull (vs_device_key_doc ("dispatch_shave_ns"));
  g_assert_null (vs_device_key_doc ("nope"));
  g_assert_null (vs_device_get (NULL, "nope"));
}

static GError *
load_bad_device (const char *file, const char *data, gsize length)
{
  VsDevice d;
  GError *error = NULL;
  g_assert_false (vs_device_load_from_data (&d, data, length, file, &error));
  return error;
}

/* Every device_*.yaml in tests/bad fails with its line in tests/bad/EXPECTED:
 * the exact message, or a prefix of it when the line ends in " ...". */
static void
test_bad_files (void)
{
  g_assert_cmpuint (vs_test_check_bad_files ("device_", load_bad_device), >=, 10);

  /* Through vs_device_load the message names the path given. */
  g_autofree char *path = vs_test_source_file ("tests/bad/device_tiles_zero.yaml");
  VsDevice d;
  g_autoptr (GError) error = NULL;
  g_assert_false (vs_device_load (&d, path, &error));
  g_autofree char *want = g_strdup_printf ("%s:6:8: device key 'tiles': 0 is out of range [1, 64]",
                                           path);
  g_assert_cmpstr (error->message, ==, want);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/device/preset-npu27", test_preset_npu27);
  g_test_add_func ("/device/preset-npu40", test_preset_npu40);
  g_test_add_func ("/device/preset-vpu20", test_preset_vpu20);
  g_test_add_func ("/device/preset-missing", test_preset_missing);
  g_test_add_func ("/device/presets-dir", test_presets_dir);
  g_test_add_func ("/device/set", test_set);
  g_test_add_func ("/device/kernel-loads", test_kernel_loads);
  g_test_add_func ("/device/write-round-trip", test_write_round_trip);
  g_test_add_func ("/device/settings", test_settings);
  g_test_add_func ("/device/conversions", test_conversions);
  g_test_add_func ("/device/bad-files", test_bad_files);
  return g_test_run ();
}
