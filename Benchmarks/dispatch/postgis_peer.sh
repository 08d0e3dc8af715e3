#!/usr/bin/env bash
# PostGIS peer for the dispatch benchmark: the same points and query points
# in PostgreSQL 15 + PostGIS 3 (Debian packages, installed here if missing),
# in a throwaway cluster on 127.0.0.1 run by an unprivileged user. Measures
# server-side execution time ("Execution Time" of EXPLAIN ANALYZE) of
#   SELECT id FROM t ORDER BY geom <-> q LIMIT k        (GiST on geometry, planar degrees)
#   SELECT id FROM t ORDER BY geog <-> q LIMIT k        (GiST on geography, sphere)
# Usage: postgis_peer.sh FACILITIES.csv TEAMS.csv QUERIES.csv K OUT.json
set -euo pipefail
facilities=$(realpath "$1"); teams=$(realpath "$2"); queries=$(realpath "$3"); k=$4; out=$5

packages=(postgresql-15 postgresql-15-postgis-3)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bin=/usr/lib/postgresql/15/bin
user=crisismap-bench
run_as() { if [[ $(id -u) -eq 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi }
if [[ $(id -u) -eq 0 ]] && ! id -u "$user" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
fi
dir=$(mktemp -d /tmp/crisismap-pg.XXXXXX)
[[ $(id -u) -eq 0 ]] && chown "$user" "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
stop() {
    run_as "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT
run_as "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
run_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c fsync=off -c synchronous_commit=off" >/dev/null
psql=(psql -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -X)

"${psql[@]}" -c "CREATE EXTENSION postgis"
for table in facilities teams; do
    file=$facilities; [[ $table == teams ]] && file=$teams
    "${psql[@]}" <<SQL
CREATE TABLE $table (id text PRIMARY KEY, lat float8, lon float8);
\copy $table FROM '$file' WITH (FORMAT csv, HEADER true)
ALTER TABLE $table ADD COLUMN geom geometry(Point, 4326), ADD COLUMN geog geography(Point, 4326);
UPDATE $table SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326), geog = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography;
CREATE INDEX ${table}_geom ON $table USING gist (geom);
CREATE INDEX ${table}_geog ON $table USING gist (geog);
VACUUM ANALYZE $table;
SQL
done

# One psql session per (table, column): EXPLAIN ANALYZE of every query point,
# then each plan's "Execution Time", the time spent inside the server.
measure() {
    local table=$1 column=$2 cast=$3
    python3 - "$queries" "$table" "$column" "$cast" "$k" > "$dir/$table-$column.sql" <<'PY'
import sys
queries, table, column, cast, k = sys.argv[1:]
for line in open(queries).read().split("\n")[1:]:
    if not line:
        continue
    lat, lon = line.split(",")
    point = f"'SRID=4326;POINT({lon} {lat})'::{cast}"
    print(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT id FROM {table} ORDER BY {column} <-> {point} LIMIT {k};")
PY
    "${psql[@]}" -At -f "$dir/$table-$column.sql" | python3 -c '
import json, sys
text = sys.stdin.read()
decoder, index, times = json.JSONDecoder(), 0, []
while index < len(text):
    while index < len(text) and text[index].isspace():
        index += 1
    if index >= len(text):
        break
    plan, index = decoder.raw_decode(text, index)
    times.append(plan[0]["Execution Time"])
times.sort()
median = times[len(times) // 2]
p99 = times[min(len(times) - 1, int(len(times) * 0.99 + 0.999) - 1)]
print(json.dumps({"queries": len(times), "median_ms": median, "p99_ms": p99}))
'
}

version=$("${psql[@]}" -At -c "SELECT version()" | cut -d' ' -f2)
postgis=$("${psql[@]}" -At -c "SELECT postgis_lib_version()")
rows_f=$("${psql[@]}" -At -c "SELECT count(*) FROM facilities")
rows_t=$("${psql[@]}" -At -c "SELECT count(*) FROM teams")
{
    echo "{\"postgres_version\": \"$version\", \"postgis_version\": \"$postgis\", \"k\": $k,"
    echo " \"facilities\": {\"rows\": $rows_f, \"geometry\": $(measure facilities geom geometry), \"geography\": $(measure facilities geog geography)},"
    echo " \"teams\": {\"rows\": $rows_t, \"geometry\": $(measure teams geom geometry), \"geography\": $(measure teams geog geography)}}"
} > "$out"
python3 -c "
import json; r = json.load(open('$out'))
print(f\"PostgreSQL {r['postgres_version']}, PostGIS {r['postgis_version']}, k={r['k']} (server-side execution time)\")
for t in ('facilities', 'teams'):
    for c in ('geometry', 'geography'):
        m = r[t][c]
        print(f\"  {t} ({r[t]['rows']:,}) ORDER BY {c[:4]} <->: median {m['median_ms']*1000:.1f} µs, p99 {m['p99_ms']*1000:.1f} µs\")
"
