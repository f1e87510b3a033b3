// SPDX-License-Identifier: MIT
#pragma once

#include "engine/morris_design.hpp"
#include "engine/shapley_design.hpp"
#include "engine/sobol_design.hpp"
#include "engine/uncertainty_state.hpp"
#include "mcsens/parallel/byte_stream.hpp"

namespace mcsens {

// The flat forms of the mergeable run states (for MPI, shards, checkpoints and the /resume record of a result):
// decode(encode(s)) merges and summarizes to the same bits as s. The structure (how many outputs, claims, curves,
// scenarios) is part of the encoding, so a state is self-describing; a buffer that does not parse throws
// RuntimeFailure through ByteReader.
void encode_state(const UncertaintyState& state, ByteWriter& out);
void decode_state(ByteReader& in, UncertaintyState& state);
void encode_state(const SobolDesignState& state, ByteWriter& out);
void decode_state(ByteReader& in, SobolDesignState& state);
void encode_state(const MorrisDesignState& state, ByteWriter& out);
void decode_state(ByteReader& in, MorrisDesignState& state);
void encode_state(const ShapleyDesignState& state, ByteWriter& out);
void decode_state(ByteReader& in, ShapleyDesignState& state);

}  // namespace mcsens
