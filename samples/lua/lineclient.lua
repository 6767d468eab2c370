-- A line client in classic LuaSocket: sends each line of standard input to a line server,
-- prints each reply, and after the last line prints whatever the server says before it
-- closes, and the byte counts. Its loomsocket twin is
-- samples/io/loomsocket/samples/LineClient.java, line for line.
--
--   lua5.4 samples/lua/lineclient.lua [HOST [PORT]]          (defaults: 127.0.0.1, 7000)
local socket = require("socket")

local host, port = arg[1] or "127.0.0.1", tonumber(arg[2] or 7000)
local client = assert(socket.connect(host, port))
client:settimeout(0.5)                            -- at most 0.5 s for each receive

for request in io.lines() do
  assert(client:send(request .. "\n"))
  local reply, err, partial = client:receive("*l")
  while not reply and err == "timeout" do         -- a slow reply: keep what came, wait again
    print("(still waiting, so far: " .. partial .. ")")
    reply, err, partial = client:receive("*l", partial)
  end
  if not reply then
    print("error: " .. err)
    break
  end
  print(reply)
end

client:shutdown("send")                          -- our end of the stream; the server may answer
local rest, err, partial = client:receive("*a")  -- fails "closed" when nothing more came
io.write(rest or partial)
local received, sent = client:getstats()
print(string.format("received %d bytes, sent %d bytes", received, sent))
client:close()
