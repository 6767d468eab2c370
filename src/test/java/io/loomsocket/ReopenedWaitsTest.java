package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.Moment;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import io.loomsocket.timing.TimingMiss;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.Timeout;

/**
 * An object closed and then connected (or bound) again waits as a new one: LuaSocket gives it a
 * new socket, and nothing of the old one's waits may carry over. A wait left marked closed
 * returns at once, and the receive's retry loop then burns a core until its timeout (or, with
 * none, until data comes). A parked virtual thread shows WAITING; a platform thread waits in
 * its own select. The results themselves are pinned against C in reopen.scn.
 */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class ReopenedWaitsTest {
    /** How long each wait below lasts. */
    private static final double WAIT_SECONDS = 1.0;

    @TimedTest
    void aVirtualThreadsReceiveOnAReconnectedClientParks() throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            int port = server.getsockname().port();
            TcpMaster master = Tcp.tcp4();
            TcpClient client = master.connect("127.0.0.1", port);
            try (TcpClient first = server.accept()) {
                client.close();
            }
            client.connect("127.0.0.1", port);
            try (TcpClient second = server.accept()) {
                client.settimeout(WAIT_SECONDS);
                List<Thread.State> states = new ArrayList<>();
                long began = System.nanoTime();
                Moment ended = new Moment();
                Thread receiver = Thread.ofVirtual().start(() -> {
                    try {
                        assertThrows(ReceiveException.class, client::receive);
                    } finally {
                        ended.mark();
                    }
                });
                sampleWhileAlive(receiver, states);
                assertWaitedItsTimeout(began, ended);
                assertAllWaiting(states);
                second.send("data\n");
                client.settimeout(2);
                assertEquals("data", client.receiveString());
            } finally {
                client.close();
            }
        }
    }

    @TimedTest
    void aVirtualThreadsUntimedReceiveOnAReconnectedClientParksUntilDataComes() throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            int port = server.getsockname().port();
            TcpClient client = Tcp.connect("127.0.0.1", port);
            server.accept().close();
            client.close();
            client.connect("127.0.0.1", port);
            try (TcpClient peer = server.accept()) {
                CompletableFuture<String> line = new CompletableFuture<>();
                Thread receiver = Thread.ofVirtual().start(() -> {
                    try {
                        line.complete(client.receiveString());
                    } catch (Throwable t) {
                        line.completeExceptionally(t);
                    }
                });
                List<Thread.State> states = new ArrayList<>();
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
                awaitParked(receiver);
                while (System.nanoTime() - end < 0) {
                    states.add(receiver.getState());
                    Thread.sleep(50);
                }
                peer.send("late\n");
                assertEquals("late", line.get(5, TimeUnit.SECONDS));
                assertAllWaiting(states);
            } finally {
                client.close();
            }
        }
    }

    @TimedTest
    void aPlatformThreadsReceiveOnAReconnectedClientBlocksInSelect() throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            int port = server.getsockname().port();
            TcpClient client = Tcp.tcp().connect("127.0.0.1", port);
            server.accept().close();
            client.close();
            client.connect("127.0.0.1", port);
            try (TcpClient peer = server.accept()) {
                client.settimeout(WAIT_SECONDS);
                long began = System.nanoTime();
                Moment ended = new Moment();
                Thread receiver = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        assertThrows(ReceiveException.class, client::receive);
                    } finally {
                        ended.mark();
                    }
                });
                // A platform thread waits in a select of its own, RUNNABLE in native code; one
                // that retries without waiting never gets there.
                while (!inSelect(receiver)) {
                    assertTrue(receiver.isAlive(), "the wait ended without ever blocking");
                    Thread.sleep(1);
                }
                List<Boolean> samples = new ArrayList<>();
                long started = System.nanoTime();
                while (System.nanoTime() - started
                        < TimeUnit.MILLISECONDS.toNanos((long) (WAIT_SECONDS * 1000) - 300)) {
                    samples.add(inSelect(receiver));
                    Thread.sleep(50);
                }
                receiver.join();
                assertWaitedItsTimeout(began, ended);
                assertEnoughSamples(samples);
                assertTrue(!samples.contains(false),
                        "a waiting receive was not blocked in select: " + samples);
            } finally {
                client.close();
            }
        }
    }

    /** Whether the thread is inside a selector's select, where a platform thread waits. */
    private static boolean inSelect(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getMethodName().equals("doSelect")) {
                return true;
            }
        }
        return false;
    }

    @TimedTest
    void aVirtualThreadsAcceptOnARebindedMasterParks() throws Exception {
        TcpMaster master = Tcp.tcp4();
        master.bind("127.0.0.1", 0);
        master.close();
        master.bind("127.0.0.1", 0);
        try (TcpServer server = master.listen()) {
            server.settimeout(WAIT_SECONDS);
            List<Thread.State> states = new ArrayList<>();
            long began = System.nanoTime();
            Moment ended = new Moment();
            Thread accepter = Thread.ofVirtual().start(() -> {
                try {
                    assertThrows(TcpException.class, server::accept);
                } finally {
                    ended.mark();
                }
            });
            sampleWhileAlive(accepter, states);
            assertWaitedItsTimeout(began, ended);
            assertAllWaiting(states);
        }
    }

    /** Samples the thread's state every 50 ms from its first park until it ends. */
    private static void sampleWhileAlive(Thread thread, List<Thread.State> states)
            throws InterruptedException {
        awaitParked(thread);
        long started = System.nanoTime();
        while (thread.isAlive()) {
            Thread.State state = thread.getState();
            // The last samples may see the thread leave at its timeout.
            if (thread.isAlive() && System.nanoTime() - started
                    < TimeUnit.MILLISECONDS.toNanos((long) (WAIT_SECONDS * 1000) - 300)) {
                states.add(state);
            }
            thread.join(50);
        }
    }

    /**
     * Waits for the thread's first park; fails if it ends first (a receive that never parks
     * retries until its timeout, RUNNABLE all along).
     */
    private static void awaitParked(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING) {
            assertTrue(thread.isAlive(), "the wait ended without ever parking");
            Thread.sleep(1);
        }
    }

    /** The wait, which ended by itself, lasted its timeout: an early end is a failure. */
    private static void assertWaitedItsTimeout(long began, Moment ended) {
        Timing.assertAtLeast(WAIT_SECONDS - LoopbackSupport.TOLERANCE,
                (ended.nanos() - began) / 1e9, "the wait of " + WAIT_SECONDS + " s");
    }

    /**
     * At least three samples were taken in the wait: fewer means that the sampling thread was
     * starved (or the wait ended early, which the test's own checks catch), a miss.
     */
    private static void assertEnoughSamples(List<?> samples) {
        if (samples.size() < 3) {
            throw new TimingMiss("too few samples, taken every 50 ms: " + samples);
        }
    }

    private static void assertAllWaiting(List<Thread.State> states) {
        assertEnoughSamples(states);
        assertTrue(states.stream().allMatch(s -> s == Thread.State.WAITING),
                "a waiting receive was not parked: " + states);
    }
}
