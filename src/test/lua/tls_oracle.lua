-- The TLS differential oracle: one end of a TLS connection run with C LuaSec (ssl.wrap over C
-- LuaSocket), driven line by line from stdin, printing each result in the canonical form that
-- io.loomsocket.differential.Canonical prints for loomsocket (the same rendering as oracle.lua).
--
-- Commands (stdin -> stdout, one line each):
--   listen                   binds 127.0.0.1:0, answers its port
--   accept                   accepts one connection (the raw socket of the next wrap)
--   connect PORT             connects to 127.0.0.1:PORT
--   wrap TABLE               ssl.wrap(raw, TABLE): TABLE is a Lua table literal
--   call METHOD(ARGS)        the wrapped connection's method; answers "ELAPSED<TAB>RESULT"
--   quit
-- Two compound methods hold the retry loops of non-blocking code, as in oracle.lua, but on
-- LuaSec's timeout strings: receiveuntil retries on "wantread" with the partial as the prefix,
-- senduntil on "wantwrite" from the last index + 1. "sleep(s)" waits s seconds.

local socket = require("socket")
local ssl = require("ssl")

local function fnv1a32(s)
  local hash = 0x811c9dc5
  local byte = string.byte
  for i = 1, #s, 16 do
    local chunk = { byte(s, i, i + 15) }
    for k = 1, #chunk do
      hash = ((hash ~ chunk[k]) * 0x01000193) & 0xffffffff
    end
  end
  return hash
end

local function escape(s)
  return (s:gsub('[%c"\\\128-\255]', function(c)
    if c == "\n" then return "\\n" end
    if c == "\r" then return "\\r" end
    if c == "\t" then return "\\t" end
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\x%02x", c:byte())
  end))
end

local function render(v)
  local t = type(v)
  if t == "nil" then return "nil" end
  if t == "boolean" then return tostring(v) end
  if t == "number" then
    local int = math.tointeger(v)
    if int then return string.format("%d", int) end
    return string.format("%.14g", v)
  end
  if t == "string" then
    if #v <= 64 then return '"' .. escape(v) .. '"' end
    return string.format('#%d:%08x:"%s"', #v, fnv1a32(v), escape(v:sub(1, 24)))
  end
  return "<" .. t .. ">"
end

local function render_all(values)
  local n = values.n
  while n > 0 and values[n] == nil do n = n - 1 end
  if n == 0 then return "nil" end
  local parts = {}
  for i = 1, n do parts[i] = render(values[i]) end
  return table.concat(parts, ", ")
end

local env = { rep = string.rep }
local raw, conn, listener

local compound = {}
function compound.receiveuntil(self, pattern, prefix)
  local data, err, partial = self:receive(pattern, prefix)
  while err == "wantread" do
    data, err, partial = self:receive(pattern, partial)
  end
  return data, err, partial
end
function compound.senduntil(self, data, i, j)
  local last, err, failed = self:send(data, i, j)
  while err == "wantwrite" do
    last, err, failed = self:send(data, failed + 1, j)
  end
  return last, err, failed
end
function compound.sleep(_, seconds)
  socket.sleep(seconds)
end
-- LuaSec's info(field) has JSSE-named counterparts only for the protocol.
function compound.protocol(self)
  return (self:info("protocol"))
end

local function call(text)
  local method, args = text:match("^([%w_]+)(%(.*%))$")
  local chunk = assert(load("return " .. args:sub(2, -2), "=args", "t", env))
  local values = table.pack(chunk())
  local fn = compound[method] or conn[method]
  local start = socket.gettime()
  local results = table.pack(pcall(fn, conn, table.unpack(values, 1, values.n)))
  local elapsed = socket.gettime() - start
  if not results[1] then
    return elapsed, "error: " .. tostring(results[2]):gsub("^[^:]*:%d+: ", "")
  end
  return elapsed, render_all(table.pack(table.unpack(results, 2, results.n)))
end

io.stdout:setvbuf("line")
for line in io.stdin:lines() do
  local command, body = line:match("^(%a+)%s*(.*)$")
  if command == "quit" then
    break
  elseif command == "listen" then
    listener = assert(socket.bind("127.0.0.1", 0))
    local _, port = listener:getsockname()
    io.stdout:write(port, "\n")
  elseif command == "accept" then
    raw = assert(listener:accept())
    listener:close()
    io.stdout:write("ok\n")
  elseif command == "connect" then
    raw = assert(socket.connect("127.0.0.1", tonumber(body)))
    io.stdout:write("ok\n")
  elseif command == "wrap" then
    local params = assert(load("return " .. body, "=params", "t", env))()
    local wrapped, err = ssl.wrap(raw, params)
    conn = wrapped
    io.stdout:write(wrapped and "ok" or ("wrap failed: " .. tostring(err)), "\n")
  elseif command == "call" then
    local ok, elapsed, result = pcall(call, body)
    if not ok then
      elapsed, result = 0, "oracle failure: " .. tostring(elapsed)
    end
    io.stdout:write(string.format("%.6f", elapsed), "\t", result, "\n")
  else
    io.stdout:write("oracle failure: unknown command: ", line, "\n")
  end
end
if conn then conn:close() end
