-- PUT /v1/teams/{id}/position at about CRISISMAP_RATE per second (one wrk
-- thread, paced by pacing.lua). Fix times grow with every request, so
-- updates are newer than the stored ones.
local key = os.getenv("CRISISMAP_KEY")
local teams = tonumber(os.getenv("CRISISMAP_TEAMS") or "10000")
local rate = tonumber(os.getenv("CRISISMAP_RATE") or "1000")
local connections = tonumber(os.getenv("CRISISMAP_CONNECTIONS") or "50")
local counter = 0
local base = os.time() + 3600

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
    local body = string.format('{"lat":%.5f,"lon":%.5f,"fix_at":"%s.%03dZ"}', 39.5 + math.random(), -105.5 + math.random(),
        os.date("!%Y-%m-%dT%H:%M:%S", base + math.floor(counter / 1000)), counter % 1000)
    return wrk.format(nil, "/v1/teams/" .. id .. "/position", nil, body)
end

dofile("Benchmarks/api/report.lua")
