#!/usr/bin/env bash
# Phase 1 of Benchmarks/postgis/run.sh, run inside a Tools/postgres.sh cluster
# (run.sh starts it --tuned-for-bench, with pg_stat_statements preloaded):
#   1. `crisismap init` and `crisismap import calls CALLS.csv` into a PostGIS
#      store (crisismap_test) and a SpatiaLite file: both hold the calls;
#   2. StoreBenchmark load: FACILITIES through `store.facilities.upsert` into both;
#   3. peer_facilities (id, geography + GiST) beside the store's tables, VACUUM ANALYZE;
#   4. StoreBenchmark measure: nearest-10 through the store interface on both
#      stores, identical answers, plain PostGIS through the same driver;
#   5. pgbench (-M prepared, 1 client) and EXPLAIN ANALYZE of the plain query
#      at the same query points; pg_stat_statements of the store's own statement.
# Usage (inside the cluster): nearest.sh FACILITIES.csv QUERIES.csv CALLS.csv WORKDIR
set -euo pipefail
cd "$(dirname "$0")/../.."
facilities=$(realpath "$1"); queries=$(realpath "$2"); calls=$(realpath "$3"); work=$4
: "${CRISISMAP_TEST_PG:?run inside Tools/postgres.sh}"
bin=${CRISISMAP_BIN:-.build-bench/release/crisismap}
bench=${CRISISMAP_STORE_BENCH:-.build-bench/release/StoreBenchmark}
url="$CRISISMAP_TEST_PG?sslmode=disable"
sqlite="$work/nearest.sqlite"
psql=(psql -h "$CRISISMAP_PG_SOCKET" -p "$CRISISMAP_PG_PORT" -U postgres -d crisismap_test -v ON_ERROR_STOP=1 -q -X)
pgbench=("$CRISISMAP_PG_BIN/pgbench" -h "$CRISISMAP_PG_SOCKET" -p "$CRISISMAP_PG_PORT" -U postgres)
now() { date +%s.%N; }
source Benchmarks/postgis/noise.sh

rm -f "$sqlite" "$sqlite-wal" "$sqlite-shm"
"$bin" init --db "$url" >/dev/null
"$bin" init --db "$sqlite" >/dev/null
quietly() { "$@" >/dev/null; }
t0=$(now); timed nearest-import quietly "$bin" import calls "$calls" --db "$url"; t1=$(now)
"$bin" import calls "$calls" --db "$sqlite" >/dev/null; t2=$(now)
python3 - "$t0" "$t1" "$t2" "$calls" "$work/nearest-calls-import.json" <<'PY'
import json, sys
t0, t1, t2 = map(float, sys.argv[1:4])
rows = sum(1 for _ in open(sys.argv[4])) - 1
json.dump({"rows": rows, "postgis_s": t1 - t0, "spatialite_s": t2 - t1}, open(sys.argv[5], "w"), indent=2)
print(f"calls imported (tuned cluster): PostGIS {t1 - t0:.2f} s ({rows / (t1 - t0):,.0f} rows/s), "
      f"SpatiaLite {t2 - t1:.2f} s ({rows / (t2 - t1):,.0f} rows/s)")
PY

"$bench" load "$facilities" "$sqlite" "$url" "$work/nearest-load.json"

t0=$(now)
"${psql[@]}" <<'SQL'
CREATE TABLE peer_facilities AS SELECT id, geom::geography AS geog FROM facilities;
CREATE INDEX peer_facilities_geog ON peer_facilities USING gist (geog);
CREATE TABLE peer_queries (i integer PRIMARY KEY, lat float8, lon float8);
SQL
python3 - "$queries" > "$work/peer_queries.tsv" <<'PY'
import sys
for i, line in enumerate(open(sys.argv[1]).read().split("\n")[1:]):
    if line:
        lat, lon = line.split(",")
        print(f"{i + 1}\t{lat}\t{lon}")
