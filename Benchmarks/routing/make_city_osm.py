#!/usr/bin/env python3
"""Writes a synthetic city's streets as OpenStreetMap XML, for the routing
benchmark at the issue's scale (no OSM extract with 100,000 road nodes ships
in a PyPI or Debian package; see README.md).

An N x N street grid ~90 m apart around Denver (node ids above 2^32, as real
OSM ids are), jittered a little so no two blocks are alike; every 10th street
an arterial (primary, 60 km/h, two-way); the rest residential streets
(maxspeed from the importer's defaults, some with maxspeed=40), about 12% of
them one-way (half tagged oneway=-1), and 5% of block links missing, so
routes must go round. Seeded: the same N and SEED give the same file.

Usage: make_city_osm.py N OUT.osm [SEED]
"""
import random
import sys

BASE = 10_000_000_000


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    lat0, lon0, step_lat, step_lon = 39.60, -105.10, 0.00081, 0.00105

    def node_id(r, c):
        return BASE + r * n + c

    way = [BASE]

    def write_way(f, refs, tags):
        way[0] += 1
        f.write(f'  <way id="{way[0]}" version="1">\n')
        for ref in refs:
            f.write(f'    <nd ref="{ref}"/>\n')
        for k, v in tags:
            f.write(f'    <tag k="{k}" v="{v}"/>\n')
        f.write("  </way>\n")

    with open(out, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="crisismap make_city_osm.py">\n')
        for r in range(n):
            for c in range(n):
                lat = lat0 + r * step_lat + rng.uniform(-0.00012, 0.00012)
                lon = lon0 + c * step_lon + rng.uniform(-0.00015, 0.00015)
                f.write(f'  <node id="{node_id(r, c)}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"/>\n')
        # Each block link is its own way, so links can be dropped or made one-way one by one.
        for r in range(n):
            for c in range(n):
                for dr, dc in ((0, 1), (1, 0)):
                    rr, cc = r + dr, c + dc
                    if rr >= n or cc >= n:
                        continue
                    arterial = (dr == 0 and r % 10 == 0) or (dc == 0 and c % 10 == 0)
                    if arterial:
                        write_way(f, [node_id(r, c), node_id(rr, cc)],
                                  [("highway", "primary"), ("maxspeed", "60"), ("name", f"Arterial {r if dr == 0 else c}")])
                        continue
                    if rng.random() < 0.05:
                        continue
                    tags = [("highway", "residential"), ("name", f"Street {r}-{c}")]
                    if rng.random() < 0.3:
                        tags.append(("maxspeed", "40"))
                    roll = rng.random()
                    if roll < 0.06:
                        tags.append(("oneway", "yes"))
                    elif roll < 0.12:
                        tags.append(("oneway", "-1"))
                    write_way(f, [node_id(r, c), node_id(rr, cc)], tags)
        f.write("</osm>\n")


if __name__ == "__main__":
    main()
