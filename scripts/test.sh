#!/usr/bin/env bash
# Runs every test: builds (installing what is missing), then lit checker tests through both front
# ends, GoogleTest units, and the sanitizer build of the allocator library.  AF_LLVM=22 runs the
# same against LLVM/Clang 22.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(bash "$root/scripts/build.sh")"
ctest --test-dir "$build" --output-on-failure -j "${AF_JOBS:-$(nproc)}"
