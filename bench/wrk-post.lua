-- wrk script for the bench: replays the runner's three signed bodies (open, "products",
-- "Product A") in turn; the minimal mock checks signatures but has no timestamp window.
-- The bodies and signatures come from the environment (BENCH_BODY_1..3, BENCH_SIG_1..3).
local bodies, sigs = {}, {}
for i = 1, 3 do
  bodies[i] = os.getenv("BENCH_BODY_" .. i)
  sigs[i] = os.getenv("BENCH_SIG_" .. i)
end
local n = 0
request = function()
  n = n % 3 + 1
  return wrk.format("POST", nil, { ["content-type"] = "application/json;UTF-8", ["X-NCP-CHATBOT_SIGNATURE"] = sigs[n] }, bodies[n])
end
