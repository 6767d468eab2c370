-- What a coroutine costs: N coroutines created and left suspended (the state of a dispatcher's
-- connections waiting in select), then each resumed and yielding again M times. Prints the
-- seconds and the process's RSS growth per coroutine, and the cost of one resume-yield pair.
--   coroutines.lua N M
local n, m = tonumber(arg[1] or 1000), tonumber(arg[2] or 20)
local function rss()
  for line in io.lines("/proc/self/status") do     -- by lines: LuaJ reads "*a" by the file's size, 0 here
    local kib = line:match("^VmRSS:%s*(%d+)")
    if kib then return tonumber(kib) * 1024 end
  end
end
local clock = os.clock
local socket = require("socket")
collectgarbage()
local before = rss()
local start = socket.gettime()
local all = {}
for i = 1, n do
  local co = coroutine.create(function()
    while true do coroutine.yield() end
  end)
  coroutine.resume(co)
  all[i] = co
end
local created = socket.gettime() - start
local grown = rss() - before
start = socket.gettime()
for _ = 1, m do
  for i = 1, n do coroutine.resume(all[i]) end
end
local switched = socket.gettime() - start
print(string.format("coroutines %d: create+first yield %.1f us each, %.1f KiB RSS each, resume+yield %.2f us",
  n, created / n * 1e6, grown / n / 1024, switched / (n * m) * 1e6))
