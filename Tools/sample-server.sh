# Sourced by the scripts that test a live `crisismap serve` (api-fuzz.sh,
# browser-test.sh): a temporary store loaded with GeoData/, a server on a
# free loopback port over it, and both removed when the script exits.
#
#   load_sample BINARY DB [TEAMS_FILE]   init DB and import the sample, roads too (TEAMS_FILE replaces teams.geojson)
#   start_server BINARY DB [ARGS...]     serve on a free port; sets $port and $server_pid
#   server_errors NAME                   prints the server's logged errors; fails when there are any

work=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

load_sample() {
    local binary=$1 db=$2 teams=${3:-GeoData/teams.geojson}
    "$binary" init --db "$db" >/dev/null
    for kind in areas facilities; do
        "$binary" import "$kind" "GeoData/$kind.geojson" --db "$db" >/dev/null
    done
    "$binary" import teams "$teams" --db "$db" >/dev/null
    "$binary" import calls GeoData/calls.csv --db "$db" >/dev/null
    "$binary" import roads GeoData/roads.osm --db "$db" >/dev/null
}

start_server() {
    local binary=$1 db=$2
    shift 2
    "$binary" serve --port 0 --db "$db" "$@" >"$work/serve.out" 2>"$work/serve.err" </dev/null &
    server_pid=$!
    for _ in $(seq 1 300); do
        grep -q 'http://127.0.0.1:' "$work/serve.out" 2>/dev/null && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
        sleep 0.1
    done
    port=$(grep -Eo 'http://127.0.0.1:[0-9]+' "$work/serve.out" | grep -Eo '[0-9]+$')
}

server_errors() {
    if grep -q ' error ' "$work/serve.err"; then
        echo "$1: the server logged errors:" >&2
        grep ' error ' "$work/serve.err" | head -20 >&2
        return 1
    fi
}
