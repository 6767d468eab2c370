/**
 * Names and words shared by the layers: address families, name resolution with getaddrinfo's
 * error strings, address text, and the one table that turns JDK exceptions into LuaSocket's
 * error strings. Not API.
 */
package io.loomsocket.internal.net;
