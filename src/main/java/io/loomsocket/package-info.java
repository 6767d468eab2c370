/**
 * LuaSocket's TCP objects in Java. Start at {@link io.loomsocket.Tcp}.
 *
 * <p>Arguments follow LuaSocket's rules. Where LuaSocket has a default for a missing argument
 * (a receive pattern, a prefix, a timeout or shutdown mode, a family, a local address), null
 * means that default; where it needs a value (a host, the data to send, an option name), null
 * throws {@link java.lang.IllegalArgumentException} with Lua's text, {@code string expected,
 * got no value}. A misused argument throws {@link java.lang.IllegalArgumentException} (or
 * {@link java.lang.IllegalStateException} for a method of another class) with LuaSocket's
 * text where LuaSocket raises, and otherwise with a text naming the value (a NaN timeout, a
 * number option given something else, a {@code maxsize}, a char that is not a byte); what
 * LuaSocket returns as an error is a {@link io.loomsocket.TcpException}. The constructors of
 * the exception types, which LuaSocket does not have, throw {@link
 * java.lang.NullPointerException} naming a null parameter.
 */
package io.loomsocket;
