-- select: dirty sockets first, readable, writable, a pending accept, a pending connect, timeouts,
-- empty sets, closed sockets ignored, the tables by index and by object, bad arguments.
local socket = require "socket"
local t = require "support"
local function names(set, objects)
    local out = {}
    for i, o in ipairs(set) do
        out[#out + 1] = (objects[o] or "?") .. (set[o] == i and "" or "!")
    end
    return table.concat(out, ",")
end
local c, p, s = t.pair()
local objects = {[c] = "c", [p] = "p", [s] = "s"}
local function sel(label, r, w, timeout, expected)
    local start = socket.gettime()
    local rr, ww, err = socket.select(r, w, timeout)
    local took = socket.gettime() - start
    t.show(label, names(rr, objects), names(ww, objects), err)
    if expected then t.time(label, took, expected) end
end
sel("nothing ready", {p, s}, nil, 0.2, 0.2)
sel("empty sets", {}, {}, 0.1, 0.1)
sel("nil sets", nil, nil, 0, 0)
sel("writable", nil, {c, p}, 1)
c:send("line one\nline two\n")
sel("readable", {p, s}, nil, 1)
p:settimeout(0)
t.show("one line", p:receive())
sel("dirty first", {s, p}, nil, 1, 0)
sel("dirty with writers", {p}, {c}, 1, 0)
t.show("second line", p:receive())
sel("drained", {p}, nil, 0.1, 0.1)
-- a pending accept
local c2 = socket.tcp()
c2:connect("127.0.0.1", select(2, s:getsockname()))
objects[c2] = "c2"
sel("pending accept", {s, p}, nil, 1)
local p2 = s:accept()
objects[p2] = "p2"
sel("accepted", {s, p}, nil, 0)
-- the end of a stream and a reset are readable
c2:close()
sel("end of stream", {p2, p}, nil, 1)
t.show("receive after end", p2:receive())
-- closed sockets are left out
p2:close()
sel("closed left out", {p2}, nil, 0.1, 0.1)
-- a connect under way is writable once it has finished
local ref = socket.bind("127.0.0.1", 0)
local _, refport = ref:getsockname()
ref:close()
local c3 = socket.tcp()
c3:settimeout(0)
t.show("connect under way", c3:connect("127.0.0.1", select(2, s:getsockname())))
objects[c3] = "c3"
sel("connect finished", nil, {c3}, 1)
t.show("connect again", c3:connect("127.0.0.1", select(2, s:getsockname())))
local c4 = socket.tcp()
c4:settimeout(0)
objects[c4] = "c4"
t.show("refused under way", c4:connect("127.0.0.1", refport))
sel("refused finished", {c4}, {c4}, 1)
t.show("refused connect again", c4:connect("127.0.0.1", refport))
-- a fresh master from tcp4() is ready both ways (an unconnected socket), tcp() has no socket
local m4, m = socket.tcp4(), socket.tcp()
objects[m4], objects[m] = "m4", "m"
sel("masters", {m4, m}, {m4, m}, 0)
-- the same object twice, and wrappers with getfd
sel("twice", nil, {c, c}, 1)
local wrapper = socket.sink("keep-open", c)
objects[wrapper] = "wrapper"
sel("wrapper", nil, {wrapper}, 1)
sel("no getfd", {{}, {getfd = function() return -1 end}}, nil, 0)
-- bad arguments
t.try("recvt not a table", function() local r = {socket.select("x", nil, 0)} return r end)
t.try("sendt not a table", function() local r = {socket.select(nil, 1, 0)} return r end)
t.try("bad timeout", function() local r = {socket.select(nil, nil, "x")} return r end)
local many = {}
for i = 1, socket._SETSIZE + 1 do many[i] = m4 end
sel("same socket many times", many, nil, 0)
for _, o in ipairs{c, p, s, c3, c4, m4} do o:close() end
