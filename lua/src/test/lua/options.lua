-- options: each one of LuaSocket's TCP options set and read back, on a client and on a server,
-- and the errors for names and values that are wrong.
local socket = require "socket"
local t = require "support"
local c, p, s = t.pair()
for _, name in ipairs{"keepalive", "reuseaddr", "tcp-nodelay"} do
    t.show(name .. " default", c:getoption(name))
    t.show(name .. " on", c:setoption(name, true), c:getoption(name))
    t.show(name .. " off", c:setoption(name, false), c:getoption(name))
end
t.show("reuseport", c:setoption("reuseport", true), c:getoption("reuseport"))
for _, name in ipairs{"tcp-keepidle", "tcp-keepcnt", "tcp-keepintvl"} do
    t.show(name, c:setoption(name, 7), c:getoption(name))
    t.show(name .. " string", c:setoption(name, "9"), c:getoption(name))
end
t.show("recv-buffer-size", c:setoption("recv-buffer-size", 65536), c:getoption("recv-buffer-size"))
t.show("send-buffer-size", c:setoption("send-buffer-size", 65536), c:getoption("send-buffer-size"))
local l = c:getoption("linger")
t.show("linger default", l.on)
t.show("linger set", c:setoption("linger", {on = true, timeout = 3}))
l = c:getoption("linger")
t.show("linger read", l.on, l.timeout)
t.show("error", c:getoption("error"))
t.show("server reuseaddr", s:getoption("reuseaddr"))
t.show("server nodelay", s:setoption("tcp-nodelay", true), s:getoption("tcp-nodelay"))
t.try("unknown", function() local r = {c:getoption("nope")} return r end)
t.try("unknown set", function() local r = {c:setoption("nope", true)} return r end)
t.try("v6only get", function() local r = {c:getoption("ipv6-v6only")} return r end)
t.try("no name", function() local r = {c:getoption()} return r end)
t.try("bool as number", function() local r = {c:setoption("keepalive", 1)} return r end)
t.try("bool missing", function() local r = {c:setoption("keepalive")} return r end)
t.try("linger not table", function() local r = {c:setoption("linger", true)} return r end)
t.try("linger on", function() local r = {c:setoption("linger", {on = 1, timeout = 1})} return r end)
t.try("linger timeout", function() local r = {c:setoption("linger", {on = true})} return r end)
c:close()
t.show("closed get", c:getoption("keepalive"))
t.show("closed set", c:setoption("keepalive", true))
local m = socket.tcp()
t.show("no socket get", m:getoption("keepalive"))
for _, o in ipairs{p, s, m} do o:close() end
