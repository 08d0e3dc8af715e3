#!/usr/bin/env python3
"""Teams and facilities inside the synthetic city (make_city_osm.py's extent),
as the CSVs `crisismap import` reads, plus the call points the latency run
asks about. Seeded.

Usage: make_city_sites.py OUTDIR TEAMS FACILITIES
"""
import csv
from datetime import datetime, timezone
import random
import sys

KINDS = ["crisis_stabilization", "behavioral_health_urgent_care", "emergency_department", "detox", "outpatient", "shelter"]


def main():
    out, teams, facilities = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(11)
    south, west, north, east = 39.605, -105.095, 39.87, -104.74

    def point():
        return round(rng.uniform(south, north), 6), round(rng.uniform(west, east), 6)

    with open(f"{out}/teams.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "call_sign", "model", "status", "fix_at", "lat", "lon"])
        for i in range(teams):
            lat, lon = point()
            w.writerow([f"T{i}", f"MCT-{i}", "mobile_crisis", "available", datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), lat, lon])
    with open(f"{out}/facilities.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "kind", "timezone", "hours", "beds_total", "beds_available", "lat", "lon"])
        for i in range(facilities):
            lat, lon = point()
            w.writerow([f"F{i}", f"Facility {i}", KINDS[i % len(KINDS)], "America/Denver", "24/7", 12, 4, lat, lon])
    with open(f"{out}/calls.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["lat", "lon"])
        for _ in range(1000):
            w.writerow(point())


if __name__ == "__main__":
    main()
