# Sourced by the benchmarks that run one release server over a synthetic
# county (Benchmarks/adversity, Benchmarks/soak): the store, then the server.
# Expects $binary and $work; sets $db, $server and $url.

# make_store FACILITIES TEAMS CALLS: a fresh $work/store.sqlite holding them.
make_store() {
    local facilities=$1 teams=$2 calls=$3
    db="$work/store.sqlite"
    rm -f "$db" "$db-wal" "$db-shm"
    python3 Benchmarks/api/make_store_files.py "$facilities" "$teams" "$work"
    [[ -f "$work/calls-$calls.csv" ]] || python3 Benchmarks/import/make_calls_csv.py "$calls" "$work/calls-$calls.csv"
    "$binary" init --db "$db" >/dev/null
    "$binary" import facilities "$work/facilities.csv" --db "$db" >/dev/null
    "$binary" import teams "$work/teams.csv" --db "$db" >/dev/null
    "$binary" import calls "$work/calls-$calls.csv" --db "$db" >/dev/null
}

# start_server [SERVE ARGUMENTS...]: serve $db on a free loopback port,
# stopped when the calling script exits.
start_server() {
    "$binary" serve --port 0 --db "$db" --log-level warning "$@" >"$work/serve.out" 2>"$work/serve.err" </dev/null &
    server=$!
    trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
    for _ in $(seq 1 600); do grep -q 'http://' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
    url=$(grep -Eo 'http://127.0.0.1:[0-9]+' "$work/serve.out")
}
