-- Decision reads: GET /v1/orders/{order_key} over the seeded orders, at random.
-- Environment: LOAD_TOKEN (bearer token), LOAD_ORDERS (how many orders were seeded, named load-0..N-1).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local token = os.getenv("LOAD_TOKEN") or ""
local orders = tonumber(os.getenv("LOAD_ORDERS") or "1000")

function init(args)
    math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
    local id = math.random(0, orders - 1)
    return wrk.format("GET", "/v1/orders/tiktok-shop:42:load-" .. id, {["Authorization"] = "Bearer " .. token})
end

done = report.done
