/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_model.c — reading a .vpunn file into a validated VsNnNetwork.
 * Walks the FlatBuffers Model (SPEC.md §1.1–1.4) with flatbuffer_reader,
 * then checks the graph so that evaluation can trust every index and size. */
#include "models/vpunn/vpunn_model.h"
#include "hw/input_file.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "models/vpunn/flatbuffer_reader.h"
#include "models/vpunn/vpunn_network.h"

G_DEFINE_QUARK (vs-vpunn-error-quark, vs_vpunn_error)

/* Limits far above every published model (at most ~1 MB, 19 tensors, 6
 * layers, 256 wide, 230k multiply-adds) that keep a hostile file from making
 * us allocate or compute without bound. */
#define VS_VPUNN_MAX_FILE_BYTES (256u << 20)
#define VS_VPUNN_MAX_TENSORS 65536u
#define VS_VPUNN_MAX_LAYERS 65536u
#define VS_VPUNN_MAX_WIDTH 65536u            /* floats in one activation row */
#define VS_VPUNN_MAX_SCRATCH (1u << 18)      /* floats of live activations per descriptor */
/* Packed weight floats (rows padded to their groups), which is also the
 * multiply-adds of one descriptor: ~145 times vpu_2_7.vpunn, 128 MiB. */
#define VS_VPUNN_MAX_WORK ((guint64) 1 << 25)
#define VS_VPUNN_NAME_SHOWN 60               /* characters of a name quoted in errors */

/* FlatBuffers vtable slots (SPEC.md §1.1). */
enum { MODEL_NAME, MODEL_TENSORS, MODEL_INPUTS, MODEL_OUTPUTS, MODEL_OPERATORS, MODEL_BUFFERS };
enum { TENSOR_NAME, TENSOR_SHAPE, TENSOR_TYPE, TENSOR_BUFFER };
enum { LAYER_NAME, LAYER_INPUTS, LAYER_OUTPUTS, LAYER_IMPL_TYPE, LAYER_IMPL, LAYER_ACTIVATION };
enum { BUFFER_DATA };
enum { KNN_N_NEIGHBORS };
enum { LAYER_TYPE_NONE, LAYER_TYPE_FC, LAYER_TYPE_L2, LAYER_TYPE_KNN };

struct VsVpunnModel {
  char *name;
  int input_interface;
  int output_version;
  VsNnNetwork net;
  GPtrArray *arrays;   /* 64-byte aligned bias arrays the steps point into */
};

typedef struct {
  char *label;          /* "tensor 5 'fc_1/kernel:0'" */
  VsFbVector shape;
  guint32 buffer;
  guint64 elements;     /* product of shape, saturated at G_MAXUINT64 */
  VsFbVector data;      /* when buffer != 0 */
  float *values;        /* decoded constant data, made on first use, freed after loading */
  float *bias_values;   /* "0 + value" as the reference adds a bias, on first use */
  /* activations: */
  gint def_time, last_use, slot;
} TensorInfo;

typedef struct {
  const VsFbBuffer *buf;
  TensorInfo *tensors;
  guint32 n_tensors;
  VsVpunnModel *model;
} Loader;

static void
aligned_free (gpointer p)
{
  g_aligned_free (p);
}

/* A name as it may appear in a message: valid UTF-8, bounded length. */
static char *
shown_name (const char *s, guint32 len)
{
  g_autofree char *valid = g_utf8_make_valid (s, len);
  for (char *c = valid; *c != '\0'; c++)
    if ((guchar) *c < 0x20)
      *c = '?';
  if (g_utf8_strlen (valid, -1) <= VS_VPUNN_NAME_SHOWN)
    return g_steal_pointer (&valid);
  g_autofree char *head = g_utf8_substring (valid, 0, VS_VPUNN_NAME_SHOWN);
  return g_strconcat (head, "...", NULL);
}

static void G_GNUC_PRINTF (4, 5)
fail (const Loader *ld, VsVpunnError code, GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VS_VPUNN_ERROR, code, "%s: %s", ld->buf->origin, what);
}

