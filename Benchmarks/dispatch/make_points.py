#!/usr/bin/env python3
"""Synthetic points for the dispatch benchmark (deterministic; stdlib only).

Usage: make_points.py N OUT.csv SEED [--queries]

70% in Gaussian clusters around Colorado's metro centres (Denver weighted
most), 30% uniform over the state, so dense cities and sparse rural
counties are both exercised. Writes `id,lat,lon`, or `lat,lon` with
--queries. The same files feed crisismap and any peer system.
"""
import random
import sys

CENTRES = [(-104.99, 39.74, 10), (-104.82, 38.83, 4), (-105.27, 40.01, 2), (-105.08, 40.58, 2),
           (-104.61, 38.25, 2), (-108.55, 39.06, 1), (-104.82, 39.65, 3), (-105.08, 39.92, 2)]


def main():
    count, path, seed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    queries = "--queries" in sys.argv
    rng = random.Random(seed)
    weights = [c[2] for c in CENTRES]
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("lat,lon\n" if queries else "id,lat,lon\n")
        for i in range(count):
            if rng.random() < 0.7:
                lon, lat, _ = rng.choices(CENTRES, weights=weights)[0]
                lat, lon = rng.gauss(lat, 0.06), rng.gauss(lon, 0.08)
            else:
                lat, lon = rng.uniform(37.0, 41.0), rng.uniform(-109.0, -102.0)
            out.write(f"{lat:.6f},{lon:.6f}\n" if queries else f"P{i:07d},{lat:.6f},{lon:.6f}\n")


if __name__ == "__main__":
    main()
