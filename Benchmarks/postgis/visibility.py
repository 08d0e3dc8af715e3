#!/usr/bin/env python3
"""A→B visibility: how long after server A acknowledges a team's new
position does server B's in-memory engine use it?

Usage: visibility.py URL_A URL_B TEAM DEVICE_KEY DISPATCHER_KEY COUNT OUT.json [LABEL] [MAX_SECONDS]

COUNT times: PUT /v1/teams/TEAM/position through A (a device key bound to
TEAM, fix_at = now), then POST /v1/recommendations at exactly that point
through B, again and again on one keep-alive connection, until B ranks TEAM
first at distance < 1 m. Reports the delay from A's acknowledgement (and
from sending the update) to B's first answer that shows it: median, p90,
p99, max (rounds not seen within 5 s count as 5,000 ms), and how many B
answers were stale before it. Deterministic points
(seeded), spread over Colorado; a short random pause between rounds. Stops
early after MAX_SECONDS (default 120) and reports the rounds it made.
Stdlib only.
"""
import datetime
import http.client
import json
import random
import sys
import time
import urllib.parse


def connect(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)


def call(conn, method, path, body, key):
    conn.request(method, path, body=json.dumps(body), headers={
        "Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        raise RuntimeError(f"{method} {path}: HTTP {response.status} {data[:300]!r}")
    return json.loads(data)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(len(ordered) * p + 0.999999) - 1))]


def main():
    url_a, url_b, team, device_key, dispatcher_key = sys.argv[1:6]
    count, out = int(sys.argv[6]), sys.argv[7]
    label = sys.argv[8] if len(sys.argv) > 8 else "quiet"
    budget = float(sys.argv[9]) if len(sys.argv) > 9 else 120
    began = time.monotonic()
    rng = random.Random(20261201)
    a, b = connect(url_a), connect(url_b)
    since_ack, since_send, stale_answers, misses, errors = [], [], [], 0, []
    rounds = 0
    for i in range(count):
        if time.monotonic() - began > budget:
            break
        rounds += 1
        lat, lon = round(rng.uniform(37.2, 40.8), 6), round(rng.uniform(-108.8, -102.2), 6)
        fix_at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        sent = time.monotonic()
        try:
            answer = call(a, "PUT", f"/v1/teams/{team}/position", {"lat": lat, "lon": lon, "fix_at": fix_at}, device_key)
        except (RuntimeError, OSError, http.client.HTTPException) as error:
            errors.append(f"update {i}: {error}")
            a.close()
            continue
        acked = time.monotonic()
        if not answer.get("applied"):
            errors.append(f"update {i} not applied: {answer}")
            continue
        stale = 0
        while True:
            try:
                result = call(b, "POST", "/v1/recommendations", {"lat": lat, "lon": lon}, dispatcher_key)
            except (RuntimeError, OSError, http.client.HTTPException) as error:
                errors.append(f"poll {i}: {error}")
                b.close()
                result = {}
            seen = time.monotonic()
            first = (result.get("teams", {}).get("results") or [{}])[0]
            if first.get("id") == team and first.get("distance_m", 1e9) < 1:
                break
            stale += 1
            if seen - acked > 5:
                misses += 1
                break
        # A round not seen within 5 s counts as 5,000 ms (censored), so the
        # percentiles include it.
        since_ack.append(min(seen - acked, 5) * 1000)
        since_send.append(min(seen - sent, 5 + acked - sent) * 1000)
        stale_answers.append(stale)
        time.sleep(rng.uniform(0.005, 0.05))

    def summary(values):
        if not values:
            return {"median_ms": None, "p90_ms": None, "p99_ms": None, "max_ms": None, "min_ms": None}
        return {"median_ms": percentile(values, 0.5), "p90_ms": percentile(values, 0.9), "p99_ms": percentile(values, 0.99),
                "max_ms": max(values), "min_ms": min(values)}

    result = {"label": label, "rounds": rounds, "misses_over_5s": misses, "http_errors": len(errors),
              "first_errors": errors[:5],
              "since_ack": summary(since_ack), "since_send": summary(since_send),
              "stale_answers_from_b": {"median": percentile(stale_answers, 0.5) if stale_answers else None,
                                       "max": max(stale_answers, default=None),
                                       "rounds_with_any": sum(1 for s in stale_answers if s > 0)}}
    json.dump(result, open(out, "w"), indent=2)
    s = result["since_ack"]
    if s["median_ms"] is None:
        print(f"A→B visibility ({label}): no update got through; {len(errors)} HTTP errors: {errors[:3]}")
        return
    print(f"A→B visibility ({label}, {rounds} updates): from A's 200 to B's first answer using it "
          f"median {s['median_ms']:.1f} ms, p90 {s['p90_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms, max {s['max_ms']:.1f} ms; "
          f"B answered stale before it in {result['stale_answers_from_b']['rounds_with_any']} rounds "
          f"(at most {result['stale_answers_from_b']['max']} times); {misses} not seen within 5 s; {len(errors)} HTTP errors")


if __name__ == "__main__":
    main()
