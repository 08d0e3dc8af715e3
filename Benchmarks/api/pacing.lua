-- wrk can only pause between requests: paced(rate, connections) returns a
-- delay() that keeps one wrk thread near `rate` requests per second by
-- correcting the pause once a second from the count actually sent (a simple
-- controller); the run scripts report the rate achieved.
function paced(rate, connections)
    local pause = connections * 1000 / rate
    local second, sentThisSecond = os.time(), 0
    return function()
        local now = os.time()
        if now ~= second then
            -- Too many last second: pause longer; too few: shorter.
            pause = math.max(1, pause * sentThisSecond / rate)
            second, sentThisSecond = now, 0
        end
        sentThisSecond = sentThisSecond + 1
        return math.floor(pause)
    end
end
