#!/usr/bin/env bash
# Dispatch under adversity (#20 parts 4 and 5). Release build, loopback only.
# One server over 100,000 facilities, 10,000 teams and CALLS calls; POST
# /v1/recommendations paced at RATE/s for SECONDS in each of three phases:
#   quiet      nothing else;
#   planners   PLANNERS connections ask for exact density grids (admin key)
#              as fast as they are answered (a 429 makes one wait its
#              Retry-After): the planning pool (--planning-concurrency 1)
#              stays busy and its queue full;
#   slowloris  500 connections from one client each send a request head a
#              byte every 5 s and never finish it (Benchmarks/adversity/
#              slowloris.py); the server closes them after --idle-timeout
#              (30 s) and they come back.
# Reports recommendation p50/p99 per phase (targets: p99 < 20 ms with
# planners, < 100 ms with slowloris). Results: Benchmarks/out/adversity/result.json.
# Usage: Benchmarks/adversity/run.sh [RATE] [SECONDS] [PLANNERS] [CALLS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rate=${1:-1000}; seconds=${2:-30}; planners=${3:-16}; calls=${4:-300000}
facilities=100000; teams=10000; loris=500
work=${CRISISMAP_BENCH_OUT:-Benchmarks/out/adversity}
binary=${CRISISMAP_BIN:-.build/release/crisismap}
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

source Benchmarks/api/bench-server.sh
make_store "$facilities" "$teams" "$calls"
dispatcher=$("$binary" keys create --role dispatcher --name bench-console --db "$db" | head -1)
admin=$("$binary" keys create --role admin --name bench-planner --db "$db" | head -1)

start_server ${CRISISMAP_SERVE_ARGS:-}
echo "server: $url over $facilities facilities, $teams teams, $calls calls"

started=$(date +%s.%N)
curl -s -o /dev/null -H "Authorization: Bearer $admin" "$url/v1/density?privacy=exact&cell_size=150m&bandwidth=500m"
one_density=$(python3 -c "import time; print(round(time.time() - $started, 2))")
echo "one exact density grid alone: ${one_density} s"

recommend() {
    CRISISMAP_KEY=$dispatcher CRISISMAP_RATE=$rate CRISISMAP_CONNECTIONS=20 CRISISMAP_THREADS=2 \
        wrk -t2 -c20 -d"${seconds}s" --latency -s Benchmarks/api/recommend_paced.lua "$url" >"$work/$1.txt" 2>&1
}
CRISISMAP_KEY=$dispatcher wrk -t2 -c20 -d5s -s Benchmarks/api/recommend.lua "$url" >/dev/null 2>&1 # warm-up
recommend quiet

CRISISMAP_KEY=$admin wrk -t1 -c"$planners" -d"$((seconds + 4))s" --timeout 60s -s Benchmarks/api/density.lua "$url" \
    >"$work/density.txt" 2>&1 &
load=$!
sleep 2
recommend planners
wait $load || true
metrics=$(curl -s "$url/metrics")
refused=$(echo "$metrics" | awk '/^crisismap_planning_refused_total/ {print $2}' || true)
density_ok=$(echo "$metrics" | grep -E '^hb_requests\{.*http_route="/v1/density".*http_response_status_code="200"' | awk '{s+=$2} END {print s+0}' || true)

python3 Benchmarks/adversity/slowloris.py "$url" "$loris" "$((seconds + 40))" 5 >"$work/loris.txt" 2>&1 &
attack=$!
sleep 35 # past one idle timeout, so closing and reopening is part of the phase
recommend slowloris
wait $attack || true

python3 - "$work" "$rate" "$seconds" "$planners" "$calls" "${refused:-0}" "${density_ok:-0}" "$one_density" <<'PY'
import json, sys
work, rate, seconds, planners, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
refused, density_ok, one = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
def stats(name):
    line = [l for l in open(f"{work}/{name}.txt") if l.startswith("STATS")][0].split()
    requests, micros = int(line[1]), int(line[2])
    return {"requests": requests, "per_second": round(requests / (micros / 1e6)), "p50_ms": float(line[3]),
            "p99_ms": float(line[4]), "max_ms": float(line[5]), "errors": int(line[6])}
result = {"rate": rate, "seconds": seconds, "planner_connections": planners, "calls": calls, "one_density_s": one,
          "quiet": stats("quiet"), "planners": stats("planners"), "slowloris": stats("slowloris"),
          "density_200": int(density_ok), "density_429": int(refused),
          "slowloris_report": open(f"{work}/loris.txt").read().strip()}
json.dump(result, open(f"{work}/result.json", "w"), indent=2)
for phase in ["quiet", "planners", "slowloris"]:
    r = result[phase]
    print(f"{phase:10} {r['per_second']} recommendations/s, p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, max {r['max_ms']} ms, errors {r['errors']}")
print(f"planners: {result['density_200']} density grids answered 200, {result['density_429']} refused 429")
print(result["slowloris_report"])
PY
