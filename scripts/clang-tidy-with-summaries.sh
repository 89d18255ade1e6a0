#!/usr/bin/env bash
# The CI flow for editors and per-file runs: the standalone tool writes the
# whole-program summary store for a compilation database, then clang-tidy
# checks files with it (allocflags-*.SummaryStore).
#
#   scripts/clang-tidy-with-summaries.sh <build-dir> <file>...
#
# Environment: AF_BUILD (default: build/), AF_CLANG_TIDY (default: clang-tidy-19).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AF_BUILD:-$root/build}"
db="$1"; shift
store="$(mktemp "${TMPDIR:-/tmp}/allocflags-store.XXXXXX.json")"
trap 'rm -f "$store"' EXIT
"$build/bin/allocflags" -p "$db" --summaries="$store" "$@" > /dev/null 2>&1
rc=$?
if [ $rc -ge 2 ]; then
  echo "error: allocflags could not write the summary store (exit $rc)" >&2
  exit 2
fi
"${AF_CLANG_TIDY:-clang-tidy-19}" --load="$build/lib/libAllocflagsTidy.so" -checks='-*,allocflags-*' \
  -config="{CheckOptions: {SummaryStore: '$store'}}" -p "$db" "$@"
