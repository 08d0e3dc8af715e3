-- POST /v1/recommendations: the HTTP API benchmark's request mix (random
-- points, 70% in Colorado's metro areas, varied needs), with this folder's
-- statistics file instead of its summary line. With CRISISMAP_RATE set, the
-- requests are paced to about that many per second (the pause corrected
-- once a second, as in positions.lua); without it, each connection sends
-- its next request as soon as the answer arrives (saturation).
dofile("Benchmarks/api/recommend.lua")
dofile("Benchmarks/postgis/stats.lua")

local rate = tonumber(os.getenv("CRISISMAP_RATE") or "0")
if rate > 0 then
    local connections = tonumber(os.getenv("CRISISMAP_CONNECTIONS") or "25")
    local pause = connections * 1000 / rate
    local second, sentThisSecond = os.time(), 0
    function delay()
        local now = os.time()
        if now ~= second then
            pause = math.max(1, pause * sentThisSecond / rate)
            second, sentThisSecond = now, 0
        end
        sentThisSecond = sentThisSecond + 1
        return math.floor(pause)
    end
end
