-- recommend.lua at about CRISISMAP_RATE recommendations per second in all
-- (each wrk thread paces its share with pacing.lua): a dispatch centre's
-- steady load rather than a flood, so the p99 measures waiting, not queueing.
local rate = tonumber(os.getenv("CRISISMAP_RATE") or "1000")
local connections = tonumber(os.getenv("CRISISMAP_CONNECTIONS") or "20")
local threads = tonumber(os.getenv("CRISISMAP_THREADS") or "2")
dofile("Benchmarks/api/recommend.lua")
dofile("Benchmarks/api/pacing.lua")
delay = paced(rate / threads, connections / threads)
