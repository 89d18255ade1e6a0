#!/usr/bin/env bash
# The main job: builds allocflags if needed, then runs the standalone analyzer over the bundled
# sample project (samples/netdrv, a driver written against the stand-in kernel headers) and prints
# its findings.  Extra arguments go to the analyzer (e.g. --format=sarif).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(bash "$root/scripts/build.sh")"
echo "== allocflags on samples/netdrv (compile DB: $build/samples/netdrv) ==" >&2
set +e
"$build/bin/allocflags" -p "$build/samples/netdrv" "$@"
rc=$?
set -e
# 1 means "findings", which is what the sample is for; 2 or worse is a real failure.
case $rc in
  0) echo "== no findings ==" >&2 ;;
  1) echo "== done: findings above (exit code 1 = findings) ==" >&2 ;;
  *) echo "== allocflags failed (exit code $rc) ==" >&2; exit $rc ;;
esac
