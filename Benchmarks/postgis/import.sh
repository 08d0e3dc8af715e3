#!/usr/bin/env bash
# Phase 2 of Benchmarks/postgis/run.sh, inside a Tools/postgres.sh cluster:
#   1. `crisismap import calls CALLS.csv --db postgresql://…` into an empty
#      PostGIS store (fresh database; COPY in one transaction, indexes built after);
#   2. GDAL's `ogr2ogr -f PostgreSQL` on the same CSV into another fresh
#      database of the same cluster (the peer; COPY, GiST, 100,000 rows per transaction);
#   3. with `spatialite`: the same crisismap import into a fresh SpatiaLite file.
# Writes WORKDIR/import-LABEL.json.
# Usage (inside the cluster): import.sh CALLS.csv WORKDIR LABEL [spatialite]
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=$(realpath "$1"); work=$2; label=$3; spatialite=${4:-}
: "${CRISISMAP_TEST_PG:?run inside Tools/postgres.sh}"
bin=${CRISISMAP_BIN:-.build-bench/release/crisismap}
base="postgresql://postgres@127.0.0.1:$CRISISMAP_PG_PORT"
psql=(psql -h "$CRISISMAP_PG_SOCKET" -p "$CRISISMAP_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -X)
now() { date +%s.%N; }
source Benchmarks/postgis/noise.sh

"${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS crisismap_import" -c "CREATE DATABASE crisismap_import" \
    -c "DROP DATABASE IF EXISTS ogr_import" -c "CREATE DATABASE ogr_import"
"${psql[@]}" -d ogr_import -c "CREATE EXTENSION postgis"
url="$base/crisismap_import?sslmode=disable"
"$bin" init --db "$url" >/dev/null
"${psql[@]}" -d postgres -c CHECKPOINT

run_import() { "$bin" import calls "$calls" --db "$url" >"$work/import-$label-crisismap.out"; }
t0=$(now)
timed "import-$label-crisismap" run_import
t1=$(now)
"${psql[@]}" -d postgres -c CHECKPOINT
t2=$(now)
timed "import-$label-ogr2ogr" ogr2ogr -f PostgreSQL PG:"host=127.0.0.1 port=$CRISISMAP_PG_PORT user=postgres dbname=ogr_import" "$calls" \
    -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326 -nln calls_ogr
t3=$(now)
ours=$("${psql[@]}" -d crisismap_import -At -c "SELECT count(*) FROM calls")
peer=$("${psql[@]}" -d ogr_import -At -c "SELECT count(*) FROM calls_ogr")
ours_size=$("${psql[@]}" -d postgres -At -c "SELECT pg_size_pretty(pg_database_size('crisismap_import'))")
peer_size=$("${psql[@]}" -d postgres -At -c "SELECT pg_size_pretty(pg_database_size('ogr_import'))")
settings=$("${psql[@]}" -d postgres -At -c "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
    WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'wal_level', 'max_wal_size', 'full_page_writes')")

t4=0; t5=0
if [[ $spatialite == spatialite ]]; then
    file="$work/import.sqlite"
    rm -f "$file" "$file-wal" "$file-shm"
    "$bin" init --db "$file" >/dev/null
    t4=$(now); "$bin" import calls "$calls" --db "$file" >/dev/null; t5=$(now)
fi
"${psql[@]}" -d postgres -c "DROP DATABASE crisismap_import" -c "DROP DATABASE ogr_import"

python3 - "$work/import-$label.json" "$label" "$calls" "$ours" "$peer" "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" \
    "$ours_size" "$peer_size" "$settings" <<'PY'
import json, os, sys
out, label, calls, ours, peer = sys.argv[1:6]
t0, t1, t2, t3, t4, t5 = map(float, sys.argv[6:12])
rows = sum(1 for _ in open(calls)) - 1
result = {"label": label, "rows": rows, "csv_bytes": os.path.getsize(calls), "settings": sys.argv[14],
          "crisismap_postgis": {"seconds": t1 - t0, "rows_per_s": rows / (t1 - t0), "rows_stored": int(ours), "size": sys.argv[12]},
          "ogr2ogr_postgis": {"seconds": t3 - t2, "rows_per_s": rows / (t3 - t2), "rows_stored": int(peer), "size": sys.argv[13]}}
if t5 > 0:
    result["crisismap_spatialite"] = {"seconds": t5 - t4, "rows_per_s": rows / (t5 - t4)}
json.dump(result, open(out, "w"), indent=2)
print(f"import of {rows:,} calls ({label} cluster: {result['settings']}):")
for name in ("crisismap_postgis", "ogr2ogr_postgis", "crisismap_spatialite"):
    if name in result:
        r = result[name]
        print(f"  {name:22s} {r['seconds']:6.2f} s  {r['rows_per_s']:>9,.0f} rows/s" + (f"  ({r['rows_stored']:,} rows, {r['size']})" if 'size' in r else ""))
PY
