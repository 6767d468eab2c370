-- The client of the test pair: it drives the server (server.lua) over a control connection,
-- runs receives and sends against what the server does at the other end of a data connection,
-- and checks results, partials, errors, and elapsed times: the ones LuaSocket's debug build adds
-- to send and receive results when socket._DEBUG is set (LUASOCKET_DEBUG=1 under loomlua), else
-- the ones it measures itself. Prints one line per check; exits 1 after a failed logic check.
--   client.lua PORT
local socket = require "socket"
local port = assert(tonumber(arg[1]), "usage: client.lua PORT")
local failures = 0

local function check(label, ok, detail)
    if ok then print("ok " .. label)
    else
        print("FAIL " .. label .. (detail and (": " .. detail) or ""))
        failures = failures + 1
    end
end

-- A timing line: "time" first, so that a slow machine's miss can be told from a logic failure.
local function timed(label, took, low, high)
    if took >= low and took <= high then print("time " .. label .. " ok")
    else print(string.format("time %s took %.3f, expected %.2f to %.2f", label, took, low, high)) end
end

local control = assert(socket.connect("127.0.0.1", port))
control:setoption("tcp-nodelay", true)
control:settimeout(20)

local function remote(code)
    code = code:gsub("\n", " "):gsub("%s+", " ")
    assert(control:send(code .. "\n"))
    assert(control:receive())
end

-- A call's results, and its elapsed time: the debug result when there is one.
local function measure(f)
    local start = socket.gettime()
    local results = {f()}
    local measured = socket.gettime() - start
    local elapsed = measured
    if socket._DEBUG then
        elapsed = results[4]
        check("debug elapsed is a number", type(elapsed) == "number")
        check("debug elapsed within the call", elapsed <= measured + 0.001,
            string.format("%.4f > %.4f", elapsed, measured))
    end
    return results[1], results[2], results[3], elapsed
end

local data
local function reconnect()
    if data then data:close() end
    remote [[
        if data then data:close() end
        data = server:accept()
        data:setoption("tcp-nodelay", true)
    ]]
    data = assert(socket.connect("127.0.0.1", port))
    data:setoption("tcp-nodelay", true)
    data:settimeout(10) -- no check waits for ever, whatever goes wrong
end

print("debug " .. tostring(socket._DEBUG == true))

-- lines both ways, across the buffer size
for _, length in ipairs{1, 17, 200, 4091, 8192, 80199, 800000} do
    reconnect()
    local line = string.rep("x", length - 1) .. "\r"
    remote(string.format([[
        local line = data:receive()
        assert(data:send(line .. "\n"))
    ]]))
    data:send(line .. "\n")
    local back, err = data:receive()
    check("line " .. length, back == string.rep("x", length - 1), err)
end

-- mixed patterns in one stream
reconnect()
remote [[
    data:send("unix line\ndos line\r\n" .. string.rep("z", 1000) .. "rest")
    data:close()
]]
local a = data:receive()
local b = data:receive("*l")
local c = data:receive(1000)
local d = data:receive("*a")
check("mixed patterns", a == "unix line" and b == "dos line" and c == string.rep("z", 1000)
    and d == "rest")
local e, err, partial = data:receive()
check("closed after *a", e == nil and err == "closed" and partial == "")

-- raw counts with a prefix and a partial
reconnect()
remote [[ data:send("0123456789") ]]
local r1 = data:receive(4, "ab")
check("count with prefix", r1 == "ab01", r1)
data:settimeout(0.3)
local r2, err2, part2, took2 = measure(function() return data:receive(10) end)
check("count partial", r2 == nil and err2 == "timeout" and part2 == "23456789", part2)
timed("count partial", took2, 0.28, 0.8)

-- a total timeout across several waits: data arrives every 0.1 s
reconnect()
data:settimeout(0.45, "t")
remote [[
    for i = 1, 8 do data:send("ab") socket.sleep(0.1) end
]]
-- the server is busy sending until its loop ends; the client's total limit ends first
local t1, terr, tpart, ttook = measure(function() return data:receive(100) end)
check("total timeout", t1 == nil and terr == "timeout" and #tpart >= 6 and #tpart <= 12 and #tpart % 2 == 0,
    tostring(terr) .. " " .. tostring(tpart))
