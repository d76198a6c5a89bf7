#!/usr/bin/env bash
# Prints the path of Spinnaker's spin CLI v1.30.0: $SPIN_CLI, else one built once from its Go
# module into .tools/bin (used by the API compatibility test).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -n "${SPIN_CLI:-}" ]; then
  [ -x "$SPIN_CLI" ] || { echo "SPIN_CLI=$SPIN_CLI is not an executable file" >&2; exit 1; }
  echo "$SPIN_CLI"; exit 0
fi
bin="$root/.tools/bin/spin"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
command -v go >/dev/null 2>&1 || { echo "No spin CLI: set SPIN_CLI or install Go to build it." >&2; exit 1; }
echo "Building the spin CLI v1.30.0 from its Go module (once)..." >&2
mkdir -p "$root/.tools/bin"
(cd "$root/tools/spin" && GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" go build -o "$bin" github.com/spinnaker/spin) >&2
echo "$bin"
