package io.loomsocket.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import io.loomsocket.TcpService;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line chat server: every line a client sends, every other client reads, as {@code <nick>
 * text}, in UTF-8. Try it with {@code nc 127.0.0.1 7001} in two terminals.
 *
 * <pre>
 *   ChatServer [PORT [IDLE-SECONDS [SEND-SECONDS]]]     (defaults: 7001, 300, 2)
 * </pre>
 *
 * <ul>
 *   <li>{@code /nick NAME} renames a client (names are unique); {@code /quit} leaves.
 *   <li>A client that says nothing for IDLE-SECONDS is dropped: a deadline, set again after
 *       each line it sends.
 *   <li>A client that does not read is cut off without stalling the others. Each client has a
 *       writer thread of its own with a queue of messages, so a broadcast only queues; the
 *       writer's send fails {@code "timeout"} when the client has not taken a message within
 *       SEND-SECONDS (the total timeout of a send), and the server cuts the client off.
 * </ul>
 *
 * <p>Two virtual threads per client, then: the reader (the service's handler) and the writer.
 * The timeouts and the deadline belong to the socket, so they apply to both: the reader's
 * receive also fails {@code "timeout"} every SEND-SECONDS of silence, and simply goes on with
 * what it had of the line (the partial, passed back as the prefix).
 */
public final class ChatServer implements AutoCloseable {
    /** The writer's signal that the reader is done: send nothing more. */
    private static final byte[] END = new byte[0];
    /** A client this many messages behind is cut off even before a send has timed out. */
    private static final int MOST_QUEUED = 10_000;

    private final Duration idleLimit;
    private final Duration sendLimit;
    private final PrintStream log;
    /** Everyone who receives broadcasts. */
    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    /** Taken names: a name is added here before it is used, so no two members share one. */
    private final Map<String, Member> names = new ConcurrentHashMap<>();
    private final AtomicInteger guests = new AtomicInteger();
    private final TcpService service;

    private ChatServer(TcpServer server, Duration idleLimit, Duration sendLimit, PrintStream log) {
        this.idleLimit = idleLimit;
        this.sendLimit = sendLimit;
        this.log = log;
        this.service = TcpService.start(server, this::handle);
    }

    /**
     * Runs the server until Ctrl-C.
     *
     * @param args {@code [PORT [IDLE-SECONDS [SEND-SECONDS]]]}
     */
    public static void main(String[] args) throws Exception {
        try {
            serve(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("ChatServer: " + e.getMessage());
            System.err.println("usage: ChatServer [PORT [IDLE-SECONDS [SEND-SECONDS]]]");
            System.exit(2);
        }
    }

    /**
     * Serves on 127.0.0.1 until the calling thread is interrupted (or the JVM ends).
     *
     * @param args {@code [PORT [IDLE-SECONDS [SEND-SECONDS]]]}
     * @param log where the port, the arrivals, renames and departures are logged
     * @throws TcpException the port cannot be bound
     */
    public static void serve(String[] args, PrintStream log) throws TcpException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7001;
        Duration idle = Seconds.parse("IDLE-SECONDS", args.length > 1 ? args[1] : "300");
        Duration send = Seconds.parse("SEND-SECONDS", args.length > 2 ? args[2] : "2");
        TcpServer server = Tcp.bind("127.0.0.1", port);
        log.println("chat server on 127.0.0.1:" + server.getsockname().port() + "; idle limit "
                + Seconds.format(idle) + ", send limit " + Seconds.format(send));
        ChatServer chat = start(server, idle, send, log);
        Thread stopper = new Thread(chat::close);
        Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C
        try {
            chat.service.join();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            chat.close();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts serving on {@code server}, which the chat server now owns.
     *
     * @param server a listening server
     * @param idleLimit how long a client may stay silent
     * @param sendLimit how long a client may take to take one message
     * @param log where arrivals, renames and departures are logged
     * @return the running server; close it to stop
     */
    public static ChatServer start(TcpServer server, Duration idleLimit, Duration sendLimit,
            PrintStream log) {
        return new ChatServer(server, idleLimit, sendLimit, log);
    }

    /** Stops: refuses new clients and closes every connection. */
    @Override
    public void close() {
        service.close();
    }

    /** One client: its socket, its name and its writer's queue. */
    private final class Member {
        final TcpClient client;
        final BlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>(MOST_QUEUED);
        volatile String name;
        /** Why the server cut the client off, or null. */
        volatile String cutOff;
        /** Set once the reader has finished: a failing send then means nothing more. */
        volatile boolean leaving;
        /** When the client's idle deadline passes, in {@link System#nanoTime()} terms. */
        volatile long idleEndsNanos;

        Member(TcpClient client) {
            this.client = client;
        }

        /** Queues a message for this client alone. */
        void tell(byte[] message) {
            if (!outbox.offer(message)) {
                cutOff(MOST_QUEUED + " messages behind");
            }
        }

        /** Closes the connection; the reader's receive then fails "closed" and it leaves. */
        void cutOff(String why) {
            if (cutOff == null) {
                cutOff = why;
            }
            client.close();
        }

        /** The writer thread: sends the queued messages in order until {@link #END}. */
        void write() {
            try {
                while (true) {
                    byte[] message = outbox.take();
                    if (message == END) {
                        return;
                    }
                    try {
                        client.send(message);
                    } catch (SendException e) {
                        if (e.isTimeout() && idle()) {
                            continue; // the idle deadline: the reader drops the client, politely
                        }
                        if (!leaving) {
                            cutOff(e.isTimeout() ? "too slow: a message was not taken in "
                                    + Seconds.format(sendLimit) : "send failed: " + e.getMessage());
                        }
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // the reader has left and wants nothing more sent
            }
        }

        /** Whether the client has been silent for the idle limit. */
        boolean idle() {
            return System.nanoTime() - idleEndsNanos >= 0;
        }

        /** Starts the idle limit again: the deadline, and the time it ends. */
        void active() {
            idleEndsNanos = System.nanoTime() + idleLimit.toNanos(); // no later than the deadline
            client.setDeadline(idleLimit);
        }
    }

    /** The service's handler: one client's reader, from its arrival to its departure. */
    private void handle(TcpClient client) throws InterruptedException {
        Member me = new Member(client);
        me.active();
        do {
            me.name = "guest-" + guests.incrementAndGet();
        } while (names.putIfAbsent(me.name, me) != null);
        client.settimeout(sendLimit, "t"); // for the writer's sends; see the class comment
        Thread writer = Thread.ofVirtual().name("chat-writer-" + me.name).start(me::write);
        // In this order: once its welcome is out, a client misses no message, and everyone
        // there has been told that it joined.
        members.add(me);
        broadcast(me, "* " + me.name + " joined");
        me.tell(line("* welcome, " + me.name + "; /nick NAME to rename, /quit to leave"));
        log.println(me.name + " joined");
        String why = "left";
        try {
            why = read(me);
        } finally {
            members.remove(me);
            names.remove(me.name, me);
            leave(me, why, writer);
        }
    }

    /**
     * Ends a client's stay: a last line for one who quit or idled (who may be reading), then
     * the end of the writer, and a notice to the others.
     */
    private void leave(Member me, String why, Thread writer) throws InterruptedException {
        me.leaving = true;
        try {
            if (why.equals("quit") || why.startsWith("idle")) {
                me.client.setDeadline(sendLimit); // a fresh one: the last line must get through
                me.tell(line("* bye: " + why));
                me.tell(END);
                writer.join(sendLimit.multipliedBy(2));
                me.client.shutdown("send");
            }
        } finally {
            writer.interrupt(); // if it is still waiting or sending, it has nothing more to do
        }
        writer.join();
        broadcast(me, "* " + me.name + " left (" + why + ")");
        log.println(me.name + " left (" + why + ")");
    }

    /** Reads and acts on lines until the client leaves; says why it did. */
    private String read(Member me) {
        TcpClient client = me.client;
        byte[] partial = null; // what a timed-out receive had of the line
        while (true) {
            byte[] received;
            try {
                received = client.receive("*l", partial);
            } catch (ReceiveException e) {
                if (!e.isTimeout()) {
                    return me.cutOff != null ? me.cutOff : "left";
                }
                if (me.idle()) {
                    return "idle for " + Seconds.format(idleLimit);
                }
                partial = e.partial(); // the send limit's timeout: go on with what came
                continue;
            }
            partial = null;
            me.active();
            String text = new String(received, UTF_8);
            if (text.equals("/quit")) {
                return "quit";
            } else if (text.startsWith("/nick ")) {
                rename(me, text.substring("/nick ".length()).strip());
            } else if (!text.isBlank()) {
                broadcast(me, "<" + me.name + "> " + text);
            }
        }
    }

    private void rename(Member me, String wanted) {
        if (!wanted.matches("[\\p{L}\\p{N}_-]{1,20}")) {
            me.tell(line("* a name is 1 to 20 letters, digits, _ or -"));
        } else if (names.putIfAbsent(wanted, me) != null) {
            me.tell(line("* " + wanted + " is taken"));
        } else {
            String old = me.name;
            me.name = wanted;
            names.remove(old, me);
            broadcast(null, "* " + old + " is now " + wanted);
            log.println(old + " is now " + wanted);
        }
    }

    /** Queues a line for every member but {@code from}: it never waits for a slow one. */
    private void broadcast(Member from, String text) {
        byte[] message = line(text); // encoded once, sent to all
        for (Member member : members) {
            if (member != from) {
                member.tell(message);
            }
        }
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(UTF_8);
    }
}
