-- classes: master, client and server, how calls move an object between them, what each class
-- refuses and with which message, tostring, the class field and the metatable.
local socket = require "socket"
local t = require "support"
local m = socket.tcp()
t.show("tcp()", m.class, tostring(m):match("^(tcp{%a+}): 0x%x+$"))
t.show("metatable", getmetatable(m).__index.class, getmetatable(m)["tcp{any}"], type(getmetatable(m).__gc),
    type(getmetatable(m).__tostring))
t.show("getfd before bind", m:getfd())
t.show("dirty", m:dirty())
t.show("family", m:getfamily())
for _, call in ipairs{
    {"receive", function(o) local r = {o:receive()} return r end},
    {"send", function(o) local r = {o:send("x")} return r end},
    {"accept", function(o) local r = {o:accept()} return r end},
    {"getstats", function(o) local r = {o:getstats()} return r end},
    {"setstats", function(o) local r = {o:setstats(1)} return r end},
    {"shutdown", function(o) local r = {o:shutdown()} return r end},
} do
    t.try("master " .. call[1], call[2], m)
end
t.show("bind", m:bind("127.0.0.1", 0))
t.show("getfd after bind", m:getfd() >= 0)
t.show("listen", m:listen(5))
t.show("now", m.class, tostring(m):match("^(tcp{%a+}):"))
t.try("server bind", function(o) local r = {o:bind("127.0.0.1", 0)} return r end, m)
t.try("server listen", function(o) local r = {o:listen()} return r end, m)
t.try("server receive", function(o) local r = {o:receive()} return r end, m)
local _, port = m:getsockname()
local c = socket.tcp()
t.show("connect", c:connect("127.0.0.1", port))
t.show("client", c.class)
local p = m:accept()
t.show("accepted", p.class, p:getfamily())
t.try("client bind", function(o) local r = {o:bind("127.0.0.1", 0)} return r end, c)
t.try("client listen", function(o) local r = {o:listen()} return r end, c)
t.try("client accept", function(o) local r = {o:accept()} return r end, c)
-- a failed connect makes a client too
local f = socket.tcp()
m:close()
t.show("refused", f:connect("127.0.0.1", port))
t.show("after refused", f.class)
-- connect on a server: "already connected", and a client
local s2 = assert(socket.bind("127.0.0.1", 0))
local _, port2 = s2:getsockname()
t.show("server connect", s2:connect("127.0.0.1", port2))
t.show("server now", s2.class)
-- wrong objects
-- Lua 5.4 counts self only in a call with a colon; the binding cannot tell how it was called
-- and counts it always, so a method called with a dot says "bad self".
t.differs("not an object", function() local r = {socket.tcp().receive(nil)} return r end)
t.differs("table self", function() local r = {c.getfd({})} return r end)
t.differs("string self", function() local r = {c.close("x")} return r end)
-- close is idempotent, and __gc closes
t.show("close", c:close(), c:close())
t.show("closed getfd", c:getfd())
t.show("gc", getmetatable(p).__gc(p), p:getfd())
t.differs("udp", function() return (socket.udp()).class end)
for _, o in ipairs{f, s2} do o:close() end
