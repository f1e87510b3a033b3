/* SPDX-License-Identifier: MIT */
/* The borehole function (Harper and Gupta 1983) of configs/benchmarks/borehole.toml as a compiled plugin
 * (include/mcsens/model_plugin.h; config: examples/plugins/borehole.toml). The arithmetic follows the config's
 * expression operation for operation, so both give the same numbers to rounding. */
#include <math.h>
#include <stddef.h>

#include "mcsens/model_plugin.h"

static const char* const kInputs[] = {"rw", "r", "Tu", "Hu", "Tl", "Hl", "L", "Kw"};
static const char* const kOutputs[] = {"flow"};

static const mcsens_plugin_info kInfo = {
    MCSENS_PLUGIN_ABI_VERSION, "borehole", 8, kInputs, 1, kOutputs, 1 /* thread safe: no state */
};

const mcsens_plugin_info* mcsens_model_info(void) {
  return &kInfo;
}

void mcsens_model_evaluate(void* context, size_t n, const double* const* in, double* const* out,
                           unsigned char* status) {
  (void)context;
  const double pi = 3.14159265358979323846;
  for (size_t i = 0; i < n; ++i) {
    const double rw = in[0][i], r = in[1][i], tu = in[2][i], hu = in[3][i];
    const double tl = in[4][i], hl = in[5][i], l = in[6][i], kw = in[7][i];
    const double lnr = log(r / rw);
    out[0][i] = 2 * pi * tu * (hu - hl) / (lnr * (1 + 2 * l * tu / (lnr * (rw * rw) * kw) + tu / tl));
    status[i] = 0;
  }
}
