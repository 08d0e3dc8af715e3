-- PUT /v1/teams/{id}/position at about CRISISMAP_RATE per second from one
-- wrk thread (paced by Benchmarks/api/pacing.lua). Feed number CRISISMAP_FEED of
-- CRISISMAP_FEEDS updates only the teams whose number is congruent to it, so
-- several feeds never race on one team; fix times start at the wall clock
-- and grow by a millisecond per update, so every update is newer than the
-- stored one (and applied) and fixes stay fresh.
local key = os.getenv("CRISISMAP_KEY")
local teams = tonumber(os.getenv("CRISISMAP_TEAMS") or "300")
local rate = tonumber(os.getenv("CRISISMAP_RATE") or "100")
local connections = tonumber(os.getenv("CRISISMAP_CONNECTIONS") or "5")
local feed = tonumber(os.getenv("CRISISMAP_FEED") or "0")
local feeds = tonumber(os.getenv("CRISISMAP_FEEDS") or "1")
local counter = 0
dofile("Benchmarks/api/fix_time.lua")

function init(args)
    math.randomseed(os.time() + feed * 7919)
    wrk.method = "PUT"
    wrk.headers["Authorization"] = "Bearer " .. key
    wrk.headers["Content-Type"] = "application/json"
end

dofile("Benchmarks/api/pacing.lua")
delay = paced(rate, connections)

function request()
    counter = counter + 1
    local slots = math.floor((teams - 1 - feed) / feeds) + 1
    local id = string.format("T%05d", feed + feeds * math.random(0, slots - 1))
    local body = string.format('{"lat":%.5f,"lon":%.5f,"fix_at":"%s"}', 39.5 + math.random(), -105.5 + math.random(), fixAt())
    return wrk.format(nil, "/v1/teams/" .. id .. "/position", nil, body)
end

dofile("Benchmarks/postgis/stats.lua")
