#!/usr/bin/env bash
# Runs the Temporal dev server with its Web UI, persisted to .data/temporal.db so executions
# survive a restart, with Gennaker's search attributes registered.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cli="$(bash "$root/scripts/ensure-temporal-cli.sh")"
mkdir -p "$root/.data"
port="${TEMPORAL_PORT:-7233}"
ui_port="${TEMPORAL_UI_PORT:-8233}"
db="${TEMPORAL_DB_FILE:-$root/.data/temporal.db}"
exec "$cli" server start-dev \
  --ip 127.0.0.1 --port "$port" --ui-port "$ui_port" \
  --db-filename "$db" \
  --namespace "${TEMPORAL_NAMESPACE:-default}" \
  $(bash "$root/scripts/temporal-args.sh") \
  --log-level error
