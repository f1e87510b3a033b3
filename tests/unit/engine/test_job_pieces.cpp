// SPDX-License-Identifier: MIT
// Issue 8: a run cut into pieces (ranks, shards, checkpoints, extension) must give the bits of one run. The states
// are compared through their encoded bytes, which cover every accumulator.
#include <gtest/gtest.h>

#include "engine/chunked_job.hpp"
#include "engine/morris_design.hpp"
#include "engine/shapley_design.hpp"
#include "engine/sobol_design.hpp"
#include "engine/state_codec.hpp"
#include "engine/uncertainty_design.hpp"
#include "parallel/ordered_reduction.hpp"
#include "support/problem_from.hpp"
#include "support/requests.hpp"

namespace mcsens {

namespace {

using testing::problem_from;

// Outputs, claims (with drivers), a curve, two scenarios with a ranking, Sobol' and Morris: every state kind.
const char* kModel = R"toml(
[parameters]
a = { dist = "uniform", low = 0.5, high = 1.5 }
s = { dist = "beta", mean = 0.4, sd = 0.05 }
t = { dist = "normal", mean = 0.55, sd = 0.03 }
[outputs]
gain = "a * s / t"
gap = "t - s"
[[claims]]
name = "below"
expr = "s < t"
[[curves]]
name = "net"
x = "c"
grid = { low = 0.0, high = 1.0, points = 21 }
y = "1 + a / (1 + exp(-20 * (c - t)))"
features = ["inflection"]
[[scenarios]]
name = "push"
parameters = { s = { dist = "beta", mean = 0.5, sd = 0.05 } }
[[scenarios]]
name = "big_push"
parameters = { s = { dist = "beta", mean = 0.6, sd = 0.05 } }
[ranking]
rank_by = "gain"
scenarios = ["push", "big_push"]
[sensitivity]
sobol = { base_samples = 300 }
morris = { trajectories = 40 }
)toml";

Settings settings_for(std::uint64_t n) {
  Settings s;
  s.samples = n;
  s.seed = 11;
  s.chunk_size = 1000;  // small chunks: many tree levels and a tail with few draws
  return s;
}

using UncertaintyJob = ChunkedJob<UncertaintyDesign>;

UncertaintyDesign design_for(const Problem& problem, std::uint64_t n) {
  return UncertaintyDesign(problem, settings_for(n), Analyses{});
}

// The whole draws through the engine, as `mcsens run -n N -s 11` with chunks of 1000 does them.
UncertaintyState engine_state(const Problem& problem, std::uint64_t n) {
  return *testing::run_draws(problem, n, 11, SamplerKind::mc, 0, 1000).uncertainty_state;
}

std::vector<std::uint8_t> bytes_of(const UncertaintyState& state) {
  ByteWriter w;
  encode_state(state, w);
  return w.bytes();
}

// Runs the job's chunks as `parts` processes would (contiguous pieces), each handing a snapshot through bytes.
UncertaintyState run_in_parts(const Problem& problem, std::uint64_t n, std::uint64_t parts) {
  UncertaintyJob root(design_for(problem, n));
  const std::uint64_t chunks = root.chunks();
  for (std::uint64_t p = 0; p < parts; ++p) {
    UncertaintyJob worker(design_for(problem, n));
    ChunkList mine;
    mine.add(chunks * p / parts, chunks * (p + 1) / parts);
    worker.run(mine, ChunkExecution{});
    const RunState wrapped = [&] {
      RunState s;
      s.uncertainty = worker.snapshot();
      return decode_run_state(encode_run_state(s), "worker");
    }();
    root.import(wrapped.uncertainty, "worker");
  }
  return root.finish();
}

}  // namespace

TEST(JobPieces, AnySplitIntoProcessesGivesTheBitsOfOneRun) {
  const Problem problem = problem_from(kModel);
  const std::uint64_t n = 13500;  // 13 full chunks and a tail of 500 draws
  const auto whole = bytes_of(engine_state(problem, n));
  for (std::uint64_t parts : {1, 2, 3, 5, 14}) {
    EXPECT_EQ(bytes_of(run_in_parts(problem, n, parts)), whole) << parts << " parts";
  }
}

