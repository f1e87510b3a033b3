// SPDX-License-Identifier: MIT
#include "model/plugin_model.hpp"

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>

#include "mcsens/model_plugin.h"
#include "mcsens/suggest.hpp"
#include "model/crash_report.hpp"

namespace mcsens {

struct PluginModel::Library {
  void* handle = nullptr;
  std::string path;
  const mcsens_plugin_info* info = nullptr;
  mcsens_plugin_evaluate_fn evaluate = nullptr;
  mcsens_plugin_init_fn init = nullptr;          // optional
  mcsens_plugin_finalize_fn finalize = nullptr;  // optional
  std::vector<std::string> outputs;
  std::mutex serial;  // held around every call when the plugin is not thread safe
  ~Library() {
    if (handle != nullptr) dlclose(handle);
  }
};

namespace {

// What every output cell holds before a call: a quiet NaN with a payload no arithmetic produces (operations on
// NaN keep a NaN operand's payload, and new NaNs carry none), so a cell that still holds these bits after the
// call was never written. Such a draw fails ("an output was not written"); it never reports a stale or zero value.
constexpr std::uint64_t kUnwrittenBits = 0x7ff8'6d63'7365'6e73ULL;  // payload "mcsens"

double unwritten_value() {
  double value;
  std::memcpy(&value, &kUnwrittenBits, sizeof value);
  return value;
}

bool is_unwritten(double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits == kUnwrittenBits;
}

class PluginEvaluator final : public ModelEvaluator {
 public:
  PluginEvaluator(std::shared_ptr<PluginModel::Library> library, const std::vector<std::size_t>& input_of,
                  const Program& program, std::size_t parameters, std::size_t max_rows)
      : library_(std::move(library)),
        input_of_(input_of),
        evaluator_(program, max_rows),
        parameters_(parameters),
        scratch_(library_->outputs.size() * max_rows),
        status_(max_rows) {
    for (std::size_t k = 0; k < library_->outputs.size(); ++k) columns_.push_back(scratch_.data() + k * max_rows);
    if (library_->init != nullptr) {
      const auto lock = guard();
      const UserCodeScope user(name(), library_->path.c_str());
      if (library_->init(&context_) != 0) {
        throw RuntimeFailure("the plugin " + library_->path + " failed to initialize (its init returned nonzero)");
      }
    }
  }
  ~PluginEvaluator() override {
    if (library_->finalize != nullptr) {
      const auto lock = guard();
      const UserCodeScope user(name(), library_->path.c_str());
      library_->finalize(context_);
    }
  }
  PluginEvaluator(const PluginEvaluator&) = delete;
  PluginEvaluator& operator=(const PluginEvaluator&) = delete;

  void evaluate(const double* const* inputs, double* const* outputs, std::size_t n, DrawStatus* status) override {
    plugin_inputs_.clear();
    for (std::size_t p : input_of_) plugin_inputs_.push_back(inputs[p]);
    std::fill(status_.begin(), status_.begin() + static_cast<std::ptrdiff_t>(n), static_cast<unsigned char>(0));
    for (double* column : columns_) std::fill(column, column + n, unwritten_value());
    {
      const auto lock = guard();
      const UserCodeScope user(name(), library_->path.c_str());
      library_->evaluate(context_, n, plugin_inputs_.data(), columns_.data(), status_.data());
    }
    // The program reads the parameters, then the plugin's outputs.
    program_inputs_.assign(inputs, inputs + parameters_);
    for (double* column : columns_) program_inputs_.push_back(column);
    evaluator_.run(program_inputs_.data(), outputs, n);
    for (std::size_t i = 0; i < n; ++i) status[i] = status_[i] == 0 ? DrawStatus::ok : DrawStatus::failed;
    for (const double* column : columns_) {
      for (std::size_t i = 0; i < n; ++i) {
        if (status[i] == DrawStatus::ok && is_unwritten(column[i])) status[i] = DrawStatus::unwritten;
      }
    }
  }

 private:
  const char* name() const { return library_->info->name != nullptr ? library_->info->name : "(unnamed)"; }
  std::unique_lock<std::mutex> guard() const {
    return library_->info->thread_safe != 0 ? std::unique_lock<std::mutex>()
                                            : std::unique_lock<std::mutex>(library_->serial);
  }

