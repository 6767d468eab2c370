-- send: i and j, negative and out-of-range indices, results, failures with the last index.
local socket = require "socket"
local t = require "support"
local c, p, s = t.pair()
p:settimeout(1)
local function sent(label, ...)
    t.show(label, c:send(...))
end
sent("whole", "abcdef")
sent("from i", "abcdef", 3)
sent("i to j", "abcdef", 2, 4)
sent("negative i", "abcdef", -2)
sent("negative j", "abcdef", 1, -3)
sent("i past end", "abcdef", 10)
sent("j before i", "abcdef", 4, 2)
sent("i below 1", "abcdef", -100, 2)
sent("j past end", "abcdef", 5, 100)
sent("empty", "")
sent("fractional", "abcdef", 1.9, 2.9)
sent("numeric strings", "abcdef", "2", "3")
sent("number data", 12345)
t.show("received", p:receive(6 + 4 + 3 + 2 + 3 + 0 + 0 + 2 + 2 + 0 + 2 + 2 + 5))
t.try("no data", function() local r = {c:send()} return r end)
t.try("table data", function() local r = {c:send({})} return r end)
t.try("bad i", function() local r = {c:send("x", "y")} return r end)
t.try("server send", function() local r = {s:send("x")} return r end)

-- a peer that does not read: a send under a timeout stops with the last index the kernel took
c:settimeout(0.2)
local data = string.rep("x", 8 * 1024 * 1024)
local r, err, last = t.timed("partial send", 0.2, function()
    local a, b, l = c:send(data)
    return a, b, (l and l > 0 and l < #data) and "some" or l
end)
local _, _, lastIndex = c:send("", 1) -- nothing to send: returns at once
c:settimeout(-1)
c:close()
-- after close
t.show("send after close", c:send("x"))
-- to a peer that closed: the first send may go through, a later one fails "closed"
local c2, p2, s2 = t.pair()
p2:close()
socket.sleep(0.05)
c2:settimeout(1)
local results = {}
for i = 1, 5 do
    local n, e = c2:send(string.rep("y", 10000))
    if e then results[#results + 1] = e break end
    socket.sleep(0.02)
end
t.show("send to closed peer", results[1])
for _, o in ipairs{p, s, c2, s2} do o:close() end
