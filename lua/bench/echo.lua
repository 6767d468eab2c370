-- The Lua line-echo server of the benchmarks (bench/README.md, "Lua binding"): the same script
-- under lua5.4 with C LuaSocket and under loomlua.
--
--   echo.lua select     one socket.select loop for every connection (C LuaSocket and loomlua)
--   echo.lua threads    a thread per connection (loomlua's loomsocket.thread; blocking receives)
--   echo.lua coroutines a coroutine per connection, dispatched by one socket.select loop
--                       (LuaSocket's dispatch.lua style): the coroutine yields when it would wait
--
-- Prints "PORT n" once it listens, then serves until it is killed.
local socket = require("socket")
local mode = arg[1] or "select"

local server = assert(socket.bind("127.0.0.1", 0, 2048))
local _, port = server:getsockname()
io.stdout:write("PORT ", port, "\n")
io.stdout:flush()

if mode == "threads" then
  local thread = require("loomsocket.thread")
  while true do
    local client = server:accept()
    if client then
      thread.spawn(function()
        client:setoption("tcp-nodelay", true)
        while true do
          local line = client:receive()
          if not line then break end
          client:send(line .. "\n")
        end
        client:close()
      end)
    end
  end
end

if mode == "coroutines" then
  server:settimeout(0)
  local waiting = {}            -- socket -> its coroutine, suspended until the socket is readable
  local sockets = {server}
  local function handler(client)
    local partial
    while true do
      local line, err, part = client:receive("*l", partial)
      if line then
        partial = nil
        client:settimeout(10)
        client:send(line .. "\n")
        client:settimeout(0)
      elseif err == "timeout" then
        partial = part
        coroutine.yield()
      else
        client:close()
        return
      end
    end
  end
  while true do
    local readable = socket.select(sockets, nil)
    for _, sock in ipairs(readable) do
      if sock == server then
        local client = server:accept()
        while client do
          client:settimeout(0)
          client:setoption("tcp-nodelay", true)
          waiting[client] = coroutine.create(handler)
          sockets[#sockets + 1] = client
          coroutine.resume(waiting[client], client)
          client = server:accept()
        end
      else
        local co = waiting[sock]
        coroutine.resume(co)
        if coroutine.status(co) == "dead" then
          waiting[sock] = nil
          for i, s in ipairs(sockets) do
            if s == sock then table.remove(sockets, i) break end
          end
        end
      end
    end
  end
end

-- select: non-blocking receives, a partial line kept per client until its LF comes
server:settimeout(0)
local clients, partial = {server}, {}
local index = {}
while true do
  local readable = socket.select(clients, nil)
  for _, sock in ipairs(readable) do
    if sock == server then
      local client = server:accept()
      while client do
        client:settimeout(0)
        client:setoption("tcp-nodelay", true)
        clients[#clients + 1] = client
        index[client] = #clients
        client = server:accept()
      end
    else
      while true do
        local line, err, part = sock:receive("*l", partial[sock])
        if line then
          partial[sock] = nil
          sock:settimeout(10)
          sock:send(line .. "\n")
          sock:settimeout(0)
        elseif err == "timeout" then
          partial[sock] = part
          break
        else
          local i = index[sock]
          clients[i] = clients[#clients]
          index[clients[i]] = i
          clients[#clients] = nil
          index[sock], partial[sock] = nil, nil
          sock:close()
          break
        end
      end
    end
  end
end
