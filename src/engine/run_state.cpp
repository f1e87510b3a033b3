// SPDX-License-Identifier: MIT
#include "mcsens/engine/run_state.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/fnv1a.hpp"
#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"

namespace mcsens {

namespace {

constexpr std::uint64_t kMagic = 0x5453534e4543434dull;  // "MCCENSST" in little-endian bytes: an mcsens state
// 2: the accumulators' own encode()/decode() through ByteWriter (tagged, integers unpunned).
// 3: randomized-QMC replicate means in the uncertainty state; a Snapshot of the Shapley design after Morris';
//    curve states carry a count of edge values per feature;
//    Moments carry the scale exponent of their central sums (values near the double range).
// 4: the counts of histograms, quantile sketches and filtering accumulators as varints (ByteWriter::put_counts),
//    under new tags: a state after 1e9 draws is about a third of its size in format 3.
// 5: the identity carries the config's folder and the checksum of each data file the config reads.
// 6: the uncertainty state counts the draws the model failed, by reason (baseline and each scenario).
// 7: the Sobol' accumulator streams per segment of bases (its partial segments carried), under a new tag; the
//    randomized-QMC design streams from the first base instead of keeping every base's outputs. Format 6 is read
//    too (its Sobol' states by their own tag): shards and checkpoints of the release before still merge and resume.
constexpr std::uint64_t kVersion = 7;
constexpr std::uint64_t kOldestVersion = 6;

void put_snapshot(const Snapshot& s, ByteWriter& w) {
  w.put_u64(s.nodes.size());
  for (const auto& node : s.nodes) {
    w.put_i64(node.level);
    w.put_u64(node.index);
    w.put_bytes(node.bytes);
  }
}

Snapshot get_snapshot(ByteReader& r) {
  Snapshot s;
  const std::uint64_t n = r.get_u64();
  if (n > 4096) r.fail("too many nodes");
  for (std::uint64_t i = 0; i < n; ++i) {
    StateNode node;
    const std::int64_t level = r.get_i64();
    if (level < kTailLevel || level > 62) r.fail("a node level out of range");
    node.level = static_cast<int>(level);
    node.index = r.get_u64();
    node.bytes = r.get_bytes();
    s.nodes.push_back(std::move(node));
  }
  return s;
}

// The nodes' bytes of a snapshot as put_snapshot writes them (a level, an index, a length and the bytes each).
std::size_t snapshot_size(const Snapshot& s) {
  std::size_t size = 8;
  for (const auto& node : s.nodes) size += 24 + node.bytes.size();
  return size;
}

}  // namespace

std::vector<std::uint8_t> encode_run_state(const RunState& state) {
  ByteWriter w;
  // The snapshots are nearly all of it (a merge tree's states; megabytes after 1e9 draws): reserved in one piece.
  w.reserve(4096 + state.identity.config_text.size() + snapshot_size(state.uncertainty) + snapshot_size(state.sobol) +
            snapshot_size(state.morris) + snapshot_size(state.shapley) + state.model_draws.size());
  w.put_u64(kMagic);
  w.put_u64(kVersion);
  w.put_u64(static_cast<std::uint64_t>(state.kind));
  const RunIdentity& id = state.identity;
  w.put_string(id.config_name);
  w.put_string(id.config_text);
  w.put_u64(id.overrides.size());
  for (const auto& o : id.overrides) w.put_string(o);
  w.put_u64(id.seed);
  w.put_string(id.sampler);
  w.put_u64(id.samples);
  w.put_u64(id.chunk_size);
  w.put_string(id.analyses);
  w.put_u64(id.keep_samples);
  w.put_string(id.config_folder);
  w.put_u64(id.data_files.size());
  for (const auto& file : id.data_files) {
    w.put_string(file.path);
    w.put_u64(file.fnv1a);
  }
  w.put_u64(state.shard_index);
  w.put_u64(state.shard_count);
  w.put_u64(state.stopped_draws);
  w.put_string(state.stop_reason);
  put_snapshot(state.uncertainty, w);
  put_snapshot(state.sobol, w);
  put_snapshot(state.morris, w);
  put_snapshot(state.shapley, w);
  if (!state.model_draws.empty()) w.put_bytes(state.model_draws);
  const std::uint64_t sum = fnv1a(w.bytes().data(), w.bytes().size());
  w.put_u64(sum);
  return std::move(w.bytes());
}

RunState decode_run_state(const std::vector<std::uint8_t>& bytes, const std::string& source) {
  if (bytes.size() < 24) throw CorruptState(source + ": not an mcsens run state (too short)");
  ByteReader head(bytes.data(), bytes.size(), source);
  if (head.get_u64() != kMagic) throw CorruptState(source + ": not an mcsens run state (wrong magic number)");
  const std::uint64_t version = head.get_u64();
  if (version < kOldestVersion || version > kVersion) {
    throw CorruptState(source + ": run state format " + std::to_string(version) + ", this mcsens reads formats " +
                       std::to_string(kOldestVersion) + " to " + std::to_string(kVersion));
  }
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + bytes.size() - 8, 8);
  if (stored != fnv1a(bytes.data(), bytes.size() - 8)) {
    throw CorruptState(source + ": corrupt run state (checksum mismatch); delete it to start afresh");
  }
  ByteReader r(bytes.data() + 16, bytes.size() - 24, source);
  RunState state;
  const std::uint64_t kind = r.get_u64();
  if (kind < 1 || kind > 3) r.fail("unknown kind");
  state.kind = static_cast<RunState::Kind>(kind);
  RunIdentity& id = state.identity;
  id.config_name = r.get_string();
  id.config_text = r.get_string();
  const std::uint64_t overrides = r.get_u64();
  if (overrides > 100000) r.fail("too many overrides");
  for (std::uint64_t i = 0; i < overrides; ++i) id.overrides.push_back(r.get_string());
  id.seed = r.get_u64();
  id.sampler = r.get_string();
  id.samples = r.get_u64();
  id.chunk_size = r.get_u64();
  id.analyses = r.get_string();
  id.keep_samples = r.get_u64();
  id.config_folder = r.get_string();
  const std::uint64_t data_files = r.get_u64();
  if (data_files > 100000) r.fail("too many data files");
  for (std::uint64_t i = 0; i < data_files; ++i) {
    FileDigest file;
    file.path = r.get_string();
    file.fnv1a = r.get_u64();
    id.data_files.push_back(std::move(file));
  }
  state.shard_index = r.get_u64();
  state.shard_count = r.get_u64();
  state.stopped_draws = r.get_u64();
  state.stop_reason = r.get_string();
  state.uncertainty = get_snapshot(r);
  state.sobol = get_snapshot(r);
  state.morris = get_snapshot(r);
  state.shapley = get_snapshot(r);
  if (r.remaining() != 0) state.model_draws = r.get_bytes();
  if (r.remaining() != 0) r.fail("trailing bytes");
  return state;
}

