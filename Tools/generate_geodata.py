#!/usr/bin/env python3
"""Generate crisismap's bundled sample region in GeoData/.

SYNTHETIC DATA. Every area, facility, team and call written here is made up
by this script; none represents a real person, call, team or service. The
data sits on the real map of the Denver, Colorado metro area (lon -105.25 ..
-104.70, lat 39.55 .. 39.95; UTM zone 13N) so that projections, time zones
(America/Denver, with its DST switches) and distances behave as in production.

Deterministic: one random.Random(20261123) and the Python standard library
only (3.9+ for zoneinfo), so running

    python3 Tools/generate_geodata.py

rewrites GeoData/ byte for byte. Writes areas.geojson, facilities.geojson,
teams.geojson, calls.csv and README.md, then prints a summary.
"""
import json
import math
import os
from collections import Counter
from datetime import datetime, timedelta, timezone
from random import Random
from zoneinfo import ZoneInfo

SEED = 20261123
rng = Random(SEED)
DENVER = ZoneInfo("America/Denver")
WEST, EAST, SOUTH, NORTH = -105.25, -104.70, 39.55, 39.95
DOWNTOWN = (-104.9903, 39.7392)
COLS, ROWS = 11, 10                       # area grid: 0.05 deg lon x 0.04 deg lat cells
REFERENCE = datetime(2026, 11, 22, 14, 0, tzinfo=DENVER)   # "now" for team fixes and bed counts
CALLS_FROM = datetime(2025, 11, 1, tzinfo=DENVER)          # inclusive
CALLS_TO = datetime(2026, 11, 1, tzinfo=DENVER)            # exclusive: last call <= 2026-10-31T23:59:59-06:00
CALL_COUNT = 24_000
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "GeoData")
M_PER_DEG_LAT = 111_320


def metres_to_degrees(dx, dy, lat):
    """Metre offsets as (lon, lat) degree offsets; a flat approximation, fine for sampling."""
    return dx / (M_PER_DEG_LAT * math.cos(math.radians(lat))), dy / M_PER_DEG_LAT


def distance_km(a, b):
    """Equirectangular distance between (lon, lat) points; good enough inside one metro."""
    dx, dy = (a[0] - b[0]) * math.cos(math.radians(39.75)), a[1] - b[1]
    return math.hypot(dx, dy) * M_PER_DEG_LAT / 1000


def in_extent(x, y):
    return WEST <= x <= EAST and SOUTH <= y <= NORTH


def gaussian_point(centre, sigma_m):
    """A point normally scattered around centre, redrawn (not clamped) until inside the extent."""
    while True:
        dx, dy = metres_to_degrees(rng.gauss(0, sigma_m), rng.gauss(0, sigma_m), centre[1])
        if in_extent(centre[0] + dx, centre[1] + dy):
            return centre[0] + dx, centre[1] + dy


def rfc3339(moment):
    return moment.isoformat(timespec="seconds")


def feature(geometry, properties):
    return json.dumps({"type": "Feature", "geometry": geometry, "properties": properties},
                      separators=(",", ":"), ensure_ascii=False)


def point(xy):
    return {"type": "Point", "coordinates": [round(xy[0], 6), round(xy[1], 6)]}


