#!/usr/bin/env bash
# Soak (#20): SECONDS (600) of a dispatch centre's day on one release server
# over 100,000 facilities, 10,000 teams and 300,000 calls, loopback only:
#   - position updates at 200/s (soak.py, 4 clients, each team's fixes in order);
#   - 4 event streams (one console key's --streams-per-key) that read 5-30 s,
#     close and reconnect (soak.py);
#   - recommendations paced at 100/s (wrk);
#   - planners asking for exact density grids on 4 connections, waiting the
#     Retry-After after a 429 (wrk, density.lua);
#   - the server's RSS sampled every 5 s.
# At the end: no 500 anywhere, and every team's stored position is the last
# update answered 200 (read from the store with `crisismap export` after a
# graceful stop, not from the server's memory); peak RSS.
# Results: Benchmarks/out/soak/result.json.  Usage: Benchmarks/soak/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
facilities=100000; teams=10000; calls=300000
work=${CRISISMAP_BENCH_OUT:-Benchmarks/out/soak}
binary=${CRISISMAP_BIN:-.build/release/crisismap}
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

source Benchmarks/api/bench-server.sh
make_store "$facilities" "$teams" "$calls"
dispatcher=$("$binary" keys create --role dispatcher --name soak-console --db "$db" | head -1)
device=$("$binary" keys create --role device --all-teams --name soak-trackers --db "$db" | head -1)
admin=$("$binary" keys create --role admin --name soak-planner --db "$db" | head -1)

start_server
echo "server: $url (pid $server); soaking for $seconds s"

( while kill -0 $server 2>/dev/null; do awk '/^VmRSS/ {print $2}' /proc/$server/status 2>/dev/null; sleep 5; done ) >"$work/rss-kib.txt" &
sampler=$!
CRISISMAP_KEY=$admin wrk -t1 -c4 -d"${seconds}s" --timeout 60s -s Benchmarks/api/density.lua "$url" >"$work/density.txt" 2>&1 &
planners=$!
CRISISMAP_KEY=$dispatcher CRISISMAP_RATE=100 CRISISMAP_CONNECTIONS=4 CRISISMAP_THREADS=1 \
    wrk -t1 -c4 -d"${seconds}s" --latency -s Benchmarks/api/recommend_paced.lua "$url" >"$work/recommend.txt" 2>&1 &
recommender=$!
python3 Benchmarks/soak/soak.py "$url" "$device" "$dispatcher" "$teams" 200 4 "$seconds" "$work/clients.json"
wait $planners $recommender || true

curl -s "$url/metrics" >"$work/metrics.txt"
peak=$(awk '/^VmHWM/ {print $2}' /proc/$server/status)
kill -TERM $server
wait $server || true
trap - EXIT
kill $sampler 2>/dev/null || true
"$binary" export teams --format csv --db "$db" >"$work/teams-after.csv"

python3 - "$work" "$seconds" "$peak" <<'PY'
import csv, json, re, sys
work, seconds, peak_kib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
clients = json.load(open(f"{work}/clients.json"))
stored = {row["id"]: row for row in csv.DictReader(open(f"{work}/teams-after.csv"))}
uncertain = set(clients["uncertain"])
lost = [team for team, fix in clients["last_applied"].items() if team not in uncertain and
        (abs(float(stored[team]["lat"]) - fix["lat"]) > 1e-9 or abs(float(stored[team]["lon"]) - fix["lon"]) > 1e-9)]
metrics = open(f"{work}/metrics.txt").read()
five_hundreds = sum(float(m.group(1)) for m in re.finditer(r'^hb_request[s_a-z]*\{[^}]*(?:status_code|error_type)="5\d\d"[^}]*\} (\S+)', metrics, re.M)
                    if '="503"' not in m.group(0))
served_503 = sum(float(m.group(1)) for m in re.finditer(r'^hb_request[s_a-z]*\{[^}]*="503"[^}]*\} (\S+)', metrics, re.M))
def stats(name):
    line = [l for l in open(f"{work}/{name}.txt") if l.startswith("STATS")][0].split()
    return {"requests": int(line[1]), "p50_ms": float(line[3]), "p99_ms": float(line[4]), "max_ms": float(line[5]), "errors": int(line[6])}
rss = [int(x) for x in open(f"{work}/rss-kib.txt").read().split()]
result = {"seconds": seconds, "position_answers": clients["statuses"], "teams_updated": len(clients["last_applied"]),
          "teams_uncertain": len(uncertain), "lost_updates": len(lost), "http_5xx_other_than_503": five_hundreds,
          "http_503": served_503, "streams": clients["streams"], "recommendations": stats("recommend"),
          "density_requests": stats("density")["requests"], "peak_rss_mib": round(peak_kib / 1024, 1),
          "rss_mib_first_minute": round(max(rss[:12]) / 1024, 1) if rss else None,
          "rss_mib_last_minute": round(max(rss[-12:]) / 1024, 1) if rss else None}
json.dump(result, open(f"{work}/result.json", "w"), indent=2)
print(json.dumps(result, indent=2))
if lost: print("LOST updates for teams:", lost[:20])
PY
