#!/usr/bin/env python3
"""Summaries for Benchmarks/postgis/run.sh (stdlib only).

  summarize.py run DIR LABEL   merge one load run's wrk statistics (DIR/LABEL.*.stats,
                               written by stats.lua) and CPU readings (DIR/LABEL.cpu-*.json,
                               from cpu.py) into DIR/LABEL.json, and print one line
  summarize.py report WORKDIR  every phase's results in one WORKDIR/result.json, printed

Several wrk processes' latency distributions are merged from their 1,000
quantiles each, weighted by request count.
"""
import glob
import json
import os
import sys


def merge(paths):
    if not paths:
        return None
    requests, errors, seconds, peak, samples = 0, 0, 0.0, 0.0, []
    for path in paths:
        lines = open(path).read().split()
        n, micros, errs, top = int(lines[0]), int(lines[1]), int(lines[2]), float(lines[3])
        requests, errors, peak = requests + n, errors + errs, max(peak, top)
        seconds = max(seconds, micros / 1e6)
        samples += [(float(q), n / 1000) for q in lines[4:]]
    samples.sort()
    total = sum(w for _, w in samples)

    def quantile(p):
        acc = 0.0
        for value, weight in samples:
            acc += weight
            if acc >= p * total:
                return value
        return samples[-1][0]

    return {"requests": requests, "per_s": requests / seconds, "seconds": seconds, "errors": errors,
            "p50_ms": quantile(0.5), "p90_ms": quantile(0.9), "p99_ms": quantile(0.99), "p999_ms": quantile(0.999),
            "max_ms": peak}


def run(directory, label):
    before = json.load(open(f"{directory}/{label}.cpu-before.json"))
    after = json.load(open(f"{directory}/{label}.cpu-after.json"))
    result = {"label": label,
              "recommendations": merge(sorted(glob.glob(f"{directory}/{label}.recommend-*.stats"))),
              "positions": merge(sorted(glob.glob(f"{directory}/{label}.positions-*.stats")))}
    wall = after["wall"] - before["wall"]
    per_server = {pid: after["servers_s"][pid] - before["servers_s"][pid] for pid in after["servers_s"]}
    result["cpu"] = {"wall_s": wall, "servers_s": sum(per_server.values()), "per_server_s": per_server,
                     "postgres_s": after["postgres_s"] - before["postgres_s"],
                     "postgres_processes": after["postgres_processes"],
                     "loadgen_s": after["loadgen_s"] - before["loadgen_s"],
                     "machine_busy_s": after["machine_busy_s"] - before["machine_busy_s"],
                     "machine_cores": (after["machine_total_s"] - before["machine_total_s"]) / wall}
    locks = f"{directory}/{label}.locks"
    if os.path.exists(locks):
        result["lock_waits"] = json.load(open(locks))["acquired_after_100ms"]
    c = result["cpu"]
    c["other_s"] = c["machine_busy_s"] - c["servers_s"] - c["postgres_s"] - c["loadgen_s"]
    json.dump(result, open(f"{directory}/{label}.json", "w"), indent=2)
    text = f"{label:10s}"
    if result["recommendations"]:
        r = result["recommendations"]
        text += f" recommendations {r['per_s']:7.0f}/s p50 {r['p50_ms']:5.1f} p99 {r['p99_ms']:5.1f} ms err {r['errors']};"
    p = result["positions"]
    text += (f" positions {p['per_s']:4.0f}/s p99 {p['p99_ms']:5.1f} ms err {p['errors']};"
             f" CPU s: servers {c['servers_s']:.1f}, postgres {c['postgres_s']:.1f}, wrk {c['loadgen_s']:.1f}, other {c['other_s']:.1f};"
             f" machine {c['machine_busy_s']:.1f} of {wall * c['machine_cores']:.1f}")
    for lock, w in result.get("lock_waits", {}).items():
        text += f"\n           {w['waits']} waits > 100 ms for the {lock}, longest {w['max_ms']:.0f} ms"
    print(text)


