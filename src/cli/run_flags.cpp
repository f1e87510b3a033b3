// SPDX-License-Identifier: MIT
#include "cli/run_flags.hpp"

#include <cmath>
#include <iostream>
#include <sstream>

#include "mcsens/error.hpp"
#include "mcsens/report/console.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "mcsens/sampling/sampler.hpp"
#include "mcsens/text_list.hpp"

namespace mcsens::cli {

void apply_overrides(Config& config, const boost::program_options::variables_map& vm) {
  if (!vm.count("set")) return;
  for (const auto& assignment : vm["set"].as<std::vector<std::string>>()) config.apply_override(assignment);
}

RequestChoices request_choices(const boost::program_options::variables_map& vm) {
  RequestChoices choices;
  if (vm.count("samples")) choices.samples = parse_count(vm["samples"].as<std::string>(), "-n/--samples");
  if (vm.count("seed")) choices.seed = parse_seed(vm["seed"].as<std::string>());
  if (vm.count("sampler")) choices.sampler = parse_sampler_kind(vm["sampler"].as<std::string>());
  if (vm.count("keep-samples")) {
    choices.keep_samples = parse_count(vm["keep-samples"].as<std::string>(), "--keep-samples");
  }
  if (vm.count("only")) {
    choices.only = split_list(vm["only"].as<std::string>());
    if (choices.only.empty()) throw Error("--only needs a list such as uncertainty,claims");
  }
  return choices;
}

std::uint64_t parse_seed(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 20) {
    throw Error("-s/--seed takes a non-negative whole number below 2^64, not '" + text + "'");
  }
  try {
    return std::stoull(text);
  } catch (const std::exception&) {
    throw Error("-s/--seed takes a non-negative whole number below 2^64, not '" + text + "'");
  }
}

// `--shard I/N`: 1 <= I <= N.
std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  const auto bad = [&]() {
    return Error("--shard " + text + ": expected I/N with 1 <= I <= N (shard I of N), e.g. --shard 3/8");
  };
  if (slash == std::string::npos) throw bad();
  const std::string i = text.substr(0, slash);
  const std::string n = text.substr(slash + 1);
  if (i.empty() || n.empty() || i.size() > 9 || n.size() > 9 ||
      i.find_first_not_of("0123456789") != std::string::npos ||
      n.find_first_not_of("0123456789") != std::string::npos) {
    throw bad();
  }
  const std::uint64_t index = std::stoull(i);
  const std::uint64_t count = std::stoull(n);
  if (index < 1 || count < 1 || index > count) throw bad();
  return {index, count};
}

// `--until se=0.001,ci=0.005`.
PrecisionTarget parse_until(const std::string& text) {
  PrecisionTarget target;
  const auto items = split_list(text);
  if (items.empty()) throw Error("--until needs targets such as se=0.001,ci=0.005");
  for (const auto& item : items) {
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq);
    double value = 0.0;
    bool ok = eq != std::string::npos;
    if (ok) {
      try {
        std::size_t used = 0;
        // Decimal only (stod would take hexadecimal too).
        if (item.find_first_not_of("0123456789.eE+-", eq + 1) != std::string::npos) throw Error("");
        value = std::stod(item.substr(eq + 1), &used);
        ok = used == item.size() - eq - 1 && std::isfinite(value) && value > 0.0;
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok || (key != "se" && key != "ci")) {
      throw Error("--until: '" + item +
                  "' is not a target; use se=X (largest relative standard error of an output mean) and/or ci=X "
                  "(largest interval half-width of a claim, at run.confidence), X > 0");
    }
    (key == "se" ? target.relative_se : target.ci_half_width) = value;
  }
  return target;
}

void report(const Problem& problem, const Results& results, bool quiet, bool json) {
  if (json) {
    std::vector<ParameterRecord> parameters;
    for (std::size_t p = 0; p < problem.space().size(); ++p) parameters.push_back(parameter_record(problem.space(), p));
    print_json(std::cout, results, parameters);
  } else if (!quiet) {
    print_summary(std::cout, results);
  }
}

}  // namespace mcsens::cli
