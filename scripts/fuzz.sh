#!/usr/bin/env bash
# Fuzzes one target for a while (docs/fuzzing.md):
#   scripts/fuzz.sh source|model|store [SECONDS] [extra libFuzzer flags...]
# Builds build-fuzz/ (ASan + UBSan + libFuzzer coverage on our code, once),
# makes the seed corpora, then runs the target on a working corpus under
# build-fuzz/fuzz/work/<target> seeded from them.  Crashers land in
# build-fuzz/fuzz/artifacts/<target>/; keep each one that a fix mends in
# fuzz/regressions/<target>/ (ctest replays them in every build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:?usage: scripts/fuzz.sh source|model|store [SECONDS] [libFuzzer flags]}"
seconds="${2:-1800}"
shift $(( $# < 2 ? $# : 2 ))
case "$target" in source|model|store) ;; *) echo "fuzz.sh: no target '$target' (source, model, store)" >&2; exit 2;; esac
major="${AF_LLVM:-19}"
build="${AF_FUZZ_BUILD_DIR:-$root/build-fuzz}"
bash "$root/scripts/bootstrap.sh"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DALLOCFLAGS_LLVM_MAJOR="$major" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DALLOCFLAGS_SANITIZE=address,undefined -DALLOCFLAGS_FUZZ=ON \
    -DCMAKE_C_COMPILER="clang-$major" -DCMAKE_CXX_COMPILER="clang++-$major" \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld \
    -DCMAKE_MODULE_LINKER_FLAGS=-fuse-ld=lld >&2
fi
cmake --build "$build" -j "${AF_JOBS:-$(nproc)}" --target "allocflags-fuzz-$target" allocflags-fuzz-corpora >&2
work="$build/fuzz/work/$target"
artifacts="$build/fuzz/artifacts/$target"
mkdir -p "$work" "$artifacts"
dict=()
[ "$target" = source ] && dict=(-dict="$build/fuzz/corpus/source.dict")
# The same sanitizer settings as the test suite (test/lit.cfg.py): the
# Debian LLVM libraries are not instrumented, so their container poisoning
# would be false reports.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allow_user_poisoning=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
exec "$build/bin/allocflags-fuzz-$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
  -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "$@" \
  "$work" "$build/fuzz/corpus/$target" "$root/fuzz/regressions/$target"
