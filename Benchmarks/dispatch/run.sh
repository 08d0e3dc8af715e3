#!/usr/bin/env bash
# Dispatch benchmark (issue: dispatch engine). Release build, this machine:
#   nearest-facility with filters over FACILITIES points, nearest-team over
#   TEAMS points (median and p99 per query, single thread), then 20,000
#   position updates a second through the store and the engine while another
#   thread queries.
# Usage: Benchmarks/dispatch/run.sh [FACILITIES] [TEAMS] [QUERIES] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
facilities=${1:-1000000}; teams=${2:-100000}; queries=${3:-1000}; seconds=${4:-30}
work=Benchmarks/out/dispatch
mkdir -p "$work"
[[ -f "$work/facilities-$facilities.csv" ]] || python3 Benchmarks/dispatch/make_points.py "$facilities" "$work/facilities-$facilities.csv" 1
[[ -f "$work/teams-$teams.csv" ]] || python3 Benchmarks/dispatch/make_points.py "$teams" "$work/teams-$teams.csv" 2
[[ -f "$work/queries-$queries.csv" ]] || python3 Benchmarks/dispatch/make_points.py "$queries" "$work/queries-$queries.csv" 3 --queries
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
.build/release/DispatchBenchmark "$work/facilities-$facilities.csv" "$work/teams-$teams.csv" \
    "$work/queries-$queries.csv" "$work/result.json" "$seconds"
