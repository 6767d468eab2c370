-- A chat server on socket.select, in the style of LuaSocket's samples: every line a client
-- sends goes to every other client as "NICK: LINE"; "/nick NAME" renames a client; arrivals and
-- departures are announced. One thread, one select loop; a client that does not read is cut off
-- by a send timeout instead of stalling the others.
--
--   chatserver.lua PORT [CLIENTS]   PORT 0 picks one and prints it; ends once CLIENTS clients
--                                   have come and gone (default: never)
local socket = require("socket")

local server = assert(socket.bind("127.0.0.1", tonumber(arg[1] or 7070)))
local _, port = server:getsockname()
print("chat on " .. port)
io.stdout:flush()
local limit = tonumber(arg[2] or math.huge)

local clients, nicks, order, pending = {}, {}, {}, {}
local seen, gone = 0, 0

local function broadcast(text, except)
  for _, client in ipairs(order) do
    if client ~= except then
      client:settimeout(1)
      client:send(text .. "\n")
      client:settimeout(0)
    end
  end
  print(text)
end

local function drop(client)
  for i, c in ipairs(order) do
    if c == client then table.remove(order, i) break end
  end
  local nick = nicks[client]
  clients[client], nicks[client], pending[client] = nil, nil, nil
  client:close()
  gone = gone + 1
  broadcast("* " .. nick .. " left")
end

while gone < limit do
  local recvt = {server}
  for _, client in ipairs(order) do recvt[#recvt + 1] = client end
  local readable = socket.select(recvt, nil)
  for _, sock in ipairs(readable) do
    if sock == server then
      local client = server:accept()
      if client then
        client:settimeout(0)
        seen = seen + 1
        clients[client] = true
        nicks[client] = "guest" .. seen
        order[#order + 1] = client
        client:send("welcome, guest" .. seen .. "\n")
        broadcast("* guest" .. seen .. " joined", client)
      end
    elseif clients[sock] then
      local line, err, partial = sock:receive("*l", pending[sock])
      pending[sock] = partial                    -- a line not all here yet: kept for the next time
      if line then
        local nick = line:match("^/nick (%S+)$")
        if nick then
          broadcast("* " .. nicks[sock] .. " is now " .. nick)
          nicks[sock] = nick
        else
          broadcast(nicks[sock] .. ": " .. line, sock)
        end
      elseif err == "closed" then
        drop(sock)
      end
    end
  end
end
server:close()
print("served " .. seen .. " clients")
