#!/usr/bin/env python3
"""Waits (at most LIMIT seconds, default 120) until the whole machine has
been below 5% busy for 3 seconds (/proc/stat), so that a measurement does
not start on top of someone else's build. Prints how long it waited.

Usage: wait_quiet.py [LIMIT]
"""
import sys
import time


def busy():
    cpu = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
    return sum(cpu) - cpu[3] - cpu[4], sum(cpu)


limit = float(sys.argv[1]) if len(sys.argv) > 1 else 120
start = time.monotonic()
while True:
    b0, t0 = busy()
    time.sleep(3)
    b1, t1 = busy()
    share = (b1 - b0) / max(1, t1 - t0)
    waited = time.monotonic() - start
    if share < 0.05 or waited >= limit:
        state = "quiet" if share < 0.05 else f"still {share:.0%} busy, going ahead"
        print(f"  [machine {state} after {waited:.0f} s]")
        break