TEST(JobPieces, ExtendingAFinishedRunEqualsTheLongerRun) {
  const Problem problem = problem_from(kModel);
  UncertaintyJob shorter(design_for(problem, 7300));
  shorter.run(shorter.missing(0, shorter.chunks()), ChunkExecution{});
  const Snapshot saved = shorter.snapshot();
  UncertaintyJob longer(design_for(problem, 12000));
  longer.import(saved, "shorter", /*drop_tail=*/true);
  EXPECT_EQ(longer.missing(0, longer.chunks()).size(), 12u - 7u);  // the old tail chunk 7 is recomputed
  longer.run(longer.missing(0, longer.chunks()), ChunkExecution{});
  EXPECT_EQ(bytes_of(longer.finish()), bytes_of(engine_state(problem, 12000)));
}

TEST(JobPieces, PrefixOfPowerOfTwoChunksIsTheShorterRun) {
  const Problem problem = problem_from(kModel);
  UncertaintyJob job(design_for(problem, 9500));
  job.run(job.missing(0, 4), ChunkExecution{});
  ASSERT_NE(job.prefix(2), nullptr);
  EXPECT_EQ(bytes_of(*job.prefix(2)), bytes_of(engine_state(problem, 4000)));
  EXPECT_EQ(job.prefix(3), nullptr);
}

TEST(JobPieces, SobolAndMorrisSplitLikeTheMainRun) {
  const Problem problem = problem_from(kModel);
  const Settings o = settings_for(1000);
  const SobolSpec& sobol_spec = *problem.spec().sensitivity.sobol;
  const MorrisSpec& morris_spec = *problem.spec().sensitivity.morris;
  const Results whole_sobol = testing::run_only(problem, "sobol", 11);
  const Results whole_morris = testing::run_only(problem, "morris", 11);

  ChunkedJob<SobolDesign> root(SobolDesign(problem, sobol_spec, o));
  ChunkedJob<MorrisDesign> morris_root(MorrisDesign(problem, morris_spec, o));
  for (int part = 0; part < 2; ++part) {
    ChunkedJob<SobolDesign> worker(SobolDesign(problem, sobol_spec, o));
    ChunkedJob<MorrisDesign> morris_worker(MorrisDesign(problem, morris_spec, o));
    const auto half = [&](std::uint64_t chunks) {
      ChunkList list;
      list.add(part * chunks / 2, (part + 1) * chunks / 2);
      return list;
    };
    worker.run(half(worker.chunks()), ChunkExecution{});
    morris_worker.run(half(morris_worker.chunks()), ChunkExecution{});
    root.import(worker.snapshot(), "worker");
    morris_root.import(morris_worker.snapshot(), "worker");
  }
  const auto split = root.design().estimate(root.finish(), 0);
  const auto morris_split = morris_root.design().estimate(morris_root.finish(), 0.95, 0);
  ASSERT_EQ(split.size(), whole_sobol.sobol.size());
  for (size_t t = 0; t < split.size(); ++t) {
    EXPECT_EQ(split[t].front().S1, whole_sobol.sobol[t].result.S1);
    EXPECT_EQ(split[t].front().ST, whole_sobol.sobol[t].result.ST);
    EXPECT_EQ(split[t].front().ST_low, whole_sobol.sobol[t].result.ST_low);
    EXPECT_EQ(morris_split[t].mu_star, whole_morris.morris[t].result.mu_star);
    EXPECT_EQ(morris_split[t].sigma, whole_morris.morris[t].result.sigma);
  }
}

