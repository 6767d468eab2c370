package io.loomsocket.lua;

import io.loomsocket.Selected;
import io.loomsocket.Tcp;
import io.loomsocket.TcpException;
import io.loomsocket.TcpSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code socket.select(recvt, sendt [, timeout])} as {@code select.c} does it, over {@link
 * Tcp#select}: each entry of the two arrays is asked for its {@code getfd} (through its
 * {@code __index}, so LuaSocket's wrappers and any object with a {@code getfd} and a {@code
 * dirty} take part); entries without one, or with -1, are left out; dirty entries of {@code
 * recvt} come first and make the call return at once; the rest follow in the order of their
 * descriptors (getfd values here). Both result tables hold each ready entry under its index and
 * the index under the entry. Nothing ready within the timeout gives two empty tables and {@code
 * "timeout"}.
 *
 * <p>The JVM has no descriptors: an entry's {@code getfd} must name one of loomsocket's sockets
 * (an object of this binding, or a wrapper that asks one); another number (standard input's 0,
 * say) cannot be waited on and raises an error.
 */
final class Select {
    private static final LuaValue GETFD = LuaValue.valueOf("getfd");
    private static final LuaValue DIRTY = LuaValue.valueOf("dirty");

    private Select() {}

    /** One entry of a set: the Lua value, its socket and its descriptor. */
    private record Entry(LuaValue value, TcpSocket socket, int fd) {}

    static Varargs select(TcpClasses classes, LuaLock lock, Args args) {
        double timeout = args.optNumber(3, -1);
        Map<Integer, Entry> reading = collect(classes, args, 1);
        Map<Integer, Entry> writing = collect(classes, args, 2);
        List<Entry> dirty = new ArrayList<>();
        for (Entry entry : reading.values()) {
            if (isDirty(entry.value())) {
                dirty.add(entry);
            }
        }
        if (!dirty.isEmpty()) {
            timeout = 0;
        }
        if (reading.isEmpty() && writing.isEmpty() && !(timeout >= 0)) {
            lock.blocking(() -> {
                Clock.sleep(Double.MAX_VALUE); // C's select with no descriptor and no timeout: for ever
                return null;
            });
            throw new RaisedError("select failed");
        }
        List<TcpSocket> readers = sockets(reading, dirty);
        List<TcpSocket> writers = sockets(writing, List.of());
        Duration limit = timeout < 0 ? null : Duration.ofNanos((long) Math.min(timeout * 1e9, Long.MAX_VALUE));
        Selected selected = lock.blocking(() -> {
            try {
                return Tcp.select(readers, writers, limit);
            } catch (TcpException e) {
                return null;
            }
        });
        if (selected == null) {
            throw new RaisedError("select failed: interrupted");
        }
        if (selected.timedOut() && dirty.isEmpty()) {
            return LuaValue.varargsOf(new LuaTable(), new LuaTable(), LuaValue.valueOf("timeout"));
        }
        List<Entry> readable = new ArrayList<>(dirty);
        readable.addAll(byDescriptor(reading, selected.readable()));
        return LuaValue.varargsOf(assoc(readable), assoc(byDescriptor(writing, selected.writable())));
    }

    /** {@code collect_fd}: the set's entries by descriptor (the last entry of a descriptor wins). */
    private static Map<Integer, Entry> collect(TcpClasses classes, Args args, int index) {
        Map<Integer, Entry> entries = new LinkedHashMap<>();
        LuaValue table = args.get(index);
        if (table.isnil()) {
            return entries;
        }
        if (!table.istable()) {
            throw args.typeError(index, "table");
        }
        for (int i = 1; ; i++) {
            LuaValue value = table.get(i);
            if (value.isnil()) {
                break;
            }
            int fd = descriptor(value);
            if (fd < 0) {
                continue;
            }
            if (!entries.containsKey(fd) && entries.size() >= SocketCoreLib.SETSIZE) {
                throw args.error(index, "descriptor too large for set size");
            }
            TcpSocket socket = classes.socketOf(value);
            if (socket == null) {
                socket = classes.socketWithDescriptor(fd);
            }
            if (socket == null) {
                throw new RaisedError("select failed: descriptor " + fd
                        + " is not a socket of loomsocket (the JVM can wait on no other)");
            }
            entries.remove(fd);
            entries.put(fd, new Entry(value, socket, fd));
        }
        return entries;
    }

    /** {@code getfd}: the value's {@code getfd()} when it has one and it gives a number, else -1. */
    private static int descriptor(LuaValue value) {
        LuaValue getfd = value.get(GETFD);
        if (getfd.isnil()) {
            return -1;
        }
        LuaValue fd = getfd.call(value);
        if (!fd.isnumber()) {
            return -1;
        }
        double number = fd.todouble();
        return number >= 0 ? (int) number : -1;
    }

    private static boolean isDirty(LuaValue value) {
        LuaValue dirty = value.get(DIRTY);
        return !dirty.isnil() && dirty.call(value).toboolean();
    }

    private static List<TcpSocket> sockets(Map<Integer, Entry> entries, List<Entry> leftOut) {
        List<TcpSocket> sockets = new ArrayList<>(entries.size());
        for (Entry entry : entries.values()) {
            if (!leftOut.contains(entry)) {
                sockets.add(entry.socket());
            }
        }
        return sockets;
    }

    /** {@code return_fd}: the ready entries in the order of their descriptors. */
    private static List<Entry> byDescriptor(Map<Integer, Entry> entries, List<TcpSocket> ready) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (ready.contains(entry.socket())) {
                found.add(entry);
            }
        }
        found.sort(Comparator.comparingInt(Entry::fd));
        return found;
    }

    /** {@code make_assoc}: {@code t[i] = entry} and {@code t[entry] = i}. */
    private static LuaTable assoc(List<Entry> entries) {
        LuaTable table = new LuaTable();
        int i = 1;
        for (Entry entry : entries) {
            table.set(i, entry.value());
            table.set(entry.value(), LuaValue.valueOf(i));
            i++;
        }
        return table;
    }
}
