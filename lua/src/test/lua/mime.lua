-- mime.core's filters, called directly and through LuaSocket's mime and ltn12 modules.
local mime = require "mime"
local core = require "mime.core"
local ltn12 = require "ltn12"
local t = require "support"
t.show("version", core._VERSION, mime._VERSION)
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local bytes = table.concat(all)
t.show("b64", core.b64("hello"))
t.show("b64 two parts", core.b64("hel", "lo"))
t.show("b64 end", core.b64(""), core.b64(nil))
t.show("b64 all", core.b64(bytes))
t.show("unb64", core.unb64("aGVsbG8="))
t.show("unb64 parts", core.unb64("aGVs", "bG8"))
t.show("unb64 junk", core.unb64("a G\nVs*bG8="))
t.show("round trip", core.unb64((core.b64(bytes))) == bytes)
t.show("qp", core.qp("caf\233 = ok \r\nnext\t\r\nend"))
t.show("qp parts", core.qp("a b", " \r\n"))
t.show("qp marker", core.qp("x\r\ny", nil, "\n"))
t.show("qp all", core.qp(bytes))
t.show("unqp", core.unqp("caf=E9 =3D ok=20=\r\nnext =4x"))
t.show("unqp parts", core.unqp("a=4", "1b="))
t.show("wrp", core.wrp(5, "abcdefghijkl\nmn"))
t.show("wrp end", core.wrp(3, nil), core.wrp(76, nil))
t.show("wrp length", core.wrp(2, "abcdef", 4))
t.show("qpwrp", core.qpwrp(5, "ab=3Dcd=3Def"))
t.show("qpwrp end", core.qpwrp(3, nil), core.qpwrp(76, nil))
t.show("eol", core.eol(0, "a\rb\nc\r\nd\n\re\n\nf"))
t.show("eol marker", core.eol(0, "a\nb", "|"))
t.show("eol context", core.eol(13, "\nx"))
t.show("eol end", core.eol(0, nil))
t.show("dot", core.dot(2, ".a\r\n.b\r\nc."))
t.show("dot end", core.dot(0, nil))
t.try("wrp bad", function() local r = {core.wrp("x")} return r end)
t.try("eol bad", function() local r = {core.eol(1.5, "x")} return r end)
-- the mime module's filters through ltn12
local function through(filter, text)
    local out = {}
    ltn12.pump.all(ltn12.source.string(text), ltn12.sink.chain(filter, (ltn12.sink.table(out))))
    return table.concat(out)
end
t.show("encode base64", through(mime.encode("base64"), bytes:rep(3)))
t.show("decode base64", through(mime.decode("base64"), (core.b64(bytes))) == bytes)
t.show("encode qp", through(mime.encode("quoted-printable"), "caf\233\r\n" .. string.rep("x", 100)))
t.show("normalize", through(mime.normalize(), "a\nb\rc\r\n"))
t.show("wrap", through(ltn12.filter.chain(mime.encode("base64"), mime.wrap("base64")), bytes:rep(2)))
t.show("stuff", through(mime.stuff(), "line\r\n.dot\r\n"))
