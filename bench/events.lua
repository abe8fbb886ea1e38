-- wrk script for bench/events.sh: POST /events with a JSON CommandEvent whose
-- interaction_id is distinct for every request, so each one is a fresh dispatch
-- (claim in Redis, create in Kubernetes, session write) rather than a duplicate.
local run = os.getenv("BENCH_RUN_ID") or tostring(os.time())
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
    counter = counter + 1
    local body = string.format(
        '{"provider":"discord","interactionId":"%s%d","command":"plan",' ..
        '"options":{"objective":"benchmark the pipeline","project":"facteur"},' ..
        '"member":{"id":"111111111111111111"},"timestamp":"2026-12-03T14:05:09Z",' ..
        '"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}',
        run, counter)
    return wrk.format(nil, "/events", nil, body)
end
