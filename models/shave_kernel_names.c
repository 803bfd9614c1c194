/* SPDX-License-Identifier: Apache-2.0 */
/* shave_kernel_names.c — the one table of SHAVE kernel spellings.
 *
 * Sources of the spellings: the kernel symbols and VPU.kernel_entry names of
 * every schedule in ../shared/npu-runs (2022-2026 compilers) and the
 * compiler's own kernel lists (openvinotoolkit/npu_compiler, VPUIP sw-kernel
 * utilities: activation_*, eltwise_*, *_fp16, mvn1, mvn6, softmax, convert).
 * Each operator's own classic-table name is a row too, so a name that was
 * normalised once normalises to itself. */
#include "models/shave_kernel_names.h"

#include <string.h>

#define ROW(s, op, f) { s, op, f, -1 }

static const VsShaveKernelName rows[] = {
  /* Convert: no VPUNN model (the fallback model costs it). */
  ROW ("Convert", "Convert", NULL),
  ROW ("convert", "Convert", NULL),
  ROW ("single_shave_convert", "Convert", NULL),
  /* MemPermute / reorder: the classic table's data-movement row. */
  ROW ("MemPermute", "MemPermute", NULL),
  ROW ("reorder_fp16", "MemPermute", NULL),
  ROW ("reorder", "MemPermute", NULL),
  /* MVN: fitted "MVN" takes the number of innermost axes; the compiler's
   * MVN (across_channels = false) normalises over W and H. */
  { "MVN", "MVN", "MVN", 2 },
  { "singleShaveMVN", "MVN", "MVN", 2 },
  { "mvn1", "MVN", "MVN", 2 },
  { "MVN6", "MVN", "MVN", 2 },
  { "mvn6", "MVN", "MVN", 2 },
  /* Activations. */
  ROW ("Swish", "Swish", "swish"),
  ROW ("swish_fp16", "Swish", "swish"),
  ROW ("activation_swish", "Swish", "swish"),
  ROW ("Tanh", "Tanh", "tanh"),
  ROW ("tanh_fp16", "Tanh", "tanh"),
  ROW ("activation_tanh", "Tanh", "tanh"),
  ROW ("Sigmoid", "Sigmoid", "sigmoid"),
  ROW ("sigmoid_fp16", "Sigmoid", "sigmoid"),
  ROW ("activation_sigmoid", "Sigmoid", "sigmoid"),
  ROW ("HSwish", "HardSwish", "hswish"),
  ROW ("HardSwish", "HardSwish", "hswish"),
  ROW ("hswish_fp16", "HardSwish", "hswish"),
  ROW ("activation_hswish", "HardSwish", "hswish"),
  ROW ("HardSigmoid", "HardSigmoid", "hardsigmoid"),
  ROW ("hardsigmoid_fp16", "HardSigmoid", "hardsigmoid"),
  ROW ("activation_hardsigmoid", "HardSigmoid", "hardsigmoid"),
  ROW ("Gelu", "Gelu", "gelu"),
  ROW ("gelu_fp16", "Gelu", "gelu"),
  ROW ("activation_gelu", "Gelu", "gelu"),
  ROW ("Elu", "ELU", "elu"),
  ROW ("ELU", "ELU", "elu"),
  ROW ("elu_fp16", "ELU", "elu"),
  ROW ("activation_elu", "ELU", "elu"),
  ROW ("Clamp", "Clamp", "clamp"),
  ROW ("activation_clamp", "Clamp", "clamp"),
  ROW ("Exp", "Exp", "exp"),
  ROW ("exp_fp16", "Exp", "exp"),
  ROW ("activation_exp", "Exp", "exp"),
  ROW ("Log", "Log", "log"),
  ROW ("log_fp16", "Log", "log"),
  ROW ("activation_log", "Log", "log"),
  ROW ("Sqrt", "Sqrt", "sqrt"),
  ROW ("sqrt_fp16", "Sqrt", "sqrt"),
  ROW ("activation_sqrt", "Sqrt", "sqrt"),
  ROW ("Sin", "Sin", "sin"),
  ROW ("activation_sin", "Sin", "sin"),
  ROW ("Cos", "Cos", "cos"),
  ROW ("activation_cos", "Cos", "cos"),
  ROW ("Abs", "Abs", "abs"),
  ROW ("activation_abs", "Abs", "abs"),
  ROW ("Floor", "Floor", "floor"),
  ROW ("activation_floor", "Floor", "floor"),
  ROW ("Ceiling", "Ceiling", "ceiling"),
  ROW ("activation_ceil", "Ceiling", "ceiling"),
  ROW ("Mish", "Mish", "mish"),
  ROW ("mish_fp16", "Mish", "mish"),
  ROW ("activation_mish", "Mish", "mish"),
  ROW ("Round", "Round", "round"),
  ROW ("round_fp16", "Round", "round"),
  ROW ("Erf", "Erf", "erf"),
  ROW ("erf_fp16", "Erf", "erf"),
  ROW ("SoftPlus", "SoftPlus", "softplus"),
  ROW ("softplus_fp16", "SoftPlus", "softplus"),
  ROW ("Negative", "Negative", "negative"),
  ROW ("negative_fp16", "Negative", "negative"),
  ROW ("PRelu", "PRelu", "prelu"),
  ROW ("prelu_fp16", "PRelu", "prelu"),
  /* Softmax: the fitted VPUEM model takes no axis parameter. */
  ROW ("SoftMax", "SoftMax", "vpuem.softmax"),
  ROW ("Softmax", "SoftMax", "vpuem.softmax"),
  ROW ("softmax", "SoftMax", "vpuem.softmax"),
  ROW ("single_shave_softmax", "SoftMax", "vpuem.softmax"),
  /* Element-wise. */
  ROW ("Add", "Add", "add"),
  ROW ("eltwise_add", "Add", "add"),
  ROW ("Multiply", "Multiply", "mul"),
  ROW ("eltwise_mul", "Multiply", "mul"),
  ROW ("Subtract", "Subtract", "sub"),
  ROW ("eltwise_sub", "Subtract", "sub"),
  ROW ("Divide", "Divide", "div"),
  ROW ("eltwise_div", "Divide", "div"),
  ROW ("Power", "Power", "power"),
  ROW ("eltwise_power", "Power", "power"),
  ROW ("Minimum", "Minimum", "min"),
  ROW ("eltwise_min", "Minimum", "min"),
  ROW ("Maximum", "Maximum", "max"),
  ROW ("eltwise_max", "Maximum", "max"),
  ROW ("Greater", "Greater", "greater"),
  ROW ("eltwise_greater", "Greater", "greater"),
  ROW ("Less", "Less", "less"),
  ROW ("eltwise_less", "Less", "less"),
  ROW ("Equal", "Equal", "equal"),
  ROW ("eltwise_equal", "Equal", "equal"),
  ROW ("Select", "Select", "select"),
  ROW ("eltwise_select", "Select", "select"),
  ROW ("And", "And", "logicaland"),
  ROW ("eltwise_and", "And", "logicaland"),
  ROW ("SquaredDifference", "SquaredDifference", "squaredifference"),
  ROW ("FloorMod", "FloorMod", "floormod"),
  ROW ("FakeQuantize", "FakeQuantize", "fakequantize"),
  ROW ("fake_quantize", "FakeQuantize", "fakequantize"),
  /* Data movement the classic table prices by bytes. */
  ROW ("DepthToSpace", "DepthToSpace", NULL),
  ROW ("depth_to_space", "DepthToSpace", NULL),
  ROW ("Gather", "Gather", NULL),
  ROW ("gather", "Gather", NULL),
};

static const char *
strip_builtin (const char *name)
{
  return g_str_has_prefix (name, "builtin_") ? name + strlen ("builtin_") : name;
}

const VsShaveKernelName *
vs_shave_kernel_lookup (const char *name)
{
  if (name == NULL)
    return NULL;
  name = strip_builtin (name);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (strcmp (rows[i].spelling, name) == 0)
      return &rows[i];
  return NULL;
}

const char *
vs_shave_kernel_operator (const char *name)
{
  if (name == NULL)
    return NULL;
  const VsShaveKernelName *row = vs_shave_kernel_lookup (name);
  return row != NULL ? row->op : strip_builtin (name);
}

const VsShaveKernelName *
vs_shave_kernel_names (guint *n)
{
  *n = G_N_ELEMENTS (rows);
  return rows;
}