// Shapley effects (both methods, correlated inputs, a claim target) split into two processes give the bits of one
// run, and 1, 2 and 3 threads give the same bits.
TEST(JobPieces, ShapleySplitsLikeTheMainRun) {
  for (const char* method : {"exact", "random"}) {
    const Problem problem = problem_from(std::string(R"toml(
[parameters]
a = { dist = "uniform", low = 0.5, high = 1.5 }
s = { dist = "beta", mean = 0.4, sd = 0.05 }
t = { dist = "normal", mean = 0.55, sd = 0.03 }
[correlation]
pairs = [["a", "t", 0.5]]
[outputs]
gain = "a * s / t"
[[claims]]
name = "below"
expr = "a * s < t"
[sensitivity]
outputs = ["gain", "below"]
shapley = { method = ")toml") + method + R"toml(", outer = 2001, permutations = 3001, blocks = 7 }
)toml");
    const Settings o = settings_for(1000);
    const ShapleySpec& spec = *problem.spec().sensitivity.shapley;
    const Results whole = testing::run_only(problem, "shapley", 11, 1);
    ChunkedJob<ShapleyDesign> root(ShapleyDesign(problem, spec, o));
    ASSERT_GT(root.chunks(), 2u);
    for (int part = 0; part < 2; ++part) {
      ChunkedJob<ShapleyDesign> worker(ShapleyDesign(problem, spec, o));
      ChunkList list;
      list.add(part * worker.chunks() / 2, (part + 1) * worker.chunks() / 2);
      worker.run(list, ChunkExecution{});
      root.import(worker.snapshot(), "worker");
    }
    const auto split = root.design().estimate(root.finish(), 0.95);
    ASSERT_EQ(split.size(), 2u);
    ASSERT_EQ(whole.shapley.size(), 2u);
    for (int threads : {2, 3}) {
      const Results again = testing::run_only(problem, "shapley", 11, threads);
      for (size_t t = 0; t < split.size(); ++t) {
        EXPECT_EQ(again.shapley[t].result.effects, whole.shapley[t].result.effects) << method << threads;
        EXPECT_EQ(again.shapley[t].result.effects_high, whole.shapley[t].result.effects_high) << method << threads;
      }
    }
    for (size_t t = 0; t < split.size(); ++t) {
      EXPECT_EQ(split[t].effects, whole.shapley[t].result.effects) << method;
      EXPECT_EQ(split[t].effects_low, whole.shapley[t].result.effects_low) << method;
      EXPECT_EQ(split[t].effects_high, whole.shapley[t].result.effects_high) << method;
      EXPECT_EQ(split[t].method, method);
    }
  }
}

TEST(JobPieces, ChunkListsAreRangesNotLists) {
  ChunkList list;
  list.add(3, 5);
  list.add(5, 7);  // joins the previous range
  list.add(100, std::uint64_t{1} << 40);
  EXPECT_EQ(list.size(), 4u + (std::uint64_t{1} << 40) - 100);
  EXPECT_EQ(list.at(0), 3u);
  EXPECT_EQ(list.at(3), 6u);
  EXPECT_EQ(list.at(4), 100u);
  const ChunkList tail = list.slice(2, 6);
  EXPECT_EQ(tail.size(), 4u);
  EXPECT_EQ(tail.at(0), 5u);
  EXPECT_EQ(tail.at(3), 101u);
}

TEST(JobPieces, ImportIgnoresNestedNodesAndReplacesContainedOnes) {
  struct Sum {
    std::vector<int> chunks;
    void merge(const Sum& o) { chunks.insert(chunks.end(), o.chunks.begin(), o.chunks.end()); }
  };
  OrderedReduction<Sum> r;
  r.submit(0, Sum{{0}});
  r.import_node(1, 0, Sum{{0, 1}});  // contains chunk 0: replaces it
  r.import_node(0, 1, Sum{{1}});     // nested in (1, 0): ignored
  r.submit(2, Sum{{2}});
  r.submit(3, Sum{{3}});
  EXPECT_TRUE(r.covers(3));
  EXPECT_FALSE(r.covers(4));
  EXPECT_EQ(r.finish().chunks, (std::vector<int>{0, 1, 2, 3}));
}

