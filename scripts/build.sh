#!/usr/bin/env bash
# Configures (once) and builds allocflags into build/ (or build-<major>/ for AF_LLVM != 19).
# Prints the build directory on stdout; everything else goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
major="${AF_LLVM:-19}"
bash "$root/scripts/bootstrap.sh"
if [ "$major" = 19 ]; then build="${AF_BUILD_DIR:-$root/build}"; else build="${AF_BUILD_DIR:-$root/build-$major}"; fi
jobs="${AF_JOBS:-$(nproc)}"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja \
    -DALLOCFLAGS_LLVM_MAJOR="$major" \
    -DCMAKE_C_COMPILER="clang-$major" -DCMAKE_CXX_COMPILER="clang++-$major" \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld \
    -DCMAKE_MODULE_LINKER_FLAGS=-fuse-ld=lld ${AF_CMAKE_ARGS:-} >&2
fi
cmake --build "$build" -j "$jobs" >&2
echo "$build"
