// SPDX-License-Identifier: MIT
#include "parallel/workers.hpp"

#include <omp.h>

#include <exception>
#include <mutex>

namespace mcsens::parallel {

int thread_count(int requested) {
  return requested > 0 ? requested : omp_get_max_threads();
}

int run_workers(int threads, const std::function<void(int worker, int workers)>& body) {
  const int wanted = thread_count(threads);
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