PY
"${psql[@]}" -c "\\copy peer_queries FROM '$work/peer_queries.tsv'"
"${psql[@]}" -c "VACUUM ANALYZE facilities" -c "VACUUM ANALYZE calls" -c "VACUUM ANALYZE peer_facilities" -c "VACUUM ANALYZE peer_queries"
echo "peer table (geography + GiST) and VACUUM ANALYZE: $(python3 -c "print(f'{$(now) - $t0:.1f}')") s"
"${psql[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null

timed nearest-measure "$bench" measure "$facilities" "$queries" "$sqlite" "$url" "$work/nearest-measure.json"

# What the store's own statements cost inside the server (pg_stat_statements,
# reset just before `measure`).
"${psql[@]}" -At -F $'\t' -c "
    SELECT calls, rows, round(mean_exec_time::numeric, 4), round(total_exec_time::numeric, 1), left(regexp_replace(query, '\\s+', ' ', 'g'), 160)
    FROM pg_stat_statements WHERE query ILIKE '%<->%' ORDER BY calls DESC" > "$work/nearest-statements.tsv"
echo "pg_stat_statements (calls, rows, mean ms, total ms, statement):"
sed 's/^/  /' "$work/nearest-statements.tsv"

# pgbench: the point comes from peer_queries (\gset), then the KNN statement;
# -r reports each statement's average latency.
count=$(wc -l < "$work/peer_queries.tsv")
for variant in geog geom; do
    if [[ $variant == geog ]]; then
        knn="SELECT id FROM peer_facilities ORDER BY geog <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography LIMIT 10;"
    else
        knn="SELECT id FROM facilities ORDER BY geom <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) LIMIT 10;"
    fi
    printf '\\set i random(1, %d)\nSELECT lat, lon FROM peer_queries WHERE i = :i \\gset\n%s\n' "$count" "$knn" > "$work/pgbench-$variant.sql"
    "${pgbench[@]}" -n -M prepared -c 1 -j 1 -t 500 -f "$work/pgbench-$variant.sql" crisismap_test >/dev/null 2>&1 # warm-up
    "${pgbench[@]}" -n -M prepared -c 1 -j 1 -t 4000 -r -f "$work/pgbench-$variant.sql" crisismap_test > "$work/pgbench-$variant.txt" 2>&1
    "${pgbench[@]}" -n -M prepared -c 2 -j 2 -T 15 -f "$work/pgbench-$variant.sql" crisismap_test > "$work/pgbench-$variant-c2.txt" 2>&1
done

# EXPLAIN ANALYZE at every query point: the server's own execution time.
explain() {
    local table=$1 column=$2 cast=$3
    python3 - "$queries" "$table" "$column" "$cast" > "$work/explain-$column.sql" <<'PY'
import sys
queries, table, column, cast = sys.argv[1:]
for line in open(queries).read().split("\n")[1:]:
    if line:
        lat, lon = line.split(",")
        print(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT id FROM {table} "
              f"ORDER BY {column} <-> 'SRID=4326;POINT({lon} {lat})'::{cast} LIMIT 10;")
PY
    "${psql[@]}" -At -f "$work/explain-$column.sql" > "$work/explain-$column.json"
}
explain peer_facilities geog geography
explain facilities geom geometry
"${psql[@]}" -At -c "SELECT version()" | cut -d' ' -f1,2 > "$work/pg-version.txt"
"${psql[@]}" -At -c "SELECT 'PostGIS ' || postgis_lib_version()" >> "$work/pg-version.txt"
"${psql[@]}" -At -c "SELECT pg_size_pretty(pg_database_size('crisismap_test'))" > "$work/nearest-dbsize.txt"
du -h "$sqlite" | cut -f1 > "$work/nearest-sqlitesize.txt"

# Phase 2 in this cluster too (tuned settings), for comparison with the durable one.
bash Benchmarks/postgis/import.sh "$calls" "$work" tuned
