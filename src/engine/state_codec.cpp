// SPDX-License-Identifier: MIT
#include "engine/state_codec.hpp"

#include <string>
#include <utility>
#include <vector>

namespace mcsens {

namespace {

// Every accumulator writes and reads itself through the same ByteWriter/ByteReader (its encode()/decode(), which
// begin with a type tag and throw CorruptState through the reader on anything inconsistent); here they are only
// listed in order, with the counts of the structure.
template <class T>
void put(const T& value, ByteWriter& out) {
  value.encode(out);
}

template <class T>
T get(ByteReader& in) {
  return T::decode(in);
}

// A count of items that follow: each takes at least 8 bytes (a tag or a count), so it is bounded by what is left as
// well as by `limit`. The lists are then grown item by item as they parse, never allocated from the count.
std::size_t get_size(ByteReader& in, std::size_t limit) {
  const std::uint64_t n = in.get_count(limit, "a count");
  if (n > in.remaining() / 8) in.fail("a count of " + std::to_string(n) + " items runs past the end");
  return static_cast<std::size_t>(n);
}

constexpr std::size_t kMaxItems = std::size_t{1} << 24;

void encode_outputs(const std::vector<OutputAccumulator>& outputs, ByteWriter& out) {
  out.put_u64(outputs.size());
  for (const auto& o : outputs) {
    put(o.moments, out);
    put(o.sketch, out);
    put(o.histogram, out);
    put(o.replicates, out);
  }
}

std::vector<OutputAccumulator> decode_outputs(ByteReader& in) {
  std::vector<OutputAccumulator> outputs;
  const std::size_t n = get_size(in, kMaxItems);
  for (std::size_t i = 0; i < n; ++i) {
    OutputAccumulator o;
    o.moments = get<Moments>(in);
    o.sketch = get<QuantileSketch>(in);
    o.histogram = get<Histogram>(in);
    o.replicates = get<ReplicateMeans>(in);
    outputs.push_back(std::move(o));
  }
  return outputs;
}

void encode_claims(const std::vector<ProportionCounter>& claims, ByteWriter& out) {
  out.put_u64(claims.size());
  for (const auto& c : claims) put(c, out);
}

std::vector<ProportionCounter> decode_claims(ByteReader& in) {
  std::vector<ProportionCounter> claims;
  const std::size_t n = get_size(in, kMaxItems);
  for (size_t i = 0; i < n; ++i) claims.push_back(get<ProportionCounter>(in));
  return claims;
}

void encode_replicates(const std::vector<ReplicateMeans>& replicates, ByteWriter& out) {
  out.put_u64(replicates.size());
  for (const auto& r : replicates) put(r, out);
}

std::vector<ReplicateMeans> decode_replicates(ByteReader& in) {
  std::vector<ReplicateMeans> replicates;
  const std::size_t n = get_size(in, kMaxItems);
  for (size_t i = 0; i < n; ++i) replicates.push_back(get<ReplicateMeans>(in));
  return replicates;
}

void encode_curves(const std::vector<CurveState>& curves, ByteWriter& out) {
  out.put_u64(curves.size());
  for (const auto& c : curves) {
    out.put_u64(c.bands.size());
    for (const auto& b : c.bands) put(b, out);
    encode_outputs(c.features, out);
    out.put_u64(c.at_edge.size());
    for (std::uint64_t count : c.at_edge) out.put_u64(count);
  }
}

std::vector<CurveState> decode_curves(ByteReader& in) {
  std::vector<CurveState> curves;
  const std::size_t n = get_size(in, kMaxItems);
  for (std::size_t i = 0; i < n; ++i) {
    CurveState c;
    const std::size_t bands = get_size(in, kMaxItems);
    for (size_t b = 0; b < bands; ++b) c.bands.push_back(get<QuantileSketch>(in));
    c.features = decode_outputs(in);
    const std::size_t edges = get_size(in, kMaxItems);
    if (edges != c.features.size())
      in.fail(std::to_string(edges) + " edge counts for " + std::to_string(c.features.size()) + " curve features");
    for (size_t f = 0; f < edges; ++f) c.at_edge.push_back(in.get_u64());
    curves.push_back(std::move(c));
  }
  return curves;
}

void encode_failures(const FailureCounts& failures, ByteWriter& out) {
  out.put_u64(failures.reported);
  out.put_u64(failures.unwritten);
}

FailureCounts decode_failures(ByteReader& in) {
  FailureCounts failures;
  failures.reported = in.get_u64();
  failures.unwritten = in.get_u64();
  return failures;
}

// The external program's failures by reason, in failure_reasons() order (reported and unwritten are encoded by
// encode_failures, where they were before programs could fail for reasons of their own).
void encode_program_failures(const FailureCounts& failures, ByteWriter& out) {
  for (const FailureReason& r : failure_reasons()) {
    if (r.count != &FailureCounts::reported && r.count != &FailureCounts::unwritten) out.put_u64(failures.*r.count);
  }
}

void decode_program_failures(ByteReader& in, FailureCounts& failures) {
  for (const FailureReason& r : failure_reasons()) {
    if (r.count != &FailureCounts::reported && r.count != &FailureCounts::unwritten) failures.*r.count = in.get_u64();
  }
}

// A design's failed runs by reason (every reason, in failure_reasons() order), after its accumulators and only when
// there are some: a design state without failures keeps the bytes it had before they were counted.
void encode_design_failures(const FailureCounts& failures, ByteWriter& out) {
  if (failures.total() == 0) return;
  for (const FailureReason& r : failure_reasons()) out.put_u64(failures.*r.count);
}

FailureCounts decode_design_failures(ByteReader& in) {
  FailureCounts failures;
  if (in.remaining() == 0) return failures;
  for (const FailureReason& r : failure_reasons()) failures.*r.count = in.get_u64();
  return failures;
}

bool any_program_failures(const UncertaintyState& state) {
  if (state.failures.program_failures() > 0) return true;
  for (const auto& s : state.scenarios) {
    if (s.outcome.failures.program_failures() > 0) return true;
  }
  return false;
}

void encode_elements(const std::vector<ElementAccumulator>& elements, ByteWriter& out) {
  out.put_u64(elements.size());
  for (const auto& e : elements) {
    put(e.moments, out);
    put(e.sketch, out);
    put(e.replicates, out);
  }
}

std::vector<ElementAccumulator> decode_elements(ByteReader& in) {
  std::vector<ElementAccumulator> elements;
  const std::size_t count = get_size(in, kMaxItems);
  for (std::size_t i = 0; i < count; ++i) {
    ElementAccumulator e;
    e.moments = get<Moments>(in);
    e.sketch = QuantileSketch::decode(in, ElementAccumulator::kElementMaxBuckets);
    e.replicates = get<ReplicateMeans>(in);
    elements.push_back(std::move(e));
  }
  return elements;
}

}  // namespace

void encode_state(const UncertaintyState& state, ByteWriter& out) {
  encode_outputs(state.outputs, out);
  encode_claims(state.claims, out);
  encode_replicates(state.claim_replicates, out);
  out.put_u64(state.drivers.size());
  for (const auto& d : state.drivers) put(d, out);
  encode_curves(state.curves, out);
  out.put_u64(state.scenarios.size());
  for (const auto& s : state.scenarios) {
    encode_outputs(s.outcome.outputs, out);
    encode_claims(s.outcome.claims, out);
    encode_replicates(s.outcome.claim_replicates, out);
    encode_curves(s.curves, out);
    encode_outputs(s.deltas, out);
    encode_failures(s.outcome.failures, out);
  }
  const bool ranked = state.ranking.scenarios() > 0;
  out.put_bool(ranked);
  if (ranked) put(state.ranking, out);
  encode_failures(state.failures, out);
  // Sections added later follow, in the order they were added, each only when it holds something, so that a run
  // without them writes the bytes it wrote before they existed; a section is written (empty) when a later one is.
  // First the array outputs' elements, then each scenario's elements and their paired changes.
  const bool program_failures = any_program_failures(state);
  if (state.elements.empty() && !program_failures) return;
  encode_elements(state.elements, out);
  for (const auto& s : state.scenarios) {
    encode_elements(s.elements, out);
    encode_elements(s.delta_elements, out);
  }
  // Then an external program's failures by reason, the baseline's and each scenario's.
  if (!program_failures) return;
  encode_program_failures(state.failures, out);
  for (const auto& s : state.scenarios) encode_program_failures(s.outcome.failures, out);
}

void decode_state(ByteReader& in, UncertaintyState& state) {
  state.outputs = decode_outputs(in);
  state.claims = decode_claims(in);
  state.claim_replicates = decode_replicates(in);
  state.drivers.clear();
  const std::size_t drivers = get_size(in, kMaxItems);
  for (size_t i = 0; i < drivers; ++i) state.drivers.push_back(get<FilteringAccumulator>(in));
  state.curves = decode_curves(in);
  state.scenarios.clear();
  const std::size_t scenarios = get_size(in, kMaxItems);
  for (size_t i = 0; i < scenarios; ++i) {
    ScenarioState s;
    s.outcome.outputs = decode_outputs(in);
    s.outcome.claims = decode_claims(in);
    s.outcome.claim_replicates = decode_replicates(in);
    s.curves = decode_curves(in);
    s.deltas = decode_outputs(in);
    s.outcome.failures = decode_failures(in);
    state.scenarios.push_back(std::move(s));
  }
  state.ranking = in.get_bool() ? get<PairwiseRanking>(in) : PairwiseRanking{};
  state.failures = decode_failures(in);
  state.elements.clear();
  if (in.remaining() == 0) return;  // no array outputs, no program failures
  state.elements = decode_elements(in);
  for (auto& s : state.scenarios) {
    s.elements = decode_elements(in);
    s.delta_elements = decode_elements(in);
    if (s.elements.size() != state.elements.size() || s.delta_elements.size() != state.elements.size()) {
      in.fail("a scenario's array elements do not match the baseline's");
    }
  }
  if (in.remaining() == 0) return;  // no program failures
  decode_program_failures(in, state.failures);
  for (auto& s : state.scenarios) decode_program_failures(in, s.outcome.failures);
}

void encode_state(const SobolDesignState& state, ByteWriter& out) {
  out.put_u64(state.accumulators.size());
  for (const auto& a : state.accumulators) put(a, out);
  encode_design_failures(state.failures, out);
}

void decode_state(ByteReader& in, SobolDesignState& state) {
  state.accumulators.clear();
  const std::size_t n = get_size(in, kMaxItems);
  for (size_t i = 0; i < n; ++i) state.accumulators.push_back(get<SobolAccumulator>(in));
  state.failures = decode_design_failures(in);
}

void encode_state(const MorrisDesignState& state, ByteWriter& out) {
  out.put_u64(state.accumulators.size());
  for (const auto& a : state.accumulators) put(a, out);
  encode_design_failures(state.failures, out);
}

void decode_state(ByteReader& in, MorrisDesignState& state) {
  state.accumulators.clear();
  const std::size_t n = get_size(in, kMaxItems);
  for (size_t i = 0; i < n; ++i) state.accumulators.push_back(get<MorrisAccumulator>(in));
  state.failures = decode_design_failures(in);
}

void encode_state(const ShapleyDesignState& state, ByteWriter& out) {
  out.put_u64(state.accumulators.size());
  for (const auto& a : state.accumulators) put(a, out);
  encode_design_failures(state.failures, out);
}

void decode_state(ByteReader& in, ShapleyDesignState& state) {
  state.accumulators.clear();
  const std::size_t n = get_size(in, kMaxItems);
  for (size_t i = 0; i < n; ++i) state.accumulators.push_back(get<ShapleyAccumulator>(in));
  state.failures = decode_design_failures(in);
}

}  // namespace mcsens
