-- Three chat clients driven in turn against chatserver.lua, each step waiting until every
-- client has what the step sends it, so that what each one prints is the same on every run.
--   chatclients.lua PORT
local socket = require("socket")
local port = assert(tonumber(arg[1]))

local clients = {}
local function connect(name)
  local c = assert(socket.connect("127.0.0.1", port))
  c:settimeout(5)
  clients[#clients + 1] = {name = name, sock = c}
  return c
end

local function expect(client, count)
  for _ = 1, count do
    local line, err = client.sock:receive()
    print(client.name .. " got " .. (line or ("<" .. err .. ">")))
  end
end

local a = connect("a")
expect(clients[1], 1)                  -- welcome
local b = connect("b")
expect(clients[2], 1)
expect(clients[1], 1)                  -- b joined
a:send("/nick alice\n")
expect(clients[1], 1) expect(clients[2], 1)
b:send("hello from b\n")
expect(clients[1], 1)
local c = connect("c")
expect(clients[3], 1)
expect(clients[1], 1) expect(clients[2], 1)
a:send("hi all\n")
expect(clients[2], 1) expect(clients[3], 1)
c:send("/nick carol\n")
expect(clients[1], 1) expect(clients[2], 1) expect(clients[3], 1)
c:send(string.rep("long ", 2000) .. "\n")
expect(clients[1], 1) expect(clients[2], 1)
b:close()
expect(clients[1], 1) expect(clients[3], 1)
a:close()
expect(clients[3], 1)
c:close()
print("done")
