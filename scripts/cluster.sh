#!/usr/bin/env bash
# `npm run cluster [-- start|stop|status]`: a local Kubernetes control plane on loopback (see
# scripts/lib/cluster.ts). `start` builds the binaries once, returns when the API server is ready and
# prints KUBECONFIG=<path>; `stop` stops it. State lives in $GENNAKER_CLUSTER_DIR (.data/cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx scripts/cluster.ts "$@"
