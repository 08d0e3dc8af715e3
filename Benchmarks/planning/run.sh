#!/usr/bin/env bash
# Planning benchmark (planner-analytics issue). Release build, this machine:
#   AREAS areas, FACILITIES 24/7 crisis facilities, 100 teams and CALLS calls
#   (Benchmarks/import/make_calls_csv.py) in one store;
#   `crisismap underserved` (the whole report) and `crisismap suggest-sites
#   --k 5` over about 5,000 grid candidates, timed by hyperfine;
#   the 2SFCA and E2SFCA steps against PySAL's `access` package on the same
#   inputs (Tools/access_peer.py): the largest relative difference and the
#   time of each.
# Usage: Benchmarks/planning/run.sh [AREAS] [FACILITIES] [CALLS]
set -euo pipefail
cd "$(dirname "$0")/../.."
areas=${1:-2000}; facilities=${2:-500}; calls=${3:-1000000}
work=Benchmarks/out/planning
binary=.build/release/crisismap
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

venv=.build/planning-peer-venv
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check access pyproj numpy pandas
fi

python3 Benchmarks/planning/make_inputs.py "$areas" "$facilities" "$work"
csv="$work/calls-$calls.csv"
[[ -f "$csv" ]] || python3 Benchmarks/import/make_calls_csv.py "$calls" "$csv"
db="$work/planning.sqlite"
rm -f "$db" "$db-wal" "$db-shm"
"$binary" init --db "$db" >/dev/null
"$binary" import areas "$work/areas.geojson" --db "$db" >/dev/null
"$binary" import facilities "$work/facilities.csv" --db "$db" >/dev/null
"$binary" import teams "$work/teams.csv" --db "$db" >/dev/null
"$binary" import calls "$csv" --db "$db" >/dev/null

"$binary" underserved --db "$db" --json >"$work/underserved.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('crisismap steps (s):', {k: round(v, 3) for k, v in d['timings_s'].items()})" "$work/underserved.json"
"$binary" suggest-sites --db "$db" --k 5 --minutes 3 --candidates grid:650m --json | tee "$work/sites.json"
hyperfine --warmup 1 --runs 5 --export-json "$work/hyperfine.json" \
    -n underserved "$binary underserved --db $db --out $work/underserved.csv" \
    -n suggest-sites "$binary suggest-sites --db $db --k 5 --minutes 3 --candidates grid:650m"
"$venv/bin/python" Tools/access_peer.py "$work/areas.geojson" "$work/facilities.csv" "$work/underserved.json" | tee "$work/access.json"
