#!/usr/bin/env python3
"""The soak's live clients (#20): position updates at RATE/s over TEAMS teams,
each team's fixes newer than the last, and STREAMS event streams that read
for 5-30 s, close and reconnect, for SECONDS. Writes OUT (JSON): answers by
status, the last update answered 200 and applied per team, stream sessions
and events received. 127.0.0.1 only.

Usage: soak.py URL DEVICE_KEY DISPATCHER_KEY TEAMS RATE STREAMS SECONDS OUT
"""
import http.client
import json
import random
import socket
import sys
import threading
import time
from datetime import datetime, timezone
from urllib.parse import urlparse


def main() -> None:
    url, device, dispatcher = urlparse(sys.argv[1]), sys.argv[2], sys.argv[3]
    teams, rate, streams, seconds, out = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), sys.argv[8]
    host, port = url.hostname, url.port
    end = time.monotonic() + seconds
    lock = threading.Lock()
    statuses: dict[str, int] = {}
    last_applied: dict[str, dict] = {}
    # Teams whose last update got no answer: it may or may not have been applied.
    uncertain: set[str] = set()
    stream_stats = {"sessions": 0, "events": 0, "refused": 0, "errors": 0}
    workers = 4

    def updates(worker: int) -> None:
        rng = random.Random(worker)
        connection = http.client.HTTPConnection(host, port, timeout=30)
        pause = workers / rate
        next_at = time.monotonic()
        # Each worker owns the teams whose index is worker mod workers, so a
        # team's fixes are sent in order by one client.
        mine = [i for i in range(teams) if i % workers == worker]
        while time.monotonic() < end:
            next_at += pause
            team = f"T{rng.choice(mine):05d}"
            fix_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            lat, lon = round(39.5 + rng.random(), 5), round(-105.5 + rng.random(), 5)
            body = json.dumps({"lat": lat, "lon": lon, "fix_at": fix_at})
            try:
                connection.request("PUT", f"/v1/teams/{team}/position", body,
                                   {"Authorization": f"Bearer {device}", "Content-Type": "application/json"})
                response = connection.getresponse()
                answer = response.read()
                status = str(response.status)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                status = "connection-error"
                answer = b""
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == "200" and json.loads(answer).get("applied"):
                    last_applied[team] = {"lat": lat, "lon": lon, "fix_at": fix_at}
                    uncertain.discard(team)
                elif status == "connection-error":
                    uncertain.add(team)
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)

    def stream(index: int) -> None:
        rng = random.Random(1000 + index)
        while time.monotonic() < end:
            session_end = min(end, time.monotonic() + rng.uniform(5, 30))
            try:
                s = socket.create_connection((host, port), timeout=1)
                s.sendall(f"GET /v1/teams/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {dispatcher}\r\n\r\n".encode())
                first = b""
                while b"\r\n" not in first:
                    first += s.recv(4096)
                if not first.startswith(b"HTTP/1.1 200"):
                    with lock:
                        stream_stats["refused"] += 1
                    s.close()
                    time.sleep(2)
                    continue
                events = first.count(b"event: team")
                while time.monotonic() < session_end:
                    try:
                        chunk = s.recv(65536)
                    except socket.timeout:
                        continue
                    if not chunk:
                        break
                    events += chunk.count(b"event: team")
                s.close()
                with lock:
                    stream_stats["sessions"] += 1
                    stream_stats["events"] += events
            except OSError:
                with lock:
                    stream_stats["errors"] += 1
                time.sleep(1)

    threads = [threading.Thread(target=updates, args=(w,)) for w in range(workers)]
    threads += [threading.Thread(target=stream, args=(i,)) for i in range(streams)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump({"statuses": statuses, "last_applied": last_applied, "uncertain": sorted(uncertain), "streams": stream_stats},
              open(out, "w"))


if __name__ == "__main__":
    main()
