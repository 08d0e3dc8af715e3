-- GET /v1/density, exact (admin key), with a varied bandwidth so no answer
-- is a repeat: planner load that keeps the planning pool busy.
local key = os.getenv("CRISISMAP_KEY")

function init(args)
    math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
    wrk.headers["Authorization"] = "Bearer " .. key
end

function request()
    local bandwidth = 300 + math.random(0, 700)
    return wrk.format("GET", "/v1/density?privacy=exact&cell_size=60m&bandwidth=" .. bandwidth .. "m")
end

dofile("Benchmarks/api/report.lua")