def report(work):
    result = {}
    for name in ("nearest-load", "nearest-measure", "nearest-calls-import", "import-durable", "import-tuned"):
        path = f"{work}/{name}.json"
        if os.path.exists(path):
            result[name] = json.load(open(path))
    if os.path.exists(f"{work}/pg-version.txt"):
        result["versions"] = open(f"{work}/pg-version.txt").read().strip().split("\n")

    # pgbench: the KNN statement's average from -r, the 2-client throughput.
    for variant in ("geog", "geom"):
        path = f"{work}/pgbench-{variant}.txt"
        if not os.path.exists(path):
            continue
        entry = {}
        for line in open(path):
            words = line.split()
            if line.startswith("latency average"):
                entry["transaction_latency_ms"] = float(words[3])
            if "ORDER BY" in line and words:
                entry["knn_statement_ms"] = float(words[0])
            if line.startswith("tps"):
                entry["tps_1_client"] = float(words[2])
        for line in open(f"{work}/pgbench-{variant}-c2.txt"):
            if line.startswith("tps"):
                entry["tps_2_clients"] = float(line.split()[2])
        result[f"pgbench_{variant}"] = entry

    # EXPLAIN ANALYZE: server-side execution time.
    for variant in ("geog", "geom"):
        path = f"{work}/explain-{variant}.json"
        if not os.path.exists(path):
            continue
        text, decoder, index, times = open(path).read(), json.JSONDecoder(), 0, []
        while index < len(text):
            while index < len(text) and text[index].isspace():
                index += 1
            if index >= len(text):
                break
            plan, index = decoder.raw_decode(text, index)
            times.append(plan[0]["Execution Time"])
        times.sort()
        pick = lambda p: times[min(len(times) - 1, int(len(times) * p + 0.999999) - 1)]
        result[f"explain_{variant}"] = {"queries": len(times), "median_ms": pick(0.5), "p90_ms": pick(0.9), "p99_ms": pick(0.99)}

    # Servers: one vs two per round; CPU per request with the feed's own cost taken out.
    runs = {}
    for path in sorted(glob.glob(f"{work}/servers/*.json")):
        name = os.path.basename(path)[:-5]
        if ".cpu-" in name:
            continue
        if name.startswith(("one", "two", "feed-only")):
            runs[name] = json.load(open(path))
        elif name.startswith("visibility"):
            result[name] = json.load(open(path))
    feed = runs.get("feed-only")
    if feed:
        n = feed["positions"]["requests"]
        feed_server = feed["cpu"]["servers_s"] / n
        feed_pg = feed["cpu"]["postgres_s"] / n
        result["position_update_cpu_ms"] = {"server": feed_server * 1000, "postgres": feed_pg * 1000}
    for name, r in runs.items():
        if name == "feed-only" or not r["recommendations"]:
            continue
        recs, pos = r["recommendations"]["requests"], r["positions"]["requests"]
        cpu = r["cpu"]
        entry = {"server_ms_per_request": cpu["servers_s"] / (recs + pos) * 1000,
                 "postgres_ms_per_request": cpu["postgres_s"] / (recs + pos) * 1000}
        if feed:
            server = (cpu["servers_s"] - pos * feed_server) / recs
            pg = (cpu["postgres_s"] - pos * feed_pg) / recs
            entry.update({"server_ms_per_recommendation": server * 1000, "postgres_ms_per_recommendation": pg * 1000,
                          "recommendations_per_core_s": 1 / (server + pg),
                          "recommendations_per_server_core_s": 1 / server})
        r["cpu_per_request"] = entry
    result["runs"] = runs
    rounds = sorted({name.split("-")[1] for name in runs if name.startswith(("one-", "two-"))})
    result["two_over_one"] = {
        rnd: runs[f"two-{rnd}"]["recommendations"]["per_s"] / runs[f"one-{rnd}"]["recommendations"]["per_s"]
        for rnd in rounds if f"two-{rnd}" in runs and f"one-{rnd}" in runs}
    # Every run's numbers side by side, for BENCHMARKS.md.
    table = []
    for name, r in sorted(runs.items(), key=lambda item: (item[0].split("-")[-1], item[0])):
        rec, pos, cpu = r["recommendations"], r["positions"], r["cpu"]
        row = {"run": name, "positions_per_s": pos["per_s"], "positions_p99_ms": pos["p99_ms"], "position_errors": pos["errors"],
               "cpu_servers_s": cpu["servers_s"], "cpu_postgres_s": cpu["postgres_s"], "cpu_wrk_s": cpu["loadgen_s"],
               "cpu_other_s": cpu["other_s"], "wall_s": cpu["wall_s"]}
        if rec:
            row.update({"recommendations_per_s": rec["per_s"], "p50_ms": rec["p50_ms"], "p90_ms": rec["p90_ms"],
                        "p99_ms": rec["p99_ms"], "max_ms": rec["max_ms"], "errors": rec["errors"]})
        row.update(r.get("cpu_per_request", {}))
        notify = r.get("lock_waits", {}).get("NOTIFY commit lock", {})
        row.update({"notify_lock_waits_over_100ms": notify.get("waits", 0), "notify_lock_wait_max_ms": notify.get("max_ms", 0)})
        table.append(row)
    result["server_table"] = table
    json.dump(result, open(f"{work}/result.json", "w"), indent=2)

    # The summary.
    m = result.get("nearest-measure")
    if m:
        print(f"\n== nearest-10, {m['postgis_rows']['facilities']:,} facilities + {m['postgis_rows']['calls']:,} calls, "
              f"{m['queries']} query points (ms) ==")
        rows = [("PostGIS store (store.facilities.nearest)", m["postgis_store"]),
                ("SpatiaLite store (same call)", m["spatialite_store"]),
                ("plain geog <-> LIMIT 10, PostgresNIO client", m["plain_geog_client"]),
                ("plain geom <-> LIMIT 10, PostgresNIO client", m["plain_geom_client"])]
        for variant in ("geog", "geom"):
            if f"explain_{variant}" in result:
                rows.append((f"plain {variant} <-> LIMIT 10, EXPLAIN ANALYZE (server)", result[f"explain_{variant}"]))
        for label, s in rows:
            print(f"  {label:52s} median {s['median_ms']:7.3f}  p90 {s['p90_ms']:7.3f}  p99 {s['p99_ms']:7.3f}")
        for variant in ("geog", "geom"):
            if f"pgbench_{variant}" in result:
                p = result[f"pgbench_{variant}"]
                print(f"  pgbench {variant}: KNN statement avg {p.get('knn_statement_ms')} ms, transaction (lookup + KNN) "
                      f"{p.get('transaction_latency_ms')} ms, {p.get('tps_1_client', 0):.0f} tps (1 client), "
                      f"{p.get('tps_2_clients', 0):.0f} tps (2 clients)")
        same = m["identical_answers"]
        print(f"  identical answers PostGIS vs SpatiaLite store: {same['same_ids']} of {same['queries']}")
    for name in ("import-durable", "import-tuned"):
        if name in result:
            i = result[name]
            print(f"\n== import {i['rows']:,} calls, {name.split('-')[1]} cluster ({i['settings']}) ==")
            for key in ("crisismap_postgis", "ogr2ogr_postgis", "crisismap_spatialite"):
                if key in i:
                    print(f"  {key:22s} {i[key]['seconds']:6.2f} s {i[key]['rows_per_s']:>10,.0f} rows/s")
    if runs:
        print("\n== servers ==")
        for name, r in sorted(runs.items(), key=lambda item: (item[0].split("-")[-1], item[0])):
            rec, pos, cpu = r["recommendations"], r["positions"], r["cpu"]
            text = f"  {name:10s}"
            if rec:
                text += f" {rec['per_s']:6.0f} rec/s p50 {rec['p50_ms']:5.1f} p99 {rec['p99_ms']:5.1f} ms"
            text += f" | {pos['per_s']:4.0f} pos/s p99 {pos['p99_ms']:5.1f} ms"
            text += (f" | CPU servers {cpu['servers_s']:5.1f} s postgres {cpu['postgres_s']:5.1f} s wrk {cpu['loadgen_s']:4.1f}"
                     f" other {cpu['other_s']:4.1f}")
            notify = r.get("lock_waits", {}).get("NOTIFY commit lock")
            if notify:
                text += f" | NOTIFY lock waits > 100 ms: {notify['waits']}, longest {notify['max_ms']:.0f} ms"
            if "cpu_per_request" in r and "server_ms_per_recommendation" in r["cpu_per_request"]:
                c = r["cpu_per_request"]
                text += (f" | per rec: server {c['server_ms_per_recommendation']:.3f} ms, postgres "
                         f"{c['postgres_ms_per_recommendation']:.3f} ms -> {c['recommendations_per_core_s']:.0f} rec/s per core")
            print(text)
        print(f"  two / one: {', '.join(f'round {k}: {v:.2f}' for k, v in result['two_over_one'].items())}")
        if "position_update_cpu_ms" in result:
            p = result["position_update_cpu_ms"]
            print(f"  a position update costs {p['server']:.3f} ms server CPU + {p['postgres']:.3f} ms PostgreSQL CPU")
    for name in ("visibility-quiet", "visibility-paced", "visibility-saturated"):
        if name in result:
            v = result[name]
            s = v["since_ack"]
            print(f"  A→B {v['label']}: median {s['median_ms']:.1f} ms, p90 {s['p90_ms']:.1f}, p99 {s['p99_ms']:.1f}, "
                  f"max {s['max_ms']:.1f} ms ({v['rounds']} updates, {v['misses_over_5s']} unseen after 5 s)")


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3])
    else:
        report(sys.argv[2])
