#!/usr/bin/env bash
# Runs every test: builds (installing what is missing), then lit checker tests through both front
# ends, GoogleTest units, the kalloc library's tests and misuse programs, and all of it again
# under AddressSanitizer + UndefinedBehaviorSanitizer (LLVM 22: the kalloc tests only).
# AF_LLVM=22 runs the same against LLVM/Clang 22.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(bash "$root/scripts/build.sh")"
# The SARIF and HTML consumers the output tests use; a failure shows in lit as UNSUPPORTED tests.
bash "$root/scripts/install-test-tools.sh" || echo "test.sh: some test tools are missing (see above)" >&2
ctest --test-dir "$build" --output-on-failure -j "${AF_JOBS:-$(nproc)}"

# The sanitizer build: on LLVM 19 everything (engine, tool, clang-tidy module, every
# lit and unit test; lit/lit.cfg.py sets the sanitizer options), on other majors the
# allocator library only (no LLVM needed, small).  AF_SANITIZE=0 skips it.
major="${AF_LLVM:-19}"
if [ "${AF_SANITIZE:-1}" != 0 ]; then
  if [ "$major" = 19 ]; then
    san="$(AF_BUILD_DIR="${build}-sanitize" \
      AF_CMAKE_ARGS="-DALLOCFLAGS_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo" \
      bash "$root/scripts/build.sh")"
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1:allow_user_poisoning=0 \
      ctest --test-dir "$san" --output-on-failure -j "${AF_JOBS:-$(nproc)}"
  else
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
  fi
fi
