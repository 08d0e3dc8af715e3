#!/usr/bin/env python3
"""Generate crisismap's bundled sample region in GeoData/.

SYNTHETIC DATA. Every area, facility, team and call written here is made
up by this script; none represents a real person, call or service. The data
sits on the real map of the Denver metro area (UTM zone 13N) so that
projections, time zones and distances behave as they would in production.

Deterministic: a fixed seed (20261123) and the Python standard library only,
so `python3 Tools/generate_geodata.py` rewrites GeoData/ byte for byte.

Writes:
  GeoData/areas.geojson       neighborhoods and tracts with population
  GeoData/facilities.geojson  facilities of every kind, with schedules and beds
  GeoData/teams.geojson       teams of every model and status with position fixes
  GeoData/calls.csv           a year of calls with spatial and temporal patterns
  GeoData/README.md           what the files are and how they were made
"""
import json
import math
import os
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SEED = 20261123
DENVER = ZoneInfo("America/Denver")
WEST, EAST, SOUTH, NORTH = -105.20, -104.75, 39.58, 39.90
DOWNTOWN = (-104.9903, 39.7392)
COLS, ROWS = 9, 8                     # area grid
REFERENCE = datetime(2026, 11, 22, 14, 0, tzinfo=DENVER)   # "now" for teams and beds
CALLS_FROM = datetime(2025, 11, 1, tzinfo=DENVER)
CALLS_TO = datetime(2026, 11, 1, tzinfo=DENVER)
CALL_COUNT = 24_000

rng = random.Random(SEED)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "GeoData")


def metres_to_degrees(dx, dy, lat):
    """Approximate metre offsets as degree offsets at a latitude (for sampling only)."""
    return dx / (111_320 * math.cos(math.radians(lat))), dy / 110_574


def rfc3339(moment):
    return moment.isoformat(timespec="seconds")


def feature(geometry, properties):
    return json.dumps({"type": "Feature", "geometry": geometry, "properties": properties},
                      separators=(",", ":"), ensure_ascii=False)


