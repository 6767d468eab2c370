-- names: addresses, families, IPv6, resolution of loopback names, and the system's error strings.
local socket = require "socket"
local t = require "support"
local c, p, s, port = t.pair()
local function portless(ip, port, family) return ip, type(port), family end
t.show("server sockname", portless(s:getsockname()))
t.show("client peername", portless(c:getpeername()))
t.show("peer sockname", portless(p:getsockname()))
t.show("peer port matches", select(2, c:getpeername()) == port)
t.show("families", c:getfamily(), p:getfamily(), s:getfamily())
t.show("master peername", socket.tcp():getpeername())
t.show("master sockname", socket.tcp():getsockname())
t.show("server peername", s:getpeername())
-- IPv6 loopback
local s6 = assert(socket.bind("::1", 0))
local _, port6 = s6:getsockname()
local c6 = assert(socket.connect("::1", port6))
local p6 = s6:accept()
t.show("ipv6", portless(c6:getpeername()))
t.show("ipv6 families", c6:getfamily(), p6:getfamily(), s6:getfamily())
t.show("tcp6", socket.tcp6():getfamily(), socket.tcp4():getfamily())
-- errors from the system
s:close()
t.show("refused", socket.connect("127.0.0.1", port))
local busy = assert(socket.bind("127.0.0.1", 0))
local _, busyport = busy:getsockname()
local m = socket.tcp()
t.show("in use", m:bind("127.0.0.1", busyport))
t.show("bad service", socket.connect("127.0.0.1", "no-such-service"))
t.show("bind bad service", socket.tcp():bind("127.0.0.1", "no-such-service"))
t.show("service by name", select(2, socket.dns.getnameinfo(nil, "http")), select(2, socket.dns.getnameinfo(nil, "22")))
t.show("v4 object, v6 address", socket.tcp4():connect("::1", port6))
t.try("bad family", function() local r = {socket.connect("127.0.0.1", port6, nil, nil, "ipx")} return r end)
t.try("connect no host", function() local r = {socket.connect()} return r end)
t.try("connect table port", function() local r = {socket.connect("127.0.0.1", {})} return r end)
-- dns: loopback names only (no query leaves the machine)
local function dump(r)
    if type(r) ~= "table" then return t.text(r) end
    local ips = {}
    for _, ip in ipairs(r.ip or {}) do ips[#ips + 1] = ip end
    return string.format("name=%s ip=%s", tostring(r.name), table.concat(ips, ","))
end
local ip, resolved = socket.dns.toip("localhost")
t.show("toip localhost", ip, dump(resolved))
local name, resolved2 = socket.dns.tohostname("127.0.0.1")
t.show("tohostname", name, dump(resolved2))
local ai = socket.dns.getaddrinfo("127.0.0.1")
t.show("getaddrinfo", #ai, ai[1].family, ai[1].addr)
local ai6 = socket.dns.getaddrinfo("::1")
t.show("getaddrinfo ::1", #ai6, ai6[1].family, ai6[1].addr)
t.show("getaddrinfo empty", socket.dns.getaddrinfo(""))
t.show("toip ::1", socket.dns.toip("::1"))
t.show("gethostname", type(socket.dns.gethostname()))
local names, service = socket.dns.getnameinfo("127.0.0.1", "80")
t.show("getnameinfo", names[1], service)
t.try("getnameinfo nothing", function() local r = {socket.dns.getnameinfo()} return r end)
for _, o in ipairs{c, p, c6, p6, s6, busy, m} do o:close() end
