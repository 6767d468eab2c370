package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpMaster;
import io.loomsocket.TcpServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The receive property over real loopback sockets instead of the in-memory transport: a peer
 * writes the stream in the generated chunks (with TCP_NODELAY, so that the chunks reach the
 * kernel as written) and then closes or stays silent; the client's calls return what the string
 * model returns, and getstats counts what the model consumed.
 */
class RealSocketReceivePropertyTest {
    /** The client's block timeout when the peer stays silent at the end. */
    private static final double SILENT_END_TIMEOUT = 0.05;

    @Property(tries = 60)
    void callsOverLoopbackReturnWhatTheModelReturns(
            @ForAll("streams") String stream,
            @ForAll("cuts") int[] cut,
            @ForAll("endings") ScriptedTransport.Ending ending,
            @ForAll("ops") List<ReceiveOp> ops) throws Exception {
        byte[] bytes = Outcome.bytes(stream);
        try (TcpServer server = Tcp.bind("127.0.0.1", 0); TcpMaster master = Tcp.tcp4()) {
            master.setoption("recv-buffer-size", 1 << 20);
            CompletableFuture<TcpClient> accepted = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    accepted.complete(server.accept());
                } catch (Throwable t) {
                    accepted.completeExceptionally(t);
                }
            });
            TcpClient client = master.connect("127.0.0.1", server.getsockname().port());
            try (TcpClient peer = accepted.get(10, TimeUnit.SECONDS)) {
                peer.setoption("tcp-nodelay", true);
                CompletableFuture<Void> written = writeInChunks(peer, bytes, cut,
                        ending == ScriptedTransport.Ending.EOF);
                if (ending == ScriptedTransport.Ending.TIMEOUT) {
                    // Everything is in the client's kernel buffer before the short timeout starts.
                    written.get(20, TimeUnit.SECONDS);
                    client.settimeout(SILENT_END_TIMEOUT);
                }
                ReceiveModel model = new ReceiveModel(stream, ending);
                for (int call = 0; call < ops.size(); call++) {
                    ReceiveOp op = ops.get(call);
                    String where = "call " + call + ": " + op;
                    assertEquals(model.apply(op), run(op, client), where);
                    assertEquals(model.position(), client.getstats().received(), where + ": received");
                }
                written.get(20, TimeUnit.SECONDS);
            } finally {
                client.close();
            }
        }
    }

    private static CompletableFuture<Void> writeInChunks(TcpClient peer, byte[] bytes, int[] cut,
            boolean closeAtEnd) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try {
                int position = 0;
                for (int i = 0; position < bytes.length; i++) {
                    int end = Math.min(bytes.length, position + cut[i % cut.length]);
                    peer.send(bytes, position + 1, end);
                    position = end;
                }
                if (closeAtEnd) {
                    peer.shutdown("send");
                }
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    private static Outcome run(ReceiveOp op, TcpClient client) {
        byte[] prefix = Outcome.bytes(op.prefix());
        try {
            byte[] data = switch (op) {
                case ReceiveOp.Line line -> client.receive("*l", prefix);
                case ReceiveOp.All all -> client.receive("*a", prefix);
                case ReceiveOp.Count count -> client.receive(count.count(), prefix);
            };
            return Outcome.ok(data);
        } catch (ReceiveException e) {
            return Outcome.of(e);
        }
    }

    /** Streams that fit in the client's socket buffer, so that a silent end can be waited for. */
    @Provide
    Arbitrary<String> streams() {
        return StreamArbitraries.stream().filter(s -> s.length() <= 60_000);
    }

    @Provide
    Arbitrary<int[]> cuts() {
        return StreamArbitraries.cut();
    }

    /** A clean end or a silent peer; a reset may discard unread data, so it is not generated. */
    @Provide
    Arbitrary<ScriptedTransport.Ending> endings() {
        return Arbitraries.of(ScriptedTransport.Ending.EOF, ScriptedTransport.Ending.TIMEOUT);
    }

    @Provide
    Arbitrary<List<ReceiveOp>> ops() {
        return StreamArbitraries.ops();
    }
}
