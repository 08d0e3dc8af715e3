#!/usr/bin/env bash
# Drives the browser map at / end to end in headless Chromium with Selenium,
# as `make test` does after the API checks: sign-in for each role, the map's
# layers, placing a call by typing and by clicking, the planner's heat layer
# and underserved table, a phone-width layout, keyboard sign-in, and that no
# request leaves 127.0.0.1. The server runs on a free loopback port over a
# copy of the demo data with one key per role; the run is bounded in time.
# A PNG of every key step lands in .build/browser-screenshots/ (or
# $BROWSER_SCREENSHOTS), so a person can look at what each test saw.
# BROWSER_TEST_SECONDS bounds the whole run (default 300), BROWSER_WAIT_SECONDS
# each wait for the page (default 15).
#
#   Tools/browser-test.sh [path/to/crisismap]     (default .build/debug/crisismap)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/debug/crisismap}
budget=${BROWSER_TEST_SECONDS:-300}
shots=${BROWSER_SCREENSHOTS:-.build/browser-screenshots}

bash Tools/install-deps.sh browser
venv=.build/browser-test-venv
if ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    echo "browser-test: installing selenium into $venv" >&2
    python3 -m venv "$venv"
    timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check 'selenium>=4.20,<5'
fi

source Tools/sample-server.sh

# The sample's team fixes date from the day it was made, and the engine passes
# over a team whose fix is older than ten minutes: the copy imported here says
# every team was fixed now, as live devices would.
python3 - GeoData/teams.geojson "$work/teams.geojson" <<'EOF'
import datetime, json, sys
collection = json.load(open(sys.argv[1]))
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
for feature in collection["features"]:
    feature["properties"]["fix_at"] = now
json.dump(collection, open(sys.argv[2], "w"))
EOF
db="$work/browser.sqlite"
load_sample "$binary" "$db" "$work/teams.geojson"
for role in dispatcher planner admin clinician; do
    name="Browser test $role"
    key=$("$binary" keys create --role "$role" --name "$name" --db "$db" | head -1)
    upper=$(tr '[:lower:]' '[:upper:]' <<<"$role")
    export "${upper}_KEY=$key" "${upper}_NAME=$name"
done

# No --tile-url: the page then has no reason to ask anything of another host.
# BROWSER_WEB_ROOT=Sources/Server/Public tries the page's files without a rebuild.
serve=()
[[ -n "${BROWSER_WEB_ROOT:-}" ]] && serve+=(--web-root "$BROWSER_WEB_ROOT")
start_server "$binary" "$db" "${serve[@]}"

mkdir -p "$shots"
rm -f "$shots"/test_*.png
shots=$(cd "$shots" && pwd)
echo "browser-test: headless Chromium against 127.0.0.1:$port, at most ${budget}s" >&2

# Selenium finds no driver of its own (the paths are given) and sends no usage statistics.
status=0
BASE_URL="http://127.0.0.1:$port" SCREENSHOT_DIR="$shots" SE_AVOID_STATS=true PYTHONDONTWRITEBYTECODE=1 \
    timeout --kill-after=10 "$budget" "$venv/bin/python" Tests/Browser/test_map.py || status=$?
[[ $status -eq 124 || $status -eq 137 ]] && echo "browser-test: stopped after ${budget}s" >&2
server_errors browser-test || { [[ $status -ne 0 ]] || status=1; }
if [[ $status -ne 0 ]]; then
    echo "browser-test: the server's stderr (last 200 lines):" >&2
    tail -200 "$work/serve.err" >&2
fi
echo "browser-test: screenshots in $shots" >&2
exit $status
