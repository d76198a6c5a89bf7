#!/usr/bin/env bash
# Prints the folder holding the test cluster's binaries (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok): $GENNAKER_K8S_BIN_DIR when set, else .tools/bin,
# where they are built once from the Go module proxy (tools/k8s pins the versions; a cold build
# takes 15-25 minutes on 2 cores) and reused afterwards.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
k8s_version="1.36.3"
kwok_version="0.8.0"
binaries=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

if [ -n "${GENNAKER_K8S_BIN_DIR:-}" ]; then
  for b in "${binaries[@]}"; do
    [ -x "$GENNAKER_K8S_BIN_DIR/$b" ] || { echo "GENNAKER_K8S_BIN_DIR=$GENNAKER_K8S_BIN_DIR has no executable '$b'" >&2; exit 1; }
  done
  [ -f "$GENNAKER_K8S_BIN_DIR/kwok-stages.yaml" ] || { echo "GENNAKER_K8S_BIN_DIR=$GENNAKER_K8S_BIN_DIR has no kwok-stages.yaml (kwok's node and pod stages)" >&2; exit 1; }
  echo "$GENNAKER_K8S_BIN_DIR"; exit 0
fi

bin="$root/.tools/bin"
stamp="$bin/.k8s-binaries"
wanted="kubernetes v$k8s_version, kwok v$kwok_version, $(sha256sum "$root/tools/k8s/go.sum" | cut -c1-16)"
present=1
for b in "${binaries[@]}"; do [ -x "$bin/$b" ] || present=0; done
[ -f "$bin/kwok-stages.yaml" ] || present=0
if [ "$present" = 1 ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then echo "$bin"; exit 0; fi

command -v go >/dev/null 2>&1 || { echo "Building the test cluster needs Go (>= 1.26), or set GENNAKER_K8S_BIN_DIR to a folder with ${binaries[*]}." >&2; exit 1; }
echo "Building etcd, kube-apiserver, kube-controller-manager, kube-scheduler (Kubernetes v$k8s_version) and kwok v$kwok_version (once; 15-25 minutes cold)..." >&2
mkdir -p "$bin"
started=$(date +%s)
version_pkg="k8s.io/component-base/version"
client_version_pkg="k8s.io/client-go/pkg/version"
ldflags="-s -w"
for pkg in "$version_pkg" "$client_version_pkg"; do
  ldflags="$ldflags -X $pkg.gitVersion=v$k8s_version -X $pkg.gitMajor=${k8s_version%%.*} -X $pkg.gitMinor=$(echo "$k8s_version" | cut -d. -f2) -X $pkg.gitTreeState=clean"
done
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
(cd "$root/tools/k8s" && nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$bin/" \
  ./etcd k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler) >&2
# kwok's own go.mod has no replace lines, so it installs straight from the proxy.
(cd "$root/tools/k8s" && GOBIN="$bin" nice -n 10 go install -trimpath \
  -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$kwok_version") >&2
# kwok runs no default behaviour of its own: it needs Stage objects. Its "fast" stages (nodes become
# Ready at once, pods Running/Ready, Job pods Succeeded) ship in its module; copy them beside it.
kwok_dir="$(cd "$root/tools/k8s" && go mod download -json "sigs.k8s.io/kwok@v$kwok_version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
stages="$kwok_dir/kustomize/stage"
for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
  pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
  echo "---"; cat "$stages/$f"
done > "$bin/kwok-stages.yaml"
echo "$wanted" > "$stamp"
echo "Built the test cluster's binaries in $(( $(date +%s) - started )) s." >&2
echo "$bin"
