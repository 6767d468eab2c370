/**
 * The socket layer: one {@code SocketCore} per LuaSocket object (role, family, channel, locks and
 * lifecycle), with bind, listen, accept, connect, names and options. It drives the engine and
 * the transport below it. Not API: no package under {@code io.loomsocket.internal} is exported.
 */
package io.loomsocket.internal.socket;
