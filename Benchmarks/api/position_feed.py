#!/usr/bin/env python3
"""A paced feed of team position updates for the API benchmark (stdlib only).

Usage: position_feed.py URL KEY TEAMS RATE SECONDS

Sends PUT /v1/teams/{id}/position at RATE per second for SECONDS over eight
keep-alive connections, paced by the wall clock (wrk can only pause a fixed
time between requests, so its rate would fall as latency rises). Fix times
grow, so updates are newer than the stored ones. Prints one JSON line:
sent, applied, per_second, p50_ms, p99_ms, errors.
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse


def main():
    url, key, teams, rate, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
    parsed = urllib.parse.urlparse(url)
    workers = 8
    interval = workers / rate
    latencies, applied, errors = [], [0], [0]
    lock = threading.Lock()
    start = time.monotonic()
    base = time.time() + 3600

    def run(worker):
        rng = random.Random(worker)
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        due = start + worker * interval / workers
        sent = 0
        while due < start + seconds:
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(base + (time.monotonic() - start)))
            millis = int((time.monotonic() * 1000) % 1000)
            body = json.dumps({"lat": 39.5 + rng.random(), "lon": -105.5 + rng.random(), "fix_at": f"{stamp}.{millis:03d}Z"})
            began = time.monotonic()
            try:
                connection.request("PUT", f"/v1/teams/T{rng.randrange(teams):05d}/position", body, headers)
                answer = connection.getresponse()
                payload = answer.read()
                with lock:
                    latencies.append(time.monotonic() - began)
                    if answer.status == 200 and b'"applied":true' in payload:
                        applied[0] += 1
                    elif answer.status != 200:
                        errors[0] += 1
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
            sent += 1
            due += interval

    threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    latencies.sort()
    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 3) if latencies else None
    print(json.dumps({"sent": len(latencies), "applied": applied[0], "per_second": round(len(latencies) / elapsed),
                      "p50_ms": pct(0.5), "p99_ms": pct(0.99), "errors": errors[0]}))


if __name__ == "__main__":
    main()
