#!/usr/bin/env python3
"""PySAL's `access` package on the same 2SFCA and E2SFCA inputs as
`crisismap underserved`, for Benchmarks/planning/run.sh.

Usage: access_peer.py AREAS.geojson FACILITIES.csv CRISISMAP.json

Demand: each area's population at the area-weighted centroid of its ring in
the same UTM zone (pyproj); supply: beds of the 24/7 crisis facilities; cost:
straight-line metres there x 1.4 / (40 km/h), the dispatch ETA model. The
30-minute catchment, and Luo and Qi's zones (0-10-20-30 min, 1, 0.68, 0.22)
for E2SFCA. Compares with crisismap's figures (beds per 100,000) and prints
one JSON line: the largest relative difference and the time of the 2SFCA and
E2SFCA steps in access.
"""
import csv
import json
import sys
import time

import numpy as np
import pandas as pd
from access import Access, weights
from pyproj import Transformer


def main():
    areas_path, facilities_path, crisismap_path = sys.argv[1:4]
    areas = json.load(open(areas_path))["features"]
    rings = [a["geometry"]["coordinates"][0] for a in areas]
    lons = np.array([p[0] for ring in rings for p in ring])
    zone = int((((lons.min() + lons.max()) / 2) + 180) // 6) + 1
    transformer = Transformer.from_crs("EPSG:4326", f"EPSG:{32600 + zone}", always_xy=True)

    def centroid(ring):
        xs, ys = transformer.transform([p[0] for p in ring], [p[1] for p in ring])
        a = sx = sy = 0.0
        for i in range(len(xs) - 1):
            cross = xs[i] * ys[i + 1] - xs[i + 1] * ys[i]
            a += cross
            sx += (xs[i] + xs[i + 1]) * cross
            sy += (ys[i] + ys[i + 1]) * cross
        return sx / (3 * a), sy / (3 * a)

    demand = pd.DataFrame({"id": [a["properties"]["id"] for a in areas],
                           "pop": [float(a["properties"]["population"]) for a in areas]})
    centres = np.array([centroid(ring) for ring in rings])
    rows = list(csv.DictReader(open(facilities_path)))
    fx, fy = transformer.transform([float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows])
    supply = pd.DataFrame({"fid": [r["id"] for r in rows], "beds": [float(r["beds_total"]) for r in rows]})
    distance = np.hypot(centres[:, 0:1] - np.array(fx)[None, :], centres[:, 1:2] - np.array(fy)[None, :])
    seconds = distance * 1.4 / (40 / 3.6)
    cost = pd.DataFrame({"origin": np.repeat(demand["id"].values, len(rows)),
                         "dest": np.tile(supply["fid"].values, len(areas)), "cost": seconds.ravel()})

    model = Access(demand_df=demand, demand_index="id", demand_value="pop", supply_df=supply, supply_index="fid",
                   supply_value="beds", cost_df=cost, cost_origin="origin", cost_dest="dest", cost_name="cost")
    started = time.perf_counter()
    plain = model.two_stage_fca(name="2sfca", cost="cost", max_cost=1800, normalize=False)
    plain_seconds = time.perf_counter() - started
    started = time.perf_counter()
    enhanced = model.enhanced_two_stage_fca(name="e2sfca", cost="cost", max_cost=1800, normalize=False,
                                            weight_fn=weights.step_fn({600: 1, 1200: 0.68, 1800: 0.22}))
    enhanced_seconds = time.perf_counter() - started

    ours = {r["area_id"]: r for r in json.load(open(crisismap_path))["rows"]}
    worst = {"2sfca": 0.0, "e2sfca": 0.0}
    for column, key, frame in [("2sfca_beds", "access_2sfca", plain), ("e2sfca_beds", "access_e2sfca", enhanced)]:
        for area_id, value in frame[column].fillna(0).items():
            theirs = value * 100_000
            mine = ours[area_id][key]
            scale = max(abs(theirs), abs(mine))
            if scale > 0:
                worst[key.replace("access_", "")] = max(worst[key.replace("access_", "")], abs(theirs - mine) / scale)
    print(json.dumps({"max_relative_difference": worst, "access_2sfca_s": round(plain_seconds, 4),
                      "access_e2sfca_s": round(enhanced_seconds, 4), "areas": len(areas), "facilities": len(rows)}))


if __name__ == "__main__":
    main()