/* ---- model name -> interface versions (SPEC.md §1.4) -------------------- */

/* std::stoi on one '-'-separated part: leading blanks, a sign, digits; junk
 * after the digits is ignored; no digits or an int overflow is an error. */
static gboolean
parse_version_part (const char *s, gsize len, int *out)
{
  gsize i = 0;
  while (i < len && g_ascii_isspace (s[i]))
    i++;
  gboolean negative = FALSE;
  if (i < len && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    i++;
  }
  gint64 v = 0;
  gsize digits = 0;
  for (; i < len && g_ascii_isdigit (s[i]); i++, digits++) {
    v = v * 10 + (s[i] - '0');
    if (v > (gint64) G_MAXINT + 1)
      return FALSE;
  }
  if (digits == 0)
    return FALSE;
  v = negative ? -v : v;
  if (v > G_MAXINT || v < G_MININT)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

static gboolean
parse_versions (const Loader *ld, const char *name, guint32 len, int *in, int *out,
                GError **error)
{
  *in = 1;
  *out = 1;
  if (len == 0) {
    *in = 0;   /* the reference's "latest" marker for an empty name */
    return TRUE;
  }
  /* Split as std::getline does: a trailing separator adds no empty part. */
  gsize start = 0;
  guint part = 0;
  while (start < len && part < 3) {
    const char *dash = memchr (name + start, '-', len - start);
    gsize end = dash != NULL ? (gsize) (dash - name) : len;
    if (part > 0) {
      int *dst = part == 1 ? in : out;
      if (!parse_version_part (name + start, end - start, dst)) {
        g_autofree char *shown = shown_name (name, len);
        g_autofree char *piece = shown_name (name + start, (guint32) (end - start));
        fail (ld, VS_VPUNN_ERROR_VERSION, error,
              "model name '%s': %s version '%s' is not a number", shown,
              part == 1 ? "input interface" : "output", piece);
        return FALSE;
      }
    }
    part++;
    start = end + 1;
  }
  return TRUE;
}

/* ---- tensors ------------------------------------------------------------ */

static gboolean
read_tensor (Loader *ld, const VsFbVector *tensors, guint32 index, GError **error)
{
  const VsFbBuffer *buf = ld->buf;
  TensorInfo *t = &ld->tensors[index];
  g_autofree char *ctx = g_strdup_printf ("tensor %u", index);
  VsFbTable table;
  if (!vs_fb_vector_table (buf, tensors, index, ctx, &table, error))
    return FALSE;
  const char *name = "";
  guint32 name_len = 0;
  gboolean has_name;
  if (!vs_fb_get_string (buf, &table, TENSOR_NAME, ctx, "name", &name, &name_len, &has_name,
                         error))
    return FALSE;
  g_autofree char *shown = shown_name (name, name_len);
  t->label = g_strdup_printf ("tensor %u '%s'", index, shown);
  gint8 type;
  if (!vs_fb_get_vector (buf, &table, TENSOR_SHAPE, 4, t->label, "shape", &t->shape, NULL, error)
      || !vs_fb_get_i8 (buf, &table, TENSOR_TYPE, 0, t->label, "type", &type, error)
      || !vs_fb_get_u32 (buf, &table, TENSOR_BUFFER, 0, t->label, "buffer", &t->buffer, error))
    return FALSE;
  if (type != 0) {
    fail (ld, VS_VPUNN_ERROR_UNSUPPORTED, error,
          "%s: element type %d; vpusim reads float32 (type 0) tensors only", t->label, type);
    return FALSE;
  }
  t->elements = 1;
  for (guint32 d = 0; d < t->shape.count; d++) {
    guint64 dim = vs_fb_vector_u32 (buf, &t->shape, d);
    t->elements = dim != 0 && t->elements > G_MAXUINT64 / dim ? G_MAXUINT64 : t->elements * dim;
  }
  t->def_time = t->last_use = t->slot = -1;
  return TRUE;
}

static char *
shape_text (const VsFbBuffer *buf, const TensorInfo *t)
{
  GString *s = g_string_new ("[");
  for (guint32 d = 0; d < t->shape.count && d < 8; d++)
    g_string_append_printf (s, "%s%u", d > 0 ? ", " : "", vs_fb_vector_u32 (buf, &t->shape, d));
  if (t->shape.count > 8)
    g_string_append (s, ", ...");
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* The reference copies every constant tensor's buffer and throws when its
 * byte length is not 4 * product(shape). */
static gboolean
check_constant (Loader *ld, const VsFbVector *buffers, gboolean has_buffers, guint32 index,
                GError **error)
{
  const VsFbBuffer *buf = ld->buf;
  TensorInfo *t = &ld->tensors[index];
  if (t->buffer == 0)
    return TRUE;
  guint32 n_buffers = has_buffers ? buffers->count : 0;
  if (t->buffer >= n_buffers) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: buffer %u does not exist (the model has %u)",
          t->label, t->buffer, n_buffers);
    return FALSE;
  }
  g_autofree char *ctx = g_strdup_printf ("buffer %u", t->buffer);
  VsFbTable table;
  if (!vs_fb_vector_table (buf, buffers, t->buffer, ctx, &table, error)
      || !vs_fb_get_vector (buf, &table, BUFFER_DATA, 1, ctx, "data", &t->data, NULL, error))
    return FALSE;
  guint64 needed = t->elements > G_MAXUINT64 / 4 ? G_MAXUINT64 : t->elements * 4;
  if (t->data.count != needed) {
    g_autofree char *shape = shape_text (buf, t);
    if (needed == G_MAXUINT64)
      fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: buffer %u holds %u bytes, shape %s is "
            "impossibly large", t->label, t->buffer, t->data.count, shape);
    else
      fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: buffer %u holds %u bytes, shape %s needs %"
            G_GUINT64_FORMAT, t->label, t->buffer, t->data.count, shape, needed);
    return FALSE;
  }
  return TRUE;
}

