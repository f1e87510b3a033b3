// SPDX-License-Identifier: MIT
// The entry functions of the fuzz targets, shared by the libFuzzer drivers (fuzz/fuzz_*.cpp) and by the unit test
// that replays the regression corpus (tests/unit/test_fuzz_regressions.cpp), so that both run the same code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mcsens::fuzz {

// Both entries first expand repeats, so that a short input can stand for the long flat chains, deep nesting and
// huge literals of issue 23: "\x01" C "\x02" UNIT "\x03" is UNIT written 2^(C % 18) times, in which "\x04"
// stands for the repetition's number k and "\x05" for k + 1 (the last one wraps to 0, closing a cycle). Expansion
// stops past 1 MiB. Exposed for the regression test's own inputs.
std::string expand_repeats(std::string_view text);

// TOML text -> Config::load_text -> problem() -> Problem::build. Bad input must end in mcsens::Error (which is
// caught); anything else (another exception, a crash, a sanitizer report) is a bug. Returns 0.
int config_entry(std::string_view text);

// Model text -> Program::compile -> one evaluation of a small block. Lines before the last of the form
// `name = expression` are definitions, except `name' = expression`, a state of [dynamics] with that rate (initial
// value 0.5; 20 steps of 0.05 by Euler, or by RK4 once a line reads `rk4`); the last line is the target; the
// inputs are x, y and z. Bad input must end in mcsens::Error (caught). Returns 0.
int expression_entry(std::string_view text);

// A data file's text (an empirical distribution's CSV) -> the column reader of the config (read_data_column) ->
// the empirical distribution -> its quantiles at the edges of (0, 1) and its CDF. The first byte chooses the column:
// by the header "q" when it is even, else by position 1 + (byte / 2) % 3; the rest is the file (after the repeats
// are expanded). Bad data must end in an mcsens::Error or the reader's own refusal; a draw outside [min, max] or a
// non-finite draw from finite data is a bug (abort). Returns 0.
int data_file_entry(std::string_view text);

}  // namespace mcsens::fuzz
