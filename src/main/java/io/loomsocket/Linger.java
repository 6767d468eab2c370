package io.loomsocket;

/**
 * The value of the {@code linger} option: LuaSocket's table {@code {on = ..., timeout = ...}}.
 *
 * @param on whether close lingers
 * @param timeout seconds to linger, 0 to 65535
 */
public record Linger(boolean on, int timeout) {
    /** Checks the range the kernel field can hold. */
    public Linger {
        if (timeout < 0 || timeout > 0xFFFF) {
            throw new IllegalArgumentException("linger timeout out of range 0..65535: " + timeout);
        }
    }
}
