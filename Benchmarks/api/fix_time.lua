-- Fix times follow the real clock (a time ahead of it is refused): the
-- second now, and a millisecond that counts this second's requests, so a
-- team's later update is newer up to 1,000 requests per second per thread.
local second, inSecond = os.time(), 0
function fixAt()
    local now = os.time()
    if now ~= second then second, inSecond = now, 0 end
    inSecond = inSecond + 1
    return string.format("%s.%03dZ", os.date("!%Y-%m-%dT%H:%M:%S", now), math.min(inSecond, 999))
end
