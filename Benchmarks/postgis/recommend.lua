-- POST /v1/recommendations: the HTTP API benchmark's request mix (random
-- points, 70% in Colorado's metro areas, varied needs), with this folder's
-- statistics file instead of its summary line. With CRISISMAP_RATE set, the
-- requests are paced to about that many per second (pacing.lua); without
-- it, each connection sends its next request as soon as the answer arrives
-- (saturation).
dofile("Benchmarks/api/recommend.lua")
dofile("Benchmarks/postgis/stats.lua")

local rate = tonumber(os.getenv("CRISISMAP_RATE") or "0")
if rate > 0 then
    dofile("Benchmarks/api/pacing.lua")
    delay = paced(rate, tonumber(os.getenv("CRISISMAP_CONNECTIONS") or "25"))
end
