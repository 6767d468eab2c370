-- The differential oracle: runs scenario steps with C LuaSocket and prints each result in the
-- canonical form that io.loomsocket.differential.Canonical prints for loomsocket.
--
-- Protocol, one line each way (stdin -> stdout):
--   step NAME = socket.FN(ARGS)      a module function; an object result is kept as NAME
--   step [NAME =] OBJ:METHOD(ARGS)   a method of the object kept as OBJ
--   port OBJ                         the object's local port (for the test's peer to connect to)
--   quit
-- ARGS are Lua literals: nil, booleans, numbers, strings, {name = value} tables,
-- rep(string, count), and strings joined with "..". A step answers
-- "ELAPSED<TAB>DELAYED<TAB>RESULT[<TAB>TIME...]": the seconds the call itself took (not the
-- evaluation of its arguments nor the rendering of its result, which loomsocket's side does not
-- count either), the seconds of them this process spent ready to run but waiting for a processor
-- (Linux's /proc/self/schedstat; 0 where it is missing), the canonical result, and values that
-- are compared within a tolerance (getstats' age).
--
-- Two compound methods hold the retry loops of non-blocking code, which single calls cannot
-- express; io.loomsocket.differential.LoomsocketSubject runs the same loops with loomsocket:
--   OBJ:receiveuntil(pattern [, prefix])  receive(pattern, prefix), then, while the error is
--                                         "timeout", receive(pattern, partial) with the partial
--                                         the failed call returned
--   OBJ:senduntil(data [, i [, j]])       send(data, i, j), then, while the error is "timeout",
--                                         send(data, last + 1, j) with the index the failed
--                                         call returned
-- Each answers with the result of its last call, and its elapsed time covers the whole loop;
-- the number of calls depends on timing and is not reported.
--
-- Canonical form: the returned values without trailing nils ("nil" when none is left), joined
-- by ", "; strings quoted (long ones as #LENGTH:FNV1A32:"first bytes"), integral numbers as
-- integers, others as %.14g, an object as its class, linger tables as {on=..., timeout=...},
-- a valid descriptor from getfd as "fd". A raised error is "error: " and its message (the text
-- inside the parentheses of an argument error).

local socket = require("socket")

local objects = {}

-- FNV-1a, 32 bits, over every byte: the digest of long strings.
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

local LONG = 64
local SHOWN = 24

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

local function render_string(s)
  if #s <= LONG then
    return '"' .. escape(s) .. '"'
  end
  return string.format('#%d:%08x:"%s"', #s, fnv1a32(s), escape(s:sub(1, SHOWN)))
end

local function render_number(x)
  local int = math.tointeger(x)
  if int then
    return string.format("%d", int)
  end
  return string.format("%.14g", x)
end

local function render(v)
  local t = type(v)
  if t == "nil" then return "nil" end
  if t == "boolean" then return tostring(v) end
  if t == "number" then return render_number(v) end
  if t == "string" then return render_string(v) end
  if t == "table" then
    return string.format("{on=%s, timeout=%s}", render(v.on), render(v.timeout))
  end
  if t == "userdata" and v.class then return v.class end
  return "<" .. t .. ">"
end

local function render_all(values)
  local n = values.n
  while n > 0 and values[n] == nil do
    n = n - 1
  end
  if n == 0 then
    return "nil"
  end
  local parts = {}
  for i = 1, n do
    parts[i] = render(values[i])
  end
  return table.concat(parts, ", ")
end

-- "file:12: bad argument #1 to 'receive' (invalid receive pattern)" -> "invalid receive pattern"
local function error_text(message)
  local text = tostring(message)
  local inner = text:match("^.-bad argument #%d+ to '[^']*' %((.*)%)$")
      or text:match("^.-calling '[^']*' on bad self %((.*)%)$")
  if inner then
    return inner
  end
  return (text:gsub("^[^:]*:%d+: ", ""))
end

local argument_env = { rep = string.rep }

local function parse_args(text)
  local chunk, err = load("return " .. text, "=args", "t", argument_env)
  if not chunk then
    error("bad arguments: " .. err)
  end
  return table.pack(chunk())
end

-- The compound methods (see the header).
local compound = {}

function compound.receiveuntil(self, pattern, prefix)
  local data, err, partial = self:receive(pattern, prefix)
  while err == "timeout" do
    data, err, partial = self:receive(pattern, partial)
  end
  return data, err, partial
end

function compound.senduntil(self, data, i, j)
  local last, err, failed = self:send(data, i, j)
  while err == "timeout" do
    last, err, failed = self:send(data, failed + 1, j)
  end
  return last, err, failed
end

-- The seconds the last step's call took: the call alone, not the evaluation of its arguments
-- nor the rendering of its results (a digest of megabytes takes Lua a noticeable time).
local elapsed = 0
-- The seconds of them that load took: time this (single-threaded) process spent ready to run
-- but without a processor.
local delayed = 0

-- The process's run-queue wait so far, in nanoseconds (the second field of schedstat), or nil.
local function run_queue_wait()
  local file = io.open("/proc/self/schedstat")
  if not file then
    return nil
  end
  local text = file:read("a")
  file:close()
  return tonumber(text:match("^%d+ (%d+)"))
end

-- Runs one step; returns the canonical result and the list of toleranced values.
local function run(statement)
  local target, rest = statement:match("^(%a%w*)%s*=%s*(.*)$")
  rest = rest or statement
  local fn, self, args
  -- The argument list runs to the last ")": a string argument may hold parentheses.
  local module_fn, margs = rest:match("^socket%.([%w_]+)(%(.*%))$")
  if module_fn then
    fn = socket[module_fn]
    if type(fn) ~= "function" then
      return "error: no function socket." .. module_fn, {}
    end
    args = parse_args(margs:sub(2, -2))
  else
    local name, method, oargs = rest:match("^(%a%w*):([%w_]+)(%(.*%))$")
    if not name then
      error("cannot parse step: " .. statement)
    end
    self = objects[name]
    if self == nil then
      return "error: no object " .. name, {}
    end
    args = parse_args(oargs:sub(2, -2))
    if method == "class" then
      return render(self.class), {}
    end
    fn = compound[method] or self[method]
    if type(fn) ~= "function" then
      return "error: no method " .. method, {}
    end
  end
  local results
  local waited = run_queue_wait()
  local start = socket.gettime()
  if self ~= nil then
    results = table.pack(pcall(fn, self, table.unpack(args, 1, args.n)))
  else
    results = table.pack(pcall(fn, table.unpack(args, 1, args.n)))
  end
  elapsed = socket.gettime() - start
  local waited_after = run_queue_wait()
  if waited and waited_after and waited_after >= waited then
    delayed = (waited_after - waited) / 1e9
  end
  if not results[1] then
    return "error: " .. error_text(results[2]), {}
  end
  local values = table.pack(table.unpack(results, 2, results.n))
  if target and type(values[1]) == "userdata" then
    objects[target] = values[1]
  end
  local method = rest:match(":([%w_]+)%(")
  if method == "getfd" and type(values[1]) == "number" and values[1] >= 0 then
    return "fd", {}
  end
  if method == "getstats" and values[3] ~= nil then
    local age = values[3]
    values[3] = "~"
    local text = render_all(values):gsub('"~"$', "~")
    return text, { age }
  end
  return render_all(values), {}
end

io.stdout:setvbuf("line")
for line in io.stdin:lines() do
  local command, body = line:match("^(%a+)%s*(.*)$")
  if command == "quit" then
    break
  elseif command == "step" then
    elapsed = 0
    delayed = 0
    local ok, result, times = pcall(run, body)
    if not ok then
      result, times = "oracle failure: " .. tostring(result), {}
    end
    local fields = { string.format("%.6f", elapsed), string.format("%.6f", delayed), result }
    for _, t in ipairs(times) do
      fields[#fields + 1] = string.format("%.6f", t)
    end
    io.stdout:write(table.concat(fields, "\t"), "\n")
  elseif command == "port" then
    local object = objects[body]
    local port = -1
    if object then
      local _, p = object:getsockname()
      port = tonumber(p) or -1
    end
    io.stdout:write(string.format("%d", port), "\n")
  else
    io.stdout:write("oracle failure: unknown command: ", line, "\n")
  end
end
for _, object in pairs(objects) do
  object:close()
end
