-- A stand-in DICT server (RFC 2229), enough for dict.lua: a banner, DEFINE against a small
-- built-in dictionary, QUIT. One client at a time.
--   dictserver.lua PORT [COUNT]   PORT 0 picks one and prints it; serves COUNT clients
local socket = require("socket")
local words = {
  socket = {{"wn", "an opening into which something fits", "a receptacle"}},
  loom = {{"wn", "a frame for weaving"}, {"jargon", "a thread that waits", ".a line with a dot"}},
}
local server = assert(socket.bind("127.0.0.1", tonumber(arg[1] or 2628)))
local _, port = server:getsockname()
print("dict on " .. port)
io.stdout:flush()
for _ = 1, tonumber(arg[2] or math.huge) do
  local client = assert(server:accept())
  client:settimeout(10)
  client:send("220 stand-in dictd <auth.mime> <1.2@stand-in>\r\n")
  while true do
    local line = client:receive()
    if not line then break end
    local word = line:match("^DEFINE %S+ (%S+)")
    if word then
      local entries = words[word:lower()]
      if not entries then
        client:send("552 no match\r\n")
      else
        client:send("150 " .. #entries .. " definitions retrieved\r\n")
        for _, entry in ipairs(entries) do
          client:send('151 "' .. word .. '" ' .. entry[1] .. ' "' .. entry[1] .. ' database"\r\n')
          for i = 2, #entry do
            client:send((entry[i]:gsub("^%.", "..")) .. "\r\n")
          end
          client:send(".\r\n")
        end
        client:send("250 ok\r\n")
      end
    elseif line:match("^QUIT") then
      client:send("221 bye\r\n")
      break
    else
      client:send("500 unknown command\r\n")
    end
  end
  client:close()
end
server:close()
