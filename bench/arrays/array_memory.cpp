// SPDX-License-Identifier: MIT
// Issue 35, step 2: an array output's statistics take memory with its number of elements, never with the number
// of draws. Runs the uncertainty draws of a series y_t = (t + 1) x + u (x ~ N(1, 0.25), u ~ U(0, 1); E
// elements, a C++ backend, as array outputs are reachable so far) at N draws on 2 threads and prints the
// process's peak resident set (getrusage), the run state's size in bytes and the wall time.
// Usage: array_memory ELEMENTS DRAWS (bench/arrays/memory.sh runs the table of docs/benchmarks.md).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/model/model.hpp"

namespace {

using namespace mcsens;

class Series final : public Model {
 public:
  explicit Series(std::size_t elements) : inputs_{"x", "u"}, targets_{{"y", {{{"year", elements}}}}} {}
  std::string kind() const override { return "bench-series"; }
  const std::vector<std::string>& input_names() const override { return inputs_; }
  const std::vector<ModelTarget>& targets() const override { return targets_; }

  class Evaluator final : public ModelEvaluator {
   public:
    explicit Evaluator(std::size_t elements) : elements_(elements) {}
    void evaluate(const double* const* in, double* const* out, std::size_t n, DrawStatus* status) override {
      for (std::size_t t = 0; t < elements_; ++t) {
        const double a = static_cast<double>(t + 1);
        for (std::size_t i = 0; i < n; ++i) out[t][i] = a * in[0][i] + in[1][i];
      }
      for (std::size_t i = 0; i < n; ++i) status[i] = DrawStatus::ok;
    }

   private:
    std::size_t elements_;
  };
  std::unique_ptr<ModelEvaluator> evaluator(std::size_t) const override {
    return std::make_unique<Evaluator>(targets_[0].shape.elements());
  }

 private:
  std::vector<std::string> inputs_;
  std::vector<ModelTarget> targets_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: array_memory ELEMENTS DRAWS\n");
    return 2;
  }
  const auto elements = static_cast<std::size_t>(std::strtoull(argv[1], nullptr, 10));
  const auto draws = static_cast<std::uint64_t>(std::strtod(argv[2], nullptr));
  const char* text = R"toml(
[parameters]
x = { dist = "normal", mean = 1, sd = 0.5 }
u = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "x"
)toml";
  const Config config = Config::load_text(text, "series.toml");
  const Problem problem = Problem::build(config.problem(), std::make_shared<Series>(elements));
  RequestChoices choices;
  choices.samples = draws;
  choices.seed = 1;
  choices.only = {"uncertainty"};
  RunRequest request = make_request(config, config.problem(), choices);
  request.execution.threads = 2;
  const auto start = std::chrono::steady_clock::now();
  Engine engine(problem, std::move(request));
  engine.run();
  const RunState state = engine.state(RunState::Kind::result);
  const Results results = engine.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::size_t state_bytes = 0;
  for (const auto& node : state.uncertainty.nodes) state_bytes += node.bytes.size();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("elements %zu draws %llu: peak RSS %.1f MiB, run state %.2f MiB, %.2f s; last element mean %.6g\n",
              elements, static_cast<unsigned long long>(draws), static_cast<double>(usage.ru_maxrss) / 1024.0,
              static_cast<double>(state_bytes) / (1024.0 * 1024.0), seconds, results.outputs[0].elements.back().mean);
  return 0;
}
