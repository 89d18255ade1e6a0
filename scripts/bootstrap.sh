#!/usr/bin/env bash
# Installs what allocflags needs to build and test, from Debian's packages only, and nothing when
# everything is already there.  AF_LLVM=22 selects the other supported LLVM/Clang major.
set -euo pipefail
major="${AF_LLVM:-19}"
pkgs=(
  "clang-$major" "clang-tidy-$major" "libclang-$major-dev" "llvm-$major-dev" "llvm-$major-tools"
  "lld-$major" "libclang-rt-$major-dev"
  cmake ninja-build ccache git python3 python3-jsonschema
  libgtest-dev libgmock-dev libbenchmark-dev
)
# Extra packages by name (scripts/install-test-tools.sh: npm, chromium).
[ $# -gt 0 ] && pkgs=("$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "bootstrap: need root (or sudo) to install: ${missing[*]}" >&2; exit 2; }
  sudo=sudo
fi
echo "bootstrap: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >&2
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