static const float *
constant_values (Loader *ld, TensorInfo *t, gboolean as_bias)
{
  if (t->values == NULL) {
    gsize n = (gsize) t->elements;
    /* Freed after loading: the network keeps packed copies of weights. */
    t->values = g_aligned_alloc (MAX (n, 1), sizeof (float), 64);
    const guint8 *src = ld->buf->data + t->data.pos;
    for (gsize i = 0; i < n; i++) {
      guint32 bits;
      memcpy (&bits, src + 4 * i, 4);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&t->values[i], &bits, 4);
    }
  }
  if (!as_bias)
    return t->values;
  if (t->bias_values == NULL) {
    gsize n = (gsize) t->elements;
    t->bias_values = g_aligned_alloc (MAX (n, 1), sizeof (float), 64);
    g_ptr_array_add (ld->model->arrays, t->bias_values);
    /* The reference adds a bias through a GEMM whose sum starts at 0:
     * 0 + b (turns -0 into +0), then out + that. */
    for (gsize i = 0; i < n; i++)
      t->bias_values[i] = 0.0f + t->values[i];
  }
  return t->bias_values;
}

/* ---- layers ------------------------------------------------------------- */

typedef struct {
  char *label;
  guint8 type;
  gint32 activation;
  VsFbVector inputs, outputs;
} LayerInfo;

static void
layer_info_clear (LayerInfo *l)
{
  g_free (l->label);
}

