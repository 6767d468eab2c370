package io.loomsocket.lua;

import java.lang.ref.Cleaner;
import java.util.concurrent.locks.LockSupport;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.OrphanedThread;
import org.luaj.vm2.Varargs;

/**
 * A Lua coroutine whose body runs on a virtual thread of its own. It is a {@link LuaThread} so
 * that Lua sees a {@code thread} and LuaJ keeps its per-coroutine state ({@code
 * globals.running}, the xpcall handler) in it; LuaJ's own platform thread is never started.
 *
 * <p>Control passes by hand-off: the resumer publishes the arguments, unparks the coroutine's
 * thread and parks until the coroutine publishes a result (a yield, a return or an error);
 * exactly one of the two runs at a time. The hand-off state lives in {@link Handoff}, which the
 * coroutine's thread holds, and not in this object, so that a suspended coroutine Lua has
 * forgotten can be found unreachable and its thread ended.
 */
final class Coroutine extends LuaThread {
    private static final Cleaner FORGOTTEN = Cleaner.create();

    static final int SUSPENDED = LuaThread.STATUS_SUSPENDED;
    static final int RUNNING = LuaThread.STATUS_RUNNING;
    static final int NORMAL = LuaThread.STATUS_NORMAL;
    static final int DEAD = LuaThread.STATUS_DEAD;

    /** What the resumer and the coroutine's thread exchange. */
    static final class Handoff {
        final Globals globals;
        final LuaValue body;
        /** INITIAL, SUSPENDED, RUNNING, NORMAL or DEAD (LuaThread's numbers). */
        volatile int status = LuaThread.STATUS_INITIAL;
        /** The thread of the body, once started. */
        volatile Thread thread;
        /** The thread that resumed the coroutine and waits for its result. */
        volatile Thread resumer;
        /** Arguments of a resume, for the body's start or its yield; null once taken. */
        volatile Varargs in;
        /** The result of a yield, a return or an error; null until there is one. */
        volatile Varargs out;
        /** Set when the coroutine was forgotten while suspended: its thread ends. */
        volatile boolean orphaned;

        Handoff(Globals globals, LuaValue body) {
            this.globals = globals;
            this.body = body;
        }

        /** The coroutine's thread: runs the body and publishes its outcome. */
        void run() {
            Varargs result;
            try {
                Varargs args = takeIn();
                result = LuaValue.varargsOf(LuaValue.TRUE, body.invoke(args).eval());
            } catch (OrphanedThread e) {
                status = DEAD;
                return;
            } catch (LuaError e) {
                LuaValue message = e.getMessageObject();
                result = LuaValue.varargsOf(LuaValue.FALSE, message == null ? LuaValue.NIL : message);
            } catch (RuntimeException | StackOverflowError e) {
                String text = e.getMessage();
                result = LuaValue.varargsOf(LuaValue.FALSE,
                        LuaValue.valueOf(text != null ? text : e.toString()));
            }
            status = DEAD;
            publish(result);
        }

        private Varargs takeIn() {
            Varargs args = in;
            in = null;
            return args;
        }

        private void publish(Varargs result) {
            Thread waiting = resumer;
            out = result;
            LockSupport.unpark(waiting);
        }

        /** The coroutine's thread, in a yield: parks until resumed (or orphaned). */
        Varargs awaitResume() {
            while (in == null) {
                if (orphaned) {
                    throw new OrphanedThread();
                }
                LockSupport.park(this);
            }
            return takeIn();
        }

        /** The resumer: parks until the coroutine publishes. */
        Varargs awaitOut() {
            Varargs result;
            boolean interrupted = false;
            while ((result = out) == null) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            out = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return result;
        }
    }

    private final Handoff handoff;

    Coroutine(Globals globals, LuaValue body) {
        super(globals, body);
        this.handoff = new Handoff(globals, body);
        Handoff forgotten = handoff;
        FORGOTTEN.register(this, () -> {
            forgotten.orphaned = true;
            Thread thread = forgotten.thread;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        });
    }

    @Override
    public String getStatus() {
        return STATUS_NAMES[handoff.status];
    }

    @Override
    public Varargs resume(Varargs args) {
        int status = handoff.status;
        if (status > SUSPENDED) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("cannot resume "
                    + (status == DEAD ? "dead" : "non-suspended") + " coroutine"));
        }
        Globals globals = handoff.globals;
        LuaThread previous = globals.running;
        setStatus(previous, NORMAL);
        globals.running = this;
        handoff.status = RUNNING;
        handoff.resumer = Thread.currentThread();
        handoff.in = args;
        try {
            if (status == LuaThread.STATUS_INITIAL) {
                Thread thread = Thread.ofVirtual().name("lua-coroutine").unstarted(handoff::run);
                handoff.thread = thread;
                thread.start();
            } else {
                LockSupport.unpark(handoff.thread);
            }
            return handoff.awaitOut();
        } finally {
            globals.running = previous;
            setStatus(previous, RUNNING);
        }
    }

    /** Resume for {@code coroutine.wrap}: the results, or the coroutine's error raised again. */
    Varargs resumeOrRaise(Varargs args) {
        Varargs result = resume(args);
        if (result.arg1().toboolean()) {
            return result.subargs(2);
        }
        LuaValue error = result.arg(2);
        throw error.isstring() ? new LuaError(error.tojstring()) : new LuaError(error);
    }

    /** Called on this coroutine's own thread: hands {@code results} to the resumer and waits. */
    Varargs yield(Varargs results) {
        handoff.status = SUSPENDED;
        handoff.publish(LuaValue.varargsOf(LuaValue.TRUE, results));
        return handoff.awaitResume();
    }

    private static void setStatus(LuaThread thread, int status) {
        if (thread instanceof Coroutine coroutine) {
            coroutine.handoff.status = status;
        } else if (thread != null) {
            thread.state.status = status;
        }
    }
}
