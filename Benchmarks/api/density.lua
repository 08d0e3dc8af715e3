-- GET /v1/density, exact (admin key), with a varied bandwidth so no answer
-- is a repeat: planner load that keeps the planning pool busy. Like a real
-- planner's client, a 429 makes it wait the Retry-After seconds (2) before
-- its next request.
local key = os.getenv("CRISISMAP_KEY")

function init(args)
    math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
    wrk.headers["Authorization"] = "Bearer " .. key
end

local backOff = false

function response(status, headers, body)
    if status == 429 then backOff = true end
end

function delay()
    if backOff then
        backOff = false
        return 2000
    end
    return 0
end

function request()
    local bandwidth = 300 + math.random(0, 700)
    return wrk.format("GET", "/v1/density?privacy=exact&cell_size=150m&bandwidth=" .. bandwidth .. "m")
end

dofile("Benchmarks/api/report.lua")
