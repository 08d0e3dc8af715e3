#!/usr/bin/env python3
"""Facilities and teams for the HTTP API benchmark, as crisismap CSV files
(deterministic; stdlib only).

Usage: make_store_files.py FACILITIES TEAMS OUTDIR

Points come from Benchmarks/dispatch/make_points.py's mix (70% clustered in
Colorado's metro areas, 30% uniform over the state). Facilities get a
realistic spread of kinds, hours, services and beds; teams a status mix
with position fixes stamped now, so they are fresh during the run.
"""
import datetime
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "dispatch"))
from make_points import CENTRES  # noqa: E402

KINDS = [("crisis_stabilization", 2), ("behavioral_health_urgent_care", 2), ("crisis_residential", 1),
         ("emergency_department", 2), ("detox", 1), ("sobering_center", 1), ("outpatient", 8),
         ("shelter", 2), ("peer_respite", 1)]
HOURS = ["24/7", "24/7", "Mo-Fr 08:00-20:00", "Mo-Su 07:00-23:00", "Fr-Sa 20:00-08:00"]
SERVICES = ["mental_health", "substance_use", "co_occurring", "medical_clearance"]
STATUSES = [("available", 5), ("dispatched", 1), ("en_route", 1), ("on_scene", 2), ("off_duty", 1)]
MODELS = ["co_responder_ride_along", "co_responder_on_call", "mobile_crisis", "cit_officer", "clinician_only"]
SKILLS = ["spanish", "youth", "substance_use", "peer", "asl"]


def point(rng):
    weights = [c[2] for c in CENTRES]
    if rng.random() < 0.7:
        lon, lat, _ = rng.choices(CENTRES, weights=weights)[0]
        return rng.gauss(lat, 0.06), rng.gauss(lon, 0.08)
    return rng.uniform(37.0, 41.0), rng.uniform(-109.0, -102.0)


def main():
    facilities, teams, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(20261130)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(os.path.join(out, "facilities.csv"), "w", encoding="utf-8") as f:
        f.write("id,name,kind,accepts,age_min,age_max,services,timezone,hours,beds_total,beds_available,availability_updated_at,lat,lon\n")
        for i in range(facilities):
            lat, lon = point(rng)
            kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
            accepts = "|".join(a for a in ["law_enforcement_dropoff", "walk_in"] if rng.random() < 0.6) or "walk_in"
            services = "|".join(s for s in SERVICES if rng.random() < 0.5) or "mental_health"
            beds = rng.randint(4, 24)
            f.write(f"F{i:06d},Facility {i},{kind},{accepts},{rng.choice([0, 12, 18])},120,{services},America/Denver,"
                    f"{rng.choice(HOURS)},{beds},{rng.randint(0, beds)},{stamp},{lat:.6f},{lon:.6f}\n")
    with open(os.path.join(out, "teams.csv"), "w", encoding="utf-8") as f:
        f.write("id,call_sign,model,status,fix_at,skills,lat,lon\n")
        for i in range(teams):
            lat, lon = point(rng)
            status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
            skills = "|".join(s for s in SKILLS if rng.random() < 0.3)
            f.write(f"T{i:05d},U{i},{rng.choice(MODELS)},{status},{stamp},{skills},{lat:.6f},{lon:.6f}\n")


if __name__ == "__main__":
    main()
