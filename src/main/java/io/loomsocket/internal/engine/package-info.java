/**
 * The receive and send engine: LuaSocket's receive buffer and patterns, the send range and its
 * writes, the block/total timeout arithmetic, and the {@code Transport} interface the engine
 * reads and writes through. It knows nothing of channels, selectors or sockets. Not API.
 */
package io.loomsocket.internal.engine;
