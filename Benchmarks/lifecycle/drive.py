#!/usr/bin/env python3
"""Drives calls from received to closed against one server and times every
request (stdlib only). While WORKERS threads move OPEN calls through
assigned, en_route and on_scene, one more thread reads the board
(GET /v1/calls?state=open) as fast as it is answered; then every call is
cleared and closed. Prints one JSON object of latencies (ms) per kind.

Usage: drive.py URL DISPATCHER_KEY TEAMS OPEN WORKERS
"""
import http.client
import json
import sys
import threading
import time
from datetime import datetime, timezone
from urllib.parse import urlparse

url, key, teams, open_calls, workers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
host = urlparse(url)
timings = {}
lock = threading.Lock()


def now(offset=0.0):
    return datetime.fromtimestamp(time.time() + offset, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Client:
    def __init__(self):
        self.connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)

    def send(self, kind, method, path, body=None, expect=(200, 201)):
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        started = time.perf_counter()
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status not in expect:
            raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
        with lock:
            timings.setdefault(kind, []).append(elapsed)
        return data


def calls_for(worker):
    return [n for n in range(open_calls) if n % workers == worker]


def create(worker):
    client = Client()
    for n in calls_for(worker):
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-104.99 + n * 1e-4, 39.74]},
                   "properties": {"id": f"L{n:05d}", "received_at": now(-60), "category": "psychiatric", "priority": 2}}
        client.send("create", "POST", "/v1/calls", feature)


def advance(worker, steps):
    client = Client()
    for n in calls_for(worker):
        call, team = f"L{n:05d}", f"T{n % teams:05d}"
        for step in steps:
            if step == "assign":
                client.send("assign", "POST", f"/v1/calls/{call}/assignments", {"team_id": team, "at": now()})
            elif step == "close":
                client.send("close", "POST", f"/v1/calls/{call}/close", {"disposition": "resolved_on_scene", "at": now()})
            else:
                client.send("step", "PUT", f"/v1/calls/{call}/assignments/{team}", {"step": step, "at": now()})


def board(stop):
    client = Client()
    while not stop.is_set():
        data = client.send("board", "GET", "/v1/calls?state=open")
        with lock:
            timings.setdefault("board_rows", []).append(len(json.loads(data)["calls"]))


def run(target, *args):
    threads = [threading.Thread(target=target, args=(w, *args)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


run(create)
stop = threading.Event()
reader = threading.Thread(target=board, args=(stop,))
reader.start()
started = time.time()
run(advance, ["assign", "en_route", "on_scene"])
stop.set()
reader.join()
middle = time.time() - started
run(advance, ["cleared", "close"])


def summary(values):
    values = sorted(values)
    pick = lambda q: round(values[min(len(values) - 1, int(q * len(values)))], 2)
    return {"requests": len(values), "p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": round(values[-1], 2)}


result = {kind: summary(values) for kind, values in timings.items() if kind != "board_rows"}
rows = timings.get("board_rows", [0])
result["board_open_calls"] = {"min": min(rows), "max": max(rows)}
result["advance_seconds"] = round(middle, 2)
print(json.dumps(result, indent=2))