static gboolean
read_layer (Loader *ld, const VsFbVector *layers, guint32 index, LayerInfo *l, GError **error)
{
  const VsFbBuffer *buf = ld->buf;
  g_autofree char *ctx = g_strdup_printf ("layer %u", index);
  VsFbTable table;
  if (!vs_fb_vector_table (buf, layers, index, ctx, &table, error))
    return FALSE;
  const char *name = "";
  guint32 name_len = 0;
  gboolean has_name;
  if (!vs_fb_get_string (buf, &table, LAYER_NAME, ctx, "name", &name, &name_len, &has_name,
                         error))
    return FALSE;
  g_autofree char *shown = shown_name (name, name_len);
  l->label = g_strdup_printf ("layer %u '%s'", index, shown);
  VsFbTable impl;
  gboolean has_impl;
  if (!vs_fb_get_vector (buf, &table, LAYER_INPUTS, 4, l->label, "inputs", &l->inputs, NULL, error)
      || !vs_fb_get_vector (buf, &table, LAYER_OUTPUTS, 4, l->label, "outputs", &l->outputs, NULL,
                            error)
      || !vs_fb_get_u8 (buf, &table, LAYER_IMPL_TYPE, LAYER_TYPE_NONE, l->label,
                        "implementation_type", &l->type, error)
      || !vs_fb_get_table (buf, &table, LAYER_IMPL, l->label, "implementation", &impl, &has_impl,
                           error)
      || !vs_fb_get_i32 (buf, &table, LAYER_ACTIVATION, 0, l->label, "activation_function",
                         &l->activation, error))
    return FALSE;
  if (has_impl && l->type == LAYER_TYPE_KNN) {
    guint32 n_neighbors;
    if (!vs_fb_get_u32 (buf, &impl, KNN_N_NEIGHBORS, 0, l->label, "n_neighbors", &n_neighbors,
                        error))
      return FALSE;
  }
  return TRUE;
}

/* Checks that `index` names an activation tensor [1, N] and returns N. */
static gboolean
activation_width (Loader *ld, const char *who, const char *role, gint32 index, guint *width,
                  GError **error)
{
  if (index < 0 || (guint32) index >= ld->n_tensors) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: %s is tensor %d, which does not exist (the "
          "model has %u)", who, role, index, ld->n_tensors);
    return FALSE;
  }
  const TensorInfo *t = &ld->tensors[index];
  if (t->buffer != 0) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: %s is %s, a constant; it must be an activation",
          who, role, t->label);
    return FALSE;
  }
  guint32 d0 = t->shape.count > 0 ? vs_fb_vector_u32 (ld->buf, &t->shape, 0) : 0;
  guint32 d1 = t->shape.count > 1 ? vs_fb_vector_u32 (ld->buf, &t->shape, 1) : 0;
  if (t->shape.count != 2 || d0 != 1 || d1 == 0 || d1 > VS_VPUNN_MAX_WIDTH) {
    g_autofree char *shape = shape_text (ld->buf, t);
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: %s is %s of shape %s; an activation must have "
          "shape [1, N] with 1 <= N <= %u", who, role, t->label, shape, VS_VPUNN_MAX_WIDTH);
    return FALSE;
  }
  *width = d1;
  return TRUE;
}

/* Checks that `index` names a constant tensor of at least `needed` floats. */
static gboolean
constant_tensor (Loader *ld, const char *who, const char *role, gint32 index, guint64 needed,
                 TensorInfo **out, GError **error)
{
  if (index < 0 || (guint32) index >= ld->n_tensors) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: %s is tensor %d, which does not exist (the "
          "model has %u)", who, role, index, ld->n_tensors);
    return FALSE;
  }
  TensorInfo *t = &ld->tensors[index];
  if (t->buffer == 0) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: %s is %s, an activation; it must be constant",
          who, role, t->label);
    return FALSE;
  }
  if (t->elements < needed) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: %s is %s with %" G_GUINT64_FORMAT " values, "
          "the layer needs %" G_GUINT64_FORMAT, who, role, t->label, t->elements, needed);
    return FALSE;
  }
  *out = t;
  return TRUE;
}

/* An activation read at `time` must have been computed before. */
static gboolean
use_activation (Loader *ld, const char *who, const char *role, gint32 index, gint time,
                GError **error)
{
  TensorInfo *t = &ld->tensors[index];
  if (t->def_time < 0) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: %s is %s, which no earlier layer computes",
          who, role, t->label);
    return FALSE;
  }
  t->last_use = MAX (t->last_use, time);
  return TRUE;
}

