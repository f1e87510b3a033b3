// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
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

// Binomial-tree reduction of states towards rank 0: at step s = 1, 2, 4, ..., rank r with r mod 2s == s sends
// export_state() to rank r - s and is done; rank r with r mod 2s == 0 receives from r + s (when it exists) and
// calls absorb(bytes, sender). Rank 0 ends with everything, after ceil(log2 ranks) steps; no rank ever holds more
// than its own state plus one message, so the cost grows with log(ranks), not with ranks.
void reduce_to_root(const std::function<std::vector<std::uint8_t>()>& export_state,
                    const std::function<void(const std::vector<std::uint8_t>&, int)>& absorb);
// The largest value over all ranks, known to every rank: used to agree on "someone failed / was interrupted".
int max_over_ranks(int value);
// Rank 0's value, known to every rank.
int broadcast_from_root(int value);
void barrier();

}  // namespace mcsens::mpi
