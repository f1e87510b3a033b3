// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

namespace mcsens::mpi {

// The process's place among MPI ranks. mcsens initializes MPI only when it was started by an MPI launcher
// (mpirun/srun set OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK): a plain `mcsens run` never pays MPI's start-up
// and works the same in a build without MPI (rank 0 of 1). Every function here is collective over all ranks
// and must be called from the main thread, outside OpenMP regions.
void init(int* argc, char*** argv);
void finalize();
bool active();  // MPI was initialized and there is more than one rank
int rank();
int size();

// Rank 0 receives every rank's bytes (its own included, in rank order); other ranks get an empty list.
std::vector<std::vector<std::uint8_t>> gather(const std::vector<std::uint8_t>& mine);
// The largest value over all ranks, known to every rank: used to agree on "someone failed / was interrupted".
int max_over_ranks(int value);
// Rank 0's value, known to every rank.
int broadcast_from_root(int value);
void barrier();

}  // namespace mcsens::mpi
