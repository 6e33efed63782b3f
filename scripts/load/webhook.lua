-- Webhooks: signed pushes to POST /v1/webhooks/replay, each one a new delivery (its own body), for the
-- tracking numbers of the seeded orders, signed `X-Unstuck-Signature: t=<unix>,v1=<hex HMAC-SHA256 of
-- "<t>.<body>">` under LOAD_SECRET. Environment: LOAD_SECRET, LOAD_ORDERS.
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local sha = require("sha256")
local secret = os.getenv("LOAD_SECRET") or ""
local orders = tonumber(os.getenv("LOAD_ORDERS") or "1000")
local thread_id, n = 0, 0

local threads = {}
function setup(thread)
    thread:set("thread_id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    thread_id = thread_id or 0
    math.randomseed(os.time() + thread_id)
end

function request()
    n = n + 1
    local id = "load-" .. ((n * 7 + thread_id) % orders)
    local body = '{"tracking_number":"1Z' .. id .. '","carrier":"ups","events":[{"at":"2024-07-15T14:00:00Z",' ..
        '"status":"PICKED_UP","code":"PU","description":"Picked up (' .. thread_id .. '-' .. n .. ')"}]}'
    local t = tostring(os.time())
    return wrk.format("POST", "/v1/webhooks/replay", {["Content-Type"] = "application/json",
        ["X-Unstuck-Signature"] = "t=" .. t .. ",v1=" .. sha.hmac_hex(secret, t .. "." .. body)}, body)
end

done = report.done
