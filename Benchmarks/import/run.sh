#!/usr/bin/env bash
# Import benchmark (issue: foundation). Measures, on one synthetic CSV:
#   1. crisismap import calls into a fresh store (spatial index included)
#   2. the same import again (every row an upsert of an existing id)
#   3. GDAL's ogr2ogr -f SQLite -dsco SPATIALITE=YES on the same CSV (the peer)
#   4. cold start: a fresh CLI process opening the store and answering one query
# Usage: Benchmarks/import/run.sh [ROWS]   (default 1,000,000; needs `make release`)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
bin=.build/release/crisismap
work=Benchmarks/out/import
mkdir -p "$work"
csv="$work/calls-$rows.csv"
[[ -f "$csv" ]] || python3 Benchmarks/import/make_calls_csv.py "$rows" "$csv"

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }
rate() { python3 -c "print(f'{$1 / ($3 - $2):,.0f}')"; }

store="$work/store.sqlite"
rm -f "$store" "$store-wal" "$store-shm"
"$bin" init --db "$store" >/dev/null
t0=$(now); "$bin" import calls "$csv" --db "$store" >/dev/null; t1=$(now)
"$bin" import calls "$csv" --db "$store" >/dev/null; t2=$(now)

ogr="$work/ogr.sqlite"
rm -f "$ogr"
t3=$(now)
ogr2ogr -f SQLite -dsco SPATIALITE=YES "$ogr" "$csv" -nln calls -a_srs EPSG:4326 \
    -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -gt 100000
t4=$(now)

first=$(elapsed "$t0" "$t1"); again=$(elapsed "$t1" "$t2"); peer=$(elapsed "$t3" "$t4")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "rows: $rows ($(du -h "$csv" | cut -f1) CSV)"
echo "crisismap import (fresh store):  ${first} s  ($(rate "$rows" "$t0" "$t1") rows/s)"
echo "crisismap re-import (upserts):   ${again} s  ($(rate "$rows" "$t1" "$t2") rows/s, $(python3 -c "print(f'{$again / $first:.2f}')")x the first)"
echo "ogr2ogr SPATIALITE=YES:          ${peer} s  ($(rate "$rows" "$t3" "$t4") rows/s)"
echo "crisismap vs ogr2ogr:            $(python3 -c "print(f'{$peer / $first:.2f}')")x faster"

# Cold start: a new process opens the store and answers one query.
query=(export teams --format csv --db "$store")
if [[ -n "${CRISISMAP_COLD_QUERY:-}" ]]; then read -r -a query <<<"$CRISISMAP_COLD_QUERY"; fi
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 3 --runs 30 --export-json "$work/cold.json" "$bin ${query[*]}" >/dev/null
    python3 -c "import json; r=json.load(open('$work/cold.json'))['results'][0]; print(f\"cold start + one query: median {r['median']*1000:.1f} ms, max {r['max']*1000:.1f} ms ({' '.join(r['command'].split()[1:3])})\")"
fi
