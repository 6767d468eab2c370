package io.loomsocket.tls;

import io.loomsocket.TcpClient;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * A TLS peer driven by hand over a plain connection, for the hostile cases: it runs a JSSE
 * engine itself, so that it can send half a record, a record that lies about its length, or
 * stop in the middle of anything.
 */
final class RawTlsPeer {
    final SSLEngine engine;
    final TcpClient plain;
    private ByteBuffer in = ByteBuffer.allocate(1 << 16);

    RawTlsPeer(SSLEngine engine, TcpClient plain) {
        this.engine = engine;
        this.plain = plain;
    }

    /** Runs the handshake to its end (the other side runs its own at the same time). */
    void handshake() throws Exception {
        engine.beginHandshake();
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_WRAP -> plain.send(wrap(new byte[0]));
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    in.flip();
                    SSLEngineResult result = engine.unwrap(in, ByteBuffer.allocate(1 << 16));
                    in.compact();
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        in.put(plain.receiveSome(8192));
                    }
                }
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** The records that carry {@code plain} (or the engine's own, for an empty array). */
    byte[] wrap(byte[] plainBytes) throws Exception {
        ByteBuffer src = ByteBuffer.wrap(plainBytes);
        ByteBuffer out = ByteBuffer.allocate(1 << 17);
        do {
            engine.wrap(src, out);
        } while (src.hasRemaining());
        return Arrays.copyOf(out.array(), out.position());
    }
}
