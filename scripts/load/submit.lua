-- Order submissions: POST /v1/orders, one order case a request, cycling over the seeded orders (each one
-- decided again; its dispute is already filed, so nothing is filed twice).
-- Environment: LOAD_TOKEN, LOAD_ORDERS.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local token = os.getenv("LOAD_TOKEN") or ""
local orders = tonumber(os.getenv("LOAD_ORDERS") or "1000")
local n = 0

function init(args)
    math.randomseed(os.time() + math.floor(os.clock() * 1e6))
    n = math.random(0, orders - 1)
end

function request()
    n = (n + 1) % orders
    local id = "load-" .. n
    local body = '{"order_id":"' .. id .. '","shop_id":"42","region":"US","shipping_type":"PLATFORM",' ..
        '"platform_status":"AWAITING_COLLECTION","packages":[{"package_id":"P' .. id ..
        '","tracking_number":"1Z' .. id .. '","carrier":"ups","events":[{"at":"2024-07-15T14:00:00Z",' ..
        '"status":"PICKED_UP","code":"PU","description":"Picked up"}]}]}'
    return wrk.format("POST", "/v1/orders", {["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json"}, body)
end

done = report.done
