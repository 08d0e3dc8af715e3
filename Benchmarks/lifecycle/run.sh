#!/usr/bin/env bash
# Calls from received to cleared under load (issue #21's targets): one
# release server over 1,000 teams, whose positions arrive at UPDATES per
# second (wrk, positions.lua) while drive.py logs OPEN calls, moves each
# through assigned, en_route and on_scene with WORKERS connections, reads the
# board meanwhile, then clears and closes them. Loopback only, bounded.
# Usage: Benchmarks/lifecycle/run.sh [TEAMS] [OPEN] [UPDATES] [WORKERS]
#   (defaults 1000, 300, 200, 4; CRISISMAP_BIN chooses another build)
# Targets: assignment and step p99 under 20 ms, the open board p99 under 20 ms.
set -euo pipefail
cd "$(dirname "$0")/../.."
teams=${1:-1000}; open=${2:-300}; updates=${3:-200}; workers=${4:-4}
binary=${CRISISMAP_BIN:-.build/release/crisismap}
work=Benchmarks/out/lifecycle
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
source Benchmarks/api/bench-server.sh
db="$work/store.sqlite"
rm -f "$db" "$db-wal" "$db-shm"
python3 Benchmarks/api/make_store_files.py 1000 "$teams" "$work" >/dev/null
"$binary" init --db "$db" >/dev/null
"$binary" import facilities "$work/facilities.csv" --db "$db" >/dev/null
"$binary" import teams "$work/teams.csv" --db "$db" >/dev/null
dispatcher=$("$binary" keys create --role dispatcher --name bench-console --db "$db" | head -1)
device=$("$binary" keys create --role device --all-teams --name bench-trackers --db "$db" | head -1)
start_server
echo "server: $url over $teams teams; $open calls; positions at $updates/s"

CRISISMAP_KEY=$device CRISISMAP_TEAMS=$teams CRISISMAP_RATE=$updates CRISISMAP_CONNECTIONS=20 \
    wrk -t1 -c20 -d120s -s Benchmarks/api/positions.lua "$url" >"$work/positions.txt" 2>&1 &
updater=$!
sleep 2
python3 Benchmarks/lifecycle/drive.py "$url" "$dispatcher" "$teams" "$open" "$workers" | tee "$work/result.json"
kill "$updater" 2>/dev/null || true
wait "$updater" 2>/dev/null || true