static gboolean
build_step (Loader *ld, const LayerInfo *l, gint time, gint32 input_tensor, VsNnStep *step,
            guint64 *work, GError **error)
{
  const VsFbBuffer *buf = ld->buf;
  if (l->type == LAYER_TYPE_KNN) {
    fail (ld, VS_VPUNN_ERROR_UNSUPPORTED, error, "%s: kNN layers are not supported", l->label);
    return FALSE;
  }
  if (l->type != LAYER_TYPE_FC && l->type != LAYER_TYPE_L2) {
    fail (ld, VS_VPUNN_ERROR_UNSUPPORTED, error, "%s: layer type %u is not one vpusim runs "
          "(1 FullyConnected, 2 L2Normalization)", l->label, l->type);
    return FALSE;
  }
  if (l->activation < VS_NN_ACT_NONE || l->activation > VS_NN_ACT_SIGMOID) {
    fail (ld, VS_VPUNN_ERROR_UNSUPPORTED, error, "%s: activation function %d is not one vpusim "
          "runs (0 none, 1 ReLU, 2 sigmoid)", l->label, l->activation);
    return FALSE;
  }
  for (guint32 i = 0; i < l->inputs.count; i++) {
    gint32 t = vs_fb_vector_i32 (buf, &l->inputs, i);
    if (t < 0 || (guint32) t >= ld->n_tensors) {
      fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: input %u is tensor %d, which does not exist "
            "(the model has %u)", l->label, i, t, ld->n_tensors);
      return FALSE;
    }
  }
  for (guint32 i = 0; i < l->outputs.count; i++) {
    gint32 t = vs_fb_vector_i32 (buf, &l->outputs, i);
    if (t < 0 || (guint32) t >= ld->n_tensors) {
      fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: output %u is tensor %d, which does not exist "
            "(the model has %u)", l->label, i, t, ld->n_tensors);
      return FALSE;
    }
  }
  guint needed_inputs = l->type == LAYER_TYPE_FC ? 2 : 1;
  if (l->inputs.count < needed_inputs || l->outputs.count < 1) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: %u inputs and %u outputs; the layer needs at "
          "least %u and 1", l->label, l->inputs.count, l->outputs.count, needed_inputs);
    return FALSE;
  }
  gint32 in = vs_fb_vector_i32 (buf, &l->inputs, 0);
  gint32 out = vs_fb_vector_i32 (buf, &l->outputs, 0);
  guint in_width, out_width;
  if (!activation_width (ld, l->label, "input 0", in, &in_width, error)
      || !activation_width (ld, l->label, "output 0", out, &out_width, error)
      || !use_activation (ld, l->label, "input 0", in, time, error))
    return FALSE;
  if (out == in || out == input_tensor) {
    fail (ld, VS_VPUNN_ERROR_UNSUPPORTED, error, "%s: writes %s, %s", l->label,
          ld->tensors[out].label, out == in ? "its own input" : "the model input");
    return FALSE;
  }

  step->activation = (VsNnActivation) l->activation;
  step->in_width = in_width;
  step->out_width = out_width;
  if (l->type == LAYER_TYPE_FC) {
    step->kind = VS_NN_STEP_FULLY_CONNECTED;
    TensorInfo *w, *b;
    guint64 n_weights = (guint64) in_width * out_width;
    if (!constant_tensor (ld, l->label, "input 1 (weights)", vs_fb_vector_i32 (buf, &l->inputs, 1),
                          n_weights, &w, error))
      return FALSE;
    step->weights = constant_values (ld, w, FALSE);
    /* The rows vs_nn_network_prepare will put in SSE-order groups (weight
     * row o*I a multiple of 4 floats, I >= 32) and sequential groups. */
    guint64 n_sse = in_width < 32 ? 0
                  : in_width % 4 == 0 ? out_width
                  : in_width % 2 == 0 ? (out_width + 1) / 2 : (out_width + 3) / 4;
    guint64 n_seq = out_width - n_sse;
    n_weights = ((n_sse + VS_NN_SSE_GROUP - 1) / VS_NN_SSE_GROUP * VS_NN_SSE_GROUP
                 + (n_seq + VS_NN_SEQ_GROUP - 1) / VS_NN_SEQ_GROUP * VS_NN_SEQ_GROUP) * in_width;
    if (l->inputs.count > 2) {
      if (!constant_tensor (ld, l->label, "input 2 (bias)", vs_fb_vector_i32 (buf, &l->inputs, 2),
                            out_width, &b, error))
        return FALSE;
      step->bias = constant_values (ld, b, TRUE);
    }
    *work += n_weights;
  } else {
    step->kind = VS_NN_STEP_L2_NORMALIZATION;
    if (in_width != out_width) {
      fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: L2 normalization from %u to %u values; the "
            "sizes must be equal", l->label, in_width, out_width);
      return FALSE;
    }
    *work += in_width;
  }
  if (*work > VS_VPUNN_MAX_WORK) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "%s: the network needs more than %" G_GUINT64_FORMAT
          " weights and multiply-adds per descriptor, far beyond any VPUNN model", l->label,
          VS_VPUNN_MAX_WORK);
    return FALSE;
  }
  TensorInfo *o = &ld->tensors[out];
  if (o->def_time < 0)
    o->def_time = time;
  o->last_use = MAX (o->last_use, time);
  return TRUE;
}

