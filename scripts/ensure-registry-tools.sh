#!/usr/bin/env bash
# Prints two lines, the paths of the CNCF distribution registry and go-containerregistry's crane:
# $REGISTRY_BIN / $CRANE_BIN when set, else binaries built once from their Go modules into
# .tools/bin through the wrapper module tools/registry (versions pinned in its go.mod). Used by the
# docker-trigger test, which pushes a real image to a real registry.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
registry="${REGISTRY_BIN:-$bin/registry}"
crane="${CRANE_BIN:-$bin/crane}"
build() {
  command -v go >/dev/null 2>&1 || { echo "No $1: set $2 or install Go to build it." >&2; exit 1; }
  echo "Building $1 from its Go module (once; a cold build takes a few minutes)..." >&2
  mkdir -p "$bin"
  (cd "$root/tools/registry" && GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" go build -o "$bin/$1" "$3") >&2
}
if [ ! -x "$registry" ]; then
  [ -z "${REGISTRY_BIN:-}" ] || { echo "REGISTRY_BIN=$REGISTRY_BIN is not an executable file" >&2; exit 1; }
  build registry REGISTRY_BIN github.com/distribution/distribution/v3/cmd/registry
fi
if [ ! -x "$crane" ]; then
  [ -z "${CRANE_BIN:-}" ] || { echo "CRANE_BIN=$CRANE_BIN is not an executable file" >&2; exit 1; }
  build crane CRANE_BIN github.com/google/go-containerregistry/cmd/crane
fi
echo "$registry"
echo "$crane"
