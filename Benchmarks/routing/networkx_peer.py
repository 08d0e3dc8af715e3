#!/usr/bin/env python3
"""networkx peer for the routing benchmark.

Loads the edge list crisismap exports into a networkx DiGraph and answers the
same one-to-many queries with Dijkstra, weight time_s.

  EDGES.csv    edge_id,source,target,length_m,time_s,direction
               direction "both" -> arcs source->target and target->source,
               "forward" -> source->target only ("backward" -> target->source only);
               parallel arcs keep the smallest time_s; self-loops are dropped.
  QUERIES.csv  query,origin,target (one origin per query id, e.g. 50 targets each)
  OUT.csv      query,origin,target,time_s,query_ms
               time_s empty = unreachable; origin == target -> 0;
               query_ms = wall time of that query (same on each of its rows).

Per query it runs nx.single_source_dijkstra_path_length(G, origin,
weight="time_s") (cutoff None): networkx has no one-to-many search that stops
once every target is settled, so this settles the origin's whole reachable
graph; it is what a networkx user would call. The time covers that call and
the 50 look-ups, not reading files or writing the output.

Runs itself in the venv .build/bench-venv (created, with networkx from PyPI,
when missing), whatever python3 started it.

Usage: networkx_peer.py EDGES.csv QUERIES.csv OUT.csv [--json SUMMARY.json]
"""
import os
import subprocess
import sys

REPO = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
VENV = os.path.join(REPO, ".build", "bench-venv")
REQUIREMENT = "networkx>=3.2,<4"


def ensure_venv():
    """Re-executes this script with the venv's python, creating the venv first if needed."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print(f"networkx_peer: creating {VENV}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    probe = subprocess.run([python, "-c", "import networkx"], capture_output=True)
    if probe.returncode != 0:
        print(f"networkx_peer: pip install '{REQUIREMENT}' into {VENV}", file=sys.stderr)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", REQUIREMENT],
                       check=True, timeout=600)
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


ensure_venv()

import csv  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import networkx as nx  # noqa: E402


def load_graph(path):
    g = nx.DiGraph()
    rows = 0

    def arc(a, b, t):
        if a == b:
            return
        data = g.get_edge_data(a, b)
        if data is None or t < data["time_s"]:
            g.add_edge(a, b, time_s=t)

    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rows += 1
            a, b, t, d = int(row["source"]), int(row["target"]), float(row["time_s"]), row["direction"].strip()
            if not (t >= 0 and math.isfinite(t)):
                sys.exit(f"networkx_peer: edge {row['edge_id']}: time_s {row['time_s']} is not a finite non-negative number")
            if d == "both":
                arc(a, b, t)
                arc(b, a, t)
            elif d == "forward":
                arc(a, b, t)
            elif d == "backward":
                arc(b, a, t)
            else:
                sys.exit(f"networkx_peer: edge {row['edge_id']}: unknown direction {d!r}")
    return g, rows


def load_queries(path):
    queries = {}  # query id -> (origin, [targets]) in file order
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            q, origin, target = row["query"], int(row["origin"]), int(row["target"])
            if q not in queries:
                queries[q] = (origin, [])
            elif queries[q][0] != origin:
                sys.exit(f"networkx_peer: query {q} has more than one origin")
            queries[q][1].append(target)
    return queries


def p90(values):
    s = sorted(values)
    return s[max(0, math.ceil(0.9 * len(s)) - 1)]


def main():
    args = sys.argv[1:]
    summary_path = None
    if "--json" in args:
        i = args.index("--json")
        summary_path = args[i + 1]
        del args[i:i + 2]
    if len(args) != 3:
        sys.exit(__doc__)
    edges_path, queries_path, out_path = args

    start = time.perf_counter()
    g, edge_rows = load_graph(edges_path)
    load_s = time.perf_counter() - start
    queries = load_queries(queries_path)

    times_ms, results = [], []
    for q, (origin, targets) in queries.items():
        start = time.perf_counter()
        if origin in g:
            dist = nx.single_source_dijkstra_path_length(g, origin, weight="time_s")
        else:
            dist = {origin: 0.0}
        found = [dist.get(t, 0.0 if t == origin else None) for t in targets]
        elapsed = (time.perf_counter() - start) * 1000
        times_ms.append(elapsed)
        results.append((q, origin, targets, found, elapsed))

    with open(out_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["query", "origin", "target", "time_s", "query_ms"])
        for q, origin, targets, found, elapsed in results:
            for t, v in zip(targets, found):
                w.writerow([q, origin, t, "" if v is None else repr(float(v)), f"{elapsed:.4f}"])

    summary = {
        "engine": "networkx",
        "version": nx.__version__,
        "python": sys.version.split()[0],
        "call": "single_source_dijkstra_path_length(G, origin, weight='time_s')",
        "edge_rows": edge_rows,
        "nodes": g.number_of_nodes(),
        "arcs": g.number_of_edges(),
        "load_s": round(load_s, 3),
        "queries": len(times_ms),
        "targets": sum(len(t) for _, t in queries.values()),
        "median_ms": statistics.median(times_ms) if times_ms else None,
        "p90_ms": p90(times_ms) if times_ms else None,
    }
    if summary_path:
        with open(summary_path, "w") as f:
            json.dump(summary, f, indent=1)
    print(f"networkx {summary['version']}: {summary['nodes']:,} nodes, {summary['arcs']:,} arcs "
          f"(loaded in {load_s:.2f} s); {summary['queries']} queries x targets: "
          f"median {summary['median_ms']:.3f} ms, p90 {summary['p90_ms']:.3f} ms -> {out_path}")


if __name__ == "__main__":
    main()