def write_collection(name, features):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as out:
        out.write('{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n")


# --- areas -------------------------------------------------------------------

SYLLABLES = ["Alder", "Bear", "Cherry", "Clay", "Elm", "Fox", "Granite", "Hale", "Iris", "Juniper",
             "Kestrel", "Larch", "Maple", "North", "Oak", "Pine", "Quarry", "Ridge", "Sable", "Tall",
             "Union", "Vale", "Willow", "Yarrow"]
SUFFIXES = ["Park", "Heights", "Hill", "Square", "Gardens", "Flats", "Crossing", "Village", "Terrace"]


def grid_vertices():
    """A jittered grid: shared vertices move together, so areas tile without gaps or overlaps."""
    step_x, step_y = (EAST - WEST) / COLS, (NORTH - SOUTH) / ROWS
    vertices = {}
    for i in range(COLS + 1):
        for j in range(ROWS + 1):
            jitter = 0 if i in (0, COLS) or j in (0, ROWS) else 0.25
            x = WEST + step_x * (i + rng.uniform(-jitter, jitter))
            y = SOUTH + step_y * (j + rng.uniform(-jitter, jitter))
            vertices[i, j] = [round(x, 6), round(y, 6)]
    return vertices


def ring(vertices, i, j):
    """Counter-clockwise exterior ring of grid cell (i, j), closed."""
    corners = [vertices[i, j], vertices[i + 1, j], vertices[i + 1, j + 1], vertices[i, j + 1]]
    return corners + [corners[0]]


def make_areas():
    vertices = grid_vertices()
    names, areas, used = set(), [], set()
    cells = [(i, j) for j in range(ROWS) for i in range(COLS)]
    # Two areas are made of two separate cells each (MultiPolygon), like a
    # district split by a highway; one keeps a park as a hole.
    pairs = [((0, 0), (2, 0)), ((8, 7), (6, 7))]
    hole_cell = (4, 4)
    number = 0
    for cell in cells:
        if cell in used:
            continue
        number += 1
        name = None
        while name is None or name in names:
            name = f"{rng.choice(SYLLABLES)} {rng.choice(SUFFIXES)}"
        names.add(name)
        pair = next((p for p in pairs if p[0] == cell), None)
        i, j = cell
        cx = (vertices[i, j][0] + vertices[i + 1, j + 1][0]) / 2
        cy = (vertices[i, j][1] + vertices[i + 1, j + 1][1]) / 2
        distance_km = math.hypot((cx - DOWNTOWN[0]) * 85.4, (cy - DOWNTOWN[1]) * 111.0)
        population = int(rng.uniform(0.7, 1.3) * 22_000 * math.exp(-distance_km / 9)) + rng.randint(800, 2500)
        kind = "tract" if number % 9 == 0 else "neighborhood"
        if pair:
            used.update(pair)
            geometry = {"type": "MultiPolygon", "coordinates": [[ring(vertices, *pair[0])], [ring(vertices, *pair[1])]]}
        elif cell == hole_cell:
            used.add(cell)
            outer = ring(vertices, i, j)
            mx = (outer[0][0] + outer[2][0]) / 2
            my = (outer[0][1] + outer[2][1]) / 2
            hole = [[round(mx - 0.004, 6), round(my - 0.003, 6)], [round(mx - 0.004, 6), round(my + 0.003, 6)],
                    [round(mx + 0.004, 6), round(my + 0.003, 6)], [round(mx + 0.004, 6), round(my - 0.003, 6)]]
            hole.append(hole[0])   # clockwise, as RFC 7946 asks of holes
            geometry = {"type": "Polygon", "coordinates": [outer, hole]}
            name = "Lakeside Park"
        else:
            used.add(cell)
            geometry = {"type": "Polygon", "coordinates": [ring(vertices, i, j)]}
        if cell == (3, 0):
            population = 0   # a rail yard: nobody lives there, calls still happen
        areas.append({"id": f"A{number:03d}", "name": name, "kind": kind, "population": population,
                      "geometry": geometry, "centre": (cx, cy)})
    return areas


# --- facilities ------------------------------------------------------------------

STREETS = ["Colfax Ave", "Broadway", "Federal Blvd", "Colorado Blvd", "Alameda Ave", "Evans Ave",
           "Sheridan Blvd", "Quebec St", "Downing St", "Santa Fe Dr", "Havana St", "Yale Ave"]

FACILITY_PLAN = [
    # kind, count, hours choices, beds range, accepts, services, ages
    ("crisis_stabilization", 4, ["24/7"], (8, 24), ["law_enforcement_dropoff", "walk_in"],
     ["mental_health", "co_occurring"], (18, 120)),
    ("behavioral_health_urgent_care", 3, ["Mo-Fr 08:00-22:00; Sa-Su 10:00-18:00", "Mo-Su 09:00-21:00"], None,
     ["walk_in"], ["mental_health"], (12, 120)),
    ("crisis_residential", 3, ["24/7"], (6, 16), ["walk_in"], ["mental_health", "co_occurring"], (18, 120)),
    ("emergency_department", 4, ["24/7"], (20, 60), ["law_enforcement_dropoff", "walk_in", "involuntary_hold"],
     ["mental_health", "substance_use", "medical_clearance"], (0, 120)),
    ("detox", 3, ["24/7"], (10, 30), ["law_enforcement_dropoff", "walk_in"], ["substance_use"], (18, 120)),
    ("sobering_center", 2, ["Mo-Su 18:00-10:00", "24/7"], (12, 40), ["law_enforcement_dropoff", "walk_in"],
     ["substance_use"], (18, 120)),
    ("outpatient", 8, ["Mo-Fr 08:00-17:00", "Mo-Th 08:00-19:00; Fr 08:00-17:00", "Mo-Fr 09:00-12:00,13:00-17:00"],
     None, ["walk_in"], ["mental_health", "substance_use"], (0, 120)),
    ("shelter", 4, ["Mo-Su 17:00-08:00", "Fr-Sa 20:00-08:00; Su-Th 19:00-07:00", "24/7"], (30, 120), ["walk_in"],
     [], (18, 120)),
    ("peer_respite", 2, ["24/7"], (4, 8), ["walk_in"], ["mental_health"], (18, 120)),
]


def point_near_core(spread_km):
    dx, dy = metres_to_degrees(rng.gauss(0, spread_km * 1000), rng.gauss(0, spread_km * 1000), DOWNTOWN[1])
    x = min(EAST - 0.01, max(WEST + 0.01, DOWNTOWN[0] + dx))
    y = min(NORTH - 0.01, max(SOUTH + 0.01, DOWNTOWN[1] + dy))
    return [round(x, 6), round(y, 6)]


def make_facilities():
    features, number = [], 0
    for kind, count, hours_choices, beds, accepts, services, ages in FACILITY_PLAN:
        for k in range(count):
            number += 1
            props = {
                "id": f"F{number:03d}",
                "name": f"{rng.choice(SYLLABLES)} {kind.replace('_', ' ').title()}",
                "kind": kind,
                "address": f"{rng.randint(100, 9800)} {rng.choice(STREETS)}, Denver, CO",
                "phone": f"303-555-{rng.randint(100, 999):04d}",
                "accepts": list(accepts),
                "age_min": ages[0], "age_max": ages[1],
                "services": list(services),
                "languages": ["en", "es"] if rng.random() < 0.6 else ["en"],
                "payers": sorted(rng.sample(["medicaid", "medicare", "private", "uninsured"], rng.randint(2, 4))),
                "timezone": "America/Denver",
            }
            if kind == "crisis_stabilization" and k == 0:
                props["accepts"].append("no_refusal")   # a 23-hour no-refusal receiving centre
                props["name"] = "Front Range 23-Hour Crisis Relief Center"
            if kind == "crisis_stabilization" and k == 1:
                props["age_min"], props["age_max"] = 10, 17
                props["name"] = "Youth Crisis Stabilization Unit"
            if not (kind == "outpatient" and k == 0) and not (kind == "peer_respite" and k == 1):
                props["hours"] = hours_choices[k % len(hours_choices)]   # absent means 24/7
            if beds:
                total = rng.randint(*beds)
                available = 0 if k == count - 1 else rng.randint(1, max(1, total // 3))
                updated = REFERENCE - timedelta(minutes=rng.choice([10, 25, 45, 90, 180, 400, 900, 2000]))
                props.update(beds_total=total, beds_available=available,
                             availability_updated_at=rfc3339(updated))
            location = point_near_core(3 if k < 2 else 9)
            features.append((props, location))
    return features


# --- teams -----------------------------------------------------------------------

TEAM_PLAN = [
    ("mobile_crisis", "MCT", "Denver Health STAR", 8),
    ("co_responder_ride_along", "CR", "Denver Police", 7),
    ("co_responder_on_call", "CRC", "Aurora Mobile Crisis", 4),
    ("cit_officer", "CIT", "Jefferson County Sheriff", 8),
    ("clinician_only", "CLN", "Mental Health Center of Denver", 5),
]
STATUSES = ["available"] * 14 + ["dispatched", "en_route", "on_scene", "on_scene", "transporting",
                                 "out_of_service", "off_duty", "en_route", "dispatched"]
SKILLS = ["youth", "spanish", "substance_use", "peer", "veterans", "deaf_hoh"]


def make_teams():
    teams, number = [], 0
    statuses = STATUSES[:]
    rng.shuffle(statuses)
    for model, sign, agency, count in TEAM_PLAN:
        for k in range(count):
            number += 1
            stale = number % 9 == 0
            fix = REFERENCE - timedelta(seconds=rng.randint(1200, 5400) if stale else rng.randint(10, 480))
            props = {
                "id": f"T{number:02d}", "call_sign": f"{sign}-{k + 1}", "model": model,
                "status": statuses[(number - 1) % len(statuses)], "fix_at": rfc3339(fix),
                "skills": sorted(rng.sample(SKILLS, rng.randint(0, 3))), "agency": agency,
            }
            teams.append((props, point_near_core(7)))
    return teams


# --- calls -----------------------------------------------------------------------

CATEGORIES = [("welfare_check", 30), ("psychiatric", 26), ("suicide_risk", 12), ("substance_use", 11),
              ("disturbance", 10), ("overdose", 7), ("other", 4)]
DISPOSITIONS = [("resolved_on_scene", 45), ("referred", 20), ("transported_facility", 18),
                ("hospitalized", 8), ("arrest", 4), ("", 5)]
HOUR_WEIGHTS = [4, 3, 2, 2, 1.5, 1.5, 2, 3, 4, 5, 6, 6, 6, 7, 7, 8, 8, 8, 8, 8, 7, 7, 6, 5]
HOTSPOTS = [  # lon, lat, sigma in metres, weight: downtown, Colfax corridor, shelters, transit hubs
    (-104.9903, 39.7392, 700, 10), (-104.9700, 39.7400, 500, 6), (-104.9400, 39.7401, 500, 6),
    (-104.9100, 39.7400, 600, 5), (-104.8800, 39.7402, 800, 4), (-105.0000, 39.7527, 400, 5),
    (-104.9870, 39.7020, 900, 3), (-105.0250, 39.7300, 1200, 3), (-104.8400, 39.7200, 1500, 3),
    (-105.0700, 39.7800, 1400, 2), (-104.9000, 39.8000, 1500, 2),
]


def weighted(choices):
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def inside(point, polygon_rings):
    """Even-odd point-in-polygon over all rings (holes subtract)."""
    x, y = point
    result = False
    for ring_points in polygon_rings:
        for (x1, y1), (x2, y2) in zip(ring_points, ring_points[1:]):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                result = not result
    return result


def point_in_area(area):
    geometry = area["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    xs = [p[0] for poly in polygons for p in poly[0]]
    ys = [p[1] for poly in polygons for p in poly[0]]
    while True:
        candidate = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
        if any(inside(candidate, poly) for poly in polygons):
            return candidate


def call_time():
    """Seasonal, weekly and daily rhythm, plus an overdose bump early in the month."""
    span = (CALLS_TO - CALLS_FROM).total_seconds()
    while True:
        moment = CALLS_FROM + timedelta(seconds=rng.uniform(0, span))
        local = moment.astimezone(DENVER)
        weight = HOUR_WEIGHTS[local.hour] / 8
        if local.weekday() in (4, 5) and (local.hour >= 20 or local.hour < 3):
            weight *= 1.5   # Friday and Saturday nights
        weight *= 1 + 0.15 * math.cos((local.timetuple().tm_yday - 15) / 365 * 2 * math.pi)   # winter peak
        if rng.random() < weight / 1.8:
            return local.replace(microsecond=0)


def make_calls(areas, teams, facilities):
    populated = [a for a in areas if a["population"] > 0]
    team_ids = [t[0]["id"] for t in teams]
    receiving = [f[0]["id"] for f in facilities
                 if f[0]["kind"] in ("crisis_stabilization", "emergency_department", "detox", "sobering_center")]
    rows = []
    for _ in range(CALL_COUNT):
        when = call_time()
        category = weighted(CATEGORIES)
        if 1 <= when.day <= 5 and rng.random() < 0.08:
            category = "overdose"
        if rng.random() < 0.6:
            lon, lat, sigma, _ = rng.choices(HOTSPOTS, weights=[h[3] for h in HOTSPOTS])[0]
            dx, dy = metres_to_degrees(rng.gauss(0, sigma), rng.gauss(0, sigma), lat)
            x, y = min(EAST - 0.001, max(WEST + 0.001, lon + dx)), min(NORTH - 0.001, max(SOUTH + 0.001, lat + dy))
        else:
            area = rng.choices(populated, weights=[a["population"] for a in populated])[0]
            x, y = point_in_area(area)
        disposition = weighted(DISPOSITIONS)
        facility = rng.choice(receiving) if disposition in ("transported_facility", "hospitalized") else ""
        team = rng.choice(team_ids) if rng.random() < 0.85 else ""
        priority = rng.choices([1, 2, 3, 4, 5], weights=[8, 22, 40, 20, 10])[0]
        rows.append((when, category, priority, disposition, team, facility, round(y, 6), round(x, 6)))
    rows.sort(key=lambda r: r[0])
    with open(os.path.join(OUT, "calls.csv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("id,received_at,category,priority,disposition,team_id,facility_id,lat,lon\n")
        for number, (when, category, priority, disposition, team, facility, lat, lon) in enumerate(rows, 1):
            out.write(f"C{number:06d},{rfc3339(when)},{category},{priority},{disposition},{team},{facility},"
                      f"{lat:.6f},{lon:.6f}\n")
    return rows


README = """# GeoData: a synthetic sample region

**Synthetic.** Every area, facility, team and call in this folder was made
up by `Tools/generate_geodata.py` (seed {seed}); none represents a real
person, call or service. The data sits on the real map of the Denver metro
area (about lon {west}..{east}, lat {south}..{north}; UTM zone 13N), so
projections, time zones and distances behave as in production.

Regenerate byte for byte with `python3 Tools/generate_geodata.py` (or
`make geodata`).

| file | what |
| --- | --- |
| `areas.geojson` | {areas} areas (neighborhoods and tracts) tiling the extent, with population; two MultiPolygons, one polygon with a hole (a park), one area with no residents (a rail yard) |
| `facilities.geojson` | {facilities} facilities of every kind, with opening hours (24/7, weekday, overnight, absent), beds and when they were last confirmed (some over 12 hours ago), one no-refusal receiving centre and one youth unit |
| `teams.geojson` | {teams} teams of every model and status; position fixes relative to 2026-11-22T14:00:00-07:00, a few stale |
| `calls.csv` | {calls} calls from 2025-11-01 to 2026-10-31, clustered around downtown, the Colfax corridor, shelters and transit hubs and spread by population elsewhere; more in the afternoon and evening and on Friday and Saturday nights, a winter peak and an overdose bump early in the month |

Queries "as of now" in the demo use `--at 2026-11-22T14:05:00-07:00`.
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    areas = make_areas()
    write_collection("areas.geojson", [
        feature(a["geometry"], {k: a[k] for k in ("id", "name", "kind", "population")}) for a in areas])
    facilities = make_facilities()
    write_collection("facilities.geojson", [feature({"type": "Point", "coordinates": loc}, p) for p, loc in facilities])
    teams = make_teams()
    write_collection("teams.geojson", [feature({"type": "Point", "coordinates": loc}, p) for p, loc in teams])
    calls = make_calls(areas, teams, facilities)
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8", newline="\n") as out:
        out.write(README.format(seed=SEED, west=WEST, east=EAST, south=SOUTH, north=NORTH, areas=len(areas),
                                facilities=len(facilities), teams=len(teams), calls=len(calls)))
    print(f"GeoData: {len(areas)} areas, {len(facilities)} facilities, {len(teams)} teams, {len(calls)} calls")


if __name__ == "__main__":
    main()
