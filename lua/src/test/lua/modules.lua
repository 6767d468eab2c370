-- LuaSocket's own Lua modules load from where LuaSocket is installed and work on this core.
local t = require "support"
for _, name in ipairs{"socket", "socket.url", "socket.headers", "ltn12", "mime", "socket.tp",
        "socket.http", "socket.smtp", "socket.ftp", "socket.mbox"} do
    local ok, module = pcall(require, name)
    t.show("require " .. name, ok and type(module) or module)
end
local socket = require "socket"
local url = require "socket.url"
t.show("socket functions", type(socket.bind), type(socket.connect4), type(socket.connect6),
    type(socket.sink), type(socket.source), type(socket.try), socket.BLOCKSIZE)
local parsed = url.parse("http://user:pw@example.invalid:8080/a/b;p?q=1#f")
t.show("url.parse", parsed.scheme, parsed.user, parsed.password, parsed.host, parsed.port,
    parsed.path, parsed.params, parsed.query, parsed.fragment)
t.show("url.build", url.build(parsed))
t.show("url.absolute", url.absolute("http://a/b/c/d;p?q", "../g"))
t.show("url.escape", url.escape("a b/ç"), url.unescape("a%20b"))
t.show("headers", require("socket.headers").canonic["content-type"])
-- socket.sink and socket.source over a connection, with ltn12
local ltn12 = require "ltn12"
local c, p, s = t.pair()
local data = string.rep("0123456789", 1000)
ltn12.pump.all(ltn12.source.string(data), socket.sink("close-when-done", c))
local got = {}
ltn12.pump.all(socket.source("until-closed", p), (ltn12.sink.table(got)))
t.show("sink to source", table.concat(got) == data)
local c2, p2, s2 = t.pair()
c2:send("abcdefghij")
local got2 = {}
ltn12.pump.all(socket.source("by-length", p2, 7), (ltn12.sink.table(got2)))
t.show("by-length", table.concat(got2))
t.try("choose unknown", socket.sink, "nope", c2)
t.show("bind *", socket.bind("*", 0).class)
for _, o in ipairs{s, c2, p2, s2} do o:close() end
