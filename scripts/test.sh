#!/usr/bin/env bash
# `npm test`: installs what is missing, type-checks and lints, then runs the whole suite against
# real services (see scripts/run-tests.ts). Extra arguments name test files to run alone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
if [ $# -eq 0 ]; then
  echo "type-checking and linting..." >&2
  npx tsc --noEmit -p .
  npx eslint .
fi
exec node --import tsx scripts/run-tests.ts "$@"
