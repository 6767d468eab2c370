-- receive: patterns, prefixes, partials, numeric patterns, close keeping the buffer, dirty.
local socket = require "socket"
local t = require "support"
local c, p, s = t.pair()
p:settimeout(0.1)

c:send("line one\r\nline\rtwo\n\nabcdefghij")
t.show("*l", p:receive())
t.show("*l drops CR", p:receive("*l"))
t.show("empty line", p:receive())
t.show("count", p:receive(3))
t.show("count with prefix", p:receive(5, "xy"))
t.show("prefix longer than count", p:receive(2, "long prefix"))
t.show("numeric string", p:receive("2"))
t.show("fractional count", p:receive(1.9))
t.show("timeout partial", p:receive(10))
t.show("timeout *l partial", p:receive())
c:send("more\n")
t.show("*l with prefix", p:receive("*l", "pre-"))
t.show("*line", (c:send("x\n")), p:receive("*line"))
t.show("zero", p:receive(0))
c:send("abc")
socket.sleep(0.05)
t.show("zero fills", p:receive(0), p:dirty())
t.show("*a timeout", p:receive("*a"))
c:send("tail")
c:close()
t.show("*a at end", p:receive("*a"))
t.show("*a after end", p:receive("*a"))
t.show("*l after end", p:receive())
t.show("count after end", p:receive(4, "pf"))

-- a closed object keeps what it buffered
local c2, p2, s2 = t.pair()
c2:send("kept\nrest")
socket.sleep(0.05)
p2:settimeout(0.1)
t.show("first", p2:receive())
p2:close()
t.show("after close dirty", p2:dirty())
t.show("after close", p2:receive(4))
t.show("after close empty", p2:receive(1))

-- bad patterns
t.try("bad pattern", function() local r = {p:receive("x")} return r end)
t.try("negative count", function() local r = {p:receive(-1)} return r end)
t.try("table pattern", function() local r = {p:receive({})} return r end)
t.try("nan count", function() local r = {p:receive(0/0)} return r end)

-- a large line across many buffers
local c3, p3 = t.pair()
local big = string.rep("0123456789", 10000)
c3:settimeout(5)
p3:settimeout(5)
local co = coroutine.wrap(function() return c3:send(big .. "\n") end)
t.show("big send", co())
t.show("big line", p3:receive())
for _, o in ipairs{c, p, s, c2, s2, c3, p3} do o:close() end
