/* SPDX-License-Identifier: MIT */
/* Plugins that misbehave on purpose, for tests/unit/model/test_plugin_model.cpp, one per entry prefix:
 *   badabi_*  declares ABI version 99;
 *   flaky_*   y = 2 x, fails the draws with x > 0.9, is not thread safe and counts its live contexts (init and
 *             finalize must pair up, and never overlap with an evaluate: the calls are serialized);
 *   unknown_* declares an input that no config has;
 *   lazy_*    y = 3 x and z = x, but leaves y unwritten for x > 0.5 while saying every draw is ok;
 *   builtin_* declares an output named like a built-in constant of the model language (pi);
 *   faulty_*  y = 2 x, thread safe, and misbehaves as the environment says (for the fault tests, which need a
 *             fault at a known point: it breaks the contract and counts its calls): MCSENS_TEST_FAULT = "segv N",
 *             "abort N" or "hang N" crashes, aborts or never returns in its call number N (from 1); a hang
 *             first makes the file MCSENS_TEST_FAULT_MARK names. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mcsens/model_plugin.h"

static const char* const kX[] = {"x"};
static const char* const kY[] = {"y"};
static const char* const kZz[] = {"zz"};

static const mcsens_plugin_info kBadAbi = {99, "badabi", 1, kX, 1, kY, 1};
const mcsens_plugin_info* badabi_info(void) { return &kBadAbi; }
void badabi_evaluate(void* c, size_t n, const double* const* in, double* const* out, unsigned char* status) {
  (void)c, (void)n, (void)in, (void)out, (void)status;
}

static const mcsens_plugin_info kUnknown = {MCSENS_PLUGIN_ABI_VERSION, "unknown", 1, kZz, 1, kY, 1};
const mcsens_plugin_info* unknown_info(void) { return &kUnknown; }
void unknown_evaluate(void* c, size_t n, const double* const* in, double* const* out, unsigned char* status) {
  (void)c, (void)n, (void)in, (void)out, (void)status;
}

static const mcsens_plugin_info kFlaky = {MCSENS_PLUGIN_ABI_VERSION, "flaky", 1, kX, 1, kY, 0};
static int live_contexts = 0;
static int in_call = 0;      /* nonzero while a call runs: two at once would mean the calls were not serialized */
static int overlapped = 0;
const mcsens_plugin_info* flaky_info(void) { return &kFlaky; }
int flaky_init(void** context) {
  overlapped |= in_call++;
  *context = malloc(sizeof(int));
  ++live_contexts;
  --in_call;
  return *context == NULL;
}
void flaky_finalize(void* context) {
  overlapped |= in_call++;
  free(context);
  --live_contexts;
  --in_call;
}
void flaky_evaluate(void* context, size_t n, const double* const* in, double* const* out, unsigned char* status) {
  (void)context;
  overlapped |= in_call++;
  for (size_t i = 0; i < n; ++i) {
    out[0][i] = 2 * in[0][i];
    status[i] = in[0][i] > 0.9;
  }
  --in_call;
}
int flaky_live_contexts(void) { return live_contexts; }
int flaky_overlapped(void) { return overlapped; }

static const char* const kYz[] = {"y", "z"};
static const mcsens_plugin_info kLazy = {MCSENS_PLUGIN_ABI_VERSION, "lazy", 1, kX, 2, kYz, 1};
const mcsens_plugin_info* lazy_info(void) { return &kLazy; }
void lazy_evaluate(void* context, size_t n, const double* const* in, double* const* out, unsigned char* status) {
  (void)context;
  for (size_t i = 0; i < n; ++i) {
    if (in[0][i] <= 0.5) out[0][i] = 3 * in[0][i];
    out[1][i] = in[0][i];
    status[i] = 0;
  }
}

static const char* const kPi[] = {"pi"};
static const mcsens_plugin_info kBuiltin = {MCSENS_PLUGIN_ABI_VERSION, "builtin", 1, kX, 1, kPi, 1};
const mcsens_plugin_info* builtin_info(void) { return &kBuiltin; }
void builtin_evaluate(void* c, size_t n, const double* const* in, double* const* out, unsigned char* status) {
  (void)c, (void)n, (void)in, (void)out, (void)status;
}

static const mcsens_plugin_info kFaulty = {MCSENS_PLUGIN_ABI_VERSION, "faulty", 1, kX, 1, kY, 1};
static volatile int faulty_calls = 0;
const mcsens_plugin_info* faulty_info(void) { return &kFaulty; }
void faulty_evaluate(void* context, size_t n, const double* const* in, double* const* out, unsigned char* status) {
  (void)context;
  const char* fault = getenv("MCSENS_TEST_FAULT");
  char kind[16] = "";
  int at = 0;
  const int call = __atomic_add_fetch(&faulty_calls, 1, __ATOMIC_SEQ_CST);
  if (fault != NULL && sscanf(fault, "%15s %d", kind, &at) == 2 && call == at) {
    if (strcmp(kind, "segv") == 0) {
      double* volatile nowhere = NULL; /* a volatile pointer: the compiler cannot see it is null */
      *nowhere = 1.0;
    } else if (strcmp(kind, "abort") == 0) {
      abort();
    } else if (strcmp(kind, "hang") == 0) {
      const char* mark = getenv("MCSENS_TEST_FAULT_MARK"); /* a file made once the hang begins */
      if (mark != NULL) {
        FILE* file = fopen(mark, "w");
        if (file != NULL) fclose(file);
      }
      for (;;) pause();
    }
  }
  for (size_t i = 0; i < n; ++i) {
    out[0][i] = 2 * in[0][i];
    status[i] = 0;
  }
}
