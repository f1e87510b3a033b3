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

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

#if MCSENS_HAS_MPI
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

std::vector<std::vector<std::uint8_t>> gather(const std::vector<std::uint8_t>& mine) {
  std::vector<std::vector<std::uint8_t>> all;
  if (!active()) {
    all.push_back(mine);
    return all;
  }
#if MCSENS_HAS_MPI
  // Sizes first (64-bit: a state can pass 2 GiB in principle), then the bytes in pieces below INT_MAX.
  const auto my_size = static_cast<unsigned long long>(mine.size());
  std::vector<unsigned long long> sizes(g_size);
  check(MPI_Gather(&my_size, 1, MPI_UNSIGNED_LONG_LONG, sizes.data(), 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD),
        "MPI_Gather");
  if (g_rank == 0) {
    all.resize(g_size);
    all[0] = mine;
    for (int r = 1; r < g_size; ++r) {
      all[r].resize(sizes[r]);
      for (std::size_t offset = 0; offset < sizes[r];) {
        const int piece = static_cast<int>(std::min<std::size_t>(sizes[r] - offset, 1u << 30));
        check(MPI_Recv(all[r].data() + offset, piece, MPI_BYTE, r, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
        offset += static_cast<std::size_t>(piece);
      }
    }
  } else {
    for (std::size_t offset = 0; offset < mine.size();) {
      const int piece = static_cast<int>(std::min<std::size_t>(mine.size() - offset, 1u << 30));
      check(MPI_Send(mine.data() + offset, piece, MPI_BYTE, 0, 7, MPI_COMM_WORLD), "MPI_Send");
      offset += static_cast<std::size_t>(piece);
    }
  }
#endif
  return all;
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
