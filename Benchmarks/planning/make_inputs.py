#!/usr/bin/env python3
"""Areas, facilities and teams for the planning benchmark (deterministic; stdlib only).

Usage: make_inputs.py AREAS FACILITIES OUTDIR

Areas: a grid of rectangles over the Denver metro box of
Benchmarks/import/make_calls_csv.py (so its million calls fall in them),
populations 0-12,000 (a few empty). Facilities: crisis stabilization and
behavioral health urgent care units open 24/7 with 4-32 beds, clustered
like the calls. Teams: 100 positions.
"""
import math
import os
import random
import sys

WEST, SOUTH, EAST, NORTH = -105.25, 39.55, -104.70, 39.95


def main():
    areas, facilities, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(20261130)
    columns = int(math.sqrt(areas * (EAST - WEST) / (NORTH - SOUTH) * 0.77)) or 1
    rows = math.ceil(areas / columns)
    width, height = (EAST - WEST) / columns, (NORTH - SOUTH) / rows
    features = []
    for index in range(areas):
        column, row = index % columns, index // columns
        w, s = WEST + column * width, SOUTH + row * height
        ring = [[w, s], [w + width, s], [w + width, s + height], [w, s + height], [w, s]]
        population = 0 if rng.random() < 0.01 else rng.randint(500, 12000)
        features.append('{"type":"Feature","geometry":{"type":"Polygon","coordinates":[%s]},'
                        '"properties":{"id":"A%05d","name":"Tract %d","kind":"tract","population":%d}}'
                        % (str(ring).replace(" ", ""), index, index, population))
    with open(os.path.join(out, "areas.geojson"), "w") as f:
        f.write('{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n")
    with open(os.path.join(out, "facilities.csv"), "w") as f:
        f.write("id,name,kind,timezone,hours,beds_total,beds_available,lat,lon\n")
        for index in range(facilities):
            kind = rng.choice(["crisis_stabilization", "behavioral_health_urgent_care"])
            lat, lon = rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)
            beds = rng.randint(4, 32)
            f.write(f"F{index:04d},Unit {index},{kind},America/Denver,24/7,{beds},{rng.randint(0, beds)},{lat:.6f},{lon:.6f}\n")
    with open(os.path.join(out, "teams.csv"), "w") as f:
        f.write("id,model,status,fix_at,lat,lon\n")
        for index in range(100):
            f.write(f"T{index:03d},mobile_crisis,available,2026-11-30T12:00:00Z,{rng.uniform(SOUTH, NORTH):.6f},{rng.uniform(WEST, EAST):.6f}\n")


if __name__ == "__main__":
    main()
