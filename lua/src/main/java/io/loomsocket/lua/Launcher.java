package io.loomsocket.lua;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.CoroutineLib;

/**
 * {@code loomlua [options] [script [args]]}: runs a Lua script as {@code lua5.4} runs one, on
 * LuaJ with LuaSocket's core from loomsocket. The script's main chunk runs on a virtual thread.
 *
 * <ul>
 *   <li>{@code arg} as {@code lua} sets it: {@code arg[0]} the script, {@code arg[1..n]} its
 *       arguments, negative indices the launcher and its options; {@code ...} holds the
 *       arguments too.
 *   <li>Options: {@code -e stat} runs a statement, {@code -l name} requires a module (into the
 *       global of that name), {@code -v} prints the version, {@code -} reads the script from
 *       standard input, {@code --} ends the options.
 *   <li>Exit status: 0 when the script ends, 1 after an error it did not catch (its message on
 *       standard error, after {@code loomlua: }), or what {@code os.exit} says ({@code true} is
 *       0, {@code false} 1).
 *   <li>Standard output is buffered as C's stdio buffers it (by line on a terminal, by block
 *       otherwise) and flushed at exit; {@code io.flush()} flushes it.
 *   <li>{@code LUA_PATH_5_2}, {@code LUA_PATH}, {@code LUA_CPATH_5_2} and {@code LUA_CPATH} as
 *       {@code lua} reads them; LuaSocket's Lua modules are found where Debian or LuaRocks
 *       installed them ({@link LuaSocket#usePath}).
 *   <li>{@code LUASOCKET_DEBUG=1}: LuaSocket's debug build ({@link LuaSocket#install(Globals,
 *       boolean)}).
 *   <li>{@code LOOMLUA_COROUTINES=luaj}: LuaJ's own coroutines (a platform thread each) in place
 *       of {@link VirtualCoroutines}, to compare the two.
 * </ul>
 */
public final class Launcher {
    private static final String NAME = "loomlua";

    private Launcher() {}

    /**
     * Runs the launcher and exits the JVM with the script's status.
     *
     * @param args the launcher's options, the script and the script's arguments
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(
                new FileOutputStream(FileDescriptor.out), 1 << 16), System.console() != null);
        System.setOut(out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.flush();
            System.err.flush();
        }));
        int status = run(args);
        out.flush();
        System.exit(status);
    }

    /** Runs on a virtual thread and returns the exit status. */
    static int run(String[] args) {
        int[] status = {0};
        Thread main = Thread.ofVirtual().name("lua-main").start(() -> status[0] = runHere(args));
        boolean interrupted = false;
        while (true) {
            try {
                main.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return status[0];
    }

    private static int runHere(String[] args) {
        boolean debug = "1".equals(System.getenv("LUASOCKET_DEBUG"));
        Globals globals = LuaSocket.standardGlobals(debug);
        if ("luaj".equals(System.getenv("LOOMLUA_COROUTINES"))) {
            globals.load(new CoroutineLib()); // LuaJ's own, a platform thread each: for comparisons
        }
        globals.STDIN = System.in;
        globals.STDOUT = System.out;
        globals.STDERR = System.err;
        globals.get("os").set("exit", Fn.function("exit", exitArgs -> {
            LuaValue code = exitArgs.get(1);
            int exit = code.isboolean() ? (code.toboolean() ? 0 : 1)
                    : (int) exitArgs.optNumber(1, 0);
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().exit(exit);
            return LuaValue.NONE;
        }));
        int script = findScript(args);
        globals.set("arg", argTable(args, script));
        try {
            for (int i = 0; i < script; i++) {
                switch (args[i]) {
                    case "-e" -> run(globals, globals.load(args[++i], "=(command line)"), LuaValue.NONE);
                    case "-l" -> {
                        String module = args[++i];
                        globals.set(module, globals.get("require").call(LuaValue.valueOf(module)));
                    }
                    case "-v" -> System.out.println(LuaSocketVersion.text());
                    default -> { }
                }
            }
            if (script < args.length) {
                String name = args[script];
                InputStream source = name.equals("-") ? System.in : openScript(name);
                LuaValue chunk = globals.load(source, name.equals("-") ? "=stdin" : name, "bt", globals);
                run(globals, chunk, scriptArgs(args, script));
            } else if (!hasStatements(args)) {
                run(globals, globals.load(System.in, "=stdin", "bt", globals), LuaValue.NONE);
            }
            LuaSocket.awaitThreads(globals);
            return 0;
        } catch (LuaError e) {
            report(e.getMessageObject());
            return 1;
        } catch (NoSuchFileException e) {
            report(LuaValue.valueOf("cannot open " + e.getFile()));
            return 1;
        } catch (IOException e) {
            report(LuaValue.valueOf(e.toString()));
            return 1;
        }
    }

    private static void run(Globals globals, LuaValue chunk, Varargs args) {
        chunk.invoke(args).eval();
    }

    /** The script's text, without a first line that starts with '#' (kept as an empty line). */
    private static InputStream openScript(String name) throws IOException {
        byte[] text = Files.readAllBytes(Path.of(name));
        if (text.length > 0 && text[0] == '#') {
            int end = 0;
            while (end < text.length && text[end] != '\n') {
                text[end++] = ' ';
            }
        }
        return new ByteArrayInputStream(text);
    }

    private static int findScript(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--")) {
                return i + 1;
            }
            if (option.equals("-") || !option.startsWith("-")) {
                return i;
            }
            if (option.equals("-e") || option.equals("-l")) {
                if (++i >= args.length) {
                    usage("'" + option + "' needs argument");
                }
            } else if (!option.equals("-v")) {
                usage("unrecognized option '" + option + "'");
            }
        }
        return args.length;
    }

    private static boolean hasStatements(String[] args) {
        for (String option : args) {
            if (option.equals("-e") || option.equals("-v") || option.equals("-l")) {
                return true;
            }
        }
        return false;
    }

    private static void usage(String problem) {
        System.err.println(NAME + ": " + problem);
        System.err.println("usage: " + NAME + " [-e stat] [-l mod] [-v] [script [args]]");
        System.err.flush();
        Runtime.getRuntime().exit(1);
    }

    private static LuaTable argTable(String[] args, int script) {
        LuaTable arg = new LuaTable();
        arg.set(-script - 1, LuaValue.valueOf(NAME));
        for (int i = 0; i < args.length; i++) {
            arg.set(i - script, LuaValue.valueOf(args[i]));
        }
        return arg;
    }

    private static Varargs scriptArgs(String[] args, int script) {
        List<LuaValue> values = new ArrayList<>();
        for (int i = script + 1; i < args.length; i++) {
            values.add(LuaValue.valueOf(args[i]));
        }
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    /** lua.c's message: the error's text, or what kind of value it was. */
    private static void report(LuaValue error) {
        String text;
        if (error == null || error.isnil()) {
            text = "nil";
        } else if (error.isstring()) {
            text = error.tojstring();
        } else if (!error.metatag(LuaValue.valueOf("__tostring")).isnil()) {
            text = error.tojstring();
        } else {
            text = "(error object is a " + error.typename() + " value)";
        }
        System.out.flush();
        System.err.println(NAME + ": " + text);
        System.err.flush();
    }
}
