// SPDX-License-Identifier: MIT
// The mcsens program: dispatches a subcommand; everything it does lives in libmcsens.
#include <boost/program_options/errors.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <streambuf>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/python_models.hpp"
#include "mcsens/error.hpp"
#include "mcsens/parallel/mpi_context.hpp"
#include "mcsens/suggest.hpp"
#include "mcsens/version.hpp"

namespace {

struct Subcommand {
  const char* name;
  const char* synopsis;
  int (*run)(const std::vector<std::string>&);
};

const Subcommand kSubcommands[] = {
    {"run", "run [CONFIG] [options]     run every analysis that CONFIG asks for (default: the built-in paper model)",
     mcsens::cli::run_command},
    {"check", "check CONFIG               parse and validate a config; print what was understood; sample nothing",
     mcsens::cli::check_command},
    {"show", "show RESULT.h5             print the summary of a result file, as `run` printed it",
     mcsens::cli::show_command},
    {"merge", "merge -o OUT.h5 IN.h5...   combine shard files into the result one run would have written",
     mcsens::cli::merge_command},
    {"design", "design CONFIG -o OUT.csv   the rows of inputs a run evaluates, for a model that runs elsewhere",
     mcsens::cli::design_command},
    {"ingest", "ingest CONFIG CSV -o OUT   every analysis from those rows evaluated (mcsens ingest --help)",
     mcsens::cli::ingest_command},
    {"analyze", "analyze DATA --outputs Y      sensitivity from model runs made elsewhere (no design)",
     mcsens::cli::analyze_command},
    {"report", "report RESULT.h5 -o FILE    the result as a report for people: HTML (or Markdown) with figures",
     mcsens::cli::report_command},
    {"reproduce", "reproduce RESULT.h5         run the file's study again and compare every dataset bit for bit",
     mcsens::cli::reproduce_command},
    {"selfcheck", "selfcheck [-n N]           verify the estimators on built-in problems with exact answers",
     mcsens::cli::selfcheck_command},
};

void print_help() {
  std::cout << "mcsens " << mcsens::version()
            << ": parallel Monte Carlo uncertainty and sensitivity analysis of models written in TOML\n\n"
               "Usage: mcsens COMMAND [ARGS...]\n\nCommands:\n";
  for (const auto& sub : kSubcommands) {
    std::cout << "  mcsens " << sub.synopsis << (sub.run ? "" : "  [not available in this build yet]") << "\n";
  }
  std::cout << "\nOptions:\n  -h, --help     this help; `mcsens COMMAND --help` describes a command\n"
               "  -V, --version  version and git commit\n\n"
               "Exit status: 0 success, 2 bad usage/config/model, 3 runtime failure (I/O, MPI), 130 interrupted.\n";
}

int dispatch(int argc, char** argv) {
  if (argc < 2) {
    print_help();
    return mcsens::exit_code::kUsage;
  }
  const std::string first = argv[1];
  if (first == "-h" || first == "--help" || first == "help") {
    print_help();
    return mcsens::exit_code::kOk;
  }
  if (first == "-V" || first == "--version") {
    std::cout << "mcsens " << mcsens::version() << " (git " << mcsens::git_commit() << ")\n";
    return mcsens::exit_code::kOk;
  }
  std::vector<std::string> names;
  for (const auto& sub : kSubcommands) names.emplace_back(sub.name);
  for (const auto& sub : kSubcommands) {
    if (first != sub.name) continue;
    if (sub.run == nullptr) {
      throw mcsens::Error("'" + first + "' is not available in this build of mcsens yet (see mcsens --help)");
    }
    return sub.run(std::vector<std::string>(argv + 2, argv + argc));
  }
  if (!first.empty() && first[0] == '-') {
    throw mcsens::Error("unknown option '" + first + "' (options come after a command; see mcsens --help)");
  }
  throw mcsens::Error("unknown command '" + first + "'" + mcsens::did_you_mean(first, names) +
                      "; commands are run, check, show, merge, design, ingest, analyze, report, reproduce, selfcheck");
}

}  // namespace

namespace {

// Under MPI every rank meets the same config error; rank 0 alone reports it.
int report(const std::string& message, int code) {
  if (mcsens::mpi::rank() == 0) std::cerr << "mcsens: error: " << message << "\n";
  return code;
}

int guarded_main(int argc, char** argv) {
  try {
    return dispatch(argc, argv);
  } catch (const mcsens::Error& e) {
    return report(e.formatted(), e.exit_code());
  } catch (const boost::program_options::error& e) {
    return report(e.what(), mcsens::exit_code::kUsage);
  } catch (const std::bad_alloc&) {
    return report("out of memory", mcsens::exit_code::kRuntime);
  } catch (const std::exception& e) {
    return report(e.what(), mcsens::exit_code::kRuntime);
  }
}

// Everything mcsens prints passes through this filter: text from a config or a result file (a title, a label, a
// path) may hold control characters, and escape sequences would drive the terminal. Each becomes '?', as in error
// messages (Error::formatted); newlines and tabs stay, and on stderr the progress bar's carriage returns.
class PrintableBuffer : public std::streambuf {
 public:
  PrintableBuffer(std::streambuf* target, bool carriage_returns) : target_(target), returns_(carriage_returns) {}

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    return target_->sputc(shown(static_cast<char>(c)));
  }
  std::streamsize xsputn(const char* text, std::streamsize n) override {
    std::string copy(text, static_cast<size_t>(n));
    for (char& c : copy) c = shown(c);
    return target_->sputn(copy.data(), n);
  }
  int sync() override { return target_->pubsync(); }

 private:
  char shown(char c) const {
    const auto byte = static_cast<unsigned char>(c);
    const bool allowed = c == '\n' || c == '\t' || (returns_ && c == '\r');
    return (byte < 0x20 && !allowed) || byte == 0x7f ? '?' : c;
  }
  std::streambuf* target_;
  bool returns_;
};

// A fixed mmap threshold for glibc's malloc. By default it adapts: once a large block is freed, blocks up to that
// size come from the heap arenas, and the accumulator states of a long run (a quantile sketch's fine windows are
// about 100 KB, made and freed once per chunk, on every worker thread) then fragment the arenas: RSS grew with the
// number of draws. Blocks of 64 KB and more are mapped and returned to the system when freed instead, so memory
// stays flat from 1e6 to 1e9 draws (docs/benchmarks.md, "Memory against the number of draws").
void fix_malloc_thresholds() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 64 * 1024);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  fix_malloc_thresholds();
  // Never freed: std::cout is flushed at exit, after the objects of main would be gone.
  std::cout.rdbuf(new PrintableBuffer(std::cout.rdbuf(), false));
  std::cerr.rdbuf(new PrintableBuffer(std::cerr.rdbuf(), true));
  try {
    mcsens::mpi::init(&argc, &argv);
  } catch (const mcsens::Error& e) {
    std::cerr << "mcsens: error: " << e.formatted() << "\n";
    return mcsens::exit_code::kRuntime;
  }
  mcsens::cli::install_python_models();
  const int code = guarded_main(argc, argv);
  mcsens::mpi::finalize();
  return code;
}
