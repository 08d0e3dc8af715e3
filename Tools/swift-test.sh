#!/usr/bin/env bash
# `swift test`, run once more when, and only when, the test process was
# killed by Foundation's known Linux crash in Process.run(): an over-read of
# /proc/self/fd entries in findMaximumOpenFromProcSelfFD(), fixed upstream in
# swift-corelibs-foundation#5472 but still in this toolchain. The suites no
# longer use Process (TestSupport's ChildProcess spawns with posix_spawn), so
# this is a guard for a dependency that might; any other failure (a failed
# expectation, any other crash) fails at once.
# Usage: Tools/swift-test.sh [swift test arguments...]
set -uo pipefail
swift=${SWIFT:-swift}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for attempt in 1 2; do
    "$swift" test "$@" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    [[ $status -eq 0 ]] && exit 0
    # The crashed thread ("Thread N crashed:" or "Thread N "name" crashed:")
    # and its first frames: memmove, then Foundation's Process code.
    if [[ $attempt -eq 1 ]] && grep -A6 ' crashed:$' "$log" | grep -Eq '(Process\.run\(\)|findMaximumOpenFromProcSelfFD).* in libFoundation\.so'; then
        echo "swift-test: the test process died in Foundation's Process.run() (swift-corelibs-foundation#5472); running the tests once more" >&2
        continue
    fi
    exit "$status"
done
