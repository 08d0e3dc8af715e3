#!/usr/bin/env python3
"""Lock waits PostgreSQL logged (log_lock_waits=on, deadlock_timeout=100ms)
between two byte offsets of its server log: how many waits lasted past
100 ms, the longest, by lock. "object 0 of class 1262" is the lock every
transaction that sent NOTIFY takes at commit (one at a time, cluster-wide).

Usage: lockwaits.py SERVER.log FROM_BYTE TO_BYTE OUT.json
"""
import json
import re
import sys

log, start, end, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with open(log, "rb") as f:
    f.seek(start)
    text = f.read(max(0, end - start)).decode("utf-8", "replace")
pattern = re.compile(r"process (\d+) acquired (\w+) on (.+?) after ([0-9.]+) ms")
waits = {}
for pid, mode, what, ms in pattern.findall(text):
    name = "NOTIFY commit lock" if "object 0 of class 1262" in what else re.sub(r"\d+", "N", what)
    entry = waits.setdefault(name, {"waits": 0, "max_ms": 0.0, "total_ms": 0.0})
    entry["waits"] += 1
    entry["max_ms"] = max(entry["max_ms"], float(ms))
    entry["total_ms"] += float(ms)
still = len(re.findall(r"still waiting for", text))
json.dump({"acquired_after_100ms": waits, "still_waiting_messages": still}, open(out, "w"), indent=2)
