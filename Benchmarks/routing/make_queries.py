#!/usr/bin/env python3
"""Writes one-to-many routing queries for an edge list CSV: QUERIES queries,
each one origin and TARGETS distinct targets, all node ids taken from the
edge list (seeded, so a run can be repeated). Header: query,origin,target.

Usage: make_queries.py EDGES.csv QUERIES TARGETS OUT.csv [SEED]
"""
import csv
import random
import sys


def main():
    edges, count, targets, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    nodes = set()
    with open(edges, newline="") as f:
        for row in csv.DictReader(f):
            nodes.add(int(row["source"]))
            nodes.add(int(row["target"]))
    nodes = sorted(nodes)
    if len(nodes) < targets + 1:
        sys.exit(f"make_queries: only {len(nodes)} nodes in {edges}")
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["query", "origin", "target"])
        for q in range(1, count + 1):
            picked = rng.sample(nodes, targets + 1)
            for target in picked[1:]:
                w.writerow([q, picked[0], target])
    print(f"{out}: {count} queries x {targets} targets over {len(nodes)} nodes", file=sys.stderr)


if __name__ == "__main__":
    main()