/* Share scratch slots between activations whose lifetimes [first write,
 * last read] do not overlap (greedy interval colouring in definition order).
 * A layer's output never shares its input's slot: both are live at its time. */
static gboolean
assign_slots (Loader *ld, const gint32 *defined, guint n_defined, GError **error)
{
  VsNnNetwork *net = &ld->model->net;
  GArray *widths = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *busy = g_array_new (FALSE, FALSE, sizeof (gint));
  gsize total = 0;
  for (guint i = 0; i < n_defined; i++) {
    TensorInfo *t = &ld->tensors[defined[i]];
    guint width = (guint) vs_fb_vector_u32 (ld->buf, &t->shape, 1);
    width = (width + 15) / 16 * 16;   /* keeps every slot 64-byte aligned */
    guint s = 0;
    while (s < busy->len && g_array_index (busy, gint, s) >= t->def_time)
      s++;
    if (s == busy->len) {
      guint zero = 0;
      g_array_append_val (widths, zero);
      g_array_append_val (busy, t->def_time);
    }
    guint *w = &g_array_index (widths, guint, s);
    if (width > *w) {
      total += width - *w;
      *w = width;
    }
    g_array_index (busy, gint, s) = t->last_use;
    t->slot = (gint) s;
  }
  g_array_unref (busy);
  if (total > VS_VPUNN_MAX_SCRATCH) {
    g_array_unref (widths);
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "the network keeps %" G_GSIZE_FORMAT " activation "
          "values alive per descriptor, more than the limit of %u", total, VS_VPUNN_MAX_SCRATCH);
    return FALSE;
  }
  net->n_slots = widths->len;
  net->slot_width = (guint *) g_array_free (widths, FALSE);
  return TRUE;
}

static gboolean
single_index (Loader *ld, const VsFbVector *v, const char *what, gint32 *out, GError **error)
{
  if (v->count != 1) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "model has %u %s; the reference requires exactly one",
          v->count, what);
    return FALSE;
  }
  *out = vs_fb_vector_i32 (ld->buf, v, 0);
  return TRUE;
}

