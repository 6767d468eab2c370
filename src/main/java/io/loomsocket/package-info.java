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
 *
 * <p><b>Durations.</b> Every method that takes a {@link java.time.Duration} as a limit ({@code
 * settimeout(Duration)} and {@code settimeout(Duration, mode)}, {@code setIdleTimeout}, {@code
 * setDeadline}, {@code Tcp.connect(host, port, Duration)}, {@code Tls.connect}, {@code
 * Tcp.select}) reads it by one rule: it is the time allowed, so null means no limit, and zero or
 * a negative duration means no time left: a call never waits (it fails {@code "timeout"} where
 * it would have to; a select reports what is ready now), and a deadline has passed. A duration
 * computed as "what is left" therefore never turns into "no limit" when it goes below zero. The
 * {@code double} forms of {@code settimeout} are LuaSocket's and keep its numbers: there a
 * negative value means no limit, and 0 never waiting. Settings that are not a limit on a call
 * ({@code TlsConfig}'s handshake and close timeouts) refuse a negative duration.
 *
 * <p><b>Failures.</b> A {@link io.loomsocket.TcpException} thrown by a socket method carries a
 * stack trace and says where it happened (the operation, the socket's addresses, the limit that
 * ran out) in its {@code toString()}, while {@code getMessage()} stays LuaSocket's string;
 * {@code -Dio.loomsocket.stacklessTimeouts=true} leaves the stack trace out of timeouts and
 * closes, for programs that poll.
 */
package io.loomsocket;
