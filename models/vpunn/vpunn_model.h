/* SPDX-License-Identifier: Apache-2.0 */
/* vpunn_model.h — a VPUNN network read from a .vpunn file, and its evaluation.
 *
 * The reader walks the FlatBuffers bytes by hand with bounds checks on every
 * offset, length and string (SPEC.md §1.2); a truncated, corrupt or hostile
 * file is a GError, never a crash or an out-of-bounds read.  Evaluation is
 * float32 with the reference's summation order (SPEC.md §2.6), so raw outputs
 * equal the reference bit for bit.  A loaded model is immutable: evaluation is
 * re-entrant and may run on several threads at once.
 */
#ifndef VS_VPUNN_MODEL_H
#define VS_VPUNN_MODEL_H

#include <glib.h>

G_BEGIN_DECLS

#define VS_VPUNN_ERROR (vs_vpunn_error_quark ())
GQuark vs_vpunn_error_quark (void);

typedef enum {
  VS_VPUNN_ERROR_IO,
  VS_VPUNN_ERROR_FORMAT,        /* not a valid .vpunn: bounds, identifier, shapes */
  VS_VPUNN_ERROR_UNSUPPORTED,   /* valid but uses a layer vpusim does not run (kNN) */
  VS_VPUNN_ERROR_VERSION,       /* the model name carries no usable interface version */
} VsVpunnError;

typedef struct VsVpunnModel VsVpunnModel;

VsVpunnModel *vs_vpunn_model_load (const char *path, GError **error);
/* `origin` names the data in errors (a path, or "<memory>"). The data is copied. */
VsVpunnModel *vs_vpunn_model_load_from_data (const guint8 *data, gsize size, const char *origin,
                                             GError **error);
void          vs_vpunn_model_free (VsVpunnModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsVpunnModel, vs_vpunn_model_free)

const char *vs_vpunn_model_name (const VsVpunnModel *model);
/* From the model name "NICK-IN-OUT..." (SPEC.md §1.4). */
int   vs_vpunn_model_input_interface (const VsVpunnModel *model);
int   vs_vpunn_model_output_version (const VsVpunnModel *model);
guint vs_vpunn_model_input_size (const VsVpunnModel *model);
guint vs_vpunn_model_output_size (const VsVpunnModel *model);

/* Evaluate `batch` descriptors (row-major, batch x input_size floats) into
 * outputs (batch x output_size).  Every row's result is bit-identical to
 * evaluating it alone. */
void vs_vpunn_model_run (const VsVpunnModel *model, const float *inputs, gsize batch,
                         float *outputs);

G_END_DECLS

#endif
