#!/usr/bin/env bash
# Installs what a fresh clone lacks: npm packages (from the lockfile), the generated Prisma client,
# and the Temporal CLI. Each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages..." >&2
  npm ci --no-audit --no-fund >&2
fi
if [ ! -d prisma/generated ] || [ prisma/schema.prisma -nt prisma/generated ]; then
  npx prisma generate >&2
  touch prisma/generated
fi
bash scripts/ensure-temporal-cli.sh >/dev/null
