-- Shared by this folder's wrk scripts: the request count, duration, errors
-- and 1,000 latency quantiles (ms) into the file $CRISISMAP_STATS, so that
-- run.sh can merge the distributions of several wrk processes.
function done(summary, latency, requests)
    local out = assert(io.open(os.getenv("CRISISMAP_STATS"), "w"))
    local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    out:write(string.format("%d %d %d %.3f\n", summary.requests, summary.duration, errors, latency.max / 1000))
    for i = 0, 999 do
        out:write(string.format("%.3f\n", latency:percentile((i + 0.5) / 10) / 1000))
    end
    out:close()
end