void write_run_state_file(const std::string& path, const RunState& state) {
  const std::vector<std::uint8_t> bytes = encode_run_state(state);
  const std::string temp = path + ".tmp";
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  if (!f) throw RuntimeFailure("cannot write checkpoint " + temp + ": " + std::strerror(errno));
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const int saved_errno = errno;
  const bool closed = std::fclose(f) == 0;
  if (!written || !closed) {
    std::remove(temp.c_str());
    throw RuntimeFailure("cannot write checkpoint " + temp + ": " + std::strerror(written ? errno : saved_errno));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    std::remove(temp.c_str());
    throw RuntimeFailure("cannot rename checkpoint to " + path + ": " + std::strerror(e));
  }
}

RunState read_run_state_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read run state " + path + ": " + std::strerror(errno));
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return decode_run_state(bytes, path);
}

std::string identity_mismatch(const RunIdentity& saved, const RunIdentity& now, bool allow_more_samples) {
  if (saved.config_text != now.config_text) return "it was written for a different config (" + saved.config_name + ")";
  if (saved.overrides != now.overrides) return "it was written with other --set overrides";
  if (saved.seed != now.seed) {
    return "it was written with seed " + std::to_string(saved.seed) + ", this run has seed " + std::to_string(now.seed);
  }
  if (saved.sampler != now.sampler) {
    return "it was written with sampler " + saved.sampler + ", this run uses " + now.sampler;
  }
  if (allow_more_samples ? saved.samples > now.samples : saved.samples != now.samples) {
    return "it was written for -n " + std::to_string(saved.samples) + ", this run asks for -n " +
           std::to_string(now.samples);
  }
  if (saved.chunk_size != now.chunk_size) return "it was written with another chunk size";
  if (saved.analyses != now.analyses) {
    return "it was written for the analyses " + saved.analyses + ", this run does " + now.analyses;
  }
  if (saved.keep_samples != now.keep_samples) return "it was written with another --keep-samples";
  if (saved.data_files.size() != now.data_files.size()) return "it was written with other data files";
  for (std::size_t i = 0; i < saved.data_files.size(); ++i) {
    if (saved.data_files[i].fnv1a != now.data_files[i].fnv1a) {
      return "the data file " + now.data_files[i].path + " has changed since it was written";
    }
  }
  return "";
}

}  // namespace mcsens
