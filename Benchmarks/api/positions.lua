-- PUT /v1/teams/{id}/position at about CRISISMAP_RATE per second (one wrk
-- thread, paced by pacing.lua). Fix times follow the clock (see fixAt).
local key = os.getenv("CRISISMAP_KEY")
local teams = tonumber(os.getenv("CRISISMAP_TEAMS") or "10000")
local rate = tonumber(os.getenv("CRISISMAP_RATE") or "1000")
local connections = tonumber(os.getenv("CRISISMAP_CONNECTIONS") or "50")
local counter = 0
dofile("Benchmarks/api/fix_time.lua")

function init(args)
    math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
    wrk.method = "PUT"
    wrk.headers["Authorization"] = "Bearer " .. key
    wrk.headers["Content-Type"] = "application/json"
end

dofile("Benchmarks/api/pacing.lua")
delay = paced(rate, connections)

function request()
    counter = counter + 1
    local id = string.format("T%05d", math.random(0, teams - 1))
    local body = string.format('{"lat":%.5f,"lon":%.5f,"fix_at":"%s"}', 39.5 + math.random(), -105.5 + math.random(), fixAt())
    return wrk.format(nil, "/v1/teams/" .. id .. "/position", nil, body)
end

dofile("Benchmarks/api/report.lua")
