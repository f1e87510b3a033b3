#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs, with apt-get, every Debian 12 package that mcsens' build, tests, MPI runs and plots need.
# Does nothing (and needs no network) when they are all present. Called by scripts/run.sh and scripts/test.sh.
set -euo pipefail

packages=(
  build-essential cmake git pkg-config            # toolchain
  libomp-dev                                      # OpenMP headers for clang-built fuzzers (g++ has libgomp)
  libboost-dev libboost-program-options-dev       # Boost.Math, Boost.Random (headers), Program_options
  libeigen3-dev libhdf5-dev librandom123-dev libtomlplusplus-dev
  libopenmpi-dev openmpi-bin                      # the MPI feature and its tests
  libgtest-dev libgmock-dev libbenchmark-dev      # tests and benchmarks
  clang clang-format libclang-rt-dev              # format check; fuzzers (libFuzzer, sanitizer runtimes)
  python3 python3-matplotlib python3-h5py python3-numpy   # plots (Debian's /usr/bin/python3)
  python3-pytest python3-xarray python3-h5netcdf python3-pandas netcdf-bin   # tests: result files as other tools read them
  chromium python3-pil                            # tests: `mcsens report` pages drawn by a real browser
  pybind11-dev python3-dev                        # the Python package (python/; pandas and xarray as above)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "mcsens setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "mcsens setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
