# Sourced by nearest.sh and import.sh: `timed NAME COMMAND...` runs COMMAND and
# writes WORKDIR/noise-NAME.json: its wall time and the CPU seconds the machine
# spent meanwhile on things other than this script's children (COMMAND and
# what it ran) and this cluster's PostgreSQL processes, so that a run
# disturbed by another job on the machine shows it (cpu.py).
timed() {
    local name=$1
    shift
    local postmaster
    postmaster=$(head -1 "$CRISISMAP_PG_DATA/postmaster.pid")
    python3 Benchmarks/postgis/cpu.py "$postmaster" $$ > "$work/noise-$name.before"
    "$@"
    python3 Benchmarks/postgis/cpu.py "$postmaster" $$ > "$work/noise-$name.after"
    python3 - "$work/noise-$name.before" "$work/noise-$name.after" "$work/noise-$name.json" "$name" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
d = {k: b[k] - a[k] for k in ("wall", "postgres_s", "loadgen_s", "machine_busy_s")}
d["other_s"] = d["machine_busy_s"] - d["postgres_s"] - d["loadgen_s"]
json.dump(d, open(sys.argv[3], "w"), indent=2)
print(f"  [{sys.argv[4]}: {d['wall']:.1f} s wall; CPU s: command {d['loadgen_s']:.1f}, postgres {d['postgres_s']:.1f}, "
      f"other processes {d['other_s']:.1f}]")
PY
    rm -f "$work/noise-$name.before" "$work/noise-$name.after"
}
