-- What the test scripts print, in one form under lua5.4 and under loomlua (Lua 5.2 on LuaJ):
-- numbers as integers when they are whole (5.4 prints 1.0 where 5.2 prints 1), long or binary
-- strings as their length and a digest, objects as their class, and errors without the position
-- LuaJ cannot give a tail call. Timing lines start with "time", so the harness can tell them
-- from logic lines; lines that must differ start with "differs".
local socket = require "socket"
local M = {}

local function digest(s)
    local h = 0
    for i = 1, #s do h = (h * 31 + s:byte(i)) % 2147483647 end
    return h
end

function M.text(v)
    local t = type(v)
    if t == "number" then
        if v ~= v then return "nan" end
        if v == math.floor(v) and v > -1e15 and v < 1e15 then return string.format("%d", v) end
        -- six decimals, built by hand: LuaJ's %f ignores the precision
        local sign = v < 0 and "-" or ""
        v = math.abs(v)
        local whole = math.floor(v)
        local fraction = math.floor((v - whole) * 1e6 + 0.5)
        if fraction >= 1e6 then whole, fraction = whole + 1, fraction - 1e6 end
        return string.format("%s%d.%06d", sign, whole, fraction)
    elseif t == "string" then
        if #v <= 64 and not v:find("[^\32-\126]") then return '"' .. v .. '"' end
        if #v <= 64 then return '"' .. v:gsub("[^\32-\126]", function(b) return "\\" .. b:byte() end) .. '"' end
        return string.format("<%d bytes %d %q>", #v, digest(v), v:sub(1, 8))
    elseif t == "userdata" or t == "table" then
        local ok, class = pcall(function() return v.class end)
        if ok and type(class) == "string" then return class end
        return t
    end
    return tostring(v)
end

-- Prints a label and every value, trailing nils included.
function M.show(label, ...)
    local parts = {label}
    for i = 1, select("#", ...) do parts[#parts + 1] = M.text((select(i, ...))) end
    print(table.concat(parts, " "))
end

-- An error message without "file:line: " at its front.
function M.bare(message)
    if type(message) ~= "string" then return M.text(message) end
    return (message:gsub("^[^%s:]+:%d+:? ", ""))
end

-- Calls f and prints its results, or "error: message" when it raises.
function M.try(label, f, ...)
    local results = table.pack and table.pack(pcall(f, ...)) or {n = select("#", pcall(f, ...)), pcall(f, ...)}
    if results[1] then
        M.show(label, (table.unpack or unpack)(results, 2, results.n))
    else
        print(label .. " error: " .. M.bare(results[2]))
    end
end

-- As try, for a call whose result differs on purpose between C LuaSocket and loomlua (a
-- difference the README lists): the harness fails if the two lines are the same.
function M.differs(label, f, ...)
    M.try("differs " .. label, f, ...)
end

-- Runs f, prints its results as show does, and a "time" line: whether it took about
-- `expected` seconds (not less, and not much more on a busy machine).
function M.timed(label, expected, f, ...)
    local start = socket.gettime()
    local results = {n = 0}
    local function keep(...) results = {n = select("#", ...), ...} end
    keep(f(...))
    local took = socket.gettime() - start
    M.show(label, (table.unpack or unpack)(results, 1, results.n))
    M.time(label, took, expected)
    return (table.unpack or unpack)(results, 1, results.n)
end

function M.time(label, took, expected)
    if took >= expected - 0.02 and took <= expected + 0.15 + expected * 0.5 then
        print("time " .. label .. " ok")
    else
        print(string.format("time %s took %.3f s, expected %.3f", label, took, expected))
    end
end

-- A listening server, a client connected to it and the accepted peer, all on IPv4 loopback.
function M.pair()
    local server = assert(socket.bind("127.0.0.1", 0))
    local _, port = server:getsockname()
    local client = assert(socket.connect("127.0.0.1", port))
    local peer = assert(server:accept())
    return client, peer, server, tonumber(port)
end

return M
