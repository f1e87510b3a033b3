// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>

namespace mcsens::cli {

// One line on a terminal, redrawn in place: "[#####.....]  45%  4.5M/10M draws  52.1M/s  ETA 0:01".
class ProgressBar {
 public:
  ProgressBar(std::ostream& out, bool enabled) : out_(out), enabled_(enabled), start_(clock::now()) {}

  void update(std::uint64_t done, std::uint64_t total) {
    if (!enabled_ || total == 0) return;
    const double seconds = std::chrono::duration<double>(clock::now() - start_).count();
    const double fraction = static_cast<double>(done) / static_cast<double>(total);
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar += std::string(static_cast<size_t>(kWidth - filled), '.');
    char line[160];
    std::snprintf(line, sizeof line, "\r[%s] %3d%%  %s/%s draws  %s/s  ETA %d:%02d ", bar.c_str(),
                  static_cast<int>(fraction * 100), human(static_cast<double>(done)).c_str(),
                  human(static_cast<double>(total)).c_str(), human(rate).c_str(), static_cast<int>(eta) / 60,
                  static_cast<int>(eta) % 60);
    out_ << line << std::flush;
    drawn_ = true;
  }

  // Clears the line so that what follows starts on a clean one.
  void finish() {
    if (drawn_) out_ << "\r" << std::string(90, ' ') << "\r" << std::flush;
    drawn_ = false;
  }

 private:
  using clock = std::chrono::steady_clock;
  static std::string human(double x) {
    char buffer[32];
    if (x >= 1e9) {
      std::snprintf(buffer, sizeof buffer, "%.1fG", x / 1e9);
    } else if (x >= 1e6) {
      std::snprintf(buffer, sizeof buffer, "%.1fM", x / 1e6);
    } else if (x >= 1e3) {
      std::snprintf(buffer, sizeof buffer, "%.1fk", x / 1e3);
    } else {
      std::snprintf(buffer, sizeof buffer, "%.0f", x);
    }
    return buffer;
  }
  std::ostream& out_;
  bool enabled_;
  bool drawn_ = false;
  clock::time_point start_;
};

}  // namespace mcsens::cli
