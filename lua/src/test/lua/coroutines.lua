-- coroutines (on virtual threads under loomlua): create, resume, yield, status, wrap, running,
-- isyieldable, errors, yields across pcall and across socket calls.
local socket = require "socket"
local t = require "support"
local co = coroutine.create(function(a, b)
    t.show("started with", a, b)
    local c = coroutine.yield(a + b)
    t.show("resumed with", c)
    local d, e = coroutine.yield(c * 2, "two")
    return d .. e
end)
t.show("type", type(co), coroutine.status(co))
t.show("first", coroutine.resume(co, 1, 2))
t.show("status", coroutine.status(co))
t.show("second", coroutine.resume(co, 10))
t.show("third", coroutine.resume(co, "x", "y"))
t.show("dead", coroutine.status(co), coroutine.resume(co))
local failing = coroutine.create(function() error("inside", 0) end)
t.show("error", coroutine.resume(failing))
t.show("error status", coroutine.status(failing))
local tabled = coroutine.create(function() error({code = 7}) end)
local ok, e = coroutine.resume(tabled)
t.show("error object", ok, type(e), e.code)
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end return "end" end)
t.show("wrap", gen(), gen(), gen(), gen())
t.try("wrap dead", gen)
t.try("wrap error", coroutine.wrap(function() error("wrapped", 0) end))
t.show("main running", select(2, coroutine.running()))
coroutine.wrap(function()
    local _, main = coroutine.running()
    t.show("inner running", main, coroutine.isyieldable and coroutine.isyieldable() or "n/a")
end)()
t.try("yield outside", coroutine.yield, 1)
t.try("resume non-coroutine", function() local r = {coroutine.resume(1)} return r end)
t.try("create non-function", function() local r = {coroutine.create(1)} return r end)
-- a coroutine that resumes another: statuses
local outer
outer = coroutine.create(function()
    local inner = coroutine.create(function()
        t.show("outer seen from inner", coroutine.status(outer))
        coroutine.yield()
    end)
    coroutine.resume(inner)
    t.show("inner after yield", coroutine.status(inner))
end)
coroutine.resume(outer)
-- a yield across pcall
local across = coroutine.create(function()
    local ok2, v = pcall(function() return coroutine.yield("from pcall") .. "!" end)
    return ok2, v
end)
t.show("yield in pcall", coroutine.resume(across))
t.show("after", coroutine.resume(across, "back"))
-- coroutines blocked in socket calls, dispatched by hand
local c, p, s = t.pair()
p:settimeout(0)
local reader = coroutine.wrap(function()
    local got = {}
    while #got < 3 do
        local line, err = p:receive()
        if line then got[#got + 1] = line else coroutine.yield("waiting") end
    end
    return table.concat(got, "+")
end)
local result = reader()
for i = 1, 3 do
    c:send("line" .. i .. "\n")
    socket.sleep(0.02)
    result = reader()
end
t.show("dispatched", result)
-- many coroutines
local count = 0
for i = 1, 2000 do
    local w = coroutine.wrap(function(x) coroutine.yield(x) return x * 2 end)
    w(i)
    count = count + w()
end
t.show("many", count)
c:close() p:close() s:close()
