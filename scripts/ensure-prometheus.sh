#!/usr/bin/env bash
# Prints the path of a Prometheus server binary for the canary tests (test/helpers/prometheus.ts):
# $PROMETHEUS_BIN, else `prometheus` on PATH, else Debian's package, installed once when run as root.
set -euo pipefail
if [ -n "${PROMETHEUS_BIN:-}" ]; then
  [ -x "$PROMETHEUS_BIN" ] || { echo "PROMETHEUS_BIN=$PROMETHEUS_BIN is not an executable file" >&2; exit 1; }
  echo "$PROMETHEUS_BIN"; exit 0
fi
if command -v prometheus >/dev/null 2>&1; then command -v prometheus; exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Prometheus (Debian package 'prometheus') for the canary tests..." >&2
  # Try the cached package lists first; refresh them only when that fails.
  { apt-get install -y -q prometheus >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q prometheus >/dev/null; }; } \
    || { echo "apt-get install prometheus failed" >&2; exit 1; }
  if command -v prometheus >/dev/null 2>&1; then command -v prometheus; exit 0; fi
fi
echo "Prometheus is missing: run 'sudo apt-get install prometheus' (Debian/Ubuntu), or set PROMETHEUS_BIN to a prometheus binary." >&2
exit 1
