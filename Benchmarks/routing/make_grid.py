#!/usr/bin/env python3
"""Writes a synthetic road graph as an edge list CSV in the format crisismap
exports for the routing peers (header edge_id,source,target,length_m,time_s,direction).

An N x N grid of intersections, ~100 m apart, with OSM-sized node ids (above
2^32, so 32-bit ids would break), mixed speeds, about 15% one-way edges
(direction "forward"), a few parallel duplicates with a different time (the
faster one must win) and a two-node island that no other node can reach
(so "unreachable" is exercised).

Usage: make_grid.py N OUT.csv [SEED]
"""
import csv
import random
import sys

BASE = 10_000_000_000  # node ids as large as today's OSM ids


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)

    def node(row, col):
        return BASE + row * n + col

    rows = []

    def edge(a, b, direction):
        length = round(rng.uniform(60.0, 140.0), 3)
        speed = rng.choice((8.33, 11.11, 13.89, 16.67, 22.22))  # 30..80 km/h in m/s
        rows.append([None, a, b, length, length / speed, direction])

    for r in range(n):
        for c in range(n):
            for dr, dc in ((0, 1), (1, 0)):
                rr, cc = r + dr, c + dc
                if rr >= n or cc >= n:
                    continue
                a, b = node(r, c), node(rr, cc)
                x = rng.random()
                if x < 0.075:
                    edge(a, b, "forward")
                elif x < 0.15:
                    edge(b, a, "forward")
                else:
                    edge(a, b, "both")
                if rng.random() < 0.02:  # a parallel road between the same two nodes
                    edge(a, b, "both")
    island_a, island_b = BASE + n * n + 1, BASE + n * n + 2
    edge(island_a, island_b, "both")

    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["edge_id", "source", "target", "length_m", "time_s", "direction"])
        for i, (_, a, b, length, time_s, direction) in enumerate(rows, start=1):
            w.writerow([i, a, b, repr(length), repr(time_s), direction])
    print(f"{out}: {n * n + 2} nodes, {len(rows)} edges", file=sys.stderr)


if __name__ == "__main__":
    main()
