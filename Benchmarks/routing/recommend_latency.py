#!/usr/bin/env python3
"""POST /v1/recommendations with road ETAs, one request at a time over one
keep-alive connection, at the call points make_city_sites.py wrote: the
latency of a whole recommendation (two ranked searches of 20 road-timed
candidates each, rules, reasons, JSON) as a dispatcher's console sees it.
Runs with and without include_routes. Prints a Markdown table.

Usage: recommend_latency.py HOST:PORT KEY WORKDIR [REQUESTS]
"""
import csv
import http.client
import json
import statistics
import sys
import time


def main():
    address, key, work = sys.argv[1], sys.argv[2], sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 500
    with open(f"{work}/calls.csv", newline="") as f:
        calls = [(float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f)]
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    print("\n## POST /v1/recommendations, road ETAs, one at a time\n")
    print("| include_routes | requests | median ms | p90 ms | p99 ms | eta_method |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for routes in (False, True):
        latencies, method = [], None
        for i in range(count + 20):
            lat, lon = calls[i % len(calls)]
            body = json.dumps({"lat": lat, "lon": lon, "include_routes": routes})
            started = time.perf_counter()
            connection.request("POST", "/v1/recommendations", body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                sys.exit(f"recommend_latency: {response.status} {data[:300]!r}")
            if i >= 20:  # the first requests warm the connection and caches
                latencies.append(elapsed)
            method = json.loads(data)["teams"]["eta_method"]
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))]
        print(f"| {str(routes).lower()} | {count} | {statistics.median(latencies):.2f} | {p(0.9):.2f} | {p(0.99):.2f} | {method} |")


if __name__ == "__main__":
    main()
