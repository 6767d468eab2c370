-- An HTTP GET through LuaSocket's own socket.http: the status, chosen headers, and the body
-- (its length and first line, and the whole of it when it is short).
--   httpget.lua URL
local http = require("socket.http")
local ltn12 = require("ltn12")

local url = assert(arg[1], "usage: httpget.lua URL")
local body = {}
local ok, code, headers, status = http.request{url = url, sink = ltn12.sink.table(body),
  headers = {["user-agent"] = "httpget.lua"}}
if not ok then
  print("error: " .. tostring(code))
  os.exit(1)
end
body = table.concat(body)
print("status " .. tostring(code) .. " " .. tostring(status):gsub("^HTTP/1%.%d ", ""))
print("content-type " .. tostring(headers["content-type"]))
print("content-length " .. tostring(headers["content-length"]))
print("body " .. #body .. " bytes")
if #body < 200 then io.write(body) else print((body:match("^[^\n]*"))) end
-- the simple form, a string in, a string out
local simple, simplecode = http.request(url)
print("simple " .. tostring(simplecode) .. " " .. #(simple or ""))
local missing, missingcode = http.request(url .. "-not-there")
print("missing " .. tostring(missingcode))
