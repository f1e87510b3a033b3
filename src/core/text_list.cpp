// SPDX-License-Identifier: MIT
#include "mcsens/text_list.hpp"

#include <sstream>

namespace mcsens {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

}  // namespace mcsens
