#!/usr/bin/env bash
# Dispatch benchmark (issue: dispatch engine). Release build, this machine:
#   nearest-facility with filters over FACILITIES points, nearest-team over
#   TEAMS points (median and p99 per query, single thread), then 20,000
#   position updates a second through the store and the engine while another
#   thread queries.
# Then the same points and queries in PostGIS (postgis_peer.sh), and the ratios.
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
bash Benchmarks/dispatch/postgis_peer.sh "$work/facilities-$facilities.csv" "$work/teams-$teams.csv" \
    "$work/queries-$queries.csv" 10 "$work/postgis.json"
python3 - "$work/result.json" "$work/postgis.json" <<'PY'
import json, sys
ours, pg = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def ratio(pg_ms, ours_us):
    return pg_ms * 1000 / ours_us
print("PostGIS median / crisismap median (above 1: crisismap faster; PostGIS time is server-side only):")
print(f"  facilities, geometry <-> vs crisismap without query filters: {ratio(pg['facilities']['geometry']['median_ms'], ours['nearest_facility_plain']['median_us']):.2f}x")
print(f"  facilities, geography <-> vs crisismap without query filters: {ratio(pg['facilities']['geography']['median_ms'], ours['nearest_facility_plain']['median_us']):.2f}x")
print(f"  facilities, geometry <-> (no rules) vs crisismap with filters and rules: {ratio(pg['facilities']['geometry']['median_ms'], ours['nearest_facility']['median_us']):.2f}x")
print(f"  teams, geometry <-> vs crisismap nearest-team: {ratio(pg['teams']['geometry']['median_ms'], ours['nearest_team']['median_us']):.2f}x")
print(f"  teams, geography <-> vs crisismap nearest-team: {ratio(pg['teams']['geography']['median_ms'], ours['nearest_team']['median_us']):.2f}x")
PY
