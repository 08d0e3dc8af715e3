#!/usr/bin/env bash
# pgRouting peer for the routing benchmark: the same edge list and one-to-many
# queries in PostgreSQL 15 + pgRouting (Debian postgresql-15-pgrouting, which
# pulls PostGIS; installed if missing), in a throwaway cluster on 127.0.0.1 run
# by an unprivileged user, removed on exit: Tools/postgres.sh run
# --extra-packages postgresql-15-pgrouting --tuned-for-bench (and work_mem=256MB, jit=off).
#
#   EDGES.csv    edge_id,source,target,length_m,time_s,direction   (header required, in this order)
#                loaded as edges(id, source, target, cost, reverse_cost):
#                both -> cost = reverse_cost = time_s; forward -> reverse_cost = -1;
#                backward -> cost = -1; OSM node ids are used as they are (bigint);
#                self-loops are dropped; parallel edges stay (pgRouting takes the cheaper).
#   QUERIES.csv  query,origin,target   (one origin per query id)
#   OUT.csv      query,origin,target,time_s,query_ms
#                time_s empty = unreachable; origin == target -> 0;
#                query_ms = that query's time (same on each of its rows).
#
# Each query is one call
#   pgr_dijkstraCost('SELECT id, source, target, cost, reverse_cost FROM edges',
#                    origin, ARRAY[targets], directed => true)
# timed with clock_timestamp() around it in a PL/pgSQL loop: the time inside
# the server, including pgRouting reading the edges table and building its
# graph on every call (that is how pgRouting works), without the client round
# trip. One untimed call first warms the cache and loads the library.
#
# Usage: pgrouting_peer.sh EDGES.csv QUERIES.csv OUT.csv [SUMMARY.json]
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n '2,26p' "$0" >&2; exit 2; }
edges=$(realpath "$1"); queries=$(realpath "$2"); out=$(realpath -m "$3"); summary=${4:+$(realpath -m "$4")}

expected="edge_id,source,target,length_m,time_s,direction"
header=$(head -1 "$edges" | tr -d '\r')
[[ $header == "$expected" ]] || { echo "pgrouting_peer: $edges: header is '$header', expected '$expected'" >&2; exit 1; }
header=$(head -1 "$queries" | tr -d '\r')
[[ $header == "query,origin,target" ]] || { echo "pgrouting_peer: $queries: header is '$header', expected 'query,origin,target'" >&2; exit 1; }

# The cluster (Tools/postgres.sh, with pgRouting): this script runs itself again inside it.
if [[ -z ${CRISISMAP_PGROUTING_PEER_IN_CLUSTER:-} ]]; then
    export CRISISMAP_PGROUTING_PEER_IN_CLUSTER=1
    exec bash "$(dirname "$0")/../../Tools/postgres.sh" run --extra-packages postgresql-15-pgrouting \
        --tuned-for-bench --setting work_mem=256MB --setting jit=off -- \
        bash "$0" "$edges" "$queries" "$out" ${summary:+"$summary"}
fi
dir=$(mktemp -d /tmp/crisismap-pgr.XXXXXX)
trap 'rm -rf "$dir"' EXIT
# psql's \copy reads the inputs on the client side; copies keep the paths simple.
cp "$edges" "$dir/edges.csv"; cp "$queries" "$dir/queries.csv"
psql=(psql -h "$CRISISMAP_PG_SOCKET" -p "$CRISISMAP_PG_PORT" -U postgres -d crisismap_test -v ON_ERROR_STOP=1 -q -X)

load_start=$(date +%s.%N)
"${psql[@]}" <<SQL
SET client_min_messages = warning;
CREATE EXTENSION pgrouting CASCADE;
CREATE TABLE edges_in (edge_id text, source bigint, target bigint, length_m float8, time_s float8, direction text);
\copy edges_in FROM '$dir/edges.csv' WITH (FORMAT csv, HEADER true)
DO \$\$
DECLARE bad text;
BEGIN
    SELECT edge_id INTO bad FROM edges_in
     WHERE direction NOT IN ('both', 'forward', 'backward') OR time_s IS NULL OR time_s < 0 OR time_s = 'Infinity' LIMIT 1;
    IF bad IS NOT NULL THEN RAISE EXCEPTION 'edge %: bad direction or time_s', bad; END IF;
