/**
 * LuaSocket's C core ({@code socket.core}, {@code mime.core}) for LuaJ, backed by loomsocket, so
 * that LuaSocket's own Lua modules and the programs written for them run on the JVM: {@link
 * io.loomsocket.lua.LuaSocket} installs it in a LuaJ {@code Globals}, {@link
 * io.loomsocket.lua.VirtualCoroutines} gives coroutines virtual threads, and {@link
 * io.loomsocket.lua.Launcher} is the {@code loomlua} program.
 */
package io.loomsocket.lua;
