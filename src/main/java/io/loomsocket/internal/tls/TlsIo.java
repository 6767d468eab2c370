package io.loomsocket.internal.tls;

import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.engine.Transport;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS as a transport under the receive and send engines, as LuaSec's {@code ssl_recv} and
 * {@code ssl_send} are an I/O layer under LuaSocket's buffer: plaintext up, ciphertext down
 * through the socket's own transport ({@code lower}), the JDK's {@link SSLEngine} in between.
 *
 * <p>Locks. {@code inLock} guards the engine's unwrap side (the ciphertext read ahead, the
 * plaintext not yet handed up); {@code outLock} guards its wrap side (the ciphertext not yet in
 * the kernel, the record a timeout cut). Neither is ever waited for by the other side: a receive
 * that must write (a TLS 1.3 key update, a ticket, an alert) only tries {@code outLock}, wraps
 * what the engine wants sent, and writes what the kernel takes now; what is left goes out with
 * the next send, receive or close. A send never has to read once the handshake is done (TLS 1.2
 * renegotiation is refused). So a receive and a send on two threads cannot deadlock, and neither
 * waits past its own timeouts. The handshake holds both.
 *
 * <p>A send that asks whether the peer may have closed ({@link #peerMayHaveClosed}) may read
 * ciphertext into {@code netIn} under {@code inLock} (only tried, never waited for). Invariant:
 * ciphertext a receive has not seen is never only in {@code netIn} while that receive sleeps on
 * the kernel. The send wakes the reading direction after its reads and before it lets {@code
 * inLock} go; the wake is kept for the next wait when nobody waits now, and every wait that ends
 * is followed by a {@link #readNow} that takes {@code inLock} and looks at {@code netIn} before
 * the kernel. A receive that checked {@code netIn} before the send's reads therefore either is
 * waiting and is woken, or has yet to wait and finds the wake there; a receive after them
 * finds the bytes. {@code TlsProbeScheduleTest} explores a receive, an arrival and this probe
 * under a model checker (and, without the wake, finds the receive asleep).
 *
 * <p>Record accounting. A send wraps one record at a time and reports its plaintext only once
 * the whole record is in the kernel. A timeout in the middle of a record leaves the rest of the
 * record pending with a copy of its plaintext: the next send flushes it first and, as OpenSSL
 * requires, must offer the same bytes again (from last + 1); they are then counted as sent
 * without being wrapped twice. Different bytes fail {@code "bad write retry"} (OpenSSL's text)
 * once the pending record, which cannot be taken back, has gone out.
 */
public final class TlsIo implements Transport {
    /**
     * Full records wrapped for one write to the kernel: four (64 KiB of plaintext, less a byte
     * each in TLS 1.3) cost one system call where one record a call would cost four, as the
     * JDK's SSLSocket writes its records; one more when it ends the range (the last 4 bytes of
     * a 64 KiB send in TLS 1.3).
     */
    static final int RECORDS_PER_WRITE = 4;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** A TLS record's header: type, version, length. */
    private static final int RECORD_HEADER = 5;

    private final SSLEngine engine;
    private final Transport lower;
    private final ReentrantLock inLock = new ReentrantLock();
    private final ReentrantLock outLock = new ReentrantLock();

    /** Ciphertext read ahead, write mode (position = end of data); null while empty. */
    private ByteBuffer netIn; // need inLock
    /** Plaintext unwrapped, not yet handed up, read mode; null while empty. */
    private ByteBuffer appIn; // need inLock
    /** Set once the peer's close_notify was read: every later read is the end of the stream. */
    private volatile boolean inboundDone;

    /** Ciphertext to write: bytes [outStart, outEnd) of outArray; null while empty. */
    private byte[] outArray; // need outLock
    private int outStart; // need outLock
    private int outEnd; // need outLock
    /** The plaintext of a record a timeout cut, and how much of it a retry has offered again. */
    private byte[] cutPlain; // need outLock
    private int cutOffered; // need outLock

    /** A fatal outcome (a handshake failure, a bad record): every later call fails with it. */
    private volatile IoFailure failed;
    private volatile boolean handshakeDone;
    private volatile boolean handshakeStarted;
    /** The protocol the handshake agreed on; a TLS 1.2 connection refuses renegotiation. */
    private volatile boolean tls12;

    public TlsIo(SSLEngine engine, Transport lower) {
        this.engine = engine;
        this.lower = lower;
        CloseLinger.preload();
    }

    public SSLEngine engine() {
        return engine;
    }

    public boolean handshakeDone() {
        return handshakeDone;
    }

    // ---- handshake -----------------------------------------------------------------------------

    /**
     * LuaSec's {@code dohandshake}: runs the handshake to its end under {@code clock}. A wait
     * that times out fails {@code "wantread"} or {@code "wantwrite"} (and a later call goes on
     * where this one stopped); a failure fails with OpenSSL's reason where there is one.
     */
    public void handshake(Timeout.Clock clock) throws IoFailure {
        clock.lock(outLock);
        try {
            clock.lock(inLock);
            try {
                handshakeLocked(clock);
            } finally {
                inLock.unlock();
            }
        } finally {
            outLock.unlock();
        }
    }

    private void handshakeLocked(Timeout.Clock clock) throws IoFailure {
        throwIfFailed();
        if (handshakeDone) {
            return;
        }
        try {
            if (!handshakeStarted) {
                engine.beginHandshake();
                handshakeStarted = true;
            }
            while (true) {
                HandshakeStatus status = engine.getHandshakeStatus();
                switch (status) {
                    // The records of one flight (a TLS 1.3 server's ServerHello, its
                    // ChangeCipherSpec, the encrypted rest; a client's ChangeCipherSpec and
                    // Finished) gather in the output and go out in one write, before a read
                    // from the kernel or at the end: one system call and one segment rather
                    // than one per record, and no record of a flight waits behind Nagle's
                    // algorithm for the acknowledgement of the one before (TCP_NODELAY is rarely
                    // set yet). Records of the peer's flight already read are unwrapped first.
                    case NEED_WRAP -> wrapInto(EMPTY);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrapSome()) {
                            flush(clock); // the flight the peer waits for before it answers
                            readMore(clock, true);
                        }
                    }
                    case NEED_TASK -> runTasks();
                    default -> {
                        flush(clock);
                        handshakeDone = true;
                        tls12 = "TLSv1.2".equals(engine.getSession().getProtocol());
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            releaseIdleBuffers();
        }
    }

    /** Reads more ciphertext for the handshake, waiting under {@code clock}. */
    private void readMore(Timeout.Clock clock, boolean handshaking) throws IoFailure, SSLException {
        while (true) {
            int count = readCiphertextNow();
            if (count > 0) {
                return;
            }
            if (count == CLOSED) {
                throw fail(handshaking ? Reasons.unexpectedEof() : IoFailure.closed());
            }
            awaitReadableAs(clock, "wantread");
        }
    }

    // ---- receive -------------------------------------------------------------------------------

    @Override
    public int read(byte[] dst, int off, int len, Timeout.Clock clock) throws IoFailure {
        return Transport.readWaiting(this, dst, off, len, clock);
    }

    @Override
    public int readNow(byte[] dst, int off, int len) throws IoFailure {
        if (!handshakeDone) {
            throwIfFailed();
            throw IoFailure.closed(); // LuaSec: no receive before the handshake is done
        }
        inLock.lock();
        try {
            while (true) {
                throwIfFailed();
                if (appIn != null) {
                    int count = Math.min(len, appIn.remaining());
                    appIn.get(dst, off, count);
                    if (!appIn.hasRemaining()) {
                        appIn = TlsBuffers.give(appIn);
                    }
                    return count;
                }
                if (inboundDone) {
                    return CLOSED;
                }
                int direct = unwrapDirect(dst, off, len);
                if (direct > 0) {
                    return direct;
                }
                if (direct == 0 || unwrapSome()) {
                    continue;
                }
                int count = readCiphertextNow();
                if (count == 0) {
                    releaseIdleBuffers();
                    return 0;
                }
                if (count == CLOSED) {
                    throw fail(Reasons.endWithoutCloseNotify());
                }
            }
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            inLock.unlock();
        }
    }

    @Override
    public void awaitReadable(Timeout.Clock clock) throws IoFailure {
        awaitReadableAs(clock, "wantread");
    }

    private void awaitReadableAs(Timeout.Clock clock, String text) throws IoFailure {
        try {
            lower.awaitReadable(clock);
        } catch (IoFailure failure) {
            throw failure.isTimeout()
                    ? new IoFailure(TcpException.Kind.TIMEOUT, text) : failure;
        }
    }

    /**
     * Unwraps the whole records at the head of {@link #netIn} straight into {@code dst} while
     * the next one surely fits (its plaintext is shorter than the record), skipping the copy
     * through {@link #appIn}: a receive into a buffer of 16 KiB or more takes a bulk sender's
     * full records with one copy (the JDK's SSLSocket decrypts into a buffer of its own and
     * copies out of it), and short records (lines) go straight into the 8 KiB receive buffer.
     * A record that may not fit is left to {@link #unwrapSome}. Only with {@link #appIn} empty,
     * so that the order stays.
     *
     * @return the plaintext count; 0 when it consumed only records that carried none (a session
     *     ticket, a key update, the peer's close_notify); -1 when it consumed nothing (no whole
     *     record there, or the next one may not fit)
     */
    private int unwrapDirect(byte[] dst, int off, int len) throws SSLException, IoFailure {
        if (netIn == null || netIn.position() < RECORD_HEADER) {
            return -1;
        }
        netIn.flip();
        ByteBuffer target = null;
        int produced = 0;
        boolean consumed = false;
        try {
            while (!inboundDone && fitsWhole(len - produced)) {
                if (target == null) {
                    target = ByteBuffer.wrap(dst, off, len);
                }
                SSLEngineResult result = engine.unwrap(netIn, target);
                produced = target.position() - off;
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    inboundDone = true;
                    consumed = true;
                    afterUnwrap(result.getHandshakeStatus());
                    break;
                }
                if (result.getStatus() != SSLEngineResult.Status.OK
                        || result.bytesConsumed() == 0) {
                    break;
                }
                consumed = true;
                afterUnwrap(result.getHandshakeStatus());
            }
        } finally {
            netIn.compact();
        }
        return produced > 0 || consumed ? produced : -1;
    }

    /**
     * Whether {@link #netIn} (read mode) starts with a whole record whose length is at most
     * {@code room}: its plaintext, always shorter than the record, then fits in {@code room}.
     */
    private boolean fitsWhole(int room) {
        int start = netIn.position();
        if (netIn.remaining() < RECORD_HEADER) {
            return false;
        }
        int length = (netIn.get(start + 3) & 0xFF) << 8 | (netIn.get(start + 4) & 0xFF);
        return length <= room && netIn.remaining() >= RECORD_HEADER + length;
    }

    /**
     * Unwraps the next record of {@link #netIn}, if a whole one is there. Returns true when it
     * made progress (plaintext in {@link #appIn}, a record consumed, the peer's close_notify).
     */
    private boolean unwrapSome() throws SSLException, IoFailure {
        if (netIn == null || netIn.position() == 0 || inboundDone) {
            return false;
        }
        netIn.flip();
        try {
            while (true) {
                ByteBuffer target = appIn == null ? TlsBuffers.takeApp(engine) : appIn.compact();
                SSLEngineResult result;
                try {
                    result = engine.unwrap(netIn, target);
                } finally {
                    target.flip();
                    appIn = target.hasRemaining() ? target : TlsBuffers.give(target);
                }
                switch (result.getStatus()) {
                    case BUFFER_UNDERFLOW -> {
                        growNetInIfFull();
                        return false;
                    }
                    case BUFFER_OVERFLOW -> {
                        if (appIn != null) {
                            return true; // hand up what is there first
                        }
                        continue; // a fresh buffer of the session's size
                    }
                    case CLOSED -> {
                        inboundDone = true;
                        afterUnwrap(result.getHandshakeStatus());
                        return true;
                    }
                    default -> {
                        afterUnwrap(result.getHandshakeStatus());
                        if (result.bytesConsumed() > 0 || result.bytesProduced() > 0) {
                            return true;
                        }
                        return false;
                    }
                }
            }
        } finally {
            if (netIn != null) {
                netIn.compact();
            }
        }
    }

    /** What the engine wants after an unwrap outside the handshake. */
    private void afterUnwrap(HandshakeStatus status) throws SSLException, IoFailure {
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks();
            status = engine.getHandshakeStatus();
        }
        if (!handshakeDone) {
            return; // the handshake loop decides
        }
        if (tls12 && (status == HandshakeStatus.NEED_WRAP
                || status == HandshakeStatus.NEED_UNWRAP)) {
            throw fail(new IoFailure(TcpException.Kind.OTHER, "no renegotiation"));
        }
        if (status == HandshakeStatus.NEED_WRAP) {
            sendControlIfFree(); // a key update's answer: never wait for the sending side
        }
    }

    /** Makes room in {@link #netIn} when a record does not fit (the session's size grew). */
    private void growNetInIfFull() {
        int needed = engine.getSession().getPacketBufferSize();
        if (netIn.limit() == netIn.capacity() && netIn.capacity() < needed) {
            ByteBuffer bigger = ByteBuffer.allocate(needed);
            bigger.put(netIn);
            netIn = bigger.flip();
        } else if (netIn.limit() == netIn.capacity() && netIn.position() == 0) {
            ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
            bigger.put(netIn);
            netIn = bigger.flip();
        }
    }

    /** One read of ciphertext, without waiting: a count, 0, or {@link #CLOSED}. */
    private int readCiphertextNow() throws IoFailure {
        if (netIn == null) {
            netIn = TlsBuffers.takeNet(engine);
        }
        if (!netIn.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
            netIn = bigger.put(netIn.flip());
        }
        int count = lower.readNow(netIn.array(), netIn.arrayOffset() + netIn.position(),
                netIn.remaining());
        if (count > 0) {
            netIn.position(netIn.position() + count);
        }
        return count;
    }

    // ---- send ----------------------------------------------------------------------------------

    @Override
    public int write(byte[] src, int off, int len, Timeout.Clock clock) throws IoFailure {
        if (!handshakeDone) {
            throwIfFailed();
            throw IoFailure.closed(); // LuaSec: no send before the handshake is done
        }
        clock.lock(outLock);
        try {
            throwIfFailed();
            if (cutPlain != null) {
                return retryCut(src, off, len, clock);
            }
            flush(clock); // what a receive left: a key update's answer
            // Up to RECORDS_PER_WRITE records in one write to the kernel, and one more when it
            // ends the range; each counts only once it is wholly there. The engine chooses each
            // record's plaintext (16,383 bytes in TLS 1.3, where JSSE keeps a byte for the
            // record's type): a range cut at 16,384 would leave a record of one byte behind
            // every full one.
            int[] recordEnds = new int[RECORDS_PER_WRITE + 1];
            int[] plainEnds = new int[RECORDS_PER_WRITE + 1];
            int records = 0;
            int consumed = 0;
            int lastTaken = 0;
            while (consumed < len && (records < RECORDS_PER_WRITE
                    || records == RECORDS_PER_WRITE && len - consumed <= lastTaken)) {
                int taken = wrapInto(ByteBuffer.wrap(src, off + consumed, len - consumed), true);
                if (taken == 0) {
                    if (consumed == 0 && engine.isOutboundDone()) {
                        // The engine has closed its sending side: a JDK peer's TLS 1.3 close
                        // (user_canceled, then close_notify) makes JSSE answer and close it.
                        // Its answer goes out; no data can follow, and a write that returned 0
                        // would have the send loop forever.
                        flush(clock);
                        throw IoFailure.closed();
                    }
                    break;
                }
                consumed += taken;
                lastTaken = taken;
                recordEnds[records] = outEnd;
                plainEnds[records] = consumed;
                records++;
            }
            try {
                flush(clock);
            } catch (IoFailure failure) {
                if (!failure.isTimeout() || outArray == null || consumed == 0) {
                    throw failure;
                }
                int whole = 0; // the plaintext of the records wholly in the kernel
                for (int r = 0; r < records && recordEnds[r] <= outStart; r++) {
                    whole = plainEnds[r];
                }
                cutPlain = Arrays.copyOfRange(src, off + whole, off + consumed);
                cutOffered = 0;
                if (whole > 0) {
                    return whole; // the next call flushes the rest, and times out itself
                }
                throw failure;
            }
            return consumed;
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            outLock.unlock();
        }
    }

    /**
     * Whether the peer may have closed, so that a send keeps LuaSec's first step of 8192 bytes
     * (see {@link io.loomsocket.internal.engine.Sender}); when it cannot have, the send goes out
     * in whole writes of {@link #RECORDS_PER_WRITE} full records, without the extra short record
     * and the Nagle push the step costs. The socket's own probe answers first; when something
     * came, it is most often a TLS 1.3 session ticket that a client never reads, so the
     * ciphertext the kernel holds is read on into {@link #netIn} until the kernel has nothing
     * more: the peer has not closed when that comes without an end of stream. Those records
     * are not unwrapped here: they wait for the receives, which take {@link #netIn} before the
     * kernel, as does select (it asks by reading through this layer), and a receive that waits
     * for the kernel now is woken to take them. More than the buffer holds, or a receive holding
     * the reading side, keeps the step. A reset found on the way is reported as the send's
     * first write would have reported it.
     */
    @Override
    public boolean peerMayHaveClosed() throws IoFailure {
        if (!handshakeDone || failed != null || inboundDone) {
            return true;
        }
        try {
            if (!lower.peerMayHaveClosed()) {
                return false;
            }
            if (!inLock.tryLock()) {
                return true;
            }
            try {
                return !readToTheKernelsEnd();
            } finally {
                if (netIn != null && netIn.position() > 0) {
                    lower.wakeReader(); // a receive waiting for the kernel: its bytes are here
                }
                releaseIdleBuffers();
                inLock.unlock();
            }
        } catch (IoFailure failure) {
            throw Reasons.asLuaSec(failure);
        }
    }

    /**
     * Reads ciphertext into {@link #netIn} until the kernel has none left; false at the end of
     * the stream, or when the buffer fills first.
     */
    private boolean readToTheKernelsEnd() throws IoFailure {
        if (netIn == null) {
            netIn = TlsBuffers.takeNet(engine);
        }
        while (netIn.hasRemaining()) {
            int count = lower.readNow(netIn.array(), netIn.arrayOffset() + netIn.position(),
                    netIn.remaining());
            if (count == 0) {
                return true;
            }
            if (count == CLOSED) {
                return false;
            }
            netIn.position(netIn.position() + count);
        }
        return false;
    }

    /**
     * Pushes out the record Nagle's algorithm holds after a send that kept the first step (see
     * {@link io.loomsocket.internal.engine.Sender}): the socket's own transport does it.
     */
    @Override
    public void flushHeld() {
        lower.flushHeld();
    }

    /**
     * The send after a timeout that cut a record: the rest of that record goes out first, and
     * the bytes offered now must be the ones it carries.
     */
    private int retryCut(byte[] src, int off, int len, Timeout.Clock clock) throws IoFailure {
        flush(clock);
        int count = Math.min(len, cutPlain.length - cutOffered);
        if (!Arrays.equals(src, off, off + count, cutPlain, cutOffered, cutOffered + count)) {
            cutPlain = null;
            throw new IoFailure(TcpException.Kind.OTHER, "bad write retry");
        }
        cutOffered += count;
        if (cutOffered == cutPlain.length) {
            cutPlain = null;
        }
        return count;
    }

    /** Wraps {@code plain} (or the engine's handshake or alert records) into the output. */
    private int wrapInto(ByteBuffer plain) throws SSLException, IoFailure {
        return wrapInto(plain, false);
    }

    /**
     * Wraps {@code plain} into the output, after whatever records the engine has to send first;
     * with {@code oneRecord}, stops after the first record that carries plaintext.
     */
    private int wrapInto(ByteBuffer plain, boolean oneRecord) throws SSLException, IoFailure {
        int consumed = 0;
        while (true) {
            ensureOutRoom(engine.getSession().getPacketBufferSize());
            ByteBuffer target = ByteBuffer.wrap(outArray, outEnd, outArray.length - outEnd);
            SSLEngineResult result = engine.wrap(plain, target);
            outEnd = target.position();
            consumed += result.bytesConsumed();
            switch (result.getStatus()) {
                case BUFFER_OVERFLOW -> growOut();
                case CLOSED -> {
                    return consumed;
                }
                default -> {
                    if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    if (!plain.hasRemaining() || result.bytesProduced() == 0
                            || oneRecord && result.bytesConsumed() > 0) {
                        return consumed;
                    }
                }
            }
        }
    }

    private void ensureOutRoom(int room) {
        if (outArray == null) {
            outArray = TlsBuffers.takeOut((RECORDS_PER_WRITE + 1) * room);
            outStart = 0;
            outEnd = 0;
        } else if (outArray.length - outEnd < room) {
            if (outStart > 0) {
                System.arraycopy(outArray, outStart, outArray, 0, outEnd - outStart);
                outEnd -= outStart;
                outStart = 0;
            }
            if (outArray.length - outEnd < room) {
                outArray = Arrays.copyOf(outArray, outEnd + room);
            }
        }
    }

    private void growOut() {
        outArray = Arrays.copyOf(outArray, outArray.length * 2);
    }

    /**
     * Writes all pending ciphertext, waiting under {@code clock}; a timeout is {@code
     * "wantwrite"} and leaves the rest pending.
     */
    private void flush(Timeout.Clock clock) throws IoFailure {
        while (outArray != null && outStart < outEnd) {
            int count;
            try {
                count = lower.write(outArray, outStart, outEnd - outStart, clock);
            } catch (IoFailure failure) {
                throw failure.isTimeout()
                        ? new IoFailure(TcpException.Kind.TIMEOUT, "wantwrite")
                        : Reasons.asLuaSec(failure);
            }
            outStart += count;
        }
        if (outArray != null) {
            outArray = TlsBuffers.giveOut(outArray);
            outStart = 0;
            outEnd = 0;
        }
    }

    /** A receive's wrap, only if no send holds the writing side: it never waits for one. */
    private void sendControlIfFree() throws SSLException, IoFailure {
        if (!outLock.tryLock()) {
            return; // the send holding it wraps the engine's records before its own
        }
        try {
            wrapInto(EMPTY);
            flushNow();
        } finally {
            outLock.unlock();
        }
    }

    /** Writes what the kernel takes now of the pending ciphertext; the rest stays pending. */
    private void flushNow() {
        try {
            flush(Timeout.Clock.immediate());
        } catch (IoFailure ignored) {
            // Left pending: the next send, receive or close writes it.
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    // ---- close ---------------------------------------------------------------------------------

    /**
     * The TLS part of a close, before the socket lets its channel go: the pending ciphertext
     * (the rest of a cut record) and the close_notify, within {@code boundNanos}, then what the
     * kernel has queued now, read and dropped. Returns true when the peer has not answered yet:
     * the caller should then hand the channel to {@link CloseLinger} rather than close it now
     * (see there why). Never fails; a side that another thread holds is not waited for.
     */
    public boolean closeGracefully(long boundNanos) {
        if (!handshakeDone || failed != null) {
            return false;
        }
        Timeout bound = new Timeout();
        bound.setDeadlineAfter(Math.max(0, boundNanos));
        Timeout.Clock clock = bound.start();
        boolean notified = false;
        try {
            // A send blocked on another thread holds the writing side: the close wakes it
            // rather than wait for it, and no close_notify can pass it anyway.
            if (outLock.tryLock()) {
                try {
                    notified = sendCloseNotify(clock);
                } finally {
                    outLock.unlock();
                }
            }
            if (notified && inLock.tryLock()) {
                try {
                    drainNow();
                } finally {
                    inLock.unlock();
                }
            }
        } catch (IoFailure | SSLException | RuntimeException e) {
            return false; // the socket's close follows whatever happened here
        }
        return notified && boundNanos > 0 && !inboundDone;
    }

    /** Reads and drops what the kernel holds now, up to the peer's close_notify. */
    private void drainNow() throws IoFailure, SSLException {
        while (!inboundDone) {
            if (appIn != null) {
                appIn = TlsBuffers.give(appIn);
            }
            if (unwrapSome()) {
                continue;
            }
            int count = readCiphertextNow();
            if (count == CLOSED) {
                inboundDone = true;
            } else if (count == 0) {
                break;
            }
        }
        releaseIdleBuffers();
    }

    /** The pending ciphertext, then the close_notify (once), within {@code clock}. */
    private boolean sendCloseNotify(Timeout.Clock clock) throws IoFailure, SSLException {
        flush(clock);
        cutPlain = null;
        if (!engine.isOutboundDone()) {
            engine.closeOutbound();
            wrapInto(EMPTY);
        }
        flush(clock);
        return true;
    }

    /**
     * shutdown("send") over TLS: the close_notify goes out (within {@code boundNanos}) before
     * the socket's FIN, so that the peer reads a clean end of stream; receiving goes on.
     */
    public void closeOutbound(long boundNanos) {
        if (!handshakeDone || failed != null) {
            return;
        }
        Timeout bound = new Timeout();
        bound.setDeadlineAfter(Math.max(0, boundNanos));
        try {
            if (outLock.tryLock()) {
                try {
                    sendCloseNotify(bound.start());
                } finally {
                    outLock.unlock();
                }
            }
        } catch (IoFailure | SSLException | RuntimeException e) {
            // as shutdown(2) failing: its result is ignored
        }
    }

    /** Whether unwrapped plaintext waits to be read (OpenSSL's SSL_pending). */
    public boolean plaintextPending() {
        ByteBuffer pending = appIn;
        return pending != null && pending.hasRemaining();
    }

    /** Gives the buffers back while they hold nothing: an idle connection keeps none. */
    private void releaseIdleBuffers() {
        if (inLock.isHeldByCurrentThread()) {
            if (netIn != null && netIn.position() == 0) {
                netIn = TlsBuffers.give(netIn);
            }
            if (appIn != null && !appIn.hasRemaining()) {
                appIn = TlsBuffers.give(appIn);
            }
        }
    }

    // ---- failures ------------------------------------------------------------------------------

    /** After a fatal failure every call fails "closed", as LuaSec's do once OpenSSL gave up. */
    private void throwIfFailed() throws IoFailure {
        if (failed != null) {
            throw IoFailure.closed();
        }
    }

    /**
     * A fatal error from the engine: its alert goes out if the kernel takes it now, and every
     * later call fails the same way.
     */
    private IoFailure fail(SSLException e) {
        return fail(Reasons.failure(e));
    }

    private IoFailure fail(IoFailure failure) {
        if (failure.isTimeout()) {
            return failure;
        }
        if (failed == null) {
            failed = failure;
            if (outLock.tryLock()) {
                try {
                    engine.closeOutbound();
                    wrapInto(EMPTY);
                    flushNow();
                } catch (SSLException | IoFailure | RuntimeException ignored) {
                    // The alert is a courtesy; the failure stands.
                } finally {
                    outLock.unlock();
                }
            }
        }
        return failure;
    }
}