END \$\$;
CREATE TABLE edges AS
SELECT row_number() OVER ()::bigint AS id, source, target,
       CASE WHEN direction = 'backward' THEN -1 ELSE time_s END AS cost,
       CASE WHEN direction = 'forward' THEN -1 ELSE time_s END AS reverse_cost
  FROM edges_in WHERE source <> target;
ALTER TABLE edges ADD PRIMARY KEY (id);
VACUUM ANALYZE edges;
CREATE TABLE queries (ord serial, query text, origin bigint, target bigint);
\copy queries (query, origin, target) FROM '$dir/queries.csv' WITH (FORMAT csv, HEADER true)
SQL
load_s=$(python3 -c "print(round($(date +%s.%N) - $load_start, 3))")

"${psql[@]}" <<'SQL'
DO $$
DECLARE bad text;
BEGIN
    SELECT query INTO bad FROM queries GROUP BY query HAVING count(DISTINCT origin) > 1 LIMIT 1;
    IF bad IS NOT NULL THEN RAISE EXCEPTION 'query % has more than one origin', bad; END IF;
END $$;
CREATE TABLE results (query text, start_vid bigint, end_vid bigint, agg_cost float8);
CREATE TABLE timings (query text, ms float8);
DO $$
DECLARE
    q record;
    t0 timestamptz;
    first boolean := true;
BEGIN
    FOR q IN SELECT query, min(origin) AS origin, array_agg(DISTINCT target) AS targets
               FROM queries GROUP BY query ORDER BY min(ord)
    LOOP
        IF first THEN  -- warm-up, not timed
            PERFORM count(*) FROM pgr_dijkstraCost('SELECT id, source, target, cost, reverse_cost FROM edges',
                                                   q.origin, q.targets, directed => true);
            first := false;
        END IF;
        t0 := clock_timestamp();
        INSERT INTO results
        SELECT q.query, start_vid, end_vid, agg_cost
          FROM pgr_dijkstraCost('SELECT id, source, target, cost, reverse_cost FROM edges',
                                q.origin, q.targets, directed => true);
        INSERT INTO timings VALUES (q.query, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
END $$;
SQL

"${psql[@]}" -c "\\copy (SELECT q.query, q.origin, q.target,
        CASE WHEN q.origin = q.target THEN 0::float8 ELSE r.agg_cost END AS time_s,
        round(t.ms::numeric, 4) AS query_ms
   FROM queries q
   JOIN timings t ON t.query = q.query
   LEFT JOIN results r ON r.query = q.query AND r.end_vid = q.target
  ORDER BY q.ord) TO '$out' WITH (FORMAT csv, HEADER true)"

info=$("${psql[@]}" -At -F' ' -c "SELECT split_part(version(), ' ', 2), pgr_version(),
        (SELECT count(*) FROM edges), (SELECT count(*) FROM (SELECT source FROM edges UNION SELECT target FROM edges) n),
        (SELECT count(*) FROM timings)")
read -r pg_version pgr_version edge_count node_count query_count <<<"$info"
stats=$("${psql[@]}" -At -F' ' -c "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms),
        percentile_disc(0.9) WITHIN GROUP (ORDER BY ms) FROM timings")
read -r median p90 <<<"$stats"
if [[ -n $summary ]]; then
    cat > "$summary" <<JSON
{"engine": "pgrouting", "postgres_version": "$pg_version", "pgrouting_version": "$pgr_version",
 "call": "pgr_dijkstraCost(edges_sql, origin, ARRAY[targets], directed => true)",
 "edges": $edge_count, "nodes": $node_count, "load_s": $load_s,
 "queries": $query_count, "median_ms": $median, "p90_ms": $p90}
JSON
fi
printf 'pgRouting %s (PostgreSQL %s): %s nodes, %s edges (loaded in %s s); %s queries: median %.3f ms, p90 %.3f ms -> %s\n' \
    "$pgr_version" "$pg_version" "$node_count" "$edge_count" "$load_s" "$query_count" "$median" "$p90" "$out"
