#!/usr/bin/env bash
# Builds and runs the benchmarks; prints their figures. Record them in docs/PERFORMANCE.md.
#   bash scripts/bench.sh [bench_name ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
benches=("$@")
[ ${#benches[@]} -gt 0 ] || benches=(bench_auth_me bench_ingest bench_device_list bench_fleet_load bench_ws_fanout)
for b in "${benches[@]}"; do
  "$BUILD_DIR/bench/$b"
  echo
done
