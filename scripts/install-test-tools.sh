#!/usr/bin/env bash
# Installs the consumers the output tests check allocflags' output against, and nothing when they are
# there: Microsoft's SARIF Multitool (npm, into the project's .tools/, not global) and Debian's
# chromium (headless, for the HTML report).  A tool that cannot be installed is reported here and
# its tests show as UNSUPPORTED with a lit warning; they never pass without it.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
multitool="$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
status=0

if [ ! -x "$multitool" ]; then
  if command -v npm >/dev/null || bash "$root/scripts/bootstrap.sh" npm; then
    mkdir -p "$tools"
    echo "install-test-tools: npm install @microsoft/sarif-multitool into $tools" >&2
    npm install --prefix "$tools" --no-audit --no-fund @microsoft/sarif-multitool@5 >&2 || status=1
    # Its postinstall only makes the binary executable; npm may not run it.
    [ -f "$multitool" ] && chmod u+x "$multitool"
  else
    status=1
  fi
  [ -x "$multitool" ] || echo "install-test-tools: WARNING: no SARIF Multitool; its tests will be UNSUPPORTED" >&2
fi

if ! command -v chromium >/dev/null; then
  bash "$root/scripts/bootstrap.sh" chromium || status=1
  command -v chromium >/dev/null || echo "install-test-tools: WARNING: no chromium; the HTML test will be UNSUPPORTED" >&2
fi
exit $status
