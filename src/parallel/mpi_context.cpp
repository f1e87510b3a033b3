// SPDX-License-Identifier: MIT
#include "mcsens/parallel/mpi_context.hpp"

#include <algorithm>
#include <cstdlib>

#include "mcsens/error.hpp"

#if MCSENS_HAS_MPI
#include <mpi.h>
#endif

namespace mcsens::mpi {

namespace {
bool g_initialized = false;
int g_rank = 0;
int g_size = 1;

#if MCSENS_HAS_MPI
// Only a build with MPI asks (a build without it has no use for the answer, and -Wunused-function says so).
bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw RuntimeFailure(std::string("MPI failure in ") + what);
}
#endif
}  // namespace

void init(int* argc, char*** argv) {
#if MCSENS_HAS_MPI
  if (!launched_by_mpi()) return;
  int provided = 0;
  // Threads never call MPI: only the main thread does, between parallel regions.
  check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  g_initialized = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
#else
  (void)argc;
  (void)argv;
#endif
}

void finalize() {
#if MCSENS_HAS_MPI
  if (g_initialized) MPI_Finalize();
  g_initialized = false;
#endif
}

bool active() {
  return g_initialized && g_size > 1;
}
int rank() {
  return g_rank;
}
int size() {
  return g_size;
}

void reduce_to_root(const std::function<std::vector<std::uint8_t>()>& export_state,
                    const std::function<void(const std::vector<std::uint8_t>&, int)>& absorb) {
  if (!active()) return;
#if MCSENS_HAS_MPI
  for (int step = 1; step < g_size; step *= 2) {
    if (g_rank % (2 * step) == step) {
      const std::vector<std::uint8_t> mine = export_state();
      const auto size = static_cast<unsigned long long>(mine.size());
      check(MPI_Send(&size, 1, MPI_UNSIGNED_LONG_LONG, g_rank - step, 8, MPI_COMM_WORLD), "MPI_Send");
      for (std::size_t offset = 0; offset < mine.size();) {
        const int piece = static_cast<int>(std::min<std::size_t>(mine.size() - offset, 1u << 30));
        check(MPI_Send(mine.data() + offset, piece, MPI_BYTE, g_rank - step, 9, MPI_COMM_WORLD), "MPI_Send");
        offset += static_cast<std::size_t>(piece);
      }
      return;
    }
    if (g_rank % (2 * step) == 0 && g_rank + step < g_size) {
      const int from = g_rank + step;
      unsigned long long size = 0;
      check(MPI_Recv(&size, 1, MPI_UNSIGNED_LONG_LONG, from, 8, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
      std::vector<std::uint8_t> theirs(size);
      for (std::size_t offset = 0; offset < theirs.size();) {
        const int piece = static_cast<int>(std::min<std::size_t>(theirs.size() - offset, 1u << 30));
        check(MPI_Recv(theirs.data() + offset, piece, MPI_BYTE, from, 9, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
              "MPI_Recv");
        offset += static_cast<std::size_t>(piece);
      }
      absorb(theirs, from);
    }
  }
#else
  (void)export_state;
  (void)absorb;
#endif
}

int max_over_ranks(int value) {
  if (!active()) return value;
  int result = value;
#if MCSENS_HAS_MPI
  check(MPI_Allreduce(&value, &result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
#endif
  return result;
}

int broadcast_from_root(int value) {
  if (!active()) return value;
#if MCSENS_HAS_MPI
  check(MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Bcast");
#endif
  return value;
}

void barrier() {
#if MCSENS_HAS_MPI
  if (active()) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

}  // namespace mcsens::mpi
