// SPDX-License-Identifier: MIT
#pragma once

#include <iosfwd>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"

// A config as mcsens understood it, without sampling anything (`mcsens check`): its inputs with their
// distributions, functions, derived quantities, state equations, outputs, claims, curves, scenarios and analyses,
// with the model runs each analysis costs. One report for every front end (the CLI, the Python package).
namespace mcsens {

// As text (docs/cli.md, "mcsens check").
void print_problem(std::ostream& out, const Config& config, const Problem& problem);

// The same content as one JSON document (docs/cli.md, "check --json"); numbers exact.
void print_problem_json(std::ostream& out, const Config& config, const Problem& problem);

}  // namespace mcsens
