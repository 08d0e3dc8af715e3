-- Shared by the wrk scripts: one machine-readable line on stderr for run.sh.
function done(summary, latency, requests)
    io.stderr:write(string.format("STATS %d %d %.3f %.3f %.3f %d\n", summary.requests, summary.duration,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
