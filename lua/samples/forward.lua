-- A port forwarder in the style of LuaSocket's forward.lua and dispatch.lua: one coroutine per
-- direction of each connection, all driven by one socket.select loop. A coroutine that would
-- wait yields the socket it waits on, and the loop resumes it when select finds that socket
-- ready. Half-closes are passed on; the forwarder counts the bytes it moved.
--
--   forward.lua PORT TARGETHOST TARGETPORT [COUNT]   PORT 0 picks one and prints it;
--                                                    ends after COUNT connections (default: never)
local socket = require("socket")

local listen_port, target_host, target_port = tonumber(arg[1]), arg[2], tonumber(arg[3])
local limit = tonumber(arg[4] or math.huge)
local server = assert(socket.bind("127.0.0.1", listen_port))
server:settimeout(0)
local _, port = server:getsockname()
print("forwarding " .. port .. " to " .. target_host .. ":" .. target_port)
io.stdout:flush()

local reading, writing = {}, {}   -- socket -> the coroutine waiting on it
local moved, connections, done = 0, 0, 0

-- receive and send that yield instead of waiting
local function receive(sock)
  while true do
    local data, err, partial = sock:receive(8192)
    if data then return data end
    if partial and #partial > 0 then return partial end
    if err ~= "timeout" then return nil, err end
    coroutine.yield(sock, "read")
  end
end

local function send(sock, data)
  local i = 1
  while i <= #data do
    local last, err, partial_last = sock:send(data, i)
    if last then return true end
    if err ~= "timeout" then return nil, err end
    i = partial_last + 1
    coroutine.yield(sock, "write")
  end
  return true
end

local function relay(from, to, finish)
  while true do
    local data = receive(from)
    if not data then break end
    moved = moved + #data
    if not send(to, data) then break end
  end
  to:shutdown("send")
  finish()
end

local function spawn(f, ...)
  local co = coroutine.create(f)
  local function step(...)
    local ok, sock, how = coroutine.resume(co, ...)
    if not ok then error(sock) end
    if coroutine.status(co) == "dead" then return end
    if how == "read" then reading[sock] = step else writing[sock] = step end
  end
  step(...)
end

local function serve(client)
  local peer = assert(socket.connect(target_host, target_port))
  client:settimeout(0)
  peer:settimeout(0)
  connections = connections + 1
  local open = 2
  local function finish()
    open = open - 1
    if open == 0 then
      client:close()
      peer:close()
      done = done + 1
    end
  end
  spawn(relay, client, peer, finish)
  spawn(relay, peer, client, finish)
end

while done < limit do
  local recvt, sendt = {server}, {}
  for sock in pairs(reading) do recvt[#recvt + 1] = sock end
  for sock in pairs(writing) do sendt[#sendt + 1] = sock end
  local readable, writable = socket.select(recvt, sendt, 1)
  for _, sock in ipairs(readable) do
    if sock == server then
      local client = server:accept()
      if client then serve(client) end
    elseif reading[sock] then
      local resume = reading[sock]
      reading[sock] = nil
      resume()
    end
  end
  for _, sock in ipairs(writable) do
    local resume = writing[sock]
    writing[sock] = nil
    if resume then resume() end
  end
end
server:close()
print(string.format("%d connections, %d bytes moved", connections, moved))