  std::shared_ptr<PluginModel::Library> library_;
  std::vector<std::size_t> input_of_;
  Evaluator evaluator_;
  std::size_t parameters_;
  std::vector<double> scratch_;
  std::vector<double*> columns_;
  std::vector<unsigned char> status_;
  std::vector<const double*> plugin_inputs_;
  std::vector<const double*> program_inputs_;
  void* context_ = nullptr;
};

}  // namespace

std::shared_ptr<const PluginModel> PluginModel::load(const std::string& path, const std::string& prefix,
                                                     const SourceLocation& where,
                                                     const std::vector<std::string>& parameters) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error("model.library: no such file: " + path, where);
  if (!S_ISREG(st.st_mode)) throw Error("model.library: not a regular file: " + path, where);
  auto library = std::make_shared<Library>();
  library->path = path;
  // RTLD_LOCAL: two plugins may export the same entry names.
  library->handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library->handle == nullptr) {
    const char* why = dlerror();
    throw Error("model.library: cannot load " + path + " as a shared library: " + (why ? why : "unknown reason"),
                where);
  }
  const auto symbol = [&](const std::string& name, bool required) -> void* {
    dlerror();
    void* address = dlsym(library->handle, name.c_str());
    if (address == nullptr && required) {
      throw Error("model.library: " + path + " has no function '" + name +
                      "' (a plugin exports <prefix>_info and <prefix>_evaluate, prefix \"" + prefix +
                      "\"; see include/mcsens/model_plugin.h)",
                  where);
    }
    return address;
  };
  const auto info = reinterpret_cast<mcsens_plugin_info_fn>(symbol(prefix + "_info", true));
  library->evaluate = reinterpret_cast<mcsens_plugin_evaluate_fn>(symbol(prefix + "_evaluate", true));
  library->init = reinterpret_cast<mcsens_plugin_init_fn>(symbol(prefix + "_init", false));
  library->finalize = reinterpret_cast<mcsens_plugin_finalize_fn>(symbol(prefix + "_finalize", false));
  library->info = info();
  if (library->info == nullptr)
    throw Error("model.library: " + prefix + "_info() of " + path + " returned NULL", where);
  const mcsens_plugin_info& i = *library->info;
  if (i.abi_version != MCSENS_PLUGIN_ABI_VERSION) {
    throw Error("model.library: " + path + " was built for plugin ABI version " + std::to_string(i.abi_version) +
                    "; this mcsens speaks version " + std::to_string(MCSENS_PLUGIN_ABI_VERSION) +
                    ": rebuild it against this mcsens's include/mcsens/model_plugin.h",
                where);
  }
  if (i.num_outputs == 0 || i.outputs == nullptr || (i.num_inputs > 0 && i.inputs == nullptr)) {
    throw Error("model.library: " + path + " declares no outputs (or NULL name lists) in its info", where);
  }
  const auto name_at = [&](const char* const* names, std::size_t k, const char* what) {
    if (names[k] == nullptr || !is_identifier(names[k])) {
      throw Error("model.library: " + path + " declares " + what + " " + std::to_string(k) +
                      " with a name that is not an identifier",
                  where);
    }
    return std::string(names[k]);
  };
  std::shared_ptr<PluginModel> model(new PluginModel());
  model->parameters_ = parameters;
  std::vector<std::string> seen;
  for (std::size_t k = 0; k < i.num_inputs; ++k) {
    const std::string name = name_at(i.inputs, k, "input");
    const auto found = std::find(parameters.begin(), parameters.end(), name);
    if (found == parameters.end()) {
      throw Error("model.library: the plugin's input '" + name + "' is not a parameter of the config" +
                      did_you_mean(name, parameters),
                  where);
    }
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      throw Error("model.library: the plugin declares its input '" + name + "' twice", where);
    }
    seen.push_back(name);
    model->input_of_.push_back(static_cast<std::size_t>(found - parameters.begin()));
  }
  for (std::size_t k = 0; k < i.num_outputs; ++k) {
    const std::string name = name_at(i.outputs, k, "output");
    if (std::find(library->outputs.begin(), library->outputs.end(), name) != library->outputs.end()) {
      throw Error("model.library: the plugin declares its output '" + name + "' twice", where);
    }
    if (std::find(parameters.begin(), parameters.end(), name) != parameters.end()) {
      throw Error("model.library: the plugin's output '" + name + "' has the name of a parameter", where);
    }
    if (const char* kind = builtin_kind(name)) {
      throw Error("model.library: the plugin's output '" + name + "' has the name of the built-in " + kind + " '" +
                      name + "' of the model language; rename it in the plugin",
                  where);
    }
    library->outputs.push_back(name);
  }
  model->library_ = std::move(library);
  return model;
}

const std::vector<std::string>& PluginModel::plugin_outputs() const {
  return library_->outputs;
}

std::shared_ptr<const PluginModel> PluginModel::with_program(Program program, std::vector<ModelTarget> targets) const {
  std::shared_ptr<PluginModel> model(new PluginModel(*this));
  model->program_ = std::make_shared<const Program>(std::move(program));
  model->targets_ = std::move(targets);
  return model;
}

std::unique_ptr<ModelEvaluator> PluginModel::evaluator(std::size_t max_rows) const {
  return std::make_unique<PluginEvaluator>(library_, input_of_, *program_, parameters_.size(), max_rows);
}

}  // namespace mcsens
