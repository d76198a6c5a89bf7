#!/usr/bin/env bash
# Prints the path of a Temporal CLI binary: $TEMPORAL_CLI, else `temporal` on PATH, else one built
# once from its Go module into .tools/bin (v1.5.1 is the newest tag the module proxy can build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="1.5.1"
if [ -n "${TEMPORAL_CLI:-}" ]; then
  [ -x "$TEMPORAL_CLI" ] || { echo "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file" >&2; exit 1; }
  echo "$TEMPORAL_CLI"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
bin="$root/.tools/bin/temporal"
# No pipe into `grep -q` here: with pipefail, an early-exiting grep can fail the check spuriously.
if [ -x "$bin" ]; then
  case "$("$bin" --version 2>/dev/null || true)" in *"$version"*) echo "$bin"; exit 0 ;; esac
fi
command -v go >/dev/null 2>&1 || { echo "No Temporal CLI: set TEMPORAL_CLI, put 'temporal' on PATH, or install Go to build it." >&2; exit 1; }
echo "Building the Temporal CLI $version from its Go module (once; a cold build takes a few minutes)..." >&2
mkdir -p "$root/.tools/bin"
(cd "$root/.tools" && GOTOOLCHAIN=local GOBIN="$root/.tools/bin" GOFLAGS=-buildvcs=false \
  go install -ldflags "-X github.com/temporalio/cli/temporalcli.Version=$version" \
  "github.com/temporalio/cli/cmd/temporal@v$version") >&2
echo "$bin"
