-- POST /v1/recommendations at random points of the benchmark's mix
-- (70% in the metro clusters, 30% anywhere in Colorado), varied needs.
local key = os.getenv("CRISISMAP_KEY")
local centres = {{39.74, -104.99}, {38.83, -104.82}, {40.01, -105.27}, {40.58, -105.08}, {39.65, -104.82}}
local bodies = {}

local function gauss()
    return math.sqrt(-2 * math.log(1 - math.random())) * math.cos(2 * math.pi * math.random())
end

function init(args)
    math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
    for i = 1, 2000 do
        local lat, lon
        if math.random() < 0.7 then
            local c = centres[math.random(#centres)]
            lat, lon = c[1] + 0.06 * gauss(), c[2] + 0.08 * gauss()
        else
            lat, lon = 37 + 4 * math.random(), -109 + 7 * math.random()
        end
        local extra = ""
        local r = math.random()
        if r < 0.25 then extra = ',"police_transport":true'
        elseif r < 0.5 then extra = ',"needs":["spanish"],"services":["substance_use"]'
        elseif r < 0.6 then extra = ',"age":16' end
        bodies[i] = string.format('{"lat":%.5f,"lon":%.5f%s}', lat, lon, extra)
    end
    wrk.method = "POST"
    wrk.headers["Authorization"] = "Bearer " .. key
    wrk.headers["Content-Type"] = "application/json"
end

function request()
    return wrk.format(nil, "/v1/recommendations", nil, bodies[math.random(#bodies)])
end

dofile("Benchmarks/api/report.lua")