static gboolean
load_network (Loader *ld, GError **error)
{
  const VsFbBuffer *buf = ld->buf;
  VsVpunnModel *model = ld->model;
  VsFbTable root;
  if (!vs_fb_root (buf, "VPUN", &root, error))
    return FALSE;

  const char *name;
  guint32 name_len;
  if (!vs_fb_get_string (buf, &root, MODEL_NAME, "model", "name", &name, &name_len, NULL, error))
    return FALSE;
  model->name = g_strndup (name, name_len);

  VsFbVector tensors, inputs, outputs, layers, buffers = { 0 };
  gboolean has_buffers = FALSE;
  if (!vs_fb_get_vector (buf, &root, MODEL_TENSORS, 4, "model", "tensors", &tensors, NULL, error)
      || !vs_fb_get_vector (buf, &root, MODEL_INPUTS, 4, "model", "inputs", &inputs, NULL, error)
      || !vs_fb_get_vector (buf, &root, MODEL_OUTPUTS, 4, "model", "outputs", &outputs, NULL,
                            error)
      || !vs_fb_get_vector (buf, &root, MODEL_OPERATORS, 4, "model", "operators", &layers, NULL,
                            error)
      || !vs_fb_get_vector (buf, &root, MODEL_BUFFERS, 4, "model", "buffers", &buffers,
                            &has_buffers, error))
    return FALSE;
  if (tensors.count > VS_VPUNN_MAX_TENSORS || layers.count > VS_VPUNN_MAX_LAYERS) {
    fail (ld, VS_VPUNN_ERROR_FORMAT, error, "model has %u tensors and %u layers, more than the "
          "limit of %u and %u", tensors.count, layers.count, VS_VPUNN_MAX_TENSORS,
          VS_VPUNN_MAX_LAYERS);
    return FALSE;
  }

  /* Everything the reference's verifier looks at, before any meaning. */
  ld->n_tensors = tensors.count;
  ld->tensors = g_new0 (TensorInfo, MAX (tensors.count, 1));
  for (guint32 i = 0; i < tensors.count; i++)
    if (!read_tensor (ld, &tensors, i, error))
      return FALSE;
  g_autofree LayerInfo *layer_info = g_new0 (LayerInfo, MAX (layers.count, 1));
  gboolean ok = TRUE;
  for (guint32 i = 0; i < layers.count && ok; i++)
    ok = read_layer (ld, &layers, i, &layer_info[i], error);
  for (guint32 i = 0; ok && has_buffers && i < buffers.count; i++) {
    g_autofree char *ctx = g_strdup_printf ("buffer %u", i);
    VsFbTable table;
    VsFbVector data;
    gboolean has_data;
    ok = vs_fb_vector_table (buf, &buffers, i, ctx, &table, error)
         && vs_fb_get_vector (buf, &table, BUFFER_DATA, 1, ctx, "data", &data, &has_data, error);
  }

  /* Then what InferenceExecutionData checks, then our graph rules. */
  gint32 input_tensor = -1, output_tensor = -1;
  ok = ok && single_index (ld, &inputs, "inputs", &input_tensor, error)
       && single_index (ld, &outputs, "outputs", &output_tensor, error);
  for (guint32 i = 0; ok && i < tensors.count; i++)
    ok = check_constant (ld, &buffers, has_buffers, i, error);
  VsNnNetwork *net = &model->net;
  ok = ok && activation_width (ld, "model", "input", input_tensor, &net->input_width, error);
  g_autofree gint32 *defined = g_new (gint32, (gsize) layers.count + 1);
  guint n_defined = 0;
  if (ok) {
    ld->tensors[input_tensor].def_time = 0;
    ld->tensors[input_tensor].last_use = 0;
    defined[n_defined++] = input_tensor;
  }
  net->steps = g_new0 (VsNnStep, MAX (layers.count, 1));
  guint64 work = 0;
  for (guint32 i = 0; ok && i < layers.count; i++) {
    gint32 out = layer_info[i].outputs.count > 0 ? vs_fb_vector_i32 (buf, &layer_info[i].outputs, 0)
                                                 : -1;
    gboolean fresh = out >= 0 && (guint32) out < ld->n_tensors && ld->tensors[out].def_time < 0;
    ok = build_step (ld, &layer_info[i], (gint) i + 1, input_tensor, &net->steps[i], &work,
                     error);
    if (ok) {
      net->n_steps++;
      if (fresh)
        defined[n_defined++] = out;
    }
  }
  ok = ok && activation_width (ld, "model", "output", output_tensor, &net->output_width, error)
       && use_activation (ld, "model", "output", output_tensor, (gint) layers.count + 1, error)
       && assign_slots (ld, defined, n_defined, error);
  if (!ok) {
    for (guint32 i = 0; i < layers.count; i++)
      layer_info_clear (&layer_info[i]);
    return FALSE;
  }

  for (guint32 i = 0; i < layers.count; i++) {
    VsNnStep *step = &net->steps[i];
    step->in_slot = (guint) ld->tensors[vs_fb_vector_i32 (buf, &layer_info[i].inputs, 0)].slot;
    step->out_slot = (guint) ld->tensors[vs_fb_vector_i32 (buf, &layer_info[i].outputs, 0)].slot;
  }
  for (guint32 i = 0; i < layers.count; i++)
    layer_info_clear (&layer_info[i]);
  net->input_slot = (guint) ld->tensors[input_tensor].slot;
  net->output_slot = (guint) ld->tensors[output_tensor].slot;
  vs_nn_network_prepare (net);

  return parse_versions (ld, name, name_len, &model->input_interface, &model->output_version,
                         error);
}

