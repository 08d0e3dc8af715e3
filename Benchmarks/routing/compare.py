#!/usr/bin/env python3
"""Compares routing results of several engines on the same queries.

Each input is a CSV with header query,origin,target,time_s[,query_ms]:
  time_s    travel time in seconds; empty (or inf, nan, "unreachable", or
            negative) = unreachable
  query_ms  wall time of the whole query (the same on each of its rows);
            optional, without it the engine gets no timing columns.
The first engine is the reference (crisismap). Every engine must have the
same (query, target) pairs, the same origin per query, unreachable exactly
where the reference is, and times equal to 1e-6 relative
(|a - b| <= rtol * max(|a|, |b|) + atol, atol 1e-9 s for the zero times of
origin == target).

Prints a Markdown table: per engine, queries, median and p90 query time, the
ratio of its median and p90 to the reference's (above 1: the reference is
faster) and the agreement. Exits 1 if any engine disagrees.

Usage: compare.py [--rtol 1e-6] [--atol 1e-9] [--json OUT.json] NAME=FILE NAME=FILE [...]
  e.g. compare.py crisismap=out/crisismap.csv networkx=out/networkx.csv pgrouting=out/pgrouting.csv
"""
import csv
import json
import math
import statistics
import sys


def parse_time(text):
    text = text.strip()
    if text == "" or text.lower() in ("inf", "infinity", "nan", "unreachable", "none", "null"):
        return None
    value = float(text)
    if not math.isfinite(value) or value < 0:
        return None
    return value


def load(path):
    times, origins, query_ms = {}, {}, {}
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        missing = {"query", "origin", "target", "time_s"} - set(reader.fieldnames or ())
        if missing:
            sys.exit(f"compare: {path}: missing columns {sorted(missing)}")
        for row in reader:
            q, origin, target = row["query"].strip(), int(row["origin"]), int(row["target"])
            if origins.setdefault(q, origin) != origin:
                sys.exit(f"compare: {path}: query {q} has more than one origin")
            times[(q, target)] = parse_time(row["time_s"])
            if row.get("query_ms") not in (None, ""):
                query_ms[q] = float(row["query_ms"])
    return times, origins, query_ms


def p90(values):
    s = sorted(values)
    return s[max(0, math.ceil(0.9 * len(s)) - 1)]


def check(ref, other, rtol, atol):
    """Returns (mismatches as text lines, max relative difference among reachable pairs)."""
    (ref_times, ref_origins, _), (times, origins, _) = ref, other
    problems, max_rel = [], 0.0
    for q, origin in ref_origins.items():
        if origins.get(q, origin) != origin:
            problems.append(f"query {q}: origin {origins[q]} instead of {origin}")
    for key in ref_times.keys() - times.keys():
        problems.append(f"query {key[0]} target {key[1]}: missing")
    for key in times.keys() - ref_times.keys():
        problems.append(f"query {key[0]} target {key[1]}: not in the reference")
    for key in ref_times.keys() & times.keys():
        a, b = ref_times[key], times[key]
        if a is None or b is None:
            if (a is None) != (b is None):
                problems.append(f"query {key[0]} target {key[1]}: {fmt(a)} vs {fmt(b)} (reachability differs)")
            continue
        diff = abs(a - b)
        scale = max(abs(a), abs(b))
        if scale > 0:
            max_rel = max(max_rel, diff / scale)
        if diff > rtol * scale + atol:
            problems.append(f"query {key[0]} target {key[1]}: {a!r} vs {b!r} (relative {diff / scale:.3g})")
    return sorted(problems), max_rel


def fmt(v):
    return "unreachable" if v is None else repr(v)


def main():
    args = sys.argv[1:]
    rtol, atol, json_out = 1e-6, 1e-9, None
    engines = []
    while args:
        a = args.pop(0)
        if a == "--rtol":
            rtol = float(args.pop(0))
        elif a == "--atol":
            atol = float(args.pop(0))
        elif a == "--json":
            json_out = args.pop(0)
        elif "=" in a and not a.startswith("-"):
            name, path = a.split("=", 1)
            engines.append((name, path))
        else:
            sys.exit(__doc__)
    if len(engines) < 2:
        sys.exit(__doc__)

    data = {name: load(path) for name, path in engines}
    ref_name = engines[0][0]
    ref = data[ref_name]
    ref_ms = list(ref[2].values())
    ref_median = statistics.median(ref_ms) if ref_ms else None
    ref_p90 = p90(ref_ms) if ref_ms else None

    pairs = len(ref[0])
    unreachable = sum(1 for v in ref[0].values() if v is None)
    print(f"{len(ref[1])} queries, {pairs} (query, target) pairs, {unreachable} unreachable in {ref_name}; "
          f"tolerance {rtol:g} relative (+{atol:g} s); ratios = engine / {ref_name} (above 1: {ref_name} faster)\n")
    print(f"| engine | queries timed | median ms | p90 ms | median ratio | p90 ratio | travel times vs {ref_name} |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    report, failed = [], False
    for name, _ in engines:
        times, origins, query_ms = data[name]
        ms = list(query_ms.values())
        median = statistics.median(ms) if ms else None
        p = p90(ms) if ms else None
        if name == ref_name:
            agreement, problems, max_rel = "reference", [], 0.0
        else:
            problems, max_rel = check(ref, data[name], rtol, atol)
            agreement = (f"equal (max relative difference {max_rel:.2g})" if not problems
                         else f"**{len(problems)} differ**")
            failed |= bool(problems)

        def r(x, y):
            return f"{x / y:.2f}x" if x is not None and y else "n/a"

        def n(x):
            return f"{x:.3f}" if x is not None else "n/a"

        print(f"| {name} | {len(ms)} | {n(median)} | {n(p)} | {r(median, ref_median)} | {r(p, ref_p90)} | {agreement} |")
        report.append({"engine": name, "queries_timed": len(ms), "median_ms": median, "p90_ms": p,
                       "median_ratio": median / ref_median if median is not None and ref_median else None,
                       "p90_ratio": p / ref_p90 if p is not None and ref_p90 else None,
                       "mismatches": len(problems), "max_relative_difference": max_rel,
                       "first_mismatches": problems[:10]})
    for entry in report:
        if entry["mismatches"]:
            print(f"\n{entry['engine']} vs {ref_name}: {entry['mismatches']} differences, first ones:")
            for line in entry["first_mismatches"]:
                print(f"  {line}")
    if json_out:
        with open(json_out, "w") as f:
            json.dump({"reference": ref_name, "rtol": rtol, "atol": atol, "pairs": pairs,
                       "unreachable": unreachable, "engines": report}, f, indent=1)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
