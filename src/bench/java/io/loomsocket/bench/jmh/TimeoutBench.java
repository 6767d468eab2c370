package io.loomsocket.bench.jmh;

import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a timeout costs: a receive with a block timeout of 0 on a loopback connection with
 * nothing to read (a poll: the lock, one read that says EAGAIN, the exception with where it
 * happened), and the exception alone. {@link TimeoutBench} runs them with stack traces, the
 * default; {@link Stackless} in a JVM started with {@code -Dio.loomsocket.stacklessTimeouts=true}.
 * The stack is as deep as JMH's harness makes it (about 15 frames below the benchmark method);
 * an application's deeper stack costs more to fill in.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TimeoutBench {
    /** A connected pair; the client polls a peer that sends nothing. */
    @State(Scope.Thread)
    public static class Idle {
        TcpServer server;
        TcpClient client;
        TcpClient peer;

        @Setup(Level.Trial)
        public void open() throws TcpException {
            server = Tcp.bind("127.0.0.1", 0);
            client = Tcp.connect("127.0.0.1", server.getsockname().port());
            peer = server.accept();
            client.settimeout(0);
        }

        @TearDown(Level.Trial)
        public void close() {
            client.close();
            peer.close();
            server.close();
        }
    }

    /** A receive that times out at once: what polling with a zero timeout costs per call. */
    @Benchmark
    public Object pollReceive(Idle s) {
        try {
            return s.client.receive();
        } catch (ReceiveException e) {
            return e;
        }
    }

    /** A send of nothing new past a passed deadline fails at once, before any I/O. */
    @Benchmark
    public Object sendPastDeadline(Past s) {
        try {
            return s.client.send(s.data);
        } catch (SendException e) {
            return e;
        }
    }

    /** The exception alone, as the engine makes it for a timeout. */
    @Benchmark
    public Object newTimeout() {
        return new ReceiveException(TcpException.Kind.TIMEOUT, "timeout", new byte[0]);
    }

    /** A client whose deadline has passed: every call fails before any I/O. */
    @State(Scope.Thread)
    public static class Past {
        final byte[] data = {'x'};
        TcpServer server;
        TcpClient client;
        TcpClient peer;

        @Setup(Level.Trial)
        public void open() throws TcpException {
            server = Tcp.bind("127.0.0.1", 0);
            client = Tcp.connect("127.0.0.1", server.getsockname().port());
            peer = server.accept();
            client.setDeadline(java.time.Duration.ZERO);
        }

        @TearDown(Level.Trial)
        public void close() {
            client.close();
            peer.close();
            server.close();
        }
    }

    /** The same benchmarks in a JVM whose timeouts and closes carry no stack trace. */
    @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dio.loomsocket.stacklessTimeouts=true"})
    public static class Stackless extends TimeoutBench {}
}
