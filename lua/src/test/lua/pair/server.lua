-- The server of the test pair: it executes each Lua line its control connection sends, after
-- acknowledging it, so that the client can drive the other end of a data connection. Loopback
-- only; it serves one control connection and exits when that one closes.
--   server.lua PORTFILE   binds 127.0.0.1 on an ephemeral port and writes the port to PORTFILE
socket = require "socket"
local portfile = assert(arg[1], "usage: server.lua PORTFILE")
server = assert(socket.bind("127.0.0.1", 0))
local _, port = server:getsockname()
local file = assert(io.open(portfile .. ".tmp", "w"))
file:write(port, "\n")
file:close()
assert(os.rename(portfile .. ".tmp", portfile))
server:settimeout(30)
local control = assert(server:accept())
control:setoption("tcp-nodelay", true)
server:settimeout(-1)
while true do
    local command, err = control:receive()
    if err == "closed" then break end
    assert(command, err)
    assert(control:send("\n"))
    local chunk = assert((loadstring or load)(command))
    local ok, failure = pcall(chunk)
    if not ok then io.stderr:write("server: ", tostring(failure), "\n") end
end
control:close()
if data then data:close() end
server:close()
