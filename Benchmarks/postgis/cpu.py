#!/usr/bin/env python3
"""CPU seconds used so far by the crisismap servers and by every process of
one PostgreSQL cluster, and by the whole machine (/proc/stat), as JSON.

Usage: cpu.py POSTMASTER_PID LOADGEN_PARENT_PID SERVER_PID...

PostgreSQL: the postmaster, every live child (backends, WAL writer,
checkpointer, autovacuum...) and, through the postmaster's cutime/cstime,
children that have exited. Load generators: the live children of
LOADGEN_PARENT_PID (the script that starts wrk) and, through its
cutime/cstime, those it has waited for. Per process: utime + stime (fields
14, 15 of /proc/PID/stat, all threads), in clock ticks. What the machine
spent beyond these three is `other`: anything else running at the time.
"""
import json
import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    fields = text[text.rindex(")") + 2:].split()
    # fields[0] is field 3 (state): field n is fields[n - 3].
    return {"ppid": int(fields[1]), "utime": int(fields[11]), "stime": int(fields[12]),
            "cutime": int(fields[13]), "cstime": int(fields[14])}


def main():
    postmaster, loadgen, servers = int(sys.argv[1]), int(sys.argv[2]), [int(p) for p in sys.argv[3:]]
    pm = stat(postmaster)
    pg = pm["utime"] + pm["stime"] + pm["cutime"] + pm["cstime"]
    lg = stat(loadgen)
    load = lg["cutime"] + lg["cstime"]
    children = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            s = stat(int(name))
        except (FileNotFoundError, ProcessLookupError):
            continue
        if s["ppid"] == postmaster:
            pg += s["utime"] + s["stime"]
            children += 1
        elif s["ppid"] == loadgen and int(name) not in servers and int(name) != os.getpid():
            load += s["utime"] + s["stime"]
    server = {}
    for pid in servers:
        s = stat(pid)
        server[str(pid)] = (s["utime"] + s["stime"]) / TICK
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    idle = cpu[3] + cpu[4]
    print(json.dumps({"wall": time.monotonic(), "postgres_s": pg / TICK, "postgres_processes": children + 1,
                      "servers_s": server, "loadgen_s": load / TICK, "machine_busy_s": (sum(cpu[:8]) - idle) / TICK,
                      "machine_total_s": sum(cpu[:8]) / TICK}))


if __name__ == "__main__":
    main()