static VsVpunnModel *
load_bytes (const guint8 *data, gsize size, const char *origin, GError **error)
{
  VsFbBuffer buf = { data, size, origin };
  VsVpunnModel *model = g_new0 (VsVpunnModel, 1);
  model->arrays = g_ptr_array_new_with_free_func (aligned_free);
  Loader ld = { &buf, NULL, 0, model };
  gboolean ok = load_network (&ld, error);
  for (guint32 i = 0; ld.tensors != NULL && i < ld.n_tensors; i++) {
    g_free (ld.tensors[i].label);
    g_aligned_free (ld.tensors[i].values);
  }
  g_free (ld.tensors);
  if (!ok) {
    vs_vpunn_model_free (model);
    return NULL;
  }
  return model;
}

VsVpunnModel *
vs_vpunn_model_load_from_data (const guint8 *data, gsize size, const char *origin,
                               GError **error)
{
  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  static const guint8 empty[1];
  if (origin == NULL)
    origin = "<memory>";
  /* Nothing of the data is kept: the network holds its own aligned copies. */
  return load_bytes (data != NULL ? data : empty, size, origin, error);
}

VsVpunnModel *
vs_vpunn_model_load (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  if (!vs_input_file_read_as (path, VS_VPUNN_MAX_FILE_BYTES, "a VPUNN model", &contents, &length,
                              VS_VPUNN_ERROR, VS_VPUNN_ERROR_IO, VS_VPUNN_ERROR_FORMAT, error))
    return NULL;
  return load_bytes ((const guint8 *) contents, length, path, error);
}

void
vs_vpunn_model_free (VsVpunnModel *model)
{
  if (model == NULL)
    return;
  vs_nn_network_clear (&model->net);
  g_ptr_array_unref (model->arrays);
  g_free (model->name);
  g_free (model);
}

const char *
vs_vpunn_model_name (const VsVpunnModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return model->name;
}

int
vs_vpunn_model_input_interface (const VsVpunnModel *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->input_interface;
}

int
vs_vpunn_model_output_version (const VsVpunnModel *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->output_version;
}

guint
vs_vpunn_model_input_size (const VsVpunnModel *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->net.input_width;
}

guint
vs_vpunn_model_output_size (const VsVpunnModel *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->net.output_width;
}

const VsNnNetwork *
vs_vpunn_model_network (const VsVpunnModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return &model->net;
}

void
vs_vpunn_model_run (const VsVpunnModel *model, const float *inputs, gsize batch, float *outputs)
{
  g_return_if_fail (model != NULL);
  g_return_if_fail (batch == 0 || (inputs != NULL && outputs != NULL));
  if (batch == 0)
    return;
  vs_nn_network_run (&model->net, VS_NN_ISA_BEST, inputs, batch, outputs);
}
