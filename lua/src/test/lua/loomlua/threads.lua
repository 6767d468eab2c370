-- loomsocket.thread, loomlua's own: a thread per connection, blocking receives, the Lua state
-- shared one thread at a time. Prints what the clients got and what the threads saw.
local socket = require "socket"
local thread = require "loomsocket.thread"
local server = assert(socket.bind("127.0.0.1", 0))
local _, port = server:getsockname()
local served = 0
thread.spawn(function()
  for _ = 1, 20 do
    local client = server:accept()
    thread.spawn(function()
      client:settimeout(5)
      while true do
        local line = client:receive()
        if not line then break end
        client:send("echo " .. line .. "\n")
      end
      client:close()
      served = served + 1
    end)
  end
end)
local got = {}
for i = 1, 20 do
  thread.spawn(function()
    local c = assert(socket.connect("127.0.0.1", port))
    c:settimeout(5)
    socket.sleep(0.01 * (20 - i))    -- the later ones first
    for j = 1, 3 do
      c:send(i .. "." .. j .. "\n")
      local reply = c:receive()      -- other threads run meanwhile: index the table after it
      got[#got + 1] = reply
    end
    c:close()
  end)
end
-- the main chunk ends here; the launcher waits for every thread
thread.spawn(function()
  while served < 20 do socket.sleep(0.01) end
  table.sort(got)
  print(#got .. " replies, first " .. got[1] .. ", last " .. got[#got])
  local counter = 0
  for _ = 1, 10 do
    thread.spawn(function()
      for _ = 1, 1000 do counter = counter + 1 end   -- one thread at a time: nothing lost
    end)
  end
  socket.sleep(0.2)
  print("counter " .. counter)
  local ok, err = pcall(thread.spawn, 42)
  print("spawn 42: " .. tostring(ok) .. " " .. err:gsub("^.-: ", ""))
  thread.spawn(function() error("a thread's error") end)
end)
