-- The C LuaSocket side of the loomsocket benchmarks: the same loops as the Java programs,
-- between two lua5.4 processes over 127.0.0.1. Run by io.loomsocket.bench.Main; see
-- bench/README.md. Every socket has a 60 s timeout, so nothing waits for ever.
--
--   lua5.4 bench.lua echo-server
--   lua5.4 bench.lua pingpong-client PORT SERVERPID WARMUP TRIPS
--   lua5.4 bench.lua rr-server SIZE NODELAY
--   lua5.4 bench.lua rr-client PORT SERVERPID SIZE NODELAY SECONDS
--   lua5.4 bench.lua bulk-server TOTAL CHUNK CONNECTIONS
--   lua5.4 bench.lua bulk-client PORT SERVERPID TOTAL COUNT|*a WARMUP
--   lua5.4 bench.lua lines-server LINES CONNECTIONS
--   lua5.4 bench.lua lines-client PORT SERVERPID LINES WARMUP
--
-- Servers print "PORT n", serve, then wait for their standard input to close (so that the
-- client can still read their counters). Clients run WARMUP unmeasured rounds, print "READY",
-- then run one measured round for each "GO" line read from standard input and answer it with
-- "ROUND seconds units cpu_ns switches", where cpu_ns and switches cover both processes; they
-- stop at the end of their input.

local socket = require("socket")

local TIMEOUT = 60
local LINE = string.rep("0123456789", 4):sub(1, 39) .. "\n"   -- 40 bytes with its LF
local MESSAGE = "ping 0123456789abcdefghijklmnop"            -- 32 bytes with the LF added

local function readfile(path)
  local f = io.open(path, "r")
  if not f then return nil end
  local text = f:read("a")
  f:close()
  return text
end

