-- A line server in classic LuaSocket, one client at a time: echoes each line as "echo: LINE",
-- answers "slow" in two halves 0.75 s apart, and says goodbye when the client has sent its last
-- line. It is the server lineclient.lua (samples/lua/) expects.
--
--   lineserver.lua PORT [COUNT]    PORT 0 picks one and prints it; serves COUNT clients (default: for ever)
local socket = require("socket")

local server = assert(socket.bind("127.0.0.1", tonumber(arg[1] or 7000)))
local _, port = server:getsockname()
print("listening on " .. port)
io.stdout:flush()
local count = tonumber(arg[2] or math.huge)

for _ = 1, count do
  local client = assert(server:accept())
  client:settimeout(10)
  local lines = 0
  while true do
    local line, err = client:receive()
    if not line then break end                   -- "closed": the client has sent its last line
    lines = lines + 1
    if line == "slow" then
      client:send("first half, ")
      socket.sleep(0.75)
      client:send("second half\n")
    else
      client:send("echo: " .. line .. "\n")
    end
  end
  client:send("goodbye after " .. lines .. " lines\nsee you\n")
  client:close()
end
server:close()