// An external program's failures by reason (issue 19) are appended to the state only when there are some: a state
// without them has the bytes it had before they existed (here with empty array sections written before them).
TEST(JobPieces, AStateKeepsAProgramsFailuresByReasonAndWithoutThemItsOldBytes) {
  const Problem problem = problem_from(kModel);
  UncertaintyState state = engine_state(problem, 3000);
  ASSERT_EQ(state.scenarios.size(), 2u);
  const std::vector<std::uint8_t> before = bytes_of(state);
  state.failures.timeout = 2;
  state.failures.reported = 1;
  state.scenarios[1].outcome.failures.signal = 3;
  const std::vector<std::uint8_t> with = bytes_of(state);
  EXPECT_GT(with.size(), before.size());
  UncertaintyState back;
  ByteReader in(with.data(), with.size(), "state");
  decode_state(in, back);
  EXPECT_EQ(in.remaining(), 0u);
  for (const FailureReason& r : failure_reasons()) {
    EXPECT_EQ(back.failures.*r.count, state.failures.*r.count) << r.name;
    EXPECT_EQ(back.scenarios[0].outcome.failures.*r.count, 0u) << r.name;
    EXPECT_EQ(back.scenarios[1].outcome.failures.*r.count, state.scenarios[1].outcome.failures.*r.count) << r.name;
  }
  EXPECT_TRUE(back.elements.empty());
  EXPECT_EQ(bytes_of(back), with);
  back.failures.timeout = 0;
  back.scenarios[1].outcome.failures.signal = 0;
  std::vector<std::uint8_t> without = bytes_of(back);
  state.failures.timeout = 0;
  state.scenarios[1].outcome.failures.signal = 0;
  EXPECT_EQ(without, bytes_of(state));  // the model's own failures stay where they always were
  state.failures.reported = 0;
  EXPECT_EQ(bytes_of(state), before);
}

TEST(RunStateFile, RoundTripsAndRefusesCorruption) {
  RunState s;
  s.kind = RunState::Kind::shard;
  s.identity.config_name = "m.toml";
  s.identity.config_text = "[parameters]\nx = 1\n";
  s.identity.overrides = {"run.seed=3"};
  s.identity.seed = 3;
  s.identity.sampler = "mc";
  s.identity.samples = 1000;
  s.identity.chunk_size = 100;
  s.identity.analyses = "uncertainty";
  s.shard_index = 2;
  s.shard_count = 4;
  s.uncertainty.nodes.push_back(StateNode{3, 1, {1, 2, 3}});
  s.uncertainty.nodes.push_back(StateNode{kTailLevel, 9, {4}});
  const auto bytes = encode_run_state(s);
  const RunState back = decode_run_state(bytes, "x");
  EXPECT_EQ(encode_run_state(back), bytes);
  EXPECT_EQ(back.shard_index, 2u);
  EXPECT_EQ(back.uncertainty.nodes[1].level, kTailLevel);

  for (std::size_t at : {std::size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    auto corrupt = bytes;
    corrupt[at] ^= 0x40;
    EXPECT_THROW(decode_run_state(corrupt, "x"), RuntimeFailure) << "flipped byte " << at;
  }
  EXPECT_THROW(decode_run_state(std::vector<std::uint8_t>(bytes.begin(), bytes.end() - 9), "x"), RuntimeFailure);
  EXPECT_THROW(decode_run_state({}, "x"), RuntimeFailure);
}

TEST(RunStateFile, IdentityMismatchNamesTheDifference) {
  RunIdentity a;
  a.config_text = "x";
  a.seed = 1;
  a.samples = 100;
  RunIdentity b = a;
  EXPECT_EQ(identity_mismatch(a, b), "");
  b.seed = 2;
  EXPECT_NE(identity_mismatch(a, b).find("seed 1"), std::string::npos);
  b = a;
  b.samples = 200;
  EXPECT_NE(identity_mismatch(a, b).find("-n"), std::string::npos);
  EXPECT_EQ(identity_mismatch(a, b, /*allow_more_samples=*/true), "");
  EXPECT_NE(identity_mismatch(b, a, true), "");
  b = a;
  b.config_text = "y";
  EXPECT_NE(identity_mismatch(a, b).find("different config"), std::string::npos);
}

}  // namespace mcsens