-- CPU nanoseconds (utime + stime at 100 ticks per second) and context switches of a process.
local function procstats(pid)
  local stat = readfile("/proc/" .. pid .. "/stat") or ""
  local rest = stat:match("%) (.*)$") or ""
  local fields = {}
  for word in rest:gmatch("%S+") do fields[#fields + 1] = word end
  -- After "pid (comm) ", field 3 of proc(5) is fields[1]; utime is field 14, stime 15.
  local ticks = (tonumber(fields[12]) or 0) + (tonumber(fields[13]) or 0)
  local status = readfile("/proc/" .. pid .. "/status") or ""
  local v = tonumber(status:match("\nvoluntary_ctxt_switches:%s*(%d+)")) or 0
  local nv = tonumber(status:match("\nnonvoluntary_ctxt_switches:%s*(%d+)")) or 0
  return ticks * 1e7, v + nv
end

local function both(serverpid)
  local c1, s1 = procstats("self")
  local c2, s2 = procstats(serverpid)
  return c1 + c2, s1 + s2
end

local function listen()
  local server = assert(socket.bind("127.0.0.1", 0))
  server:settimeout(TIMEOUT)
  local _, port = server:getsockname()
  io.stdout:write("PORT ", port, "\n")
  io.stdout:flush()
  return server
end

-- Keeps a finished server alive until the parent closes our standard input.
local function linger()
  io.stdin:read("a")
end

local function connect(port)
  local c = socket.tcp()
  c:settimeout(TIMEOUT)
  assert(c:connect("127.0.0.1", tonumber(port)))
  return c
end

-- Runs WARMUP unmeasured calls of body(), which returns its units, then one measured call
-- for each "GO" line on standard input.
local function rounds(serverpid, warmup, body)
  for _ = 1, warmup do body() end
  io.stdout:write("READY\n")
  io.stdout:flush()
  while io.stdin:read("l") == "GO" do
    local cpu0, sw0 = both(serverpid)
    local t0 = socket.gettime()
    local units = body()
    local t1 = socket.gettime()
    local cpu1, sw1 = both(serverpid)
    io.stdout:write(string.format("ROUND %.6f %d %.0f %d\n", t1 - t0, units, cpu1 - cpu0, sw1 - sw0))
    io.stdout:flush()
  end
end

local mode = arg[1]

if mode == "echo-server" then
  local server = listen()
  local c = assert(server:accept())
  c:settimeout(TIMEOUT)
  while true do
    local line, err = c:receive("*l")
    if not line then
      if err ~= "closed" then error(err) end
      break
    end
    assert(c:send(line .. "\n"))
  end
  c:close()
  linger()

elseif mode == "pingpong-client" then
  local port, serverpid = arg[2], arg[3]
  local warmup, trips = tonumber(arg[4]), tonumber(arg[5])
  local c = connect(port)
  local out = MESSAGE .. "\n"
  local function trip(n)
    for _ = 1, n do
      assert(c:send(out))
      local line = assert(c:receive("*l"))
      if #line ~= #MESSAGE then error("bad echo") end
    end
    return n
  end
  trip(warmup)
  rounds(serverpid, 0, function() return trip(trips) end)
  c:close()

elseif mode == "rr-server" then
  local size, nodelay = tonumber(arg[2]), arg[3] == "true"
  local server = listen()
  local c = assert(server:accept())
  c:settimeout(TIMEOUT)
  assert(c:setoption("tcp-nodelay", nodelay))
  while true do
    local message, err = c:receive(size)
    if not message then
      if err ~= "closed" then error(err) end
      break
    end
    assert(c:send(message))
  end
  c:close()
  linger()

elseif mode == "rr-client" then
  -- As many round trips of a SIZE-byte message each way as fit in SECONDS, per round.
  local port, serverpid, size = arg[2], arg[3], tonumber(arg[4])
  local nodelay, seconds = arg[5] == "true", tonumber(arg[6])
  local c = connect(port)
  assert(c:setoption("tcp-nodelay", nodelay))
  local message = string.rep("x", size)
  local function round()
    local trips = 0
    local stop = socket.gettime() + seconds
    repeat
      assert(c:send(message))
      local answer = assert(c:receive(size))
      if #answer ~= size then error("short answer") end
      trips = trips + 1
    until socket.gettime() >= stop
    return trips
  end
  rounds(serverpid, 1, round)
  c:close()

elseif mode == "bulk-server" then
  local total, chunk, conns = tonumber(arg[2]), tonumber(arg[3]), tonumber(arg[4])
  local block = string.rep("x", chunk)
  local server = listen()
  for _ = 1, conns do
    local c = assert(server:accept())
    c:settimeout(TIMEOUT)
    for _ = 1, total // chunk do assert(c:send(block)) end
    c:close()
  end
  server:close()
  linger()

elseif mode == "bulk-client" then
  local port, serverpid, total, pattern = arg[2], arg[3], tonumber(arg[4]), arg[5]
  local warmup = tonumber(arg[6])
  local bycount = tonumber(pattern)
  rounds(serverpid, warmup, function()
    local c = connect(port)
    local got = 0
    if bycount then
      while got < total do
        local data = assert(c:receive(bycount))
        got = got + #data
      end
    else
      local data = assert(c:receive(pattern))
      got = #data
    end
    c:close()
    if got ~= total then error("received " .. got .. " of " .. total) end
    return got
  end)

elseif mode == "lines-server" then
  local lines, conns = tonumber(arg[2]), tonumber(arg[3])
  local per = 65536 // #LINE                    -- 1638 lines, 65520 bytes per send
  local block = string.rep(LINE, per)
  local server = listen()
  for _ = 1, conns do
    local c = assert(server:accept())
    c:settimeout(TIMEOUT)
    local left = lines
    while left >= per do
      assert(c:send(block))
      left = left - per
    end
    if left > 0 then assert(c:send(string.rep(LINE, left))) end
    c:close()
  end
  server:close()
  linger()

elseif mode == "lines-client" then
  local port, serverpid, lines = arg[2], arg[3], tonumber(arg[4])
  local warmup = tonumber(arg[5])
  rounds(serverpid, warmup, function()
    local c = connect(port)
    local last
    for _ = 1, lines do last = assert(c:receive("*l")) end
    c:close()
    if last ~= LINE:sub(1, -2) then error("bad last line") end
    return lines
  end)

else
  error("unknown mode " .. tostring(mode))
end
