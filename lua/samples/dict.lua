-- A DICT client (RFC 2229) on LuaSocket's socket.tp, in the style of LuaSocket's dict.lua:
-- looks up each word, prints the definitions, then the server's farewell.
--   dict.lua HOST PORT WORD...
local tp = require("socket.tp")
local socket = require("socket")

local host, port = arg[1], tonumber(arg[2])
local control = socket.try(tp.connect(host, port, 5))
local code, banner = socket.try(control:check("2.."))
print("banner " .. code .. " " .. (banner:gsub("^%d+ ", "")))
for i = 3, #arg do
  control:command("DEFINE", "* " .. arg[i])
  local code, reply = control:check{"150", "552"}
  if code == 552 then
    print(arg[i] .. ": no match")
  else
    local count = tonumber(reply:match("^150 (%d+)"))
    for _ = 1, count do
      local _, header = socket.try(control:check("151"))
      print((header:gsub("^151 ", "")))
      local text = socket.try(control:receive("*l"))
      while text ~= "." do
        print("  " .. (text:gsub("^%.%.", ".")))
        text = socket.try(control:receive("*l"))
      end
    end
    socket.try(control:check("250"))
  end
end
control:command("QUIT")
local _, farewell = socket.try(control:check("221"))
print("farewell " .. (farewell:gsub("^221 ", "")))
control:close()
