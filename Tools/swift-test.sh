#!/usr/bin/env bash
# `swift test`, run once more when, and only when, the test process was
# killed by Foundation's known Linux crash in Process.run(): an over-read of
# /proc/self/fd entries in findMaximumOpenFromProcSelfFD(), fixed upstream in
# swift-corelibs-foundation#5472 but still in this toolchain. It strikes at
# random in a suite that spawns many child processes and takes the whole test
# process down, so no test result is lost by running again; any other failure
# (a failed expectation, any other crash) fails at once.
# Usage: Tools/swift-test.sh [swift test arguments...]
set -uo pipefail
swift=${SWIFT:-swift}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for attempt in 1 2; do
    "$swift" test "$@" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    [[ $status -eq 0 ]] && exit 0
    # The crashed thread's first two frames: memmove, then Process.run().
    if [[ $attempt -eq 1 ]] && grep -A4 '" crashed:$' "$log" | grep -q 'Process.run() .* in libFoundation.so'; then
        echo "swift-test: the test process died in Foundation's Process.run() (swift-corelibs-foundation#5472); running the tests once more" >&2
        continue
    fi
    exit "$status"
done
