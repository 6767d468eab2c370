package io.loomsocket.internal.engine;

/**
 * The bytes {@code send(data, i, j)} selects, by LuaSocket's arithmetic (2.2), which is close to
 * {@code string.sub} but does not check that {@code i <= length + 1}: negative indices count from
 * the end, {@code i} is raised to 1 and {@code j} lowered to the length, and when {@code i > j}
 * nothing is sent and the call reports {@code i - 1}, which can exceed the length.
 *
 * @param first the 1-based index of the first byte to send
 * @param last the 1-based index of the last byte to send; less than {@code first} when empty
 */
public record SendRange(long first, long last) {
    public static SendRange of(long length, long i, long j) {
        if (i < 0) {
            i = length + i + 1;
        }
        if (j < 0) {
            j = length + j + 1;
        }
        return new SendRange(Math.max(i, 1), Math.min(j, length));
    }

    public boolean isEmpty() {
        return first > last;
    }

    /** The index reported when nothing (more) was sent: the byte before {@link #first}. */
    public long before() {
        return first - 1;
    }
}
