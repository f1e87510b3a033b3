// SPDX-License-Identifier: MIT
#pragma once

namespace mcsens::h5::detail {

// Called before the first HDF5 call of any mcsens code (hdf5_file.cpp, hdf5_compare.cpp): HDF5 prints no error
// stack (we report failures ourselves) and runs no atexit() shutdown (why: hdf5_file.cpp). Idempotent.
void silence_hdf5();

}  // namespace mcsens::h5::detail
