// SPDX-License-Identifier: MIT
#include "parallel/workers.hpp"

#include <omp.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "mcsens/error.hpp"

namespace mcsens::parallel {

namespace {

// libgomp ends the process with its own message (exit 1) when it cannot create a thread, and may crash on a
// huge team. So the first region of each size is preceded by a probe: as many plain threads, all alive at once,
// then released. A failure is a RuntimeFailure naming the count; a count once started is not probed again (the
// OpenMP pool keeps its threads).
void check_threads_can_start(int wanted) {
  static std::mutex probe_mutex;
  static int verified = 1;
  std::lock_guard<std::mutex> probe_lock(probe_mutex);
  if (wanted <= verified) return;
  std::mutex gate_mutex;
  std::condition_variable gate;
  bool open = false;
  std::vector<std::thread> started;
  std::string failure;
  for (int k = 1; k < wanted && failure.empty(); ++k) {
    try {
      started.emplace_back([&] {
        std::unique_lock<std::mutex> lock(gate_mutex);
        gate.wait(lock, [&] { return open; });
      });
    } catch (const std::system_error& e) {
      failure = e.code().message();
    }
  }
  {
    std::lock_guard<std::mutex> lock(gate_mutex);
    open = true;
  }
  gate.notify_all();
  for (auto& thread : started) thread.join();
  if (!failure.empty()) {
    throw RuntimeFailure("cannot start " + std::to_string(wanted) + " worker threads (" + failure + " after " +
                         std::to_string(started.size() + 1) + "); use fewer with -t/--threads");
  }
  verified = wanted;
}

}  // namespace

int thread_count(int requested) {
  if (requested > 0) return std::min(requested, kMaxThreads);
  const int wanted = omp_get_max_threads();
  if (wanted > kMaxThreads) {
    const char* env = std::getenv("OMP_NUM_THREADS");
    throw Error(std::string("OMP_NUM_THREADS=") + (env != nullptr ? env : "?") + " asks for " + std::to_string(wanted) +
                " threads; mcsens runs at most " + std::to_string(kMaxThreads) + " (set it lower or use -t/--threads)");
  }
  return wanted;
}

int run_workers(int threads, const std::function<void(int worker, int workers)>& body) {
  const int wanted = thread_count(threads);
  check_threads_can_start(wanted);
  std::exception_ptr failure;
  std::mutex failure_mutex;
  int used = 1;
#pragma omp parallel num_threads(wanted)
  {
    const int workers = omp_get_num_threads();
    const int worker = omp_get_thread_num();
    if (worker == 0) used = workers;
    try {
      body(worker, workers);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
  return used;
}

}  // namespace mcsens::parallel
