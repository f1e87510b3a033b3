// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

// Two HDF5 files compared object by object, bit for bit (`mcsens reproduce`, issue 22): what a replicator checks.
namespace mcsens::h5 {

struct Difference {
  std::string where;  // "/outputs/y/moments", "/outputs/y@label" (an attribute), "/@seed" (one of the root)
  std::string what;   // "only in the first file", "its bytes differ", "its shape differs: (6) against (7)", ...
};

// The first difference between the files `a` and `b`, their objects taken in path order (each object's attributes
// by name after it): an object or attribute only one has, a dataset or attribute of another type, shape or content.
// Contents are compared as stored: numbers bit for bit (so NaN equals a NaN of the same bits), strings by value.
// HDF5's dimension-scale bookkeeping (the attributes DIMENSION_LIST and REFERENCE_LIST) holds object addresses,
// which differ between files that are otherwise the same: it is not compared. `skip_root_attributes` name
// attributes of the root that legitimately differ (the time the file was written). nullopt when the same.
// mcsens::Error when a file cannot be read.
std::optional<Difference> first_difference(const std::string& a, const std::string& b,
                                           const std::vector<std::string>& skip_root_attributes);

}  // namespace mcsens::h5
