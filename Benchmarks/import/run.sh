#!/usr/bin/env bash
# Import benchmark (issues: foundation, #20 part 11). Measures, for each size,
# on one synthetic CSV:
#   1. crisismap import calls into a fresh store (spatial index included)
#   2. the same import again (every row an upsert of an existing id)
#   3. GDAL's ogr2ogr -f SQLite -dsco SPATIALITE=YES on the same CSV (the peer)
# with wall time and peak resident memory (/usr/bin/time) of each; then
#   4. cold start: a fresh CLI process opening the first store, answering one query
# Usage: Benchmarks/import/run.sh [ROWS...]   (default 1,000,000 and 5,000,000; needs `make release`)
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000000 5000000)
bin=.build/release/crisismap
work=Benchmarks/out/import
mkdir -p "$work"

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
rate() { python3 -c "print(f'{$1 / $2:,.0f}')"; }
# Runs a command; sets `seconds` and `peak_mib` from /usr/bin/time.
measure() {
    local report="$work/time.txt"
    /usr/bin/time -f "%e %M" -o "$report" "$@" >/dev/null
    read -r seconds kib <"$report"
    peak_mib=$(( kib / 1024 ))
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
declare -A peaks
for rows in "${sizes[@]}"; do
    csv="$work/calls-$rows.csv"
    [[ -f "$csv" ]] || python3 Benchmarks/import/make_calls_csv.py "$rows" "$csv"
    store="$work/store-$rows.sqlite"
    rm -f "$store" "$store-wal" "$store-shm"
    "$bin" init --db "$store" >/dev/null
    measure "$bin" import calls "$csv" --db "$store"; first=$seconds; first_mib=$peak_mib
    measure "$bin" import calls "$csv" --db "$store"; again=$seconds; again_mib=$peak_mib
    ogr="$work/ogr.sqlite"
    rm -f "$ogr"
    measure ogr2ogr -f SQLite -dsco SPATIALITE=YES "$ogr" "$csv" -nln calls -a_srs EPSG:4326 \
        -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -gt 100000
    peer=$seconds; peer_mib=$peak_mib
    peaks[$rows]=$first_mib
    echo "rows: $rows ($(du -h "$csv" | cut -f1) CSV)"
    echo "  crisismap import (fresh store):  ${first} s  ($(rate "$rows" "$first") rows/s)  peak ${first_mib} MiB"
    echo "  crisismap re-import (upserts):   ${again} s  ($(rate "$rows" "$again") rows/s, $(ratio "$again" "$first")x the first)  peak ${again_mib} MiB"
    echo "  ogr2ogr SPATIALITE=YES:          ${peer} s  ($(rate "$rows" "$peer") rows/s)  peak ${peer_mib} MiB"
    echo "  crisismap vs ogr2ogr:            $(ratio "$peer" "$first")x faster"
done
if [[ ${#sizes[@]} -gt 1 ]]; then
    smallest=${sizes[0]}; largest=${sizes[-1]}
    echo "peak memory, $largest rows against $smallest: $(ratio "${peaks[$largest]}" "${peaks[$smallest]}")x (target: within 1.5x)"
fi
store="$work/store-${sizes[0]}.sqlite"

# Cold start: a new process opens the store and answers one query.
query=(export teams --format csv --db "$store")
if [[ -n "${CRISISMAP_COLD_QUERY:-}" ]]; then read -r -a query <<<"$CRISISMAP_COLD_QUERY"; fi
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 3 --runs 30 --export-json "$work/cold.json" "$bin ${query[*]}" >/dev/null
    python3 -c "import json; r=json.load(open('$work/cold.json'))['results'][0]; print(f\"cold start + one query: median {r['median']*1000:.1f} ms, max {r['max']*1000:.1f} ms ({' '.join(r['command'].split()[1:3])})\")"
fi
