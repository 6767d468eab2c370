package io.loomsocket.internal.transport;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Watches non-blocking channels for readiness and unparks the threads that wait for it: one
 * {@link Selector} per poller, every socket's channel registered with one poller for its life.
 *
 * <p>Why not the JDK's own poller: it serves only blocking-mode channels, whose writes cannot
 * time out, and whose waits end only by readiness, close, or an interrupt that closes the
 * socket. Why few pollers instead of a selector per socket: one descriptor per connection.
 *
 * <p>What makes a wait cheap: a socket's read interest stays in the selector between waits
 * ({@link WaitSlot}), so a wait is a compare-and-set and a park, with no syscall and no
 * wakeup of the poller; the poller dispatches every ready key of a select in one pass, with no
 * selected-key set. Where {@code Selector.select} parks a virtual thread instead of holding its
 * carrier (JDK 24 and later), the poller is itself a virtual thread: under load it polls
 * without blocking and yields between polls, so readiness is handed to the waiters on the
 * carriers with no switch to another OS thread, as the JDK's own sub-pollers do; it blocks in
 * {@code select} only when nothing is ready. On JDK 21 to 23, where {@code select} would hold
 * the carrier, it is a hybrid: a virtual thread polls without blocking while there is work and,
 * when idle, hands over to a daemon platform thread that blocks in {@code select}.
 * {@code -Dio.loomsocket.poller=virtual|hybrid} overrides the choice and
 * {@code -Dio.loomsocket.pollers=N} sets how many pollers share the sockets (default 1).
 */
public final class Poller implements SelectorWakeup {
    /** Whether {@code Selector.select} parks a virtual thread rather than its carrier (JDK-8338383). */
    static final boolean SELECT_PARKS_VIRTUAL_THREADS = Runtime.version().feature() >= 24;

    private static final ReentrantLock START_LOCK = new ReentrantLock();
    /** The pollers, started at the first registration; never replaced once set. */
    private static volatile Poller[] pollers; // need START_LOCK to set
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Selector selector;
    /** True while the poller may block in select: an interest added then needs a wakeup. */
    private volatile boolean selecting;
    /** Blocking selects that have returned; see {@link #settle}. */
    private volatile long blockingSelects;
    /** Threads waiting for a cancelled key to leave the selector (see {@link #awaitDeregistered}). */
    private final ConcurrentLinkedQueue<Thread> retiring = new ConcurrentLinkedQueue<>();

    /** Hybrid mode: the platform thread that blocks in select while the virtual one sleeps. */
    private Thread blocker;
    /** Hybrid mode: true while the blocker owns the selector (the polling thread sleeps). */
    private volatile boolean blockerTurn;

    /** The thread that selects (virtual mode) or polls (hybrid mode). */
    private Thread polling;

    private Poller(String kind, int index) throws IOException {
        selector = Selector.open();
        String name = "loomsocket-poller-" + index;
        switch (kind) {
            case "virtual" -> polling = Thread.ofVirtual().name(name).start(this::runVirtual);
            default -> {
                blocker = Thread.ofPlatform().name(name + "-blocker").daemon(true)
                        .unstarted(this::runBlocker);
                polling = Thread.ofVirtual().name(name).unstarted(this::runPolling);
                blocker.start();
                polling.start();
            }
        }
    }

    /** A poller over {@code selector} that no thread of its own selects (visible for testing). */
    Poller(Selector selector) {
        this.selector = selector;
    }

    /** Hybrid: polls without blocking while there is work, hands over to the blocker when idle. */
    private void runPolling() {
        while (true) {
            try {
                Thread.interrupted();
                int ready = selector.selectNow(this::dispatch);
                releaseRetiring();
                if (ready > 0) {
                    Thread.yield();
                    continue;
                }
                blockerTurn = true;
                LockSupport.unpark(blocker);
                while (blockerTurn) {
                    LockSupport.park(this);
                }
            } catch (IOException | RuntimeException e) {
                backOff();
            }
        }
    }

    /** Hybrid: blocks in select while the polling thread sleeps, then wakes it. */
    private void runBlocker() {
        while (true) {
            try {
                Thread.interrupted();
                while (!blockerTurn) {
                    LockSupport.park(this);
                    Thread.interrupted();
                }
                selectBlocking();
            } catch (IOException | RuntimeException e) {
                backOff();
            } finally {
                if (blockerTurn) {
                    blockerTurn = false;
                    LockSupport.unpark(polling);
                }
            }
        }
    }

    /**
     * Starts the pollers now if they are not running (the tests count descriptors after this).
     *
     * @throws IOException when a selector cannot be opened
     */
    public static void start() throws IOException {
        pollers();
    }

    /** The pollers' threads, started if needed (visible for testing). */
    static List<Thread> threads() throws IOException {
        List<Thread> threads = new ArrayList<>();
        for (Poller poller : pollers()) {
            threads.add(poller.polling);
            if (poller.blocker != null) {
                threads.add(poller.blocker);
            }
        }
        return threads;
    }

    /** The poller for a channel being registered now: the pollers take channels in turn. */
    static Poller next() throws IOException {
        Poller[] all = pollers();
        return all[Math.floorMod(NEXT.getAndIncrement(), all.length)];
    }

    private static Poller[] pollers() throws IOException {
        Poller[] all = pollers;
        if (all != null) {
            return all;
        }
        START_LOCK.lock(); // not class initialisation: a virtual thread waits here unpinned
        try {
            all = pollers;
            if (all == null) {
                String kind = kind();
                all = new Poller[Math.max(1, Integer.getInteger("io.loomsocket.pollers", 1))];
                for (int i = 0; i < all.length; i++) {
                    all[i] = new Poller(kind, i);
                }
                pollers = all;
            }
            return all;
        } finally {
            START_LOCK.unlock();
        }
    }

