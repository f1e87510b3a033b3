// SPDX-License-Identifier: MIT
#include "fuzz_entries.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "config/data_column.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/error.hpp"
#include "mcsens/expr/program.hpp"
#include "mcsens/space/distribution.hpp"

namespace mcsens::fuzz {

std::string expand_repeats(std::string_view text) {
  // 1 MiB: enough for every class of issue 23 (a sum of 131,072 terms, 16,384 chained functions or definitions,
  // keys nested far past the 128 levels mcsens reads; every input of fuzz/regressions/ expands whole), while the
  // average input stays cheap: a 9 MiB budget spent most of the fuzzing time parsing multi-megabyte expansions
  // (1.2k config runs per minute). The 8 MiB config limit is a size check made before any parsing.
  constexpr size_t kMaxExpanded = size_t{1} << 20;
  std::string out;
  size_t i = 0;
  while (i < text.size() && out.size() <= kMaxExpanded) {
    const size_t open = text.find('\x01', i);
    const size_t body = open == std::string_view::npos ? open : text.find('\x02', open);
    const size_t close = body == std::string_view::npos ? body : text.find('\x03', body);
    if (close == std::string_view::npos || body != open + 2) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    const int count = 1 << (static_cast<unsigned char>(text[open + 1]) % 18);
    const std::string_view unit = text.substr(body + 1, close - body - 1);
    for (int k = 0; k < count && out.size() <= kMaxExpanded; ++k) {
      for (const char c : unit) {
        if (c == '\x04' || c == '\x05') {
          out += std::to_string(c == '\x04' ? k : (k + 1) % count);
        } else {
          out += c;
        }
      }
    }
    i = close + 1;
  }
  return out;
}

int config_entry(std::string_view text) {
  try {
    Config config = Config::load_text(expand_repeats(text), "fuzz.toml");
    const Problem problem = Problem::build(config.problem());
    (void)problem.num_targets();
  } catch (const Error&) {
    // Refused with a message: the expected outcome for bad input.
  }
  return 0;
}

namespace {

ExpressionSource source_line(const std::string& name, const std::string& text, int line) {
  ExpressionSource source;
  source.name = name;
  source.text = text;
  source.location = SourceLocation{"fuzz.model", line, 1, text};
  return source;
}

}  // namespace

int expression_entry(std::string_view raw) {
  const std::string text = expand_repeats(raw);
  std::vector<std::string> lines;
  std::string current;
  for (const char c : text) {
    if (c == '\n') {
      lines.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  lines.push_back(current);

  ModelSource model;
  model.inputs = {"x", "y", "z"};
  model.dynamics.steps = 20;
  model.dynamics.dt = 0.05;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i] == "rk4") model.dynamics.method = StepMethod::kRk4;
    const auto eq = lines[i].find('=');
    if (eq == std::string::npos) continue;
    std::string name = lines[i].substr(0, eq);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    const int line = static_cast<int>(i) + 1;
    if (!name.empty() && name.back() == '\'') {
      name.pop_back();
      StateSpec state;
      state.name = name;
      state.initial = source_line(name + ".initial", "0.5", line);
      state.rate = source_line(name + ".rate", lines[i].substr(eq + 1), line);
      state.location = state.rate.location;
      model.dynamics.states.push_back(std::move(state));
      continue;
    }
    model.definitions.push_back(source_line(name, lines[i].substr(eq + 1), line));
  }
  model.targets.push_back(source_line("target", lines.back(), static_cast<int>(lines.size())));
  try {
    const Program program = Program::compile(model);
    // One block that touches the awkward values: zero, signs, a large magnitude, infinity and NaN.
    constexpr size_t kRows = 8;
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::array<double, kRows> x = {0.0, 1.0, -1.0, 0.5, 1e300, -inf, nan, 2.0};
    std::array<double, kRows> y = {1.0, 0.0, 3.0, -0.5, 1e-300, 2.0, 1.0, inf};
    std::array<double, kRows> z = {-2.0, 7.0, 0.0, 0.25, -1e300, nan, inf, 0.0};
    const double* inputs[3] = {x.data(), y.data(), z.data()};
    std::vector<std::vector<double>> out(program.num_columns(), std::vector<double>(kRows));
    std::vector<double*> outputs;
    for (auto& column : out) outputs.push_back(column.data());
    Evaluator evaluator(program, kRows);
    evaluator.run(inputs, outputs.data(), kRows);
  } catch (const Error&) {
    // Refused with a message.
  }
  return 0;
}

int data_file_entry(std::string_view raw) {
  if (raw.empty()) return 0;
  const auto selector = static_cast<unsigned char>(raw.front());
  detail::ColumnChoice choice;
  if (selector % 2 == 0) {
    choice.name = "q";
  } else {
    choice.position = 1 + (selector / 2) % 3;
  }
  try {
    const detail::DataColumn column = detail::read_data_column(expand_repeats(raw.substr(1)), "fuzz.csv", choice);
    DistributionSpec spec;
    spec.kind = "empirical";
    spec.key = "parameters.q";
    spec.data = column.values;
    const auto distribution = make_distribution(spec);
    const auto [low, high] = std::minmax_element(column.values.begin(), column.values.end());
    const double u[] = {std::numeric_limits<double>::min(), 1e-16, 0.25, 0.5, 0.75, 1 - 1e-16, 0.9999999999999999};
    for (const double p : u) {
      double x = 0;
      distribution->quantile(&p, &x, 1);
      if (!(x >= *low && x <= *high)) std::abort();  // finite data give finite draws inside their range
      const double f = distribution->cdf(x);
      if (!(f >= 0.0 && f <= 1.0)) std::abort();
    }
    if (std::isnan(distribution->mean())) std::abort();
  } catch (const detail::DataColumnError&) {
    // Refused with its place in the file.
  } catch (const Error&) {
    // Refused by the distribution (fewer than two values, all equal).
  }
  return 0;
}

}  // namespace mcsens::fuzz
