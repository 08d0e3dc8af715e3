#!/usr/bin/env bash
# Phases 3 and 4 of Benchmarks/postgis/run.sh, inside a Tools/postgres.sh
# cluster with its default, durable settings (fsync on, synchronous_commit on;
# run.sh adds log_lock_waits=on and deadlock_timeout=100ms, so that lock waits
# longer than 100 ms are logged and counted per run by lockwaits.py):
#   3. one PostGIS store (FACILITIES facilities, TEAMS teams, keys); the same
#      load against ONE `crisismap serve` and then against TWO, ROUNDS times:
#      two wrk processes of POST /v1/recommendations (CONNS connections each),
#      first as fast as they are answered (saturation), then paced at PACED
#      per second in all, while two wrk feeds send PUT /v1/teams/{id}/position
#      at RATE/2 per second each (a dispatcher key). With one server all four
#      aim at it; with two each server gets one of each. CPU seconds of the
#      servers, of every PostgreSQL process and of wrk are read before and
#      after each run (cpu.py); then the feed alone, for its own CPU cost.
#   4. A→B visibility (visibility.py): quiet, at the paced load, at saturation.
# Usage (inside the cluster): servers.sh WORKDIR [SECONDS] [ROUNDS] [RATE] [CONNS] [PACED] [FACILITIES] [TEAMS]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$1; seconds=${2:-20}; rounds=${3:-2}; rate=${4:-200}; conns=${5:-25}; paced=${6:-1000}; facilities=${7:-120}; teams=${8:-300}
# Each feed keeps its rate while an update takes up to (connections / rate) seconds: wrk waits for
# each answer, so a feed with too few connections would slow down exactly when the servers do.
feed_conns=25
: "${CRISISMAP_TEST_PG:?run inside Tools/postgres.sh}"
bin=${CRISISMAP_BIN:-.build-bench/release/crisismap}
url="$CRISISMAP_TEST_PG?sslmode=disable"
psql=(psql -h "$CRISISMAP_PG_SOCKET" -p "$CRISISMAP_PG_PORT" -U postgres -d crisismap_test -v ON_ERROR_STOP=1 -q -X)
postmaster=$(head -1 "$CRISISMAP_PG_DATA/postmaster.pid")
mkdir -p "$work/servers"
rm -f "$work"/servers/*.stats "$work"/servers/*.json "$work"/servers/*.locks "$work"/servers/serve-*.err

python3 Benchmarks/api/make_store_files.py "$facilities" "$teams" "$work/servers"
{
    echo "id,call_sign,model,status,fix_at,skills,lat,lon"
    echo "TVIS,VIS-1,mobile_crisis,available,$(date -u +%Y-%m-%dT%H:%M:%SZ),,39.0,-105.5"
} > "$work/servers/visibility-team.csv"
"$bin" init --db "$url" >/dev/null
"$bin" import facilities "$work/servers/facilities.csv" --db "$url" >/dev/null
"$bin" import teams "$work/servers/teams.csv" --db "$url" >/dev/null
"$bin" import teams "$work/servers/visibility-team.csv" --db "$url" >/dev/null
secret() { python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])'; }
recommend_key=$("$bin" keys create --role dispatcher --name bench-console --json --db "$url" | secret)
feed_key=$("$bin" keys create --role dispatcher --name bench-feed --json --db "$url" | secret)
device_key=$("$bin" keys create --role device --name bench-visibility --team TVIS --json --db "$url" | secret)
"${psql[@]}" -c "VACUUM ANALYZE"

servers=()
loaders=()
cleanup() {
    for pid in ${loaders[@]+"${loaders[@]}"}; do kill -INT "$pid" 2>/dev/null || true; done
    for pid in ${servers[@]+"${servers[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in ${servers[@]+"${servers[@]}"}; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# start NAME: a server in the background; sets started_pid and started_url.
start() {
    local name=$1
    "$bin" serve --port 0 --db "$url" --log-level warning >"$work/servers/serve-$name.out" 2>>"$work/servers/serve-$name.err" </dev/null &
    started_pid=$!
    servers+=("$started_pid")
    for _ in $(seq 1 1200); do grep -q 'http://' "$work/servers/serve-$name.out" 2>/dev/null && break; sleep 0.1; done
    started_url=$(grep -Eo 'http://127.0.0.1:[0-9]+' "$work/servers/serve-$name.out") || {
        echo "server $name did not start within 120 s:" >&2; tail -20 "$work/servers/serve-$name.err" >&2; exit 1; }
}
stop() {
    kill -TERM "$1"
    wait "$1" 2>/dev/null || true
    local kept=()
    for pid in "${servers[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
    servers=(${kept[@]+"${kept[@]}"})
}

# Always started in the background (&): exec, so that $! is wrk itself.
recommend() { # URL STATS SECONDS [RATE]
    CRISISMAP_KEY=$recommend_key CRISISMAP_STATS=$2 CRISISMAP_RATE=${4:-0} CRISISMAP_CONNECTIONS=$conns \
        exec wrk -t1 -c"$conns" -d"$3s" -s Benchmarks/postgis/recommend.lua "$1" >/dev/null 2>&1
}
feed() { # URL STATS SECONDS FEED
    CRISISMAP_KEY=$feed_key CRISISMAP_STATS=$2 CRISISMAP_TEAMS=$teams CRISISMAP_RATE=$((rate / 2)) CRISISMAP_CONNECTIONS=$feed_conns \
        CRISISMAP_FEED=$4 CRISISMAP_FEEDS=2 exec wrk -t1 -c$feed_conns -d"$3s" -s Benchmarks/postgis/positions.lua "$1" >/dev/null 2>&1
}

# run LABEL RATE URL_1 URL_2 PIDS...: the measured load (RATE 0: saturation); URL_1 and URL_2 may be the same server.
run() {
    local label=$1 pace=$2 first=$3 second=$4
    shift 4
    python3 Benchmarks/postgis/wait_quiet.py 60
    recommend "$first" /dev/null 5 &
    local w1=$!
    recommend "$second" /dev/null 5 &
    wait "$w1" $! # warm-up
    python3 Benchmarks/postgis/cpu.py "$postmaster" $$ "$@" > "$work/servers/$label.cpu-before.json"
    local log_from
    log_from=$(stat -c %s "$CRISISMAP_PG_LOG")
    recommend "$first" "$work/servers/$label.recommend-1.stats" "$seconds" $((pace / 2)) &
    local r1=$!
    recommend "$second" "$work/servers/$label.recommend-2.stats" "$seconds" $((pace / 2)) &
    local r2=$!
    feed "$first" "$work/servers/$label.positions-1.stats" "$seconds" 0 &
    local f1=$!
    feed "$second" "$work/servers/$label.positions-2.stats" "$seconds" 1 &
    local f2=$!
    wait "$r1" "$r2" "$f1" "$f2"
    python3 Benchmarks/postgis/cpu.py "$postmaster" $$ "$@" > "$work/servers/$label.cpu-after.json"
    python3 Benchmarks/postgis/lockwaits.py "$CRISISMAP_PG_LOG" "$log_from" "$(stat -c %s "$CRISISMAP_PG_LOG")" "$work/servers/$label.locks"
    python3 Benchmarks/postgis/summarize.py run "$work/servers" "$label"
}

echo "servers: $facilities facilities, $teams teams; each run ${seconds} s: 2 × wrk -t1 -c$conns recommendations" \
    "(saturating, then paced at $paced/s), 2 × wrk -t1 -c$feed_conns positions at $((rate / 2))/s"
for round in $(seq 1 "$rounds"); do
    start A; a_pid=$started_pid; a_url=$started_url
    run "one-$round" 0 "$a_url" "$a_url" "$a_pid"
    run "one_paced-$round" "$paced" "$a_url" "$a_url" "$a_pid"
    start B; b_pid=$started_pid; b_url=$started_url
    run "two-$round" 0 "$a_url" "$b_url" "$a_pid" "$b_pid"
    run "two_paced-$round" "$paced" "$a_url" "$b_url" "$a_pid" "$b_pid"
    stop "$b_pid"
    stop "$a_pid"
done

# The feed alone on two servers: its CPU cost, to take out of the per-recommendation figures.
start A; a_pid=$started_pid; a_url=$started_url
start B; b_pid=$started_pid; b_url=$started_url
python3 Benchmarks/postgis/wait_quiet.py 60
python3 Benchmarks/postgis/cpu.py "$postmaster" $$ "$a_pid" "$b_pid" > "$work/servers/feed-only.cpu-before.json"
feed "$a_url" "$work/servers/feed-only.positions-1.stats" "$seconds" 0 &
f1=$!
feed "$b_url" "$work/servers/feed-only.positions-2.stats" "$seconds" 1 &
f2=$!
wait "$f1" "$f2"
python3 Benchmarks/postgis/cpu.py "$postmaster" $$ "$a_pid" "$b_pid" > "$work/servers/feed-only.cpu-after.json"
python3 Benchmarks/postgis/summarize.py run "$work/servers" feed-only
stop "$b_pid"
stop "$a_pid"

# Phase 4: A→B visibility, quiet, then under the same load as above.
start A; a_pid=$started_pid; a_url=$started_url
start B; b_pid=$started_pid; b_url=$started_url
python3 Benchmarks/postgis/wait_quiet.py 60
python3 Benchmarks/postgis/visibility.py "$a_url" "$b_url" TVIS "$device_key" "$recommend_key" 200 "$work/servers/visibility-quiet.json" quiet
# under_load PACE LABEL FILE BUDGET: visibility while 2 wrk send recommendations
# (PACE per second in all, 0: saturation) and the feed sends positions.
under_load() {
    loaders=()
    recommend "$a_url" /dev/null 600 $(($1 / 2)) & loaders+=($!)
    recommend "$b_url" /dev/null 600 $(($1 / 2)) & loaders+=($!)
    feed "$a_url" /dev/null 600 0 & loaders+=($!)
    feed "$b_url" /dev/null 600 1 & loaders+=($!)
    sleep 3
    python3 Benchmarks/postgis/visibility.py "$a_url" "$b_url" TVIS "$device_key" "$recommend_key" 200 "$3" "$2" "$4"
    for pid in "${loaders[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    for pid in "${loaders[@]}"; do wait "$pid" 2>/dev/null || true; done
    loaders=()
}
python3 Benchmarks/postgis/wait_quiet.py 60
under_load "$paced" "at the paced load ($paced recommendations/s, $rate positions/s)" "$work/servers/visibility-paced.json" 120
python3 Benchmarks/postgis/wait_quiet.py 60
under_load 0 "at saturation (2 × wrk -c$conns recommendations, $rate positions/s)" "$work/servers/visibility-saturated.json" 60
"${psql[@]}" -At -c "SELECT count(*) FROM audit" > "$work/servers/audit-rows.txt"
for name in A B; do
    if [[ -s $work/servers/serve-$name.err ]]; then echo "server $name said:"; tail -5 "$work/servers/serve-$name.err"; fi
done
