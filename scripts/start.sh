#!/usr/bin/env bash
# `npm start`: installs what is missing, then brings the whole system up (see scripts/start.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec node --import tsx scripts/start.ts "$@"
