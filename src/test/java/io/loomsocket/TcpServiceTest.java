package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.Moment;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TcpService}: a handler per connection on a virtual thread, and a clean stop. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpServiceTest {

    @Test
    void eachConnectionRunsOnAVirtualThreadAndClosesWhenItsHandlerReturns() throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        TcpServer server = Tcp.bind(V4, 0);
        int port = server.getsockname().port();
        try (TcpService service = TcpService.start(server, client -> {
            threads.add(Thread.currentThread());
            assertTrue(Thread.currentThread().isVirtual());
            client.send("hello " + client.receiveString() + "\n");
        })) {
            List<TcpClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    clients.add(Tcp.connect(V4, port, Duration.ofSeconds(5)));
                    clients.get(i).send(i + "\n");
                }
                for (int i = 0; i < 5; i++) {
                    TcpClient client = clients.get(i);
                    client.settimeout(5);
                    assertEquals("hello " + i, client.receiveString());
                    receiveFails("closed", "", client::receive);
                }
            } finally {
                clients.forEach(TcpClient::close);
            }
            assertEquals(5, threads.size(), "one thread per connection");
        }
    }

    @Test
    void aHandlerThatThrowsStillClosesItsConnectionAndOnlyABugIsReported() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler original = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> reported.add(e));
        TcpServer server = Tcp.bind(V4, 0);
        int port = server.getsockname().port();
        try (TcpService service = TcpService.start(server, client -> {
            String command = client.receiveString();
            if (command.equals("bug")) {
                throw new IllegalStateException("a bug in the handler");
            }
            client.settimeout(0.05);
            client.receive(); // fails "timeout": an outcome of the connection, not a bug
        })) {
            for (String command : new String[] {"bug", "wait"}) {
                try (TcpClient client = Tcp.connect(V4, port)) {
                    client.settimeout(5);
                    client.send(command + "\n");
                    receiveFails("closed", "", client::receive);
                }
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(original);
        }
        assertEquals(1, reported.size(), "reported: " + reported);
        assertEquals("a bug in the handler", assertInstanceOf(IllegalStateException.class,
                reported.get(0)).getMessage());
    }

    @TimedTest
    void closeStopsAcceptingAndEndsHandlersBlockedWithoutATimeout() throws Exception {
        CountDownLatch waiting = new CountDownLatch(3);
        List<String> outcomes = new CopyOnWriteArrayList<>();
        TcpServer server = Tcp.bind(V4, 0);
        int port = server.getsockname().port();
        TcpService service = TcpService.start(server, client -> {
            waiting.countDown();
            try {
                client.receive(); // no timeout: only the stop can end this
            } catch (TcpException e) {
                outcomes.add(e.getMessage());
                throw e;
            }
        });
        List<TcpClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(Tcp.connect(V4, port));
            }
            assertTrue(waiting.await(5, TimeUnit.SECONDS));
            long start = System.nanoTime();
            service.close();
            Timing.assertAtMost(2, secondsSince(start), "close, ending three handlers");
            assertEquals(3, outcomes.size(), "every handler had returned: " + outcomes);
            for (String outcome : outcomes) {
                assertTrue(outcome.equals("closed") || outcome.equals("interrupted"), outcome);
            }
            for (TcpClient client : clients) {
                client.settimeout(5);
                receiveFails("closed", "", client::receive);
            }
            fails("connection refused", () -> Tcp.connect(V4, port));
            service.join();
        } finally {
            clients.forEach(TcpClient::close);
            service.close();
        }
    }

    @TimedTest
    void aStopWithGraceLetsRunningHandlersFinishButRefusesNewConnections() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        Moment handlerDone = new Moment();
        TcpServer server = Tcp.bind(V4, 0);
        int port = server.getsockname().port();
        TcpService service = TcpService.start(server, client -> {
            String request = client.receiveString();
            working.countDown();
            Thread.sleep(300);
            client.send("done " + request + "\n");
            handlerDone.mark();
        });
        try (TcpClient client = Tcp.connect(V4, port)) {
            client.settimeout(5);
            client.send("job\n");
            assertTrue(working.await(5, TimeUnit.SECONDS));
            long start = System.nanoTime();
            service.stop(Duration.ofSeconds(5));
            long stopped = System.nanoTime();
            assertTrue(handlerDone.marked() && handlerDone.nanos() - stopped < 0,
                    "the stop waited for the handler");
            Timing.assertAtMost(2, (stopped - start) / 1e9, "the stop, waiting for the handler");
            assertEquals("done job", client.receiveString());
            fails("connection refused", () -> Tcp.connect(V4, port));
        } finally {
            service.close();
        }
    }

    @TimedTest
    void aHandlerThatOutlastsTheGraceIsClosedWhenItEnds() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        TcpServer server = Tcp.bind(V4, 0);
        TcpService service = TcpService.start(server, client -> {
            waiting.countDown();
            client.receive();
        });
        try (TcpClient client = Tcp.connect(V4, server.getsockname().port())) {
            assertTrue(waiting.await(5, TimeUnit.SECONDS));
            long start = System.nanoTime();
            service.stop(Duration.ofMillis(300));
            LoopbackSupport.assertAbout(0.3, secondsSince(start), "stop with a 0.3 s grace");
            client.settimeout(5);
            receiveFails("closed", "", client::receive);
        } finally {
            service.close();
        }
    }

    @Test
    void anInterruptedCloseStillClosesEveryConnectionAndKeepsTheFlag() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        TcpServer server = Tcp.bind(V4, 0);
        TcpService service = TcpService.start(server, client -> {
            waiting.countDown();
            client.receive();
        });
        try (TcpClient client = Tcp.connect(V4, server.getsockname().port())) {
            assertTrue(waiting.await(5, TimeUnit.SECONDS));
            Thread.currentThread().interrupt();
            service.close();
            assertTrue(Thread.interrupted(), "close kept the interrupt flag");
            client.settimeout(5);
            receiveFails("closed", "", client::receive);
            service.close();
            service.join();
        } finally {
            service.close();
        }
    }

    @Test
    void anInterruptDuringTheGraceEndsTheGraceAndStillClosesEveryConnection() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        TcpServer server = Tcp.bind(V4, 0);
        TcpService service = TcpService.start(server, client -> {
            waiting.countDown();
            client.receive();
        });
        try (TcpClient client = Tcp.connect(V4, server.getsockname().port())) {
            assertTrue(waiting.await(5, TimeUnit.SECONDS));
            java.util.concurrent.CompletableFuture<Throwable> stopped =
                    new java.util.concurrent.CompletableFuture<>();
            Thread stopper = Thread.startVirtualThread(() -> {
                try {
                    service.stop(Duration.ofSeconds(60));
                    stopped.complete(null);
                } catch (Throwable t) {
                    stopped.complete(t);
                }
            });
            Thread.sleep(200);
            stopper.interrupt();
            assertInstanceOf(InterruptedException.class, stopped.get(5, TimeUnit.SECONDS));
            client.settimeout(5);
            receiveFails("closed", "", client::receive);
        } finally {
            service.close();
        }
    }

    @Test
    void aHandlerCanStopTheServiceItRunsIn() throws Exception {
        TcpServer server = Tcp.bind(V4, 0);
        int port = server.getsockname().port();
        TcpService[] holder = new TcpService[1];
        CountDownLatch idle = new CountDownLatch(1);
        holder[0] = TcpService.start(server, client -> {
            String command = client.receiveString();
            if (command.equals("shutdown")) {
                holder[0].close(); // from a handler: ends the others, not itself
                client.send("bye\n");
            } else {
                idle.countDown();
                client.receive();
            }
        });
        try (TcpClient idleClient = Tcp.connect(V4, port);
                TcpClient admin = Tcp.connect(V4, port)) {
            idleClient.send("idle\n");
            assertTrue(idle.await(5, TimeUnit.SECONDS));
            admin.settimeout(5);
            admin.send("shutdown\n");
            assertEquals("bye", admin.receiveString());
            idleClient.settimeout(5);
            receiveFails("closed", "", idleClient::receive);
            holder[0].join();
        } finally {
            holder[0].close();
        }
    }
}
