package io.loomsocket.internal.transport;

import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * A wait for a connect's outcome that begins after another thread finished the connect: a send
 * and a receive that both find a handshake unfinished take turns waiting for it, and the second
 * may see the channel pending just before the first calls {@code finishConnect}. The JDK reports
 * a connect's readiness only while the channel is pending, so a wait for it alone would then
 * sleep until its timeout (and keep the poller busy with a writable socket nobody asks for).
 */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = ThreadMode.SEPARATE_THREAD)
class ConnectWaitTest {
    @TimedTest
    void aVirtualThreadsWaitEndsWhenTheConnectWasFinishedElsewhere() throws Exception {
        waitAfterFinish(true);
    }

    @TimedTest
    void aPlatformThreadsWaitEndsWhenTheConnectWasFinishedElsewhere() throws Exception {
        waitAfterFinish(false);
    }

    private static void waitAfterFinish(boolean virtual) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            try (SocketChannel client = SocketChannel.open()) {
                client.configureBlocking(false);
                client.connect(listener.getLocalAddress());
                while (!client.finishConnect()) {
                    Thread.sleep(1);
                }
                SocketWaits waits = new SocketWaits(channel -> channel == client);
                Timeout timeout = new Timeout();
                timeout.setBlockSeconds(5);
                CompletableFuture<Long> waited = new CompletableFuture<>();
                Runnable wait = () -> {
                    long start = System.nanoTime();
                    try {
                        waits.awaitConnected(client, timeout.start());
                        waited.complete(System.nanoTime() - start);
                    } catch (Throwable t) {
                        waited.completeExceptionally(t);
                    }
                };
                Thread waiter = virtual ? Thread.ofVirtual().start(wait)
                        : Thread.ofPlatform().daemon().start(wait);
                long nanos = waited.get(10, TimeUnit.SECONDS);
                waiter.join();
                // Not woken, the wait would last its block timeout of 5 s.
                Timing.assertAtMost(1, nanos / 1e9, "the wait for a connect finished elsewhere");
                waits.closing(client);
            }
        }
    }
}