timed("total timeout", ttook, 0.43, 1.0)
data:settimeout(10, "b")
data:settimeout(-1, "t")

-- a block timeout with no total runs from the call's start (timeout_getretry), however much
-- data comes in between
reconnect()
data:settimeout(0.5, "b")
remote [[
    data:send("cd") socket.sleep(0.05) data:send("cd")
    socket.sleep(1.0)
    data:send("end")
]]
local b1, berr, bpart, btook = measure(function() return data:receive(100) end)
check("block timeout", b1 == nil and berr == "timeout" and bpart == "cdcd", bpart)
timed("block timeout", btook, 0.48, 1.0)
data:settimeout(10)
local rest = data:receive(3)
check("rest after block timeout", rest == "end", rest)

-- a send that the peer does not read stops at its timeout with the last index
reconnect()
data:settimeout(0.3)
local big = string.rep("s", 16 * 1024 * 1024)
local s1, serr, slast, stook = measure(function() return data:send(big) end)
check("send timeout", s1 == nil and serr == "timeout" and slast > 0 and slast < #big, serr)
timed("send timeout", stook, 0.28, 0.9)
-- the peer now reads what came, and the send resumes after the last index, losing nothing
remote(string.format([[
    data:settimeout(10)
    local got = data:receive(%d)
    data:send(#got == %d and got:find("^s*$") and "intact\n" or "broken\n")
]], #big, #big))
data:settimeout(10)
local s2 = data:send(big, slast + 1)
check("send resumed", s2 == #big, tostring(s2))
check("nothing lost", data:receive() == "intact")

-- closed connections: a reset, a clean close, and a write to a closed peer
reconnect()
remote [[ data:close() data = nil ]]
local cl, clerr, clpart = data:receive()
check("receive from closed peer", cl == nil and clerr == "closed" and clpart == "", clerr)
local wrote
for i = 1, 20 do
    local n, werr = data:send(string.rep("w", 8192))
    if werr then wrote = werr break end
    socket.sleep(0.02)
end
check("send to closed peer", wrote == "closed", wrote)

-- read after close keeps the buffer
reconnect()
remote [[ data:send("buffered\nstill") ]]
socket.sleep(0.1)
check("buffered line", data:receive() == "buffered")
data:close()
local after, aerr = data:receive(5)
check("read after close", after == "still", tostring(after) .. " " .. tostring(aerr))
local after2, aerr2 = data:receive(1)
check("empty after close", after2 == nil and aerr2 == "closed", aerr2)
data = nil

-- stats
reconnect()
remote [[ data:send(string.rep("q", 1000) .. "\n") ]]
data:receive()
data:send("12345")
local received, sent = data:getstats()
check("getstats", received == 1001 and sent == 5, received .. " " .. sent)

-- accept and connect with timeouts
local lone = assert(socket.bind("127.0.0.1", 0))
lone:settimeout(0.2)
local start = socket.gettime()
local none, nerr = lone:accept()
check("accept timeout", none == nil and nerr == "timeout", nerr)
timed("accept timeout", socket.gettime() - start, 0.18, 0.7)
local _, loneport = lone:getsockname()
lone:close()
local refused, rerr = socket.connect("127.0.0.1", loneport)
check("connect refused", refused == nil and rerr == "connection refused", rerr)

-- non-blocking loops: timeout 0 everywhere, data sent in pieces
reconnect()
data:settimeout(0)
remote [[ for i = 1, 5 do data:send("nb" .. i .. "\n") socket.sleep(0.05) end ]]
local lines, tries, piece = {}, 0, ""
while #lines < 5 and tries < 2000 do
    local line, nerr, part = data:receive("*l", piece)
    if line then lines[#lines + 1] = line piece = ""
    else piece = part socket.sleep(0.005) end
    tries = tries + 1
end
check("non-blocking lines", table.concat(lines, ",") == "nb1,nb2,nb3,nb4,nb5", table.concat(lines, ","))

data:close()
control:close()
print(failures == 0 and "all ok" or (failures .. " failed"))
os.exit(failures == 0 and 0 or 1)