def write_collection(name, features):
    """One feature per line, so a regenerated file diffs readably."""
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as out:
        out.write('{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n")


# --- areas ---------------------------------------------------------------------------------

PLACES = ["Aspen", "Bluebell", "Cedar", "Cottonwood", "Elk", "Foothill", "Granite", "Heron", "Juniper",
          "Kestrel", "Larkspur", "Magpie", "Mesa", "Pinon", "Prairie", "Quartz", "Redstone", "Sage",
          "Sandstone", "Silverthread", "Sumac", "Thistle", "Willow", "Yarrow", "Buffalo", "Columbine",
          "Ironwood", "Lupine", "Marigold", "Antelope"]
SUFFIXES = ["Park", "Heights", "Hills", "Square", "Gardens", "Flats", "Crossing", "Village", "Terrace",
            "Meadows", "Commons", "Ridge", "Grove", "Station"]


def grid():
    """Jittered grid corners and edge midpoints. Neighbouring cells read the same shared points,
    so the areas tile the extent with no gaps or overlaps. Corners move at most 0.2 of a cell and
    midpoints 0.06 across their edge, which keeps every cell's ring simple (its four edge chains
    stay in disjoint bands) and leaves the cell's middle 40% free for a hole."""
    sx, sy = (EAST - WEST) / COLS, (NORTH - SOUTH) / ROWS
    corner = {}
    for i in range(COLS + 1):
        for j in range(ROWS + 1):
            jx = 0 if i in (0, COLS) else rng.uniform(-0.2, 0.2)   # the extent's sides stay straight
            jy = 0 if j in (0, ROWS) else rng.uniform(-0.2, 0.2)
            corner[i, j] = (round(WEST + sx * (i + jx), 6), round(SOUTH + sy * (j + jy), 6))
    mid = {}
    for i in range(COLS + 1):
        for j in range(ROWS + 1):
            if i < COLS:   # horizontal edge (i, j)-(i+1, j) bends north or south
                (x1, y1), (x2, y2) = corner[i, j], corner[i + 1, j]
                bend = 0 if j in (0, ROWS) else rng.uniform(-0.06, 0.06) * sy
                mid["h", i, j] = (round((x1 + x2) / 2, 6), round((y1 + y2) / 2 + bend, 6))
            if j < ROWS:   # vertical edge (i, j)-(i, j+1) bends east or west
                (x1, y1), (x2, y2) = corner[i, j], corner[i, j + 1]
                bend = 0 if i in (0, COLS) else rng.uniform(-0.06, 0.06) * sx
                mid["v", i, j] = (round((x1 + x2) / 2 + bend, 6), round((y1 + y2) / 2, 6))
    return corner, mid


def cell_ring(corner, mid, i, j):
    """Counter-clockwise (RFC 7946 exterior) closed ring of cell (i, j): SW, S, SE, E, NE, N, NW, W."""
    pts = [corner[i, j], mid["h", i, j], corner[i + 1, j], mid["v", i + 1, j],
           corner[i + 1, j + 1], mid["h", i, j + 1], corner[i, j + 1], mid["v", i, j]]
    return [list(p) for p in pts] + [list(pts[0])]


def signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def area_km2(rings):
    """Area of one polygon (exterior minus holes) in square kilometres."""
    scale = (M_PER_DEG_LAT / 1000) ** 2 * math.cos(math.radians(39.75))
    return sum(abs(signed_area(r)) * (1 if k == 0 else -1) for k, r in enumerate(rings)) * scale


def polygons_of(geometry):
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def make_areas():
    corner, mid = grid()
    names = iter(rng.sample([f"{p} {s}" for p in PLACES for s in SUFFIXES], COLS * ROWS))
    split = {(0, 0): (2, 0), (10, 9): (8, 9)}     # two areas in two pieces, like a district cut by a highway
    taken = set(split.values())
    park_cell, yard_cell = (6, 4), (5, 6)          # a park east of downtown; a rail yard to the north
    areas = []

    def add(name, kind, rings_list, population=None):
        geometry = ({"type": "Polygon", "coordinates": rings_list[0]} if len(rings_list) == 1
                    else {"type": "MultiPolygon", "coordinates": rings_list})
        if population is None:   # density falls off from downtown; the outskirts are suburban
            first = rings_list[0][0]
            centre = (sum(p[0] for p in first[:-1]) / 8, sum(p[1] for p in first[:-1]) / 8)
            density = 4200 * math.exp(-distance_km(centre, DOWNTOWN) / 6) + 200
            population = round(sum(area_km2(r) for r in rings_list) * density * rng.uniform(0.75, 1.25))
        areas.append({"id": f"A{len(areas) + 1:03d}", "name": name, "kind": kind,
                      "population": population, "geometry": geometry})

    for j in range(ROWS):
        for i in range(COLS):
            if (i, j) in taken:
                continue
            rings = [[cell_ring(corner, mid, i, j)]]
            if (i, j) in split:
                rings.append([cell_ring(corner, mid, *split[i, j])])
            outskirts = i in (0, COLS - 1) or j in (0, ROWS - 1)
            if outskirts and (i + j) % 4 == 0 and (i, j) not in split:
                add(f"Census Tract {120 + 3 * len(areas)}.{rng.choice(['01', '02', '03'])}", "tract", rings)
            elif (i, j) == yard_cell:
                add("Brickline Rail Yards", "neighborhood", rings, population=0)
            elif (i, j) == park_cell:
                # An octagonal park cut out of the neighbourhood (clockwise hole), and the park
                # itself as its own area (the same ring, counter-clockwise) so nothing overlaps.
                sx, sy = (EAST - WEST) / COLS, (NORTH - SOUTH) / ROWS
                cx, cy = WEST + sx * (i + 0.5), SOUTH + sy * (j + 0.5)
                hole = [[round(cx + 0.15 * sx * math.cos(-k * math.pi / 4), 6),
                         round(cy + 0.15 * sy * math.sin(-k * math.pi / 4), 6)] for k in range(8)]
                hole.append(hole[0])
                add(next(names), "neighborhood", [rings[0] + [hole]])
                add("Heron Lake Park", "neighborhood", [[hole[::-1]]], population=0)
            else:
                add(next(names), "neighborhood", rings)
    return areas


def check_areas(areas):
    """Fail loudly rather than write invalid polygons: closed rings, RFC 7946 winding, no self-crossing."""
    def crosses(p1, p2, p3, p4):
        def orient(a, b, c):
            v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
            return (v > 0) - (v < 0)
        return (orient(p1, p2, p3) != orient(p1, p2, p4)) and (orient(p3, p4, p1) != orient(p3, p4, p2))

    for area in areas:
        for rings in polygons_of(area["geometry"]):
            for k, ring in enumerate(rings):
                assert ring[0] == ring[-1] and len(ring) >= 4, area["id"]
                assert (signed_area(ring) > 0) == (k == 0), f"{area['id']} ring {k} wound the wrong way"
                edges = list(zip(ring, ring[1:]))
                for a in range(len(edges)):
                    for b in range(a + 2, len(edges)):
                        if a == 0 and b == len(edges) - 1:
                            continue   # first and last edges share the closing vertex
                        assert not crosses(*edges[a], *edges[b]), f"{area['id']} ring {k} crosses itself"


# --- facilities ------------------------------------------------------------------------------

STREETS = ["E Colfax Ave", "W Colfax Ave", "Broadway", "Federal Blvd", "Colorado Blvd", "W Alameda Ave",
           "E Evans Ave", "Sheridan Blvd", "Quebec St", "Downing St", "Santa Fe Dr", "Havana St",
           "E Yale Ave", "Welton St", "Lincoln St", "York St", "W 38th Ave", "E 17th Ave"]
ZIPS = ["80202", "80203", "80204", "80205", "80206", "80209", "80210", "80211", "80218", "80219", "80220"]
LEDO, WALK, HOLD, NOREF = "law_enforcement_dropoff", "walk_in", "involuntary_hold", "no_refusal"
MH, SU, CO, MED = "mental_health", "substance_use", "co_occurring", "medical_clearance"
ADULT, ALL, YOUTH = (18, 120), (0, 120), (10, 17)

# kind, name pattern, [(accepts, services, ages, hours or None when absent)] one entry per facility,
# beds range (None: not bed-based). Hours: "24/7" for crisis units and EDs, clinic hours for
# outpatient and urgent care, overnight spans for shelters and a sobering center.
FACILITY_PLAN = [
    ("crisis_stabilization", "{} Crisis Stabilization Unit", [
        ([LEDO, WALK, NOREF], [MH, SU, CO], ADULT, "24/7"),      # the 23-hour no-refusal receiving centre
        ([LEDO, WALK], [MH, CO], YOUTH, "24/7"),                 # youth unit
        ([LEDO, WALK, HOLD], [MH, CO], ADULT, "24/7"),
        ([LEDO, WALK], [MH, SU, CO], ADULT, "24/7"),
        ([WALK], [MH], ALL, "Mo-Fr 07:00-23:00; Sa-Su 09:00-21:00"),
    ], (8, 24)),
    ("behavioral_health_urgent_care", "{} Behavioral Health Urgent Care", [
        ([WALK], [MH], ALL, "Mo-Fr 08:00-20:00; Sa 10:00-14:00"),
        ([WALK], [MH, SU], ADULT, "Mo-Fr 09:00-21:00; Sa-Su 10:00-18:00"),
        ([WALK], [MH], YOUTH, "Mo,We,Fr 09:00-19:00; Tu,Th 11:00-21:00"),
        ([WALK], [MH, CO], ALL, "Mo-Su 08:00-22:00"),
    ], None),
    ("crisis_residential", "{} Crisis Residential", [
        ([WALK], [MH, CO], ADULT, "24/7"), ([WALK], [MH], ADULT, None),
        ([], [MH, CO], ADULT, "24/7"), ([WALK], [MH], YOUTH, "24/7"),
    ], (6, 16)),
    ("emergency_department", "{} Medical Center Emergency", [
        ([LEDO, WALK, HOLD], [MH, SU, MED], ALL, "24/7"), ([LEDO, WALK, HOLD], [MH, SU, CO, MED], ALL, "24/7"),
        ([LEDO, WALK, HOLD], [MH, SU, MED], ALL, None), ([LEDO, WALK, HOLD], [MH, MED], (0, 17), "24/7"),
        ([LEDO, WALK, HOLD], [MH, SU, MED], ALL, "24/7"), ([LEDO, WALK, HOLD], [MH, SU, MED], ALL, "24/7"),
        ([LEDO, WALK, HOLD], [MH, SU, CO, MED], ALL, "24/7"),
    ], (20, 60)),
    ("detox", "{} Withdrawal Management", [
        ([LEDO, WALK], [SU, MED], ADULT, "24/7"), ([LEDO, WALK], [SU], ADULT, "24/7"),
        ([WALK], [SU, CO], ADULT, "24/7"), ([LEDO, WALK], [SU, MED], ADULT, "24/7"),
    ], (10, 30)),
    ("sobering_center", "{} Sobering Center", [
        ([LEDO, WALK, NOREF], [SU], ADULT, "24/7"), ([LEDO, WALK], [SU], ADULT, "Mo-Su 18:00-10:00"),
        ([LEDO, WALK], [SU], ADULT, "Th-Sa 20:00-08:00; Su 20:00-06:00"),
    ], (12, 40)),
    ("outpatient", "{} Counseling Center", [
        ([WALK], [MH], ALL, "Mo-Fr 08:00-17:00"), ([WALK], [MH, SU], ADULT, "Mo-Th 08:00-19:00; Fr 08:00-17:00"),
        ([WALK], [MH], ALL, "Mo-Fr 09:00-12:00,13:00-17:00"), ([WALK], [SU], ADULT, "Mo-Fr 07:00-15:00"),
        ([WALK], [MH, CO], ADULT, "Mo,We,Fr 08:00-16:00; Tu,Th 10:00-19:00"), ([WALK], [MH], YOUTH, "Mo-Fr 12:00-19:00"),
        ([WALK], [SU, CO], ADULT, "Mo-Fr 08:00-20:00; Sa 10:00-14:00"), ([WALK], [MH], ALL, "Mo-Fr 08:00-17:00"),
        ([WALK], [MH, SU], ALL, "Tu-Sa 10:00-18:00"), ([WALK], [MH], ADULT, "Mo-Fr 08:30-16:30"),
    ], None),
    ("shelter", "{} Shelter", [
        ([WALK], [], ADULT, "Mo-Su 19:00-07:00"), ([WALK, LEDO], [], ADULT, "24/7"),
        ([WALK], [], ADULT, "Su-Th 19:00-07:00; Fr-Sa 18:00-08:00"), ([WALK], [], YOUTH, "24/7"),
        ([WALK], [], ADULT, "Mo-Su 17:00-08:00"), ([WALK], [], ALL, "24/7"), ([WALK], [], ADULT, "Fr-Sa 20:00-08:00"),
    ], (30, 120)),
    ("peer_respite", "{} Peer Respite House", [
        ([WALK], [MH], ADULT, "24/7"), ([WALK], [MH, CO], ADULT, "24/7"), ([WALK], [MH], ADULT, "24/7"),
    ], (4, 8)),
]
PAYERS = ["medicaid", "medicare", "private", "uninsured"]


def make_facilities():
    count = sum(len(entries) for _, _, entries, _ in FACILITY_PLAN)
    places = iter(rng.sample(PLACES, len(PLACES)) * 2)
    phones = iter(rng.sample(range(100, 200), count))   # 555-0100..0199 is reserved for fiction
    facilities = []
    for kind, pattern, entries, beds in FACILITY_PLAN:
        for k, (accepts, services, ages, hours) in enumerate(entries):
            props = {
                "id": f"F{len(facilities) + 1:03d}",
                "name": pattern.format(next(places)) + (" (Youth)" if ages == YOUTH else ""),
                "kind": kind,
                "address": f"{rng.randint(100, 9899)} {rng.choice(STREETS)}, Denver, CO {rng.choice(ZIPS)}",
                "phone": f"303-555-{next(phones):04d}",
                "accepts": accepts, "age_min": ages[0], "age_max": ages[1], "services": services,
                "languages": ["en", "es"] if rng.random() < 0.65 else ["en"],
                "payers": sorted(rng.sample(PAYERS, rng.randint(2, 4)), key=PAYERS.index),
                "timezone": "America/Denver",
            }
            if hours is not None:   # absent means open 24/7
                props["hours"] = hours
            if beds:
                total = rng.randint(*beds)
                full = k == len(entries) - 1 and kind != "emergency_department"   # the last of each kind is full
                # Most counts are fresh; about a third were last confirmed 12 hours to 2 days ago.
                minutes = rng.randint(10, 240) if rng.random() < 0.65 else rng.randint(720, 2880)
                props.update(beds_total=total, beds_available=0 if full else rng.randint(1, max(1, total // 3)),
                             availability_updated_at=rfc3339(REFERENCE - timedelta(minutes=minutes)))
            # Most services cluster in the core; a few serve the outskirts.
            if rng.random() < 0.8:
                location = gaussian_point(DOWNTOWN, 3500)
            else:
                location = (0, 0)
                while not in_extent(*location) or distance_km(location, DOWNTOWN) < 12:
                    location = (rng.uniform(WEST, EAST), rng.uniform(SOUTH, NORTH))
            facilities.append({"props": props, "xy": location})
    return facilities


# --- teams -----------------------------------------------------------------------------------

# model, call-sign prefix, [(agency, home (lon, lat), scatter in m)] cycled over the model's teams, count
TEAM_PLAN = [
    ("mobile_crisis", "MCT", [("Aurora Mobile Crisis", (-104.83, 39.71), 3000),
                              ("Jefferson County Mobile Crisis", (-105.10, 39.72), 4000)], 8),
    ("co_responder_ride_along", "CR", [("Denver Police", DOWNTOWN, 4000), ("Aurora Police", (-104.83, 39.71), 3000),
                                       ("Lakewood Police", (-105.08, 39.705), 2500)], 7),
    ("co_responder_on_call", "COR", [("Jefferson County Sheriff", (-105.12, 39.72), 5000),
                                     ("Denver Police", DOWNTOWN, 4000)], 5),
    ("cit_officer", "CIT", [("Denver Police", DOWNTOWN, 4000), ("Aurora Police", (-104.83, 39.71), 3000),
                            ("Jefferson County Sheriff", (-105.12, 39.72), 5000)], 8),
    ("clinician_only", "STAR", [("Denver Health STAR", DOWNTOWN, 3000)], 6),
]
STATUSES = (["available"] * 17 + ["dispatched"] * 3 + ["en_route"] * 3 + ["on_scene"] * 4
            + ["transporting"] * 2 + ["out_of_service"] * 2 + ["off_duty"] * 3)
SKILLS = ["youth", "spanish", "substance_use", "peer", "veterans", "deaf_hoh"]
SKILL_ODDS = [0.25, 0.45, 0.3, 0.2, 0.1, 0.05]


def make_teams():
    count = sum(n for *_, n in TEAM_PLAN)
    statuses = STATUSES[:count] + ["available"] * (count - len(STATUSES))
    rng.shuffle(statuses)
    stale = set(rng.sample(range(count), 4))
    teams = []
    for model, prefix, homes, n in TEAM_PLAN:
        numbers = sorted(rng.sample(range(1, 20), n))   # call signs with gaps, as rosters have
        for k in range(n):
            index = len(teams)
            agency, home, scatter = homes[k % len(homes)]
            # Fixes are fresh relative to REFERENCE, mostly under 4 minutes so the demo's query five
            # minutes later still sees them within the 10-minute freshness default; four are stale.
            seconds = (rng.randint(1200, 5400) if index in stale
                       else rng.randint(5, 240) if rng.random() < 0.75 else rng.randint(240, 480))
            props = {
                "id": f"T{index + 1:02d}", "call_sign": f"{prefix}-{numbers[k]}", "model": model,
                "status": statuses[index], "fix_at": rfc3339(REFERENCE - timedelta(seconds=seconds)),
                "skills": [s for s, p in zip(SKILLS, SKILL_ODDS) if rng.random() < p], "agency": agency,
            }
            teams.append({"props": props, "xy": gaussian_point(home, scatter)})
    return teams


# --- calls -----------------------------------------------------------------------------------

CATEGORIES = {"welfare_check": 30, "psychiatric": 26, "suicide_risk": 12, "substance_use": 11,
              "disturbance": 10, "overdose": 7, "other": 4}
PRIORITIES = {"suicide_risk": [30, 35, 20, 10, 5], "overdose": [45, 35, 15, 4, 1],
              "psychiatric": [8, 22, 40, 20, 10], "welfare_check": [3, 12, 35, 30, 20],
              "substance_use": [5, 15, 40, 25, 15], "disturbance": [5, 20, 40, 25, 10], "other": [2, 8, 30, 35, 25]}
DISPOSITIONS = ["resolved_on_scene", "transported_facility", "hospitalized", "arrest", "referred", ""]
DISPOSITION_ODDS = {"suicide_risk": [30, 30, 20, 1, 14, 5], "overdose": [25, 15, 45, 2, 8, 5],
                    "psychiatric": [40, 25, 10, 3, 17, 5], "welfare_check": [60, 5, 3, 1, 26, 5],
                    "substance_use": [40, 25, 5, 6, 19, 5], "disturbance": [55, 5, 2, 13, 20, 5],
                    "other": [60, 3, 2, 2, 28, 5]}
# Where transported people go, by category (hospitalized always means an emergency department).
RECEIVING = {"overdose": ["detox", "sobering_center", "emergency_department"],
             "substance_use": ["detox", "sobering_center", "crisis_stabilization"]}
RECEIVING_DEFAULT = ["crisis_stabilization", "behavioral_health_urgent_care", "crisis_residential",
                     "peer_respite", "emergency_department"]
# Low 03:00-07:00, rising through the day, peak 15:00-23:00 (local wall-clock hour).
HOUR_WEIGHTS = [5, 4, 3, 2, 1.5, 1.5, 2, 2.5, 3.5, 4.5, 5.5, 6, 6.5, 7, 7.5, 8.5, 9, 9, 9, 9, 8.5, 8, 7.5, 6.5]
# (lon, lat, sigma m, weight) points, or ((lon, lat), (lon, lat), sigma m, weight) corridors:
HOTSPOTS = [
    ((-104.9990, 39.7480), None, 500, 10),    # downtown and Union Station
    ((-104.9870, 39.7380), None, 400, 9),     # Civic Center
    ((-104.9800, 39.7400), (-104.8800, 39.7400), 250, 14),   # the Colfax corridor
    ((-104.9900, 39.7560), None, 350, 7),     # shelter blocks near the ballpark
    ((-104.9780, 39.7540), None, 500, 5),     # Five Points
    ((-104.9920, 39.7090), None, 600, 4),     # Alameda light-rail station
    ((-104.8600, 39.7405), None, 800, 4),     # East Colfax in Aurora
    ((-104.8250, 39.6980), None, 1200, 3),    # Aurora transit centre
    ((-105.0250, 39.7300), None, 900, 3),     # Federal Blvd
    ((-105.0800, 39.7400), None, 1200, 2),    # West Colfax, Lakewood
    ((-104.9350, 39.8100), None, 1500, 2),    # north, Commerce City
    ((-104.9880, 39.6500), None, 1000, 2),    # Englewood
]


def hour_slots():
    """Every local hour of the year with its weight. Walking UTC hours and converting with
    zoneinfo gets DST right: 2026-03-08 02:00 never happens, 2025-11-02 01:00 happens twice."""
    start, end = CALLS_FROM.astimezone(timezone.utc), CALLS_TO.astimezone(timezone.utc)
    slots, weights = [], []
    moment = start
    while moment < end:
        local = moment.astimezone(DENVER)
        weight = HOUR_WEIGHTS[local.hour]
        if (local.weekday() in (4, 5) and local.hour >= 18) or (local.weekday() in (5, 6) and local.hour < 4):
            weight *= 1.4   # Friday and Saturday nights
        weight *= 1 + 0.1 * math.cos(2 * math.pi * (local.timetuple().tm_yday - 200) / 365)   # mild summer peak
        slots.append(moment)
        weights.append(weight)
        moment += timedelta(hours=1)
    return slots, weights


def inside(xy, rings):
    """Even-odd point-in-polygon over the exterior and its holes."""
    x, y = xy
    result = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                result = not result
    return result


def point_in_area(area):
    """Uniform point inside an area, by rejection from its bounding box."""
    polygons = polygons_of(area["geometry"])
    xs = [p[0] for rings in polygons for p in rings[0]]
    ys = [p[1] for rings in polygons for p in rings[0]]
    while True:
        candidate = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
        if any(inside(candidate, rings) for rings in polygons):
            return candidate


def hotspot_point():
    a, b, sigma, _ = rng.choices(HOTSPOTS, weights=[h[3] for h in HOTSPOTS])[0]
    if b is None:
        return gaussian_point(a, sigma)
    t = rng.random()   # corridors: anywhere along the street, scattered across it
    return gaussian_point((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])), sigma)


def make_calls(areas, teams, facilities):
    slots, weights = hour_slots()
    populated = [a for a in areas if a["population"] > 0]
    team_ids = [t["props"]["id"] for t in teams]
    by_kind = {}
    for f in facilities:
        by_kind.setdefault(f["props"]["kind"], []).append(f)
    rows = []
    for slot in rng.choices(slots, weights=weights, k=CALL_COUNT):
        when = (slot + timedelta(seconds=rng.randrange(3600))).astimezone(DENVER)
        odds = dict(CATEGORIES)
        if when.day <= 5:
            odds["overdose"] *= 2   # more overdoses just after benefit payments early in the month
        category = rng.choices(list(odds), weights=list(odds.values()))[0]
        xy = hotspot_point() if rng.random() < 0.6 else point_in_area(
            rng.choices(populated, weights=[a["population"] for a in populated])[0])
        priority = rng.choices([1, 2, 3, 4, 5], weights=PRIORITIES[category])[0]
        disposition = rng.choices(DISPOSITIONS, weights=DISPOSITION_ODDS[category])[0]
        facility = ""
        if disposition in ("transported_facility", "hospitalized"):
            kinds = ["emergency_department"] if disposition == "hospitalized" else RECEIVING.get(category, RECEIVING_DEFAULT)
            options = [f for k in kinds for f in by_kind[k]]   # nearer facilities are likelier
            facility = rng.choices(options, weights=[1 / (1 + distance_km(xy, f["xy"])) ** 2 for f in options])[0]
            facility = facility["props"]["id"]
        team = rng.choice(team_ids) if rng.random() < 0.85 else ""
        rows.append((when, category, priority, disposition, team, facility, xy))
    rows.sort(key=lambda r: r[0])   # stable: equal instants keep generation order
    # Timelines from a Random of their own, so every other column stays what it was.
    timeline_rng = Random(SEED + 11)
    with open(os.path.join(OUT, "calls.csv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("id,received_at,category,priority,disposition,team_id,facility_id,"
                  + ",".join(STEP_COLUMNS) + ",lat,lon\n")
        for n, (when, category, priority, disposition, team, facility, (x, y)) in enumerate(rows, 1):
            times = timeline(timeline_rng, when, priority, team, facility)
            steps = ",".join(rfc3339(times[c]) if c in times else "" for c in STEP_COLUMNS)
            out.write(f"C{n:06d},{rfc3339(when)},{category},{priority},{disposition},{team},{facility},{steps},"
                      f"{y:.6f},{x:.6f}\n")
    return rows


STEP_COLUMNS = ["assigned_at", "en_route_at", "on_scene_at", "transport_at", "at_facility_at", "cleared_at"]


def timeline(trng, received, priority, team, facility):
    """A team's plausible steps: assigned within minutes (sooner for urgent calls), often
    but not always marked en route, a drive of about 12 minutes (a long tail to the
    county's edges), 20-75 minutes on scene, and a transport, arrival and hand-off when
    the person was taken somewhere. No team, no times."""
    if not team:
        return {}
    seconds = lambda median, spread: median * math.exp(trng.gauss(0, spread))
    times = {"assigned_at": received + timedelta(seconds=round(seconds(45 + 30 * priority, 0.6)))}
    moment = times["assigned_at"]
    if trng.random() < 0.9:
        moment += timedelta(seconds=round(seconds(75, 0.5)))
        times["en_route_at"] = moment
    moment += timedelta(seconds=round(seconds(720, 0.55)))
    times["on_scene_at"] = moment
    if facility:
        moment += timedelta(seconds=round(seconds(1800, 0.4)))
        times["transport_at"] = moment
        moment += timedelta(seconds=round(seconds(900, 0.4)))
        times["at_facility_at"] = moment
        moment += timedelta(seconds=round(seconds(2400, 0.6)))   # the hand-off at the facility
    else:
        moment += timedelta(seconds=round(seconds(2400, 0.45)))
    times["cleared_at"] = moment
    return times



# Streets: a jittered grid about 500 m apart, arterials every 4th street (35 mph, bridged),
# residential streets (25 mph) that stop at the river, one-way pairs downtown. Its own
# Random so the other files stay byte for byte what they were.
RIVER = [(-105.03, 39.55), (-105.02, 39.65), (-105.005, 39.72), (-104.99, 39.76), (-104.96, 39.79),
         (-104.93, 39.82), (-104.88, 39.87), (-104.83, 39.95)]
STREET_DX, STREET_DY = 0.006, 0.0045


def segments_cross(p1, p2, p3, p4):
    def orient(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    d1, d2 = orient(p3, p4, p1), orient(p3, p4, p2)
    d3, d4 = orient(p1, p2, p3), orient(p1, p2, p4)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0)


def crosses_river(a, b):
    return any(segments_cross(a, b, RIVER[i], RIVER[i + 1]) for i in range(len(RIVER) - 1))


def make_roads():
    street_rng = Random(SEED + 7)
    cols = int(round((EAST - WEST) / STREET_DX)) + 1
    rows = int(round((NORTH - SOUTH) / STREET_DY)) + 1
    position = {}
    for r in range(rows):
        for c in range(cols):
            dx, dy = metres_to_degrees(street_rng.uniform(-60, 60), street_rng.uniform(-60, 60), 39.75)
            position[(r, c)] = (round(WEST + c * STREET_DX + dx, 7), round(SOUTH + r * STREET_DY + dy, 7))

    def node_id(r, c):
        return 1_000_000 + r * cols + c

    def downtown(a):
        return abs(a[0] - DOWNTOWN[0]) < 0.025 and abs(a[1] - DOWNTOWN[1]) < 0.02

    ways = []

    def street(cells, index, kind):
        """Links along one street, grouped into ways where the tags change or the street stops at the river."""
        arterial = index % 4 == 0
        run, run_tags = [], None
        for a, b in zip(cells, cells[1:]):
            pa, pb = position[a], position[b]
            if crosses_river(pa, pb) and not arterial:
                tags = None
            else:
                name = f"{'Avenue' if kind == 'row' else 'Street'} {index}"
                tags = [("highway", "primary" if arterial else "residential"), ("maxspeed", "35 mph" if arterial else "25 mph"),
                        ("name", name)]
                if arterial and crosses_river(pa, pb):
                    tags.append(("bridge", "yes"))
                if not arterial and index % 2 == 1 and downtown(pa) and downtown(pb):
                    tags.append(("oneway", "yes" if index % 4 == 1 else "-1"))
            if tags != run_tags and run:
                if run_tags is not None:
                    ways.append((run, run_tags))
                run = []
            if tags is not None:
                if not run:
                    run = [a]
                run.append(b)
            run_tags = tags
        if run and run_tags is not None:
            ways.append((run, run_tags))

    for r in range(rows):
        street([(r, c) for c in range(cols)], r, "row")
    for c in range(cols):
        street([(r, c) for r in range(rows)], c, "column")

    used = sorted({cell for run, _ in ways for cell in run}, key=lambda cell: node_id(*cell))
    with open(os.path.join(OUT, "roads.osm"), "w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="crisismap generate_geodata.py">\n')
        for cell in used:
            lon, lat = position[cell]
            out.write(f'  <node id="{node_id(*cell)}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"/>\n')
        for number, (run, tags) in enumerate(ways, start=1):
            out.write(f'  <way id="{number}" version="1">\n')
            out.write("".join(f'    <nd ref="{node_id(*cell)}"/>\n' for cell in run))
            out.write("".join(f'    <tag k="{k}" v="{v}"/>\n' for k, v in tags))
            out.write("  </way>\n")
        out.write("</osm>\n")
    return len(used), len(ways)

README = """# GeoData: a synthetic sample region

**All of this data is synthetic.** Every area, facility, team and call in this
folder was made up by `Tools/generate_geodata.py` (Python standard library,
`random.Random({seed})`); none represents a real person, call, team or service,
and names, addresses and phone numbers (303-555-01xx) are invented. The data
sits on the real map of the Denver, Colorado metro area (lon {west:.2f}..{east:.2f},
lat {south:.2f}..{north:.2f}; UTM zone 13N) so projections, time zones and distances
behave as in production.

Regenerate byte for byte with

    python3 Tools/generate_geodata.py

| file | what |
| --- | --- |
| `areas.geojson` | {areas} areas tiling the extent (a jittered grid; shared edges, no overlaps): neighborhoods and a few census tracts with population, densest downtown; two MultiPolygons, one polygon with a hole (a park, which is also its own area), two areas with no residents |
| `facilities.geojson` | {facilities} facilities, at least two of every kind: opening hours (`24/7`, clinic hours, overnight shelter spans, and two with none, meaning 24/7), beds for bed-based kinds (some full) and when they were last confirmed (some over 12 hours before the reference time), no-refusal, youth-only and all-ages units |
| `teams.geojson` | {teams} teams of every model and status, about half available; position fixes a few minutes before the reference time, four stale |
| `roads.osm` | {road_nodes} street corners and {road_ways} ways in OpenStreetMap XML: a jittered grid about 500 m apart, arterials every fourth street (`primary`, 35 mph) bridging a river laid where the South Platte runs, residential streets (25 mph) that stop at it, one-way pairs downtown |
| `calls.csv` | {calls} calls received 2025-11-01 to 2026-10-31 (local Denver time, `-07:00`/`-06:00` across DST), sorted by time; 60% clustered around downtown, the Colfax corridor, shelters and transit hubs, the rest spread by area population; fewer 03:00-07:00, peak 15:00-23:00, busier Friday and Saturday nights, a mild summer peak and more overdoses on the 1st-5th of each month; each call with a team has that team's timeline (`assigned_at`, usually `en_route_at`, `on_scene_at`, `transport_at` and `at_facility_at` when the person was taken somewhere, `cleared_at`: drives of about 12 minutes with a long tail, hand-offs of about 40), from a `random.Random({seed} + 11)` of its own |

The reference time ("now") for team fixes and bed counts is
`2026-11-22T14:00:00-07:00`; the demo queries at `2026-11-22T14:05:00-07:00`.
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    areas = make_areas()
    check_areas(areas)
    write_collection("areas.geojson", [
        feature(a["geometry"], {k: a[k] for k in ("id", "name", "kind", "population")}) for a in areas])
    facilities = make_facilities()
    write_collection("facilities.geojson", [feature(point(f["xy"]), f["props"]) for f in facilities])
    teams = make_teams()
    write_collection("teams.geojson", [feature(point(t["xy"]), t["props"]) for t in teams])
    calls = make_calls(areas, teams, facilities)
    road_nodes, road_ways = make_roads()
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8", newline="\n") as out:
        out.write(README.format(seed=SEED, west=WEST, east=EAST, south=SOUTH, north=NORTH, areas=len(areas),
                                facilities=len(facilities), teams=len(teams), calls=len(calls),
                                road_nodes=road_nodes, road_ways=road_ways))

    def tally(values):
        return ", ".join(f"{k} {n}" for k, n in sorted(Counter(values).items()))
    print(f"areas {len(areas)}: {tally(a['geometry']['type'] for a in areas)}; {tally(a['kind'] for a in areas)}")
    print(f"facilities {len(facilities)}: {tally(f['props']['kind'] for f in facilities)}")
    print(f"teams {len(teams)}: {tally(t['props']['status'] for t in teams)}")
    print(f"calls {len(calls)}: {tally(c[1] for c in calls)}")


if __name__ == "__main__":
    main()
