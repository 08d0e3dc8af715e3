#!/usr/bin/env bash
# Checks the live API against openapi.yaml with schemathesis (property-based:
# examples, boundary coverage, random fuzzing and stateful sequences), as
# `make test` does after the Swift tests. The server runs on a free loopback
# port over a copy of the demo data with an admin key; the run is bounded by
# examples per operation and by time. Fails on any 5xx, undocumented status,
# wrong content type or a response that breaks its schema.
#
#   Tools/api-fuzz.sh [path/to/crisismap]     (default .build/debug/crisismap)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/debug/crisismap}
examples=${API_FUZZ_EXAMPLES:-30}
budget=${API_FUZZ_SECONDS:-120}

bash Tools/install-deps.sh api-fuzz
venv=.build/api-fuzz-venv
if [[ ! -x "$venv/bin/st" ]]; then
    echo "api-fuzz: installing schemathesis into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4,<5'
fi

source Tools/sample-server.sh
db="$work/fuzz.sqlite"
load_sample "$binary" "$db"
key=$("$binary" keys create --role admin --name api-fuzz --db "$db" | head -1)
# Four planning threads: in this debug build a planner product can take
# half a minute, and the fuzzer checks what each answer says, not how the
# pool queues (PlanningPoolTests and Benchmarks/adversity do).
start_server "$binary" "$db" --planning-concurrency 4
echo "api-fuzz: schemathesis against 127.0.0.1:$port, $examples examples per operation, at most ${budget}s" >&2

# The event stream never ends, so it is left out; e2e tests cover it.
# 60 s a request: this is the debug build, where a private heat map with an
# --hours window takes ~30 s (9 s in release; see BENCHMARKS.md), and planner
# products now wait their turn in the planning pool.
# One worker: CPython 3.11 can fail parsing source in two threads at once
# ("AST constructor recursion depth mismatch" inside Hypothesis), which
# schemathesis reports as an error of its own, not of the API.
status=0
"$venv/bin/st" run openapi.yaml \
    --url "http://127.0.0.1:$port" \
    --header "Authorization: Bearer $key" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --exclude-path /v1/teams/stream \
    --exclude-path /v1/calls/stream \
    --max-examples "$examples" \
    --max-time "$budget" \
    --request-timeout 60 \
    --workers 1 \
    --seed "${API_FUZZ_SEED:-20261130}" \
    --no-color || status=$?
server_errors api-fuzz || exit 1
exit $status
