#!/usr/bin/env bash
# PostGIS benchmark (issue: state-wide scale over PostgreSQL/PostGIS). Release
# builds in .build-bench (`make bench-postgis` builds them), loopback only,
# each phase in its own throwaway cluster from Tools/postgres.sh:
#   1. nearest-10 through the store interface, PostGIS store vs SpatiaLite
#      store vs plain PostGIS (`ORDER BY geog <-> q LIMIT 10`, pgbench and
#      EXPLAIN ANALYZE), FACILITIES facilities + CALLS calls, QUERIES points
#      (nearest.sh; cluster --tuned-for-bench: reads, fsync does not matter);
#   2. `crisismap import calls` (COPY) into an empty PostGIS store vs
#      `ogr2ogr -f PostgreSQL`, and into SpatiaLite (import.sh; a durable
#      cluster, and again in phase 1's tuned one);
#   3. one vs two `crisismap serve` on one store under the same load, CPU per
#      request in the servers and in PostgreSQL; 4. A→B visibility
#      (servers.sh; a durable cluster: fsync and synchronous_commit on).
# Results: Benchmarks/out/postgis/result.json and a summary on stdout.
# Usage: Benchmarks/postgis/run.sh [FACILITIES] [CALLS] [QUERIES] [SECONDS] [ROUNDS]
#        (CRISISMAP_PHASES="1 2 3" picks phases; 3 includes 4)
set -euo pipefail
cd "$(dirname "$0")/../.."
facilities=${1:-1000000}; calls=${2:-1000000}; queries=${3:-2000}; seconds=${4:-20}; rounds=${5:-2}
work=$(pwd)/Benchmarks/out/postgis
mkdir -p "$work"
export CRISISMAP_BIN=${CRISISMAP_BIN:-$(pwd)/.build-bench/release/crisismap}
export CRISISMAP_STORE_BENCH=${CRISISMAP_STORE_BENCH:-$(pwd)/.build-bench/release/StoreBenchmark}
for binary in "$CRISISMAP_BIN" "$CRISISMAP_STORE_BENCH"; do
    [[ -x $binary ]] || { echo "missing $binary: make bench-postgis builds it" >&2; exit 1; }
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"

# The same generators as the dispatch and import benchmarks (deterministic).
[[ -f "$work/facilities-$facilities.csv" ]] || python3 Benchmarks/dispatch/make_points.py "$facilities" "$work/facilities-$facilities.csv" 1
[[ -f "$work/queries-$queries.csv" ]] || python3 Benchmarks/dispatch/make_points.py "$queries" "$work/queries-$queries.csv" 3 --queries
[[ -f "$work/calls-$calls.csv" ]] || python3 Benchmarks/import/make_calls_csv.py "$calls" "$work/calls-$calls.csv"
echo "data: $facilities facilities, $calls calls ($(du -h "$work/calls-$calls.csv" | cut -f1) CSV), $queries query points"

# CRISISMAP_PHASES="1 2 3" (the default) picks phases; 3 includes 4.
phases=" ${CRISISMAP_PHASES:-1 2 3} "
phase() { echo; echo "== $1 ($(date -u +%H:%M:%S))"; python3 Benchmarks/postgis/wait_quiet.py 300; }
started=$(date +%s)

if [[ $phases == *" 1 "* ]]; then
phase "1. nearest-10 (cluster: --tuned-for-bench, pg_stat_statements)"
bash Tools/postgres.sh run --tuned-for-bench --setting shared_preload_libraries=pg_stat_statements -- \
    timeout 1200 bash Benchmarks/postgis/nearest.sh "$work/facilities-$facilities.csv" "$work/queries-$queries.csv" \
    "$work/calls-$calls.csv" "$work"
fi

if [[ $phases == *" 2 "* ]]; then
phase "2. COPY import (cluster: default durable settings)"
bash Tools/postgres.sh run -- timeout 900 bash Benchmarks/postgis/import.sh "$work/calls-$calls.csv" "$work" durable spatialite
fi

if [[ $phases == *" 3 "* ]]; then
phase "3-4. two servers, A→B visibility (cluster: default durable settings, lock waits logged)"
bash Tools/postgres.sh run --setting log_lock_waits=on --setting deadlock_timeout=100ms -- \
    timeout 1500 bash Benchmarks/postgis/servers.sh "$work" "$seconds" "$rounds"
fi

python3 Benchmarks/postgis/summarize.py report "$work"
echo "total: $(( $(date +%s) - started )) s; details in $work/result.json"
