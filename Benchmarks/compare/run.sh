#!/usr/bin/env bash
# Before/after in one run: the import, COPY, dispatch and API measurements of
# `make bench-import`, `bench-postgis` (phase 2), `bench-dispatch` and
# `bench-api`, for two release builds, interleaved round by round so that
# whatever else the machine does falls on both alike. Peers (ogr2ogr,
# PostGIS queries) are left out: they do not change between the two builds.
#
# Usage: Benchmarks/compare/run.sh BEFORE_TREE [ROUNDS] [CALLS]
#   BEFORE_TREE  a checkout of the older commit with .build/release/crisismap
#                and .build/release/DispatchBenchmark built (`make release`,
#                `swift build -c release --product DispatchBenchmark`)
#   this tree's own release builds are "after". ROUNDS defaults to 3, CALLS
#   to 1,000,000. Results: Benchmarks/out/compare/summary.json and stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
before=$(realpath "$1"); after=$(pwd); rounds=${2:-3}; calls=${3:-1000000}
work=$(pwd)/Benchmarks/out/compare
mkdir -p "$work"
for tree in "$before" "$after"; do
    for binary in crisismap DispatchBenchmark; do
        [[ -x $tree/.build/release/$binary ]] || { echo "missing $tree/.build/release/$binary" >&2; exit 1; }
    done
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "before: $before ($(git -C "$before" rev-parse --short HEAD)), after: $after ($(git rev-parse --short HEAD))"

csv="$work/calls-$calls.csv"
[[ -f "$csv" ]] || python3 Benchmarks/import/make_calls_csv.py "$calls" "$csv"
points=Benchmarks/out/dispatch
mkdir -p "$points"
[[ -f $points/facilities-1000000.csv ]] || python3 Benchmarks/dispatch/make_points.py 1000000 "$points/facilities-1000000.csv" 1
[[ -f $points/teams-100000.csv ]] || python3 Benchmarks/dispatch/make_points.py 100000 "$points/teams-100000.csv" 2
[[ -f $points/queries-1000.csv ]] || python3 Benchmarks/dispatch/make_points.py 1000 "$points/queries-1000.csv" 3 --queries

now() { date +%s.%N; }
: >"$work/times.jsonl"
record() { echo "{\"side\": \"$1\", \"round\": $2, \"measure\": \"$3\", \"value\": $4}" >>"$work/times.jsonl"; }

# SpatiaLite import: a fresh store, then every row again as an upsert.
import_spatialite() {
    local side=$1 round=$2 bin=$3/.build/release/crisismap store="$work/store-$1.sqlite"
    rm -f "$store" "$store-wal" "$store-shm"
    "$bin" init --db "$store" >/dev/null
    local t0 t1 t2
    t0=$(now); "$bin" import calls "$csv" --db "$store" >/dev/null; t1=$(now)
    "$bin" import calls "$csv" --db "$store" >/dev/null; t2=$(now)
    record "$side" "$round" import_fresh_s "$(python3 -c "print($t1 - $t0)")"
    record "$side" "$round" import_upsert_s "$(python3 -c "print($t2 - $t1)")"
    rm -f "$store" "$store-wal" "$store-shm"
}

dispatch() {
    local side=$1 round=$2 out="$work/dispatch-$1-$2.json"
    "$3/.build/release/DispatchBenchmark" "$points/facilities-1000000.csv" "$points/teams-100000.csv" \
        "$points/queries-1000.csv" "$out" 10 >/dev/null
    python3 - "$out" "$side" "$round" >>"$work/times.jsonl" <<'PY'
import json, sys
r, side, rnd = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
for measure, value in [("nearest_facility_median_us", r["nearest_facility"]["median_us"]),
                       ("nearest_facility_plain_median_us", r["nearest_facility_plain"]["median_us"]),
                       ("nearest_team_median_us", r["nearest_team"]["median_us"]),
                       ("nearest_team_under_updates_p99_us", r["nearest_team_under_updates"]["p99_us"]),
                       ("engine_build_s", r["build_seconds"])]:
    print(json.dumps({"side": side, "round": rnd, "measure": measure, "value": value}))
PY
}

api() {
    local side=$1 round=$2 out="$work/api-$1"
    CRISISMAP_BIN="$3/.build/release/crisismap" CRISISMAP_BENCH_OUT="$out" bash Benchmarks/api/run.sh 100000 10000 20 1000 >/dev/null
    python3 - "$out/result.json" "$side" "$round" >>"$work/times.jsonl" <<'PY'
import json, sys
r, side, rnd = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
for measure, value in [("recommendations_per_s", r["recommendations"]["per_second"]),
                       ("recommendation_p99_ms", r["recommendations"]["p99_ms"]),
                       ("healthz_per_s", r["healthz"]["per_second"])]:
    print(json.dumps({"side": side, "round": rnd, "measure": measure, "value": value}))
PY
}

# Odd rounds time "before" first, even rounds "after" first, so a machine
# that drifts faster or slower over the run favours neither side.
for round in $(seq 1 "$rounds"); do
    order="before after"; (( round % 2 == 0 )) && order="after before"
    for side in $order; do
        tree=$([[ $side == before ]] && echo "$before" || echo "$after")
        echo "round $round, $side: import" >&2; import_spatialite "$side" "$round" "$tree"
        echo "round $round, $side: dispatch" >&2; dispatch "$side" "$round" "$tree"
        echo "round $round, $side: api" >&2; api "$side" "$round" "$tree"
    done
done
# COPY into PostGIS: one durable throwaway cluster, a fresh database per import.
echo "COPY imports" >&2
CRISISMAP_COMPARE_BEFORE=$before CRISISMAP_COMPARE_AFTER=$after CRISISMAP_COMPARE_ROUNDS=$rounds \
    bash Tools/postgres.sh run -- bash Benchmarks/compare/copy.sh "$csv" "$work/times.jsonl"

python3 - "$work" <<'PY'
import json, statistics, sys
work = sys.argv[1]
rows = [json.loads(l) for l in open(f"{work}/times.jsonl")]
measures = list(dict.fromkeys(r["measure"] for r in rows))
summary = {}
higher_is_better = {"recommendations_per_s", "healthz_per_s"}
print(f"{'measure':40} {'before (median)':>16} {'after (median)':>16} {'change':>8}")
for m in measures:
    b = statistics.median(r["value"] for r in rows if r["measure"] == m and r["side"] == "before")
    a = statistics.median(r["value"] for r in rows if r["measure"] == m and r["side"] == "after")
    change = (a - b) / b * 100
    worse = -change if m in higher_is_better else change
    summary[m] = {"before": b, "after": a, "change_percent": round(change, 1), "worse_percent": round(worse, 1)}
    print(f"{m:40} {b:16.3f} {a:16.3f} {change:+7.1f}%")
json.dump(summary, open(f"{work}/summary.json", "w"), indent=2)
PY
