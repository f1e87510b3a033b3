// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include "mcsens/engine/results.hpp"

// How numbers read in the tables for people: the console summary (`run`, `show`) and the report (`mcsens report`)
// write every number with these, so the two never disagree on a digit.
namespace mcsens::display {

// Four significant digits (`digits`), in scientific notation below 1e-3 and from 1e6 in magnitude; "nan", "inf".
std::string num(double x, int digits = 4);

// 1234567 -> "1,234,567".
std::string thousands(std::uint64_t n);

// A probability with enough decimals to show how far it and its interval [low, high] are from 0 or 1 (0.99997
// rather than 1.0000): 4 decimals, up to 7.
std::string probability_text(double p, double low, double high);

// "0.3120 [0.3081, 0.3160]": fixed decimals, as many as show the interval's half-width to two significant digits
// (3 to 10), so that a narrow interval never prints as [0.31, 0.31]; " ~0" appended when the interval contains 0.
std::string with_interval(double value, double low, double high);

// Text of the config (a title, a label, a claim's text) on one line: line breaks and tabs as spaces.
std::string one_line(std::string text);

// "1,000 by the model's own status, 234 with an output the model did not write": each reason that failed a draw.
std::string failure_reasons_text(const FailureCounts& f);

// The randomized-QMC replicates behind a run's standard errors (every output and element has the same; 0 for
// plain draws).
std::size_t run_replicates(const Results& r);

}  // namespace mcsens::display
