#!/usr/bin/env bash
# Runs every test: builds (installing what is missing), then lit checker tests through both front
# ends, GoogleTest units, the kalloc library's tests and misuse programs, and the kalloc tests again
# under AddressSanitizer + UndefinedBehaviorSanitizer.  AF_LLVM=22 runs the same against LLVM/Clang 22.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(bash "$root/scripts/build.sh")"
# The SARIF and HTML consumers the output tests use; a failure shows in lit as UNSUPPORTED tests.
bash "$root/scripts/install-test-tools.sh" || echo "test.sh: some test tools are missing (see above)" >&2
ctest --test-dir "$build" --output-on-failure -j "${AF_JOBS:-$(nproc)}"

# The sanitizer build of the allocator library (no LLVM needed, small).
major="${AF_LLVM:-19}"
asan="${build}-kalloc-asan"
if [ ! -f "$asan/build.ninja" ]; then
  cmake -S "$root" -B "$asan" -G Ninja -DALLOCFLAGS_KALLOC_ONLY=ON \
    -DALLOCFLAGS_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_COMPILER="clang-$major" -DCMAKE_CXX_COMPILER="clang++-$major" \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld >&2
fi
cmake --build "$asan" -j "${AF_JOBS:-$(nproc)}" >&2
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
  ctest --test-dir "$asan" --output-on-failure -j "${AF_JOBS:-$(nproc)}"
