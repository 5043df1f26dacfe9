#!/usr/bin/env bash
# Installs the peers, builds jjm (Release) and runs the benchmark.
#   bench/run.sh                 national scale (about 10 minutes)
#   bench/run.sh --scale 0.05    a quick run
# Other flags go to bench/run.mjs (--work DIR, --results FILE, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --bench
make build TESTING=OFF
exec node bench/run.mjs "$@"
