/* SPDX-License-Identifier: MIT */
/* The compiled-plugin ABI of mcsens ([model] kind = "plugin"; docs/models.md): a shared library that evaluates a
 * model over blocks of draws. Plain C, so that C, C++, Fortran (bind(C)) and Rust can implement it.
 *
 * A plugin exports, with PREFIX = "mcsens_model" unless [model] prefix names another:
 *   const mcsens_plugin_info* PREFIX_info(void);           required: what the model is (see below)
 *   void PREFIX_evaluate(void* context, size_t n,           required: one block of n draws
 *                        const double* const* inputs,       inputs[j][i]: input j (in info->inputs order), draw i
 *                        double* const* outputs,            outputs[k][i]: output k (info->outputs order), draw i
 *                        unsigned char* status);            status[i]: 0 = ok, anything else = the draw failed
 *   int PREFIX_init(void** context);                        optional: once per evaluator (one per worker thread)
 *                                                           before its first block; 0 = ok, else loading fails
 *   void PREFIX_finalize(void* context);                    optional: once per evaluator, at its end
 *
 * Contract: the outputs of a draw depend only on its inputs (never on n, the draw's position, the thread or
 * time); mcsens relies on it for results that are identical for any thread or rank count. A non-finite output is
 * a result, not a failure. A failed draw's outputs are set to NaN by mcsens. mcsens fills every output cell with a
 * marked NaN before each call: a cell the plugin leaves unwritten fails its draw (never a zero or a stale value).
 * When thread_safe is 0, mcsens never calls init, evaluate or finalize of one library from two threads at once. */
#ifndef MCSENS_MODEL_PLUGIN_H
#define MCSENS_MODEL_PLUGIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI this header describes; a plugin built against another version is refused at load time. */
#define MCSENS_PLUGIN_ABI_VERSION 1

typedef struct mcsens_plugin_info {
  int abi_version;   /* MCSENS_PLUGIN_ABI_VERSION */
  const char* name;  /* for messages, e.g. "borehole" */
  size_t num_inputs; /* the inputs, by name: each must be a parameter of the config */
  const char* const* inputs;
  size_t num_outputs; /* the outputs, by name: the config's [outputs] report them */
  const char* const* outputs;
  int thread_safe; /* nonzero: evaluate may run on several threads at once (each with its context) */
} mcsens_plugin_info;

typedef const mcsens_plugin_info* (*mcsens_plugin_info_fn)(void);
typedef void (*mcsens_plugin_evaluate_fn)(void* context, size_t n, const double* const* inputs, double* const* outputs,
                                          unsigned char* status);
typedef int (*mcsens_plugin_init_fn)(void** context);
typedef void (*mcsens_plugin_finalize_fn)(void* context);

#ifdef __cplusplus
}
#endif

#endif /* MCSENS_MODEL_PLUGIN_H */
