/**
 * LuaSocket's TCP objects in Java. Start at {@link io.loomsocket.Tcp}.
 */
package io.loomsocket;
