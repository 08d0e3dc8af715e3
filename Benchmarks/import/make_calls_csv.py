#!/usr/bin/env python3
"""Writes N synthetic calls as CSV in crisismap's call format (deterministic).

Usage: make_calls_csv.py N OUT.csv [MONTH]

With MONTH (1-12), every call falls in that month of 2026 (a month's release).

Points are spread over the Denver metro extent with a third of them in
dense clusters, times over 2026, so the file looks like a county's year of
calls many times over. Synthetic: no real call is represented.
"""
import random
import sys

CATEGORIES = ["suicide_risk", "overdose", "psychiatric", "welfare_check", "substance_use", "disturbance", "other"]
DISPOSITIONS = ["resolved_on_scene", "transported_facility", "hospitalized", "arrest", "referred", ""]
HOTSPOTS = [(-104.99, 39.74), (-104.94, 39.74), (-105.02, 39.68), (-104.85, 39.76), (-105.08, 39.80)]


def main() -> None:
    count, path = int(sys.argv[1]), sys.argv[2]
    only_month = int(sys.argv[3]) if len(sys.argv) > 3 else None
    rng = random.Random(20261123)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("id,received_at,category,priority,disposition,team_id,facility_id,lat,lon\n")
        lines = []
        for i in range(count):
            if i % 3 == 0:
                lon0, lat0 = rng.choice(HOTSPOTS)
                lon, lat = rng.gauss(lon0, 0.01), rng.gauss(lat0, 0.008)
            else:
                lon, lat = rng.uniform(-105.25, -104.70), rng.uniform(39.55, 39.95)
            # January to November 2026: a received_at in the future is refused on import.
            month, day = rng.randint(1, 11), rng.randint(1, 28)
            if only_month:
                month = only_month
            hour, minute, second = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
            offset = "-06:00" if 3 <= month <= 10 else "-07:00"
            lines.append(
                f"C{i:08d},2026-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{offset},"
                f"{rng.choice(CATEGORIES)},{rng.randint(1, 5)},{rng.choice(DISPOSITIONS)},"
                f"T{rng.randint(1, 40):02d},,{lat:.6f},{lon:.6f}\n")
            if len(lines) == 100_000:
                out.writelines(lines)
                lines = []
        out.writelines(lines)


if __name__ == "__main__":
    main()
