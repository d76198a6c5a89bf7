#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs the whole suite (see scripts/run-tests.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec node --import tsx scripts/run-tests.ts "$@"
