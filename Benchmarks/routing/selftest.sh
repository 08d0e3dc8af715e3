#!/usr/bin/env bash
# Self-test of the routing peers, without crisismap: a synthetic 50 x 50 grid
# (make_grid.py: one-way edges, parallel edges, an unreachable island, node
# ids above 2^32), 5 random queries of 50 targets plus 2 edge-case queries
# (targets on the island, the origin itself; an origin on the island), run
# through networkx_peer.py and pgrouting_peer.sh, then compare.py with
# networkx as the reference: the two must agree to 1e-6 relative.
# Output in Benchmarks/out/routing/selftest/.
# Usage: Benchmarks/routing/selftest.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-50}
work=Benchmarks/out/routing/selftest
mkdir -p "$work"
python3 Benchmarks/routing/make_grid.py "$n" "$work/edges.csv" 7
python3 Benchmarks/routing/make_queries.py "$work/edges.csv" 5 50 "$work/queries.csv" 1
base=10000000000
grid_node=$((base + n * n / 2)); island_a=$((base + n * n + 1)); island_b=$((base + n * n + 2))
{
    echo "edge-cases-1,$grid_node,$island_a"
    echo "edge-cases-1,$grid_node,$grid_node"
    echo "edge-cases-1,$grid_node,$((base))"
    echo "edge-cases-1,$grid_node,$((base + n * n - 1))"
    echo "edge-cases-2,$island_a,$island_b"
    echo "edge-cases-2,$island_a,$grid_node"
    echo "edge-cases-2,$island_a,$island_a"
} >> "$work/queries.csv"
python3 Benchmarks/routing/networkx_peer.py "$work/edges.csv" "$work/queries.csv" "$work/networkx.csv" --json "$work/networkx.json"
bash Benchmarks/routing/pgrouting_peer.sh "$work/edges.csv" "$work/queries.csv" "$work/pgrouting.csv" "$work/pgrouting.json"
echo
python3 Benchmarks/routing/compare.py --json "$work/compare.json" networkx="$work/networkx.csv" pgrouting="$work/pgrouting.csv"
