#!/usr/bin/env bash
# Runs every benchmark in two placements, each RUNS times (default 1):
#   free      - the JVM and the Lua processes may use both cores (the scheduler decides);
#   one-core  - everything pinned to CPU 0 with taskset (no cross-core wake-ups).
# Each run writes a Markdown file under target/bench/ and prints it. See bench/README.md.
#
#   bench/run.sh                 # both placements, once
#   RUNS=2 bench/run.sh          # twice each
#   bench/run.sh --quick         # arguments go to io.loomsocket.bench.Main
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-1}
MVN=${MVN:-./mvnw}
MVN_FLAGS=${MVN_FLAGS:--q}
PLACEMENTS=${PLACEMENTS:-"free one-core"}
stamp=$(date -u +%Y%m%d-%H%M%S)
mkdir -p target/bench

for run in $(seq 1 "$RUNS"); do
  for placement in $PLACEMENTS; do
    out="target/bench/$stamp-$placement-$run.md"
    case "$placement" in
      free) prefix=() ;;
      one-core) prefix=(taskset -c 0) ;;
      *) echo "unknown placement $placement" >&2; exit 2 ;;
    esac
    echo "== $placement, run $run -> $out"
    "${prefix[@]}" "$MVN" $MVN_FLAGS -Pbench verify -Dbench.args="$* --out=$out"
  done
done
