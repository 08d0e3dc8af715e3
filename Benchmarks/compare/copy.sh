#!/usr/bin/env bash
# The COPY half of Benchmarks/compare/run.sh, inside a Tools/postgres.sh
# cluster: `crisismap import calls` into a fresh PostGIS database, per round
# and per build, interleaved. Usage: copy.sh CALLS.csv TIMES.jsonl
set -euo pipefail
csv=$1; times=$2
: "${CRISISMAP_TEST_PG:?run inside Tools/postgres.sh}"
base="postgresql://postgres@127.0.0.1:$CRISISMAP_PG_PORT"
psql=(psql -h "$CRISISMAP_PG_SOCKET" -p "$CRISISMAP_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -X)
for round in $(seq 1 "$CRISISMAP_COMPARE_ROUNDS"); do
    for side in before after; do
        tree=$([[ $side == before ]] && echo "$CRISISMAP_COMPARE_BEFORE" || echo "$CRISISMAP_COMPARE_AFTER")
        bin=$tree/.build/release/crisismap
        "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS compare_copy" -c "CREATE DATABASE compare_copy"
        url="$base/compare_copy?sslmode=disable"
        "$bin" init --db "$url" >/dev/null
        "${psql[@]}" -d postgres -c CHECKPOINT
        t0=$(date +%s.%N)
        "$bin" import calls "$csv" --db "$url" >/dev/null
        t1=$(date +%s.%N)
        echo "{\"side\": \"$side\", \"round\": $round, \"measure\": \"copy_import_s\", \"value\": $(python3 -c "print($t1 - $t0)")}" >>"$times"
    done
done
"${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS compare_copy"
