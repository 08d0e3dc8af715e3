#!/usr/bin/env bash
# HTTP API benchmark (issue: HTTP query API). Release build, loopback only:
#   1. POST /v1/recommendations with wrk (50 connections, SECONDS) over a store
#      of FACILITIES facilities and TEAMS teams, while a second wrk sends
#      position updates at UPDATES per second (positions.lua paces itself);
#   2. GET /healthz with the same wrk settings: the framework's ceiling;
#   3. the ratio recommendations/healthz.
# The load generators share the machine's cores with the server, as a load
# generator on the same box does. Results: Benchmarks/out/api/result.json.
# Usage: Benchmarks/api/run.sh [FACILITIES] [TEAMS] [SECONDS] [UPDATES]
#   (CRISISMAP_BIN and CRISISMAP_BENCH_OUT choose another build and output folder)
set -euo pipefail
cd "$(dirname "$0")/../.."
facilities=${1:-100000}; teams=${2:-10000}; seconds=${3:-30}; updates=${4:-1000}
work=${CRISISMAP_BENCH_OUT:-Benchmarks/out/api}
binary=${CRISISMAP_BIN:-.build/release/crisismap}
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

db="$work/api-$facilities-$teams.sqlite"
rm -f "$db" "$db-wal" "$db-shm"
python3 Benchmarks/api/make_store_files.py "$facilities" "$teams" "$work"
"$binary" init --db "$db" >/dev/null
"$binary" import facilities "$work/facilities.csv" --db "$db" >/dev/null
"$binary" import teams "$work/teams.csv" --db "$db" >/dev/null
dispatcher=$("$binary" keys create --role dispatcher --name bench-console --db "$db" | head -1)
# Builds before #20 part 2 have no --all-teams (their device keys were unbound).
all_teams=(); "$binary" keys create --help | grep -q -- --all-teams && all_teams=(--all-teams)
device=$("$binary" keys create --role device "${all_teams[@]}" --name bench-trackers --db "$db" | head -1)

"$binary" serve --port 0 --db "$db" --log-level warning >"$work/serve.out" 2>"$work/serve.err" </dev/null &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q 'http://' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -Eo 'http://127.0.0.1:[0-9]+' "$work/serve.out")
echo "server: $url over $facilities facilities and $teams teams"

CRISISMAP_KEY=$dispatcher wrk -t2 -c50 -d5s -s Benchmarks/api/recommend.lua "$url" >/dev/null 2>&1 # warm-up
CRISISMAP_KEY=$device CRISISMAP_TEAMS=$teams CRISISMAP_RATE=$updates CRISISMAP_CONNECTIONS=50 \
    wrk -t1 -c50 -d"${seconds}s" --latency -s Benchmarks/api/positions.lua "$url" >"$work/positions.txt" 2>&1 &
updater=$!
CRISISMAP_KEY=$dispatcher wrk -t2 -c50 -d"${seconds}s" --latency -s Benchmarks/api/recommend.lua "$url" >"$work/recommend.txt" 2>&1
wait $updater
wrk -t2 -c50 -d"${seconds}s" --latency -s Benchmarks/api/healthz.lua "$url/healthz" >"$work/healthz.txt" 2>&1

python3 - "$work" "$facilities" "$teams" "$seconds" <<'PY'
import json, sys
work, facilities, teams, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def stats(name):
    line = [l for l in open(f"{work}/{name}.txt") if l.startswith("STATS")][0].split()
    requests, micros = int(line[1]), int(line[2])
    return {"requests": requests, "per_second": round(requests / (micros / 1e6)), "p50_ms": float(line[3]),
            "p99_ms": float(line[4]), "max_ms": float(line[5]), "errors": int(line[6])}
result = {"facilities": facilities, "teams": teams, "seconds": seconds,
          "recommendations": stats("recommend"), "position_updates": stats("positions"),
          "healthz": stats("healthz")}
result["ratio_recommendations_to_healthz"] = round(result["recommendations"]["per_second"] / result["healthz"]["per_second"], 3)
json.dump(result, open(f"{work}/result.json", "w"), indent=2)
r, u, h = result["recommendations"], result["position_updates"], result["healthz"]
print(f"POST /v1/recommendations: {r['per_second']} req/s, p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, errors {r['errors']}")
print(f"  meanwhile PUT position: {u['per_second']} req/s, p50 {u['p50_ms']} ms, p99 {u['p99_ms']} ms, errors {u['errors']}")
print(f"GET /healthz:             {h['per_second']} req/s, p50 {h['p50_ms']} ms, p99 {h['p99_ms']} ms")
print(f"recommendations / healthz: {result['ratio_recommendations_to_healthz']}")
PY
