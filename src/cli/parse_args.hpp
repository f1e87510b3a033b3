// SPDX-License-Identifier: MIT
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace mcsens::cli {

// Parses a subcommand's arguments: the visible `options` plus one optional positional argument stored under
// `positional_name` (the config or result file). Unknown options throw boost::program_options::error, which main()
// reports as a usage error (exit 2).
inline boost::program_options::variables_map parse_args(const std::vector<std::string>& args,
                                                        const boost::program_options::options_description& options,
                                                        const char* positional_name) {
  namespace po = boost::program_options;
  po::options_description hidden;
  hidden.add_options()(positional_name, po::value<std::string>(), positional_name);
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add(positional_name, 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  return vm;
}

}  // namespace mcsens::cli