    private static String kind() {
        String choice = System.getProperty("io.loomsocket.poller", "auto")
                .trim().toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "virtual", "hybrid" -> choice;
            case "auto" -> SELECT_PARKS_VIRTUAL_THREADS ? "virtual" : "hybrid";
            default -> throw new IllegalArgumentException("io.loomsocket.poller must be auto,"
                    + " virtual or hybrid, not \"" + choice + "\"");
        };
    }

    /**
     * Registers {@code channel} with no interest yet; the caller attaches the {@link
     * Registration} that receives its readiness before it adds any interest.
     */
    SelectionKey register(SelectableChannel channel) throws ClosedChannelException {
        return channel.register(selector, 0);
    }

    /**
     * A waiter added interest to a key of this poller: if the poller may be blocked in select,
     * wake it so that the next select includes the interest. (The interest is queued before
     * {@link #selecting} is read, and the poller sets it before select reads the queue.)
     */
    @Override
    public void interestAdded() {
        if (selecting) {
            selector.wakeup();
        }
    }

    /**
     * How many times a virtual thread that waits for a channel to leave the selector yields,
     * once the poller is woken, before it parks with a bound. A timed park of a virtual thread
     * goes through the carrier pool's delay scheduler, whose platform thread is woken to take
     * the deadline and again to drop it: about 9 futex calls per connection in a loop of
     * connect, one byte each way and close on both ends, against 0.1 for the JDK's sockets. A
     * virtual poller, woken, usually lets the channel go within these few turns; the yields are
     * bounded, and the bounded park follows when it has not.
     */
    private static final int YIELDS_BEFORE_PARK = 8;

    /**
     * Waits (a second at most) until {@code channel}, whose key was cancelled, has left this
     * poller's selector: a channel still registered when it is closed has its close deferred by
     * the JDK, which shuts its output down instead (a FIN where close(2) would send a RST for
     * unread data) and keeps the descriptor open until the next select. An interrupt of the
     * waiting thread neither shortens the wait nor makes it spin; its flag stays set.
     */
    void awaitDeregistered(SelectableChannel channel) {
        if (!channel.isRegistered()) {
            return;
        }
        if (Thread.currentThread().isVirtual()) {
            // Every select takes the cancelled keys out before it polls: only one that may be
            // blocked already needs a wakeup (the key was cancelled before selecting is read,
            // and the poller sets it before its select reads the cancelled keys).
            if (selecting) {
                selector.wakeup();
            }
            for (int turn = 0; turn < YIELDS_BEFORE_PARK; turn++) {
                Thread.yield();
                if (!channel.isRegistered()) {
                    return;
                }
            }
        }
        boolean interrupted = Thread.interrupted();
        try {
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (channel.isRegistered()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                retiring.add(Thread.currentThread());
                selector.wakeup();
                LockSupport.parkNanos(this, Math.min(left, 50_000_000L));
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Under load: polls without blocking and yields between polls; blocks only when idle. */
    private void runVirtual() {
        while (true) {
            try {
                Thread.interrupted(); // an interrupt must not turn the blocking select into a spin
                int ready = selector.selectNow(this::dispatch);
                releaseRetiring();
                if (ready > 0) {
                    Thread.yield();
                    continue;
                }
                selectBlocking();
            } catch (IOException | RuntimeException e) {
                backOff();
            }
        }
    }

    private void selectBlocking() throws IOException {
        selecting = true;
        try {
            selector.select(this::dispatch);
        } finally {
            selecting = false;
            blockingSelects++; // the poller thread alone writes it
        }
        releaseRetiring();
    }

    /**
     * Starts the JDK's own pollers now (initialises {@code sun.nio.ch.Poller}) when the
     * library's pollers are virtual threads, whose first blocking select would otherwise start
     * them: the JDK's sub-pollers, virtual threads too, then link the code of their loop at the
     * very moment the library's poller links the code behind that select, and one of the two
     * waits for the other pinned (0.3 ms, once, in a soak's server). Called first in the first
     * use, they have the rest of it to link and park before the library's poller selects.
     */
    public static void startJdkPollers() {
        try {
            if (kind().equals("virtual")) {
                Class.forName("sun.nio.ch.Poller", true, null);
            }
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            // Another JDK's layout, or a bad poller property (the first wait reports it): the
            // JDK's pollers start as they would have.
        }
    }

    /**
     * Starts the pollers and lets each virtual one park in a blocking select once, then wakes
     * it (200 ms at most). The JDK links the code behind a virtual thread's first blocking
     * select on first use; done here, while the first use of the library runs nothing else,
     * no other thread links code at the same moment, which could make the poller wait for it
     * pinned.
     *
     * @throws IOException when a selector cannot be opened
     */
    public static void settle() throws IOException {
        for (Poller poller : pollers()) {
            if (poller.blocker == null) {
                poller.settleOnce();
            }
        }
    }

    private void settleOnce() {
        long deadline = System.nanoTime() + 200_000_000L;
        while (blockingSelects == 0 && deadline - System.nanoTime() > 0) {
            if (selecting && polling.getState() == Thread.State.WAITING) {
                selector.wakeup();
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /**
     * A failed select must not stop every wait in the process; waiters time out or are woken by
     * close. Back off so that a persistent failure does not spin.
     */
    private static void backOff() {
        LockSupport.parkNanos(1_000_000);
    }

    private void releaseRetiring() {
        Thread waiting;
        while ((waiting = retiring.poll()) != null) {
            LockSupport.unpark(waiting);
        }
    }

    private void dispatch(SelectionKey key) {
        if (key.attachment() instanceof Registration registration) {
            registration.ready();
        }
    }
}
