#!/usr/bin/env bash
# Private releases benchmark (privacy issue). Release build, this machine:
#   1. one month of MONTH_CALLS synthetic calls (October 2026) over GeoData's areas, facilities and
#      teams: `crisismap release` on 2026-11-10 (the month alone is due; every view over the release
#      grid of the areas' extent), timed by hyperfine on fresh copies of the store;
#   2. a year of YEAR_CALLS calls (2026): every release made once, then the private density answer
#      for the year at default settings (`heatmap --out F.geojson --since 2026-01 --until 2026-12`)
#      against today's exact answer for the same product (`--privacy exact`, same months, 250 m
#      cells, 750 m bandwidth), in the same hyperfine run.
# Usage: Benchmarks/privacy/run.sh [MONTH_CALLS] [YEAR_CALLS]
set -euo pipefail
cd "$(dirname "$0")/../.."
month_calls=${1:-100000}; year_calls=${2:-1000000}
work=Benchmarks/out/privacy
binary=$(pwd)/.build-bench/release/crisismap
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

seed() {   # seed STORE CALLS.csv
    rm -f "$1" "$1-wal" "$1-shm"
    "$binary" init --db "$1" >/dev/null
    for kind in areas facilities teams; do "$binary" import "$kind" "GeoData/$kind.geojson" --db "$1" >/dev/null; done
    "$binary" import calls "$2" --db "$1" >/dev/null
}

python3 Benchmarks/import/make_calls_csv.py "$month_calls" "$work/month.csv" 10
seed "$work/month.sqlite" "$work/month.csv"
echo "== release one month of $month_calls calls (the month alone, every view)"
hyperfine --warmup 1 --runs 5 --export-json "$work/release.json" \
    --prepare "rm -f $work/run.sqlite* && cp $work/month.sqlite $work/run.sqlite" \
    "$binary release --now 2026-11-10T00:00:00Z --db $work/run.sqlite"

python3 Benchmarks/import/make_calls_csv.py "$year_calls" "$work/year.csv"
seed "$work/year.sqlite" "$work/year.csv"
echo "== release a year of $year_calls calls (12 months, 4 quarters, the year)"
/usr/bin/time -f "%e s, %M KB" "$binary" release --now 2027-01-15T00:00:00Z --db "$work/year.sqlite"
echo "== private vs exact density answer for the year"
hyperfine --warmup 1 --runs 5 --export-json "$work/density.json" \
    -n private "$binary heatmap --out $work/private.geojson --since 2026-01 --until 2026-12 --db $work/year.sqlite" \
    -n exact "$binary heatmap --privacy exact --out $work/exact.geojson --since 2026-01-01T00:00:00-07:00 --until 2027-01-01T00:00:00-07:00 --cell-size 250m --bandwidth 750m --db $work/year.sqlite"
