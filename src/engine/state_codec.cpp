// SPDX-License-Identifier: MIT
#include "engine/state_codec.hpp"

#include <stdexcept>

namespace mcsens {

namespace {

// Each accumulator has its own serialize()/deserialize() (a vector of doubles or of bytes); here they are framed
// with their lengths.
template <class T>
void put_flat(const T& value, ByteWriter& out) {
  std::vector<double> flat;
  value.serialize(flat);
  out.put_doubles(flat);
}

template <class T>
T get_flat(ByteReader& in) {
  const std::vector<double> flat = in.get_doubles();
  try {
    return T::deserialize(flat.data(), flat.size());
  } catch (const std::invalid_argument& e) {
    in.fail(e.what());
  }
}

template <class T>
void put_binary(const T& value, ByteWriter& out) {
  std::vector<std::uint8_t> flat;
  value.serialize(flat);
  out.put_bytes(flat);
}

template <class T>
T get_binary(ByteReader& in) {
  const std::vector<std::uint8_t> flat = in.get_bytes();
  try {
    return T::deserialize(flat.data(), flat.size());
  } catch (const std::invalid_argument& e) {
    in.fail(e.what());
  }
}

std::size_t get_size(ByteReader& in, std::size_t limit) {
  const std::uint64_t n = in.get_u64();
  if (n > limit) in.fail("a count of " + std::to_string(n) + " is implausible");
  return static_cast<std::size_t>(n);
}

constexpr std::size_t kMaxItems = std::size_t{1} << 24;

void encode_outputs(const std::vector<OutputAccumulator>& outputs, ByteWriter& out) {
  out.put_u64(outputs.size());
  for (const auto& o : outputs) {
    put_flat(o.moments, out);
    put_flat(o.sketch, out);
    put_flat(o.histogram, out);
  }
}

std::vector<OutputAccumulator> decode_outputs(ByteReader& in) {
  std::vector<OutputAccumulator> outputs(get_size(in, kMaxItems));
  for (auto& o : outputs) {
    o.moments = get_flat<Moments>(in);
    o.sketch = get_flat<QuantileSketch>(in);
    o.histogram = get_flat<Histogram>(in);
  }
  return outputs;
}

void encode_claims(const std::vector<ProportionCounter>& claims, ByteWriter& out) {
  out.put_u64(claims.size());
  for (const auto& c : claims) put_flat(c, out);
}

std::vector<ProportionCounter> decode_claims(ByteReader& in) {
  std::vector<ProportionCounter> claims;
  const std::size_t n = get_size(in, kMaxItems);
  for (size_t i = 0; i < n; ++i) claims.push_back(get_flat<ProportionCounter>(in));
  return claims;
}

void encode_curves(const std::vector<CurveState>& curves, ByteWriter& out) {
  out.put_u64(curves.size());
  for (const auto& c : curves) {
    out.put_u64(c.bands.size());
    for (const auto& b : c.bands) put_flat(b, out);
    encode_outputs(c.features, out);
  }
}

std::vector<CurveState> decode_curves(ByteReader& in) {
  std::vector<CurveState> curves(get_size(in, kMaxItems));
  for (auto& c : curves) {
    const std::size_t bands = get_size(in, kMaxItems);
    for (size_t b = 0; b < bands; ++b) c.bands.push_back(get_flat<QuantileSketch>(in));
    c.features = decode_outputs(in);
  }
  return curves;
}

}  // namespace

void encode_state(const UncertaintyState& state, ByteWriter& out) {
  encode_outputs(state.outputs, out);
  encode_claims(state.claims, out);
  out.put_u64(state.drivers.size());
  for (const auto& d : state.drivers) put_flat(d, out);
  encode_curves(state.curves, out);
  out.put_u64(state.scenarios.size());
  for (const auto& s : state.scenarios) {
    encode_outputs(s.outcome.outputs, out);
    encode_claims(s.outcome.claims, out);
    encode_curves(s.curves, out);
    encode_outputs(s.deltas, out);
  }
  const bool ranked = state.ranking.scenarios() > 0;
  out.put_u64(ranked ? 1 : 0);
  if (ranked) put_flat(state.ranking, out);
}

void decode_state(ByteReader& in, UncertaintyState& state) {
  state.outputs = decode_outputs(in);
  state.claims = decode_claims(in);
  state.drivers.clear();
  const std::size_t drivers = get_size(in, kMaxItems);
  for (size_t i = 0; i < drivers; ++i) state.drivers.push_back(get_flat<FilteringAccumulator>(in));
  state.curves = decode_curves(in);
  state.scenarios.assign(get_size(in, kMaxItems), ScenarioState{});
  for (auto& s : state.scenarios) {
    s.outcome.outputs = decode_outputs(in);
    s.outcome.claims = decode_claims(in);
    s.curves = decode_curves(in);
    s.deltas = decode_outputs(in);
  }
  state.ranking = in.get_u64() ? get_flat<PairwiseRanking>(in) : PairwiseRanking{};
}

void encode_state(const SobolDesignState& state, ByteWriter& out) {
  out.put_u64(state.accumulators.size());
  for (const auto& a : state.accumulators) put_binary(a, out);
}

void decode_state(ByteReader& in, SobolDesignState& state) {
  state.accumulators.clear();
  const std::size_t n = get_size(in, kMaxItems);
  for (size_t i = 0; i < n; ++i) state.accumulators.push_back(get_binary<SobolAccumulator>(in));
}

void encode_state(const MorrisDesignState& state, ByteWriter& out) {
  out.put_u64(state.accumulators.size());
  for (const auto& a : state.accumulators) put_binary(a, out);
}

void decode_state(ByteReader& in, MorrisDesignState& state) {
  state.accumulators.clear();
  const std::size_t n = get_size(in, kMaxItems);
  for (size_t i = 0; i < n; ++i) state.accumulators.push_back(get_binary<MorrisAccumulator>(in));
}

}  // namespace mcsens
