// SPDX-License-Identifier: MIT
#include "mcsens/machine.hpp"

#include <sys/utsname.h>

#include <fstream>
#include <thread>

namespace mcsens {
namespace {

// The first "model name" of /proc/cpuinfo (Linux on x86 and most others), trimmed; empty when there is none.
std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) break;
    const auto first = line.find_first_not_of(" \t", colon + 1);
    const auto last = line.find_last_not_of(" \t\r");
    return first == std::string::npos ? "" : line.substr(first, last - first + 1);
  }
  return "";
}

}  // namespace

std::string machine_description() {
  std::string text = cpu_model();
  const auto append = [&text](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
  if (const unsigned cpus = std::thread::hardware_concurrency(); cpus > 0)
    append(std::to_string(cpus) + (cpus == 1 ? " logical CPU" : " logical CPUs"));
  utsname name{};
  if (::uname(&name) == 0) append(std::string(name.sysname) + " " + name.release + " " + name.machine);
  return text;
}

}  // namespace mcsens
