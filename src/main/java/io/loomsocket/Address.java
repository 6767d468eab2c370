package io.loomsocket;

/**
 * {@code getsockname()} and {@code getpeername()}: a numeric address, a port, and the family
 * that the object stores ({@code "inet"}, {@code "inet6"}, {@code "unspec"}), which LuaSocket
 * reports rather than the family of the address itself.
 *
 * @param address numeric form, such as {@code "127.0.0.1"} or {@code "::1"}
 * @param port the port
 * @param family the object's family
 */
public record Address(String address, int port, String family) {}
