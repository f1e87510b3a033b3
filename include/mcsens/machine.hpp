// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace mcsens {

// The machine a process runs on, for a result's provenance (the root's `machine`): the CPU model, the logical CPUs
// this process may use, and the operating system, e.g. "Intel(R) Xeon(R) Processor, 2 logical CPUs, Linux 6.1.0
// x86_64". Parts that cannot be read are left out; never throws.
std::string machine_description();

}  // namespace mcsens
