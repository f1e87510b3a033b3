// SPDX-License-Identifier: MIT
#include "mcsens/io/hdf5_file.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <signal.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "io/hdf5_setup.hpp"
#include "mcsens/error.hpp"

namespace mcsens::h5 {

// HDF5 prints its whole error stack to stderr on every failure unless told not to; we report failures ourselves.
// It also keeps HDF5 from running its atexit() shutdown: HDF5 1.10 leaves a file whose close failed (a write that
// hit a full disk) in its table of open files and its shutdown then closes that file again and crashes (SIGSEGV
// after our error message, seen with `ulimit -f`). Every file we write is closed explicitly before it is renamed
// into place, so the shutdown has nothing to save. H5dont_atexit must come before any other HDF5 call.
void detail::silence_hdf5() {
  static const bool done = [] {
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

namespace {

using detail::silence_hdf5;

static_assert(sizeof(hid_t) == sizeof(std::int64_t), "the headers store hid_t as std::int64_t");

// The most specific description on HDF5's error stack (walked from the innermost function outwards), then the
// stack is cleared.
herr_t collect_error(unsigned, const H5E_error2_t* entry, void* data) {
  auto* reason = static_cast<std::string*>(data);
  if (reason->empty() && entry->desc != nullptr && entry->desc[0] != '\0') *reason = entry->desc;
  return 0;
}

// HDF5's POSIX driver describes a failed write over two lines ("file write failed: time = ..., filename = ...,
// errno = 27, error message = 'File too large', buf = ..."): keep its first words and the system's message, on one
// line, as every error message of mcsens is.
std::string one_line(const std::string& description) {
  std::string out = description.substr(0, description.find(": time ="));
  const std::string tag = "error message = '";
  const auto at = description.find(tag);
  if (at != std::string::npos) {
    const auto end = description.find('\'', at + tag.size());
    if (end != std::string::npos) out += ": " + description.substr(at + tag.size(), end - at - tag.size());
  }
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error, &reason);
  H5Eclear2(H5E_DEFAULT);
  return reason.empty() ? "HDF5 error" : one_line(reason);
}

[[noreturn]] void fail(const std::string& file, const std::string& what) {
  throw RuntimeFailure(what + ": " + hdf5_reason(), SourceLocation{file, 0, 0, {}});
}

[[noreturn]] void fail_plain(const std::string& file, const std::string& what) {
  H5Eclear2(H5E_DEFAULT);
  throw RuntimeFailure(what, SourceLocation{file, 0, 0, {}});
}

// Owns one HDF5 id and closes it with the matching function, also when an exception unwinds the stack.
class Id {
 public:
  using Closer = herr_t (*)(hid_t);
  Id(hid_t id, Closer close) : id_(id), close_(close) {}
  ~Id() {
    if (id_ >= 0 && H5Iis_valid(id_) > 0) close_(id_);
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  Id(Id&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Id& operator=(Id&& other) noexcept {
    if (this != &other) {
      if (id_ >= 0 && H5Iis_valid(id_) > 0) close_(id_);
      id_ = std::exchange(other.id_, -1);
      close_ = other.close_;
    }
    return *this;
  }
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }
  hid_t release() { return std::exchange(id_, -1); }

 private:
  hid_t id_;
  Closer close_;
};

Id checked(hid_t id, Id::Closer close, const std::string& file, const std::string& what) {
  if (id < 0) fail(file, what);
  return Id(id, close);
}

std::string join(const std::string& path, const std::string& name) {
  if (path.empty()) return name;
  if (name.empty() || name == ".") return path;
  return path + "/" + name;
}

std::string shown(const std::string& path) {
  return path.empty() ? "/" : path;
}

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string::npos ? path.size() : slash;
    if (end > start) parts.push_back(path.substr(start, end - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

// Creation properties shared by every group (and the root, through the file creation list) and dataset: link
// and attribute creation order tracked and indexed, so children() and attribute_names() follow creation order.
Id group_creation_list(hid_t list_class, const std::string& file) {
  Id list = checked(H5Pcreate(list_class), H5Pclose, file, "cannot create a property list");
  if (list_class != H5P_DATASET_CREATE &&
      H5Pset_link_creation_order(list.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0) {
    fail(file, "cannot set link creation order");
  }
  if (H5Pset_attr_creation_order(list.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0) {
    fail(file, "cannot set attribute creation order");
  }
  return list;
}

Id link_creation_list(const std::string& file) {
  Id list = checked(H5Pcreate(H5P_LINK_CREATE), H5Pclose, file, "cannot create a property list");
  if (H5Pset_char_encoding(list.get(), H5T_CSET_UTF8) < 0) fail(file, "cannot set link name encoding");
  return list;
}

Id utf8_string_type(const std::string& file) {
  Id type = checked(H5Tcopy(H5T_C_S1), H5Tclose, file, "cannot create a string type");
  if (H5Tset_size(type.get(), H5T_VARIABLE) < 0 || H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0) {
    fail(file, "cannot create a string type");
  }
  return type;
}

Id file_access_list(const std::string& file) {
  Id list = checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, file, "cannot create a property list");
  // Closing the file closes every object still open in it, so commit() leaves nothing pending.
  if (H5Pset_fclose_degree(list.get(), H5F_CLOSE_STRONG) < 0) fail(file, "cannot set the file close degree");
  return list;
}

// Reads strings from a dataset or attribute of string type (variable-length, as written here, or fixed-length,
// as other writers may produce). `read` is H5Dread or H5Aread wrapped to a common signature.
template <class Read>
std::vector<std::string> read_string_values(hid_t file_type, hid_t space, std::size_t count, Read read,
                                            const std::string& file, const std::string& what) {
  if (H5Tget_class(file_type) != H5T_STRING) fail_plain(file, what + ": not a string");
  std::vector<std::string> values;
  values.reserve(count);
  const htri_t variable = H5Tis_variable_str(file_type);
  if (variable < 0) fail(file, what);
  if (variable > 0) {
    Id memory = utf8_string_type(file);
    std::vector<char*> buffer(count, nullptr);
    if (count > 0 && read(memory.get(), buffer.data()) < 0) fail(file, what);
    for (char* s : buffer) values.emplace_back(s != nullptr ? s : "");
    if (count > 0) H5Dvlen_reclaim(memory.get(), space, H5P_DEFAULT, buffer.data());
  } else {
    const std::size_t size = H5Tget_size(file_type);
    Id memory = checked(H5Tcopy(file_type), H5Tclose, file, what);
    std::vector<char> buffer(count * size + 1, '\0');
    if (count > 0 && read(memory.get(), buffer.data()) < 0) fail(file, what);
    for (std::size_t i = 0; i < count; ++i) {
      const char* start = buffer.data() + i * size;
      values.emplace_back(start, strnlen(start, size));
    }
  }
  return values;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// OutputFile

OutputFile::OutputFile(const std::string& path, bool overwrite) : path_(path), overwrite_(overwrite) {
  silence_hdf5();
  namespace fs = std::filesystem;
  std::error_code ignored;
  if (fs::exists(path, ignored) && !overwrite) throw Error(path + " exists; use --force to overwrite");
  if (fs::exists(path, ignored) && !fs::is_regular_file(path, ignored) && !fs::is_directory(path, ignored)) {
    throw RuntimeFailure("cannot create the result file: not a regular file (a device, pipe or socket) is in the way",
                         SourceLocation{path, 0, 0, {}});
  }
  fs::path folder = fs::path(path).parent_path();
  if (folder.empty()) folder = ".";
  if (!fs::exists(folder, ignored)) {
    throw RuntimeFailure("cannot create the result file: folder '" + folder.string() + "' does not exist",
                         SourceLocation{path, 0, 0, {}});
  }
  if (!fs::is_directory(folder, ignored)) {
    throw RuntimeFailure("cannot create the result file: '" + folder.string() + "' is not a folder",
                         SourceLocation{path, 0, 0, {}});
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw RuntimeFailure("cannot create the result file: folder '" + folder.string() + "' is not writable",
                         SourceLocation{path, 0, 0, {}});
  }
  if (fs::is_directory(path, ignored)) {
    throw RuntimeFailure("cannot create the result file: a folder of that name exists", SourceLocation{path, 0, 0, {}});
  }
  temp_path_ = path + ".tmp." + std::to_string(::getpid());
  Id creation = group_creation_list(H5P_FILE_CREATE, path_);
  Id access = file_access_list(path_);
  const hid_t file = H5Fcreate(temp_path_.c_str(), H5F_ACC_TRUNC, creation.get(), access.get());
  if (file < 0) {
    std::remove(temp_path_.c_str());  // the destructor does not run for a constructor that throws
    fail(path_, "cannot create the temporary file '" + temp_path_ + "'");
  }
  file_ = file;
}

OutputFile::~OutputFile() {
  if (file_ >= 0) H5Fclose(file_);
  if (!committed_ && !temp_path_.empty()) std::remove(temp_path_.c_str());
}

Group OutputFile::root() {
  if (file_ < 0) throw std::logic_error("OutputFile::root after commit");
  const hid_t id = H5Gopen2(file_, "/", H5P_DEFAULT);
  if (id < 0) fail(path_, "cannot open the root group");
  return Group(id, path_, "");
}

void OutputFile::commit() {
  if (committed_ || file_ < 0) throw std::logic_error("OutputFile::commit called twice");
  if (H5Fflush(file_, H5F_SCOPE_GLOBAL) < 0) fail(path_, "cannot flush the result file");
  const hid_t file = std::exchange(file_, -1);
  if (H5Fclose(file) < 0) fail(path_, "cannot close the result file");
  std::error_code ignored;
  // rename() replaces an existing target atomically; without overwrite a target that appeared meanwhile is kept.
  if (std::filesystem::exists(path_, ignored) && !overwrite_) {
    throw Error(path_ + " exists; use --force to overwrite");
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    throw RuntimeFailure("cannot move '" + temp_path_ + "' into place: " + std::strerror(errno),
                         SourceLocation{path_, 0, 0, {}});
  }
  committed_ = true;
  remove_stale_temporaries();
}

// Temporary files of this output left by a run that was killed while writing it (OUT.tmp.PID of a process that
// is gone): removed once a result is in place, so that a successful run or --resume leaves no debris.
void OutputFile::remove_stale_temporaries() const {
  namespace fs = std::filesystem;
  std::error_code failed;
  fs::path folder = fs::path(path_).parent_path();
  if (folder.empty()) folder = ".";
  const std::string prefix = fs::path(path_).filename().string() + ".tmp.";
  for (fs::directory_iterator it(folder, failed), end; !failed && it != end; it.increment(failed)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string pid = name.substr(prefix.size());
    if (pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    const long id = std::stol(pid);
    if (id == static_cast<long>(::getpid()) || ::kill(static_cast<pid_t>(id), 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    if (it->is_regular_file(ignored)) fs::remove(it->path(), ignored);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// InputFile

InputFile::InputFile(const std::string& path) : path_(path) {
  silence_hdf5();
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) {
    throw RuntimeFailure("cannot open the result file: no such file", SourceLocation{path, 0, 0, {}});
  }
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    // A file that is not a result is a wrong argument, not a failure of the machine: exit 2.
    H5Eclear2(H5E_DEFAULT);
    throw Error("cannot open the result file: not an HDF5 file", SourceLocation{path, 0, 0, {}});
  }
  Id access = file_access_list(path_);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, access.get());
  if (file < 0) fail(path_, "cannot open the result file");
  file_ = file;
}

InputFile::~InputFile() {
  if (file_ >= 0) H5Fclose(file_);
}

Group InputFile::root() {
  const hid_t id = H5Gopen2(file_, "/", H5P_DEFAULT);
  if (id < 0) fail(path_, "cannot open the root group");
  return Group(id, path_, "");
}

// ---------------------------------------------------------------------------------------------------------------
// Group

Group::Group(std::int64_t id, std::string file, std::string path)
    : id_(id), file_(std::move(file)), path_(std::move(path)) {}

// The file closes every object when it closes (H5F_CLOSE_STRONG), so a group may outlive its id.
Group::~Group() {
  if (id_ >= 0 && H5Iis_valid(id_) > 0) H5Gclose(id_);
}

Group::Group(Group&& other) noexcept
    : id_(std::exchange(other.id_, -1)), file_(std::move(other.file_)), path_(std::move(other.path_)) {}

Group& Group::operator=(Group&& other) noexcept {
  if (this != &other) {
    if (id_ >= 0 && H5Iis_valid(id_) > 0) H5Gclose(id_);
    id_ = std::exchange(other.id_, -1);
    file_ = std::move(other.file_);
    path_ = std::move(other.path_);
  }
  return *this;
}

bool Group::exists(const std::string& name) const {
  std::string prefix;
  for (const std::string& part : split(name)) {
    prefix = prefix.empty() ? part : prefix + "/" + part;
    const htri_t found = H5Lexists(id_, prefix.c_str(), H5P_DEFAULT);
    if (found < 0) fail(file_, "cannot look up '" + join(path_, prefix) + "'");
    if (found == 0) return false;
  }
  return !prefix.empty();
}

// Creates the missing groups along `name` (with creation order tracked), opens those that exist.
Group Group::create_group(const std::string& name) {
  const std::vector<std::string> parts = split(name);
  if (parts.empty()) throw std::invalid_argument("Group::create_group: empty name");
  Id creation = group_creation_list(H5P_GROUP_CREATE, file_);
  Id links = link_creation_list(file_);
  std::string relative;
  hid_t current = -1;
  Id holder(-1, H5Gclose);
  for (const std::string& part : parts) {
    relative = relative.empty() ? part : relative + "/" + part;
    const hid_t parent = current >= 0 ? current : id_;
    const htri_t found = H5Lexists(parent, part.c_str(), H5P_DEFAULT);
    if (found < 0) fail(file_, "cannot look up '" + join(path_, relative) + "'");
    const hid_t next = found > 0 ? H5Gopen2(parent, part.c_str(), H5P_DEFAULT)
                                 : H5Gcreate2(parent, part.c_str(), links.get(), creation.get(), H5P_DEFAULT);
    if (next < 0) fail(file_, "cannot create group '" + join(path_, relative) + "'");
    holder = Id(next, H5Gclose);  // the previous level closes here
    current = holder.get();
  }
  return Group(holder.release(), file_, join(path_, name));
}

Group Group::open_group(const std::string& name) const {
  if (!exists(name)) fail_plain(file_, "cannot open group '" + join(path_, name) + "': no such group");
  const hid_t id = H5Gopen2(id_, name.c_str(), H5P_DEFAULT);
  if (id < 0) fail(file_, "cannot open group '" + join(path_, name) + "'");
  return Group(id, file_, join(path_, name));
}

std::vector<std::string> Group::children() const {
  H5G_info_t info;
  if (H5Gget_info(id_, &info) < 0) fail(file_, "cannot list group '" + shown(path_) + "'");
  std::vector<std::string> names;
  for (H5_index_t index : {H5_INDEX_CRT_ORDER, H5_INDEX_NAME}) {
    names.clear();
    bool ok = true;
    for (hsize_t i = 0; i < info.nlinks && ok; ++i) {
      const ssize_t size = H5Lget_name_by_idx(id_, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
      if (size < 0) {
        ok = false;
        break;
      }
      std::string name(static_cast<std::size_t>(size) + 1, '\0');
      H5Lget_name_by_idx(id_, ".", index, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
      name.resize(static_cast<std::size_t>(size));
      names.push_back(std::move(name));
    }
    if (ok) {
      H5Eclear2(H5E_DEFAULT);
      return names;
    }
  }
  fail(file_, "cannot list group '" + shown(path_) + "'");
}

// ---------------------------------------------------------------------------------------------------------------
// Datasets

namespace {

struct OpenDataset {
  Id dataset;
  Id space;
  std::size_t elements;
};

OpenDataset open_dataset(const Group& group, hid_t group_id, const std::string& file, const std::string& name,
                         const std::string& what) {
  if (!group.exists(name)) fail_plain(file, what + ": no such dataset");
  Id dataset = checked(H5Dopen2(group_id, name.c_str(), H5P_DEFAULT), H5Dclose, file, what);
  Id space = checked(H5Dget_space(dataset.get()), H5Sclose, file, what);
  const hssize_t points = H5Sget_simple_extent_npoints(space.get());
  if (points < 0) fail(file, what);
  return {std::move(dataset), std::move(space), static_cast<std::size_t>(points)};
}

// The extent of an open dataset's space, outermost first (empty for a scalar).
std::vector<std::size_t> extent(const OpenDataset& d, const std::string& file, const std::string& what) {
  const int rank = H5Sget_simple_extent_ndims(d.space.get());
  if (rank < 0) fail(file, what);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(d.space.get(), dims.data(), nullptr) < 0) fail(file, what);
  return std::vector<std::size_t>(dims.begin(), dims.end());
}

constexpr hsize_t kDeflatedChunk = hsize_t{1} << 20;  // elements per chunk of a deflated dataset
constexpr int kDeflateLevel = 1;

// Writes `size` bytes into the chunked dataset `dataset` of HDF5's deflate filter, each chunk deflated here, the
// chunks in parallel (zlib's compress2 at the filter's level: what the filter itself would store, and reads back),
// then written in order by H5Dwrite_chunk: the run state is most of a result file, and its deflating most of the
// time a file takes to write. A chunk that does not shrink is stored as it is, marked as skipping the filter.
void write_deflated_bytes(hid_t dataset, const unsigned char* data, hsize_t size, hsize_t chunk,
                          const std::string& file, const std::string& what) {
  const auto chunks = static_cast<std::ptrdiff_t>((size + chunk - 1) / chunk);
  std::vector<std::vector<unsigned char>> deflated(static_cast<std::size_t>(chunks));
  std::vector<int> failed(static_cast<std::size_t>(chunks), 0);
#pragma omp parallel for schedule(dynamic, 1)
  for (std::ptrdiff_t c = 0; c < chunks; ++c) {
    const hsize_t begin = static_cast<hsize_t>(c) * chunk;
    // A chunk is stored whole: the part past the dataset's end holds the fill value, 0.
    std::vector<unsigned char> whole(chunk, 0);
    std::memcpy(whole.data(), data + begin, std::min(chunk, size - begin));
    uLongf length = compressBound(static_cast<uLong>(chunk));
    std::vector<unsigned char>& out = deflated[static_cast<std::size_t>(c)];
    out.resize(length);
    if (compress2(out.data(), &length, whole.data(), static_cast<uLong>(chunk), kDeflateLevel) != Z_OK) {
      failed[static_cast<std::size_t>(c)] = 1;
      continue;
    }
    out.resize(length);
    if (length >= chunk) out = std::move(whole);
  }
  for (std::ptrdiff_t c = 0; c < chunks; ++c) {
    if (failed[static_cast<std::size_t>(c)]) fail_plain(file, what + ": zlib could not deflate a chunk");
    const std::vector<unsigned char>& bytes = deflated[static_cast<std::size_t>(c)];
    const hsize_t offset = static_cast<hsize_t>(c) * chunk;
    const std::uint32_t skip_filter = bytes.size() == chunk ? 1u : 0u;  // bit 0: the deflate filter not applied
    if (H5Dwrite_chunk(dataset, H5P_DEFAULT, skip_filter, &offset, bytes.size(), bytes.data()) < 0) fail(file, what);
  }
}

}  // namespace

void Group::write_raw(const std::string& name, std::int64_t file_type, std::int64_t memory_type,
                      const std::vector<std::uint64_t>& dims, const void* data, bool scalar, bool compress) {
  const std::size_t slash = name.rfind('/');
  if (slash != std::string::npos) {
    Group parent = create_group(name.substr(0, slash));
    parent.write_raw(name.substr(slash + 1), file_type, memory_type, dims, data, scalar, compress);
    return;
  }
  const std::string what = "cannot write dataset '" + join(path_, name) + "'";
  if (name.empty()) fail_plain(file_, what + ": empty name");
  const htri_t found = H5Lexists(id_, name.c_str(), H5P_DEFAULT);
  if (found < 0) fail(file_, what);
  if (found > 0) fail_plain(file_, what + ": it exists already");
  const std::vector<hsize_t> extent(dims.begin(), dims.end());
  Id space = checked(
      scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(static_cast<int>(extent.size()), extent.data(), nullptr),
      H5Sclose, file_, what);
  Id creation = group_creation_list(H5P_DATASET_CREATE, file_);
  // Deflate level 1: run states are mostly empty sketch bins, 5x smaller for well under a second.
  const bool deflated = compress && dims.size() == 1 && dims[0] > 0 && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0;
  const hsize_t chunk = deflated ? std::min<hsize_t>(dims[0], kDeflatedChunk) : 0;
  if (deflated && (H5Pset_chunk(creation.get(), 1, &chunk) < 0 || H5Pset_deflate(creation.get(), kDeflateLevel) < 0)) {
    fail(file_, what + ": cannot set compression");
  }
  Id links = link_creation_list(file_);
  Id dataset = checked(H5Dcreate2(id_, name.c_str(), file_type, space.get(), links.get(), creation.get(), H5P_DEFAULT),
                       H5Dclose, file_, what);
  if (deflated && data != nullptr && H5Tget_size(memory_type) == 1) {
    write_deflated_bytes(dataset.get(), static_cast<const unsigned char*>(data), dims[0], chunk, file_, what);
    return;
  }
  std::uint64_t elements = 1;
  for (std::uint64_t d : dims) elements *= d;
  if (data != nullptr && (scalar || elements > 0) &&
      H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    fail(file_, what);
  }
}

void Group::write(const std::string& name, double value) {
  write_raw(name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {}, &value, true);
}

void Group::write(const std::string& name, std::uint64_t value) {
  write_raw(name, H5T_STD_U64LE, H5T_NATIVE_UINT64, {}, &value, true);
}

void Group::write(const std::string& name, const std::vector<double>& values) {
  write_raw(name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {values.size()}, values.data(), false);
}

void Group::write(const std::string& name, const std::vector<std::uint64_t>& values) {
  write_raw(name, H5T_STD_U64LE, H5T_NATIVE_UINT64, {values.size()}, values.data(), false);
}

void Group::write(const std::string& name, const std::vector<double>& values, std::size_t rows, std::size_t cols) {
  if (rows * cols != values.size()) {
    throw std::invalid_argument("Group::write: " + std::to_string(values.size()) + " values for a " +
                                std::to_string(rows) + " x " + std::to_string(cols) + " dataset '" + join(path_, name) +
                                "'");
  }
  write_raw(name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {rows, cols}, values.data(), false);
}

void Group::write(const std::string& name, const std::vector<double>& values, const std::vector<std::size_t>& shape) {
  std::size_t count = 1;
  for (std::size_t n : shape) count *= n;
  if (shape.empty() || count != values.size()) {
    throw std::invalid_argument("Group::write: " + std::to_string(values.size()) + " values for a dataset '" +
                                join(path_, name) + "' of " + std::to_string(shape.size()) + " axes");
  }
  write_raw(name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, std::vector<std::uint64_t>(shape.begin(), shape.end()),
            values.data(), false);
}

void Group::write(const std::string& name, const std::vector<std::string>& values) {
  Id type = utf8_string_type(file_);
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& s : values) pointers.push_back(s.c_str());
  write_raw(name, type.get(), type.get(), {values.size()}, pointers.data(), false);
}

void Group::write_bytes(const std::string& name, const std::vector<std::uint8_t>& values) {
  write_raw(name, H5T_STD_U8LE, H5T_NATIVE_UINT8, {values.size()}, values.data(), false, true);
}

std::vector<std::uint8_t> Group::read_bytes(const std::string& name) const {
  const std::string what = "cannot read dataset '" + join(path_, name) + "'";
  OpenDataset d = open_dataset(*this, id_, file_, name, what);
  std::vector<std::uint8_t> values(d.elements);
  if (d.elements > 0 && H5Dread(d.dataset.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    fail(file_, what);
  }
  return values;
}

double Group::read_double(const std::string& name) const {
  const std::string what = "cannot read dataset '" + join(path_, name) + "'";
  OpenDataset d = open_dataset(*this, id_, file_, name, what);
  if (d.elements != 1) fail_plain(file_, what + ": not a single value");
  double value = 0.0;
  if (H5Dread(d.dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) < 0) fail(file_, what);
  return value;
}

std::uint64_t Group::read_uint64(const std::string& name) const {
  const std::string what = "cannot read dataset '" + join(path_, name) + "'";
  OpenDataset d = open_dataset(*this, id_, file_, name, what);
  if (d.elements != 1) fail_plain(file_, what + ": not a single value");
  std::uint64_t value = 0;
  if (H5Dread(d.dataset.get(), H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) < 0) fail(file_, what);
  return value;
}

std::vector<double> Group::read_doubles(const std::string& name) const {
  std::vector<std::size_t> shape;
  return read_doubles(name, shape);
}

std::vector<double> Group::read_doubles(const std::string& name, std::vector<std::size_t>& shape) const {
  const std::string what = "cannot read dataset '" + join(path_, name) + "'";
  OpenDataset d = open_dataset(*this, id_, file_, name, what);
  shape = extent(d, file_, what);
  std::vector<double> values(d.elements);
  if (d.elements > 0 && H5Dread(d.dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    fail(file_, what);
  }
  return values;
}

std::vector<std::uint64_t> Group::read_uint64s(const std::string& name) const {
  std::vector<std::size_t> shape;
  return read_uint64s(name, shape);
}

std::vector<std::uint64_t> Group::read_uint64s(const std::string& name, std::vector<std::size_t>& shape) const {
  const std::string what = "cannot read dataset '" + join(path_, name) + "'";
  OpenDataset d = open_dataset(*this, id_, file_, name, what);
  shape = extent(d, file_, what);
  std::vector<std::uint64_t> values(d.elements);
  if (d.elements > 0 && H5Dread(d.dataset.get(), H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    fail(file_, what);
  }
  return values;
}

std::vector<std::size_t> Group::shape(const std::string& name) const {
  const std::string what = "cannot read the shape of dataset '" + join(path_, name) + "'";
  const OpenDataset d = open_dataset(*this, id_, file_, name, what);
  return extent(d, file_, what);
}

void Group::make_coordinate(const std::string& name) {
  const std::string what = "cannot make dataset '" + join(path_, name) + "' a dimension scale";
  const OpenDataset d = open_dataset(*this, id_, file_, name, what);
  if (H5DSset_scale(d.dataset.get(), name.c_str()) < 0) fail(file_, what);
}

void Group::make_dimension(const std::string& name, std::size_t size) {
  // Never written: HDF5 allocates a contiguous dataset's storage at its first write, so the dimension costs its
  // header only (the run state's byte axis has tens of millions of elements).
  write_raw(name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {size}, nullptr, false);
  const std::string what = "cannot make dataset '" + join(path_, name) + "' a dimension scale";
  const OpenDataset d = open_dataset(*this, id_, file_, name, what);
  char scale_name[96];
  std::snprintf(scale_name, sizeof scale_name, "This is a netCDF dimension but not a netCDF variable.%10zu", size);
  if (H5DSset_scale(d.dataset.get(), scale_name) < 0) fail(file_, what);
}

bool Group::is_dimension_scale(const std::string& name) const {
  const std::string what = "cannot read dataset '" + join(path_, name) + "'";
  const OpenDataset d = open_dataset(*this, id_, file_, name, what);
  const htri_t scale = H5DSis_scale(d.dataset.get());
  if (scale < 0) fail(file_, what);
  return scale > 0;
}

void Group::attach_dimensions(const std::string& dataset, const std::vector<std::string>& dimensions) {
  const std::string what = "cannot attach dimension scales to dataset '" + join(path_, dataset) + "'";
  const OpenDataset d = open_dataset(*this, id_, file_, dataset, what);
  for (std::size_t axis = 0; axis < dimensions.size(); ++axis) {
    const OpenDataset scale = open_dataset(*this, id_, file_, dimensions[axis], what);
    if (H5DSattach_scale(d.dataset.get(), scale.dataset.get(), static_cast<unsigned>(axis)) < 0) fail(file_, what);
  }
}

namespace {

// H5DSiterate_scales' visitor: the name (last path component) of the first scale attached to the axis.
herr_t scale_name_of(hid_t, unsigned, hid_t scale, void* data) {
  char path[1024];
  const ssize_t n = H5Iget_name(scale, path, sizeof path);
  if (n <= 0) return -1;
  std::string name(path, static_cast<std::size_t>(n) < sizeof path ? static_cast<std::size_t>(n) : sizeof path - 1);
  *static_cast<std::string*>(data) = name.substr(name.rfind('/') + 1);
  return 1;  // the first one is enough
}

}  // namespace

std::vector<std::string> Group::dimension_names(const std::string& dataset) const {
  const std::string what = "cannot read the dimension scales of dataset '" + join(path_, dataset) + "'";
  const OpenDataset d = open_dataset(*this, id_, file_, dataset, what);
  const int rank = H5Sget_simple_extent_ndims(d.space.get());
  if (rank < 0) fail(file_, what);
  std::vector<std::string> names(static_cast<std::size_t>(rank));
  for (int axis = 0; axis < rank; ++axis) {
    const int attached = H5DSget_num_scales(d.dataset.get(), static_cast<unsigned>(axis));
    if (attached <= 0) continue;
    if (H5DSiterate_scales(d.dataset.get(), static_cast<unsigned>(axis), nullptr, scale_name_of,
                           &names[static_cast<std::size_t>(axis)]) < 0) {
      fail(file_, what);
    }
  }
  return names;
}

std::vector<std::string> Group::read_strings(const std::string& name) const {
  const std::string what = "cannot read dataset '" + join(path_, name) + "'";
  OpenDataset d = open_dataset(*this, id_, file_, name, what);
  Id type = checked(H5Dget_type(d.dataset.get()), H5Tclose, file_, what);
  const hid_t dataset = d.dataset.get();
  return read_string_values(
      type.get(), d.space.get(), d.elements,
      [dataset](hid_t memory, void* buffer) { return H5Dread(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer); },
      file_, what);
}

// ---------------------------------------------------------------------------------------------------------------
// Attributes

namespace {

std::string attribute_what(const char* verb, const std::string& key, const std::string& group_path,
                           const std::string& object) {
  return std::string("cannot ") + verb + " attribute '" + key + "' of '" + shown(join(group_path, object)) + "'";
}

void write_attribute(hid_t group, const std::string& file, const std::string& what, const std::string& key,
                     const std::string& object, hid_t file_type, hid_t memory_type, const std::vector<hsize_t>* dims,
                     const void* data) {
  const char* target = object.empty() ? "." : object.c_str();
  const htri_t found = H5Aexists_by_name(group, target, key.c_str(), H5P_DEFAULT);
  if (found < 0) fail(file, what);
  if (found > 0 && H5Adelete_by_name(group, target, key.c_str(), H5P_DEFAULT) < 0) fail(file, what);
  Id space = checked(
      dims == nullptr ? H5Screate(H5S_SCALAR) : H5Screate_simple(static_cast<int>(dims->size()), dims->data(), nullptr),
      H5Sclose, file, what);
  Id creation = checked(H5Pcreate(H5P_ATTRIBUTE_CREATE), H5Pclose, file, what);
  if (H5Pset_char_encoding(creation.get(), H5T_CSET_UTF8) < 0) fail(file, what);
  Id attribute = checked(
      H5Acreate_by_name(group, target, key.c_str(), file_type, space.get(), creation.get(), H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose, file, what);
  const bool empty = dims != nullptr && !dims->empty() && (*dims)[0] == 0;
  if (!empty && H5Awrite(attribute.get(), memory_type, data) < 0) fail(file, what);
}

struct OpenAttribute {
  Id attribute;
  Id space;
  std::size_t elements;
};

OpenAttribute open_attribute(const Group& group, hid_t group_id, const std::string& file, const std::string& key,
                             const std::string& object, const std::string& what) {
  if (!group.has_attribute(key, object)) fail_plain(file, what + ": no such attribute");
  Id attribute =
      checked(H5Aopen_by_name(group_id, object.empty() ? "." : object.c_str(), key.c_str(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, file, what);
  Id space = checked(H5Aget_space(attribute.get()), H5Sclose, file, what);
  const hssize_t points = H5Sget_simple_extent_npoints(space.get());
  if (points < 0) fail(file, what);
  return {std::move(attribute), std::move(space), static_cast<std::size_t>(points)};
}

herr_t collect_attribute_name(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

}  // namespace

void Group::set_attribute(const std::string& key, const std::string& value, const std::string& object) {
  Id type = utf8_string_type(file_);
  const char* pointer = value.c_str();
  write_attribute(id_, file_, attribute_what("write", key, path_, object), key, object, type.get(), type.get(), nullptr,
                  &pointer);
}

void Group::set_attribute(const std::string& key, double value, const std::string& object) {
  write_attribute(id_, file_, attribute_what("write", key, path_, object), key, object, H5T_IEEE_F64LE,
                  H5T_NATIVE_DOUBLE, nullptr, &value);
}

void Group::set_attribute(const std::string& key, std::int64_t value, const std::string& object) {
  write_attribute(id_, file_, attribute_what("write", key, path_, object), key, object, H5T_STD_I64LE, H5T_NATIVE_INT64,
                  nullptr, &value);
}

void Group::set_attribute(const std::string& key, const std::vector<std::string>& values, const std::string& object) {
  Id type = utf8_string_type(file_);
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& s : values) pointers.push_back(s.c_str());
  const std::vector<hsize_t> dims = {values.size()};
  write_attribute(id_, file_, attribute_what("write", key, path_, object), key, object, type.get(), type.get(), &dims,
                  pointers.data());
}

bool Group::has_attribute(const std::string& key, const std::string& object) const {
  if (!object.empty() && !exists(object)) {
    fail_plain(file_, attribute_what("read", key, path_, object) + ": no such object");
  }
  const htri_t found = H5Aexists_by_name(id_, object.empty() ? "." : object.c_str(), key.c_str(), H5P_DEFAULT);
  if (found < 0) fail(file_, attribute_what("read", key, path_, object));
  return found > 0;
}

std::string Group::string_attribute(const std::string& key, const std::string& object) const {
  const std::string what = attribute_what("read", key, path_, object);
  OpenAttribute a = open_attribute(*this, id_, file_, key, object, what);
  if (a.elements != 1) fail_plain(file_, what + ": not a single string");
  Id type = checked(H5Aget_type(a.attribute.get()), H5Tclose, file_, what);
  const hid_t attribute = a.attribute.get();
  return read_string_values(
      type.get(), a.space.get(), 1,
      [attribute](hid_t memory, void* buffer) { return H5Aread(attribute, memory, buffer); }, file_, what)[0];
}

std::vector<std::string> Group::string_list_attribute(const std::string& key, const std::string& object) const {
  const std::string what = attribute_what("read", key, path_, object);
  OpenAttribute a = open_attribute(*this, id_, file_, key, object, what);
  if (a.elements == 0) return {};
  Id type = checked(H5Aget_type(a.attribute.get()), H5Tclose, file_, what);
  const hid_t attribute = a.attribute.get();
  return read_string_values(
      type.get(), a.space.get(), a.elements,
      [attribute](hid_t memory, void* buffer) { return H5Aread(attribute, memory, buffer); }, file_, what);
}

double Group::double_attribute(const std::string& key, const std::string& object) const {
  const std::string what = attribute_what("read", key, path_, object);
  OpenAttribute a = open_attribute(*this, id_, file_, key, object, what);
  if (a.elements != 1) fail_plain(file_, what + ": not a single number");
  double value = 0.0;
  if (H5Aread(a.attribute.get(), H5T_NATIVE_DOUBLE, &value) < 0) fail(file_, what);
  return value;
}

std::int64_t Group::int_attribute(const std::string& key, const std::string& object) const {
  const std::string what = attribute_what("read", key, path_, object);
  OpenAttribute a = open_attribute(*this, id_, file_, key, object, what);
  if (a.elements != 1) fail_plain(file_, what + ": not a single number");
  Id type = checked(H5Aget_type(a.attribute.get()), H5Tclose, file_, what);
  if (H5Tget_class(type.get()) != H5T_INTEGER) fail_plain(file_, what + ": not an integer");
  std::int64_t value = 0;
  if (H5Aread(a.attribute.get(), H5T_NATIVE_INT64, &value) < 0) fail(file_, what);
  return value;
}

std::vector<std::string> Group::attribute_names(const std::string& object) const {
  const std::string what = "cannot list the attributes of '" + shown(join(path_, object)) + "'";
  if (!object.empty() && !exists(object)) fail_plain(file_, what + ": no such object");
  std::vector<std::string> names;
  for (H5_index_t index : {H5_INDEX_CRT_ORDER, H5_INDEX_NAME}) {
    names.clear();
    hsize_t position = 0;
    if (H5Aiterate_by_name(id_, object.empty() ? "." : object.c_str(), index, H5_ITER_INC, &position,
                           collect_attribute_name, &names, H5P_DEFAULT) >= 0) {
      H5Eclear2(H5E_DEFAULT);
      return names;
    }
  }
  fail(file_, what);
}

}  // namespace mcsens::h5
