#!/usr/bin/env bash
# Heat-map benchmark (heat-map issue). Release build, this machine:
#   CALLS synthetic calls (Benchmarks/import/make_calls_csv.py: the Denver
#   metro extent, a third in hotspots) in a store; `crisismap heatmap` to PNG
#   over a ~2000 x 2000 grid (CELL m cells on the calls' box), quartic kernel
#   of BANDWIDTH m, suppression at 11; then, in the same run and on the same
#   store, the Python peers of Tools/heatmap_peer.py: the scipy pipeline
#   (sqlite3, pyproj, numpy histogram2d, scipy FFT convolution, matplotlib)
#   and datashader (aggregation and shading only) if it installs.
# Whole commands are timed by hyperfine (1 warm-up, 5 runs), so Python's
# start-up and imports count as crisismap's do.
# Usage: Benchmarks/heatmap/run.sh [CALLS] [CELL] [BANDWIDTH]
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=${1:-1000000}; cell=${2:-24}; bandwidth=${3:-750}
work=Benchmarks/out/heatmap
bbox=-105.26,39.54,-104.69,39.96
binary=.build/release/crisismap
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

venv=.build/heatmap-peer-venv
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check numpy scipy matplotlib pyproj
    "$venv/bin/pip" install --quiet --disable-pip-version-check datashader pandas || echo "datashader did not install; it is left out" >&2
fi
datashader=0
"$venv/bin/python" -c 'import datashader' 2>/dev/null && datashader=1

csv="$work/calls-$calls.csv"
db="$work/calls-$calls.sqlite"
[[ -f "$csv" ]] || python3 Benchmarks/import/make_calls_csv.py "$calls" "$csv"
if [[ ! -f "$db" ]]; then
    "$binary" init --db "$db" >/dev/null
    "$binary" import calls "$csv" --db "$db" >/dev/null
fi
"$binary" heatmap --db "$db" --out "$work/crisismap.png" --bbox "$bbox" --cell-size "${cell}m" --bandwidth "${bandwidth}m" --json \
    | tee "$work/crisismap.json"
"$venv/bin/python" Tools/heatmap_peer.py scipy "$db" "$work/scipy.png" "$bbox" "$cell" "$bandwidth" 11 | tee "$work/scipy-phases.json"
commands=(
    -n crisismap "$binary heatmap --db $db --out $work/crisismap.png --bbox $bbox --cell-size ${cell}m --bandwidth ${bandwidth}m"
    -n scipy "$venv/bin/python Tools/heatmap_peer.py scipy $db $work/scipy.png $bbox $cell $bandwidth 11"
)
if [[ $datashader == 1 ]]; then
    "$venv/bin/python" Tools/heatmap_peer.py datashader "$db" "$work/datashader.png" "$bbox" "$cell" "$bandwidth" 11 | tee "$work/datashader-phases.json"
    commands+=(-n datashader "$venv/bin/python Tools/heatmap_peer.py datashader $db $work/datashader.png $bbox $cell $bandwidth 11")
fi
hyperfine --warmup 1 --runs 5 --export-json "$work/hyperfine.json" "${commands[@]}"
python3 - "$work/hyperfine.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ours = results["crisismap"]["mean"]
for name, result in results.items():
    line = f"{name:10s} mean {result['mean']:.2f} s (min {result['min']:.2f}, max {result['max']:.2f})"
    if name != "crisismap":
        line += f"; {result['mean'] / ours:.1f}x crisismap's time"
    print(line)
PY
