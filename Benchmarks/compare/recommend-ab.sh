#!/usr/bin/env bash
# Recommendations alone, before against after, interleaved: both servers run
# side by side over identical stores (100,000 facilities, 10,000 teams) and
# wrk drives one of them at a time, alternating which goes first each round,
# so a machine that drifts by ±20% between runs drifts on both alike.
# No position updates: this isolates the request path (body, engine, answer).
#
# Usage: Benchmarks/compare/recommend-ab.sh BEFORE_TREE [ROUNDS] [SECONDS]
#   BEFORE_TREE holds .build/release/crisismap of the older commit; this
#   tree's .build/release/crisismap is "after". ROUNDS defaults to 10, SECONDS
#   (per round and side) to 6. Results: Benchmarks/out/compare-ab/rounds.jsonl.
set -euo pipefail
cd "$(dirname "$0")/../.."
before=$(realpath "$1"); rounds=${2:-10}; seconds=${3:-6}
work=$(pwd)/Benchmarks/out/compare-ab
mkdir -p "$work"
python3 Benchmarks/api/make_store_files.py 100000 10000 "$work" >/dev/null

servers=()
trap 'for pid in "${servers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

# start SIDE BINARY: a fresh store for SIDE and a server over it; sets url_SIDE and key_SIDE.
start() {
    local side=$1 bin=$2 db="$work/$1.sqlite"
    rm -f "$db" "$db-wal" "$db-shm"
    "$bin" init --db "$db" >/dev/null
    "$bin" import facilities "$work/facilities.csv" --db "$db" >/dev/null
    "$bin" import teams "$work/teams.csv" --db "$db" >/dev/null
    printf -v "key_$side" '%s' "$("$bin" keys create --role dispatcher --name ab --db "$db" | head -1)"
    "$bin" serve --port 0 --db "$db" --log-level warning >"$work/$side.out" 2>"$work/$side.err" </dev/null &
    servers+=($!)
    for _ in $(seq 1 600); do grep -q 'http://' "$work/$side.out" 2>/dev/null && break; sleep 0.1; done
    printf -v "url_$side" '%s' "$(grep -Eo 'http://127.0.0.1:[0-9]+' "$work/$side.out")"
}

start before "$before/.build/release/crisismap"
start after .build/release/crisismap
echo "before $(git -C "$before" rev-parse --short HEAD) at $url_before, after $(git rev-parse --short HEAD) at $url_after"

# drive SIDE ROUND: one wrk run, its requests per second appended to rounds.jsonl.
drive() {
    local side=$1 round=$2 url key
    url=url_$1; key=key_$1
    CRISISMAP_KEY=${!key} wrk -t2 -c50 -d"${seconds}s" -s Benchmarks/api/recommend.lua "${!url}" >"$work/wrk.txt" 2>&1
    python3 - "$work/wrk.txt" "$side" "$round" >>"$work/rounds.jsonl" <<'PY'
import json, sys
line = [l for l in open(sys.argv[1]) if l.startswith("STATS")][0].split()
print(json.dumps({"side": sys.argv[2], "round": int(sys.argv[3]),
                  "per_second": int(line[1]) / (int(line[2]) / 1e6), "errors": int(line[6])}))
PY
}

drive before 0; drive after 0 # warm-up, not counted
: >"$work/rounds.jsonl"
for round in $(seq 1 "$rounds"); do
    if ((round % 2)); then drive before "$round"; drive after "$round"; else drive after "$round"; drive before "$round"; fi
done

python3 - "$work/rounds.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
side = {s: [r["per_second"] for r in rows if r["side"] == s] for s in ("before", "after")}
ratios = [a["per_second"] / b["per_second"] for a in rows if a["side"] == "after"
          for b in rows if b["side"] == "before" and b["round"] == a["round"]]
b, a = statistics.median(side["before"]), statistics.median(side["after"])
print(f"recommendations/s, median of {len(ratios)} rounds: before {b:,.0f}, after {a:,.0f} ({(a / b - 1) * 100:+.1f}%)")
print(f"after/before per round: median {statistics.median(ratios):.3f}, range {min(ratios):.3f}-{max(ratios):.3f}")
print(f"errors: {sum(r['errors'] for r in rows)}")
PY
