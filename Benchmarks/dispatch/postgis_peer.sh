#!/usr/bin/env bash
# PostGIS peer for the dispatch benchmark: the same points and query points
# in PostgreSQL 15 + PostGIS 3 (Debian packages, installed if missing), in a
# throwaway cluster on 127.0.0.1 run by an unprivileged user, from
# Tools/postgres.sh run --tuned-for-bench. Measures
# server-side execution time ("Execution Time" of EXPLAIN ANALYZE) of
#   SELECT id FROM t ORDER BY geom <-> q LIMIT k        (GiST on geometry, planar degrees)
#   SELECT id FROM t ORDER BY geog <-> q LIMIT k        (GiST on geography, sphere)
# Usage: postgis_peer.sh FACILITIES.csv TEAMS.csv QUERIES.csv K OUT.json
set -euo pipefail
facilities=$(realpath "$1"); teams=$(realpath "$2"); queries=$(realpath "$3"); k=$4; out=$5

# The cluster (Tools/postgres.sh): this script runs itself again inside it.
if [[ -z ${CRISISMAP_POSTGIS_PEER_IN_CLUSTER:-} ]]; then
    export CRISISMAP_POSTGIS_PEER_IN_CLUSTER=1
    exec bash "$(dirname "$0")/../../Tools/postgres.sh" run --tuned-for-bench -- \
        bash "$0" "$facilities" "$teams" "$queries" "$k" "$out"
fi
dir=$(mktemp -d /tmp/crisismap-postgis-peer.XXXXXX)
trap 'rm -rf "$dir"' EXIT
# crisismap_test already has the postgis extension.
psql=(psql -h "$CRISISMAP_PG_SOCKET" -p "$CRISISMAP_PG_PORT" -U postgres -d crisismap_test -v ON_ERROR_STOP=1 -q -X)

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
