package io.loomsocket.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The table {@code require "mime.core"} returns ({@code mime.c} of LuaSocket 3.1): the
 * incremental filters under LuaSocket's {@code mime} module. Each takes a chunk and the rest
 * the previous call left, and gives back what it could finish and what it must keep; a nil chunk
 * ends the input.
 */
final class MimeCoreLib {
    static final String VERSION = "MIME 1.0.3";
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] EQCRLF = {'=', '\r', '\n'};
    private static final byte[] B64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int[] UNB64 = new int[256];

    static {
        java.util.Arrays.fill(UNB64, 255);
        for (int i = 0; i < 64; i++) {
            UNB64[B64[i]] = i;
        }
        UNB64['='] = 0;
    }

    private MimeCoreLib() {}

    static LuaTable create() {
        LuaTable mime = new LuaTable();
        mime.rawset("dot", Fn.function("dot", MimeCoreLib::dot));
        mime.rawset("b64", Fn.function("b64", MimeCoreLib::b64));
        mime.rawset("eol", Fn.function("eol", MimeCoreLib::eol));
        mime.rawset("qp", Fn.function("qp", MimeCoreLib::qp));
        mime.rawset("qpwrp", Fn.function("qpwrp", args -> wrap(args, true)));
        mime.rawset("unb64", Fn.function("unb64", MimeCoreLib::unb64));
        mime.rawset("unqp", Fn.function("unqp", MimeCoreLib::unqp));
        mime.rawset("wrp", Fn.function("wrp", args -> wrap(args, false)));
        mime.rawset("_VERSION", LuaValue.valueOf(VERSION));
        return mime;
    }

    /** A growing byte string, as C's luaL_Buffer. */
    private static final class Out {
        private byte[] bytes = new byte[64];
        private int length;

        void add(int b) {
            if (length == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, length * 2);
            }
            bytes[length++] = (byte) b;
        }

        void add(byte[] more) {
            for (byte b : more) {
                add(b);
            }
        }

        void add(byte[] more, int from, int count) {
            for (int i = 0; i < count; i++) {
                add(more[from + i]);
            }
        }

        LuaString string() {
            return LuaString.valueOf(bytes, 0, length);
        }
    }

    private static byte[] optBytes(Args args, int index) {
        LuaString string = args.optString(index);
        return string == null ? null : TcpMethods.bytes(string);
    }

    private static Varargs two(LuaValue first, LuaValue second) {
        return LuaValue.varargsOf(first, second);
    }

    // ---- wrp, qpwrp ---------------------------------------------------------------------------

    /** {@code wrp(left, chunk, length)} and {@code qpwrp}: line breaks every length bytes. */
    private static Varargs wrap(Args args, boolean quoted) {
        int left = (int) args.checkNumber(1);
        byte[] input = optBytes(args, 2);
        int length = (int) args.optNumber(3, 76);
        if (input == null) {
            LuaValue end = left < length ? LuaString.valueOf(quoted ? EQCRLF : CRLF) : LuaValue.NIL;
            return two(end, LuaValue.valueOf(length));
        }
        Out out = new Out();
        for (byte b : input) {
            switch (b) {
                case '\r' -> { }
                case '\n' -> {
                    out.add(CRLF);
                    left = length;
                }
                default -> {
                    int room = quoted ? (b == '=' ? 3 : 1) : 0;
                    if (left <= room) {
                        left = length;
                        out.add(quoted ? EQCRLF : CRLF);
                    }
                    out.add(b);
                    left--;
                }
            }
        }
        return two(out.string(), LuaValue.valueOf(left));
    }

    // ---- base64 -------------------------------------------------------------------------------

    private static int b64encode(int c, int[] atom, int size, Out out) {
        atom[size++] = c;
        if (size == 3) {
            int value = (atom[0] << 16) | (atom[1] << 8) | atom[2];
            out.add(B64[(value >> 18) & 0x3f]);
            out.add(B64[(value >> 12) & 0x3f]);
            out.add(B64[(value >> 6) & 0x3f]);
            out.add(B64[value & 0x3f]);
            return 0;
        }
        return size;
    }

    private static void b64pad(int[] atom, int size, Out out) {
        if (size == 1) {
            int value = atom[0] << 4;
            out.add(B64[(value >> 6) & 0x3f]);
            out.add(B64[value & 0x3f]);
            out.add('=');
            out.add('=');
        } else if (size == 2) {
            int value = ((atom[0] << 8) | atom[1]) << 2;
            out.add(B64[(value >> 12) & 0x3f]);
            out.add(B64[(value >> 6) & 0x3f]);
            out.add(B64[value & 0x3f]);
            out.add('=');
        }
    }

    private static Varargs b64(Args args) {
        byte[] first = optBytes(args, 1);
        if (first == null) {
            return two(LuaValue.NIL, LuaValue.NIL);
        }
        int[] atom = new int[3];
        int size = 0;
        Out out = new Out();
        for (byte b : first) {
            size = b64encode(b & 0xff, atom, size, out);
        }
        byte[] second = optBytes(args, 2);
        if (second == null) {
            b64pad(atom, size, out);
            LuaString result = out.string();
            return two(result.length() == 0 ? LuaValue.NIL : result, LuaValue.NIL);
        }
        for (byte b : second) {
            size = b64encode(b & 0xff, atom, size, out);
        }
        return two(out.string(), rest(atom, size));
    }

    private static int b64decode(int c, int[] atom, int size, Out out) {
        if (UNB64[c] > 64) {
            return size;
        }
        atom[size++] = c;
        if (size == 4) {
            int value = (UNB64[atom[0]] << 18) | (UNB64[atom[1]] << 12) | (UNB64[atom[2]] << 6)
                    | UNB64[atom[3]];
            int valid = atom[2] == '=' ? 1 : atom[3] == '=' ? 2 : 3;
            out.add((value >> 16) & 0xff);
            if (valid > 1) {
                out.add((value >> 8) & 0xff);
            }
            if (valid > 2) {
                out.add(value & 0xff);
            }
            return 0;
        }
        return size;
    }

    private static Varargs unb64(Args args) {
        byte[] first = optBytes(args, 1);
        if (first == null) {
            return two(LuaValue.NIL, LuaValue.NIL);
        }
        int[] atom = new int[4];
        int size = 0;
        Out out = new Out();
        for (byte b : first) {
            size = b64decode(b & 0xff, atom, size, out);
        }
        byte[] second = optBytes(args, 2);
        if (second == null) {
            LuaString result = out.string();
            return two(result.length() == 0 ? LuaValue.NIL : result, LuaValue.NIL);
        }
        for (byte b : second) {
            size = b64decode(b & 0xff, atom, size, out);
        }
        return two(out.string(), rest(atom, size));
    }

    private static LuaString rest(int[] atom, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) atom[i];
        }
        return LuaString.valueOf(bytes);
    }

    // ---- quoted-printable ---------------------------------------------------------------------

    private static final int QP_PLAIN = 0;
    private static final int QP_QUOTED = 1;
    private static final int QP_CR = 2;
    private static final int QP_IF_LAST = 3;

    private static int qpClass(int c) {
        if (c == '\r') {
            return QP_CR;
        }
        if (c == '\t' || c == ' ') {
            return QP_IF_LAST;
        }
        if ((c >= 33 && c <= 60) || (c >= 62 && c <= 126)) {
            return QP_PLAIN;
        }
        return QP_QUOTED;
    }

    private static void qpquote(int c, Out out) {
        out.add('=');
        out.add(HEX[c >> 4]);
        out.add(HEX[c & 0x0f]);
    }

    private static int qpencode(int c, int[] atom, int size, byte[] marker, Out out) {
        atom[size++] = c;
        while (size > 0) {
            switch (qpClass(atom[0])) {
                case QP_CR -> {
                    if (size < 2) {
                        return size;
                    }
                    if (atom[1] == '\n') {
                        out.add(marker);
                        return 0;
                    }
                    qpquote(atom[0], out);
                }
                case QP_IF_LAST -> {
                    if (size < 3) {
                        return size;
                    }
                    if (atom[1] == '\r' && atom[2] == '\n') {
                        qpquote(atom[0], out);
                        out.add(marker);
                        return 0;
                    }
                    out.add(atom[0]);
                }
                case QP_QUOTED -> qpquote(atom[0], out);
                default -> out.add(atom[0]);
            }
            atom[0] = atom[1];
            atom[1] = atom[2];
            size--;
        }
        return 0;
    }

    private static void qppad(int[] atom, int size, Out out) {
        for (int i = 0; i < size; i++) {
            if (qpClass(atom[i]) == QP_PLAIN) {
                out.add(atom[i]);
            } else {
                qpquote(atom[i], out);
            }
        }
        if (size > 0) {
            out.add(EQCRLF);
        }
    }

    private static Varargs qp(Args args) {
        byte[] first = optBytes(args, 1);
        byte[] marker = args.isNoneOrNil(3) ? CRLF : TcpMethods.bytes(args.checkString(3));
        if (first == null) {
            return two(LuaValue.NIL, LuaValue.NIL);
        }
        int[] atom = new int[3];
        int size = 0;
        Out out = new Out();
        for (byte b : first) {
            size = qpencode(b & 0xff, atom, size, marker, out);
        }
        byte[] second = optBytes(args, 2);
        if (second == null) {
            qppad(atom, size, out);
            LuaString result = out.string();
            return two(result.length() == 0 ? LuaValue.NIL : result, LuaValue.NIL);
        }
        for (byte b : second) {
            size = qpencode(b & 0xff, atom, size, marker, out);
        }
        return two(out.string(), rest(atom, size));
    }

    private static int unhex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return 255;
    }

    private static int qpdecode(int c, int[] atom, int size, Out out) {
        atom[size++] = c;
        switch (atom[0]) {
            case '=' -> {
                if (size < 3) {
                    return size;
                }
                if (atom[1] == '\r' && atom[2] == '\n') {
                    return 0;
                }
                int high = unhex(atom[1]);
                int low = unhex(atom[2]);
                if (high > 15 || low > 15) {
                    out.add(atom[0]);
                    out.add(atom[1]);
                    out.add(atom[2]);
                } else {
                    out.add((high << 4) + low);
                }
                return 0;
            }
            case '\r' -> {
                if (size < 2) {
                    return size;
                }
                if (atom[1] == '\n') {
                    out.add(atom[0]);
                    out.add(atom[1]);
                }
                return 0;
            }
            default -> {
                if (atom[0] == '\t' || (atom[0] > 31 && atom[0] < 127)) {
                    out.add(atom[0]);
                }
                return 0;
            }
        }
    }

    private static Varargs unqp(Args args) {
        byte[] first = optBytes(args, 1);
        if (first == null) {
            return two(LuaValue.NIL, LuaValue.NIL);
        }
        int[] atom = new int[3];
        int size = 0;
        Out out = new Out();
        for (byte b : first) {
            size = qpdecode(b & 0xff, atom, size, out);
        }
        byte[] second = optBytes(args, 2);
        if (second == null) {
            LuaString result = out.string();
            return two(result.length() == 0 ? LuaValue.NIL : result, LuaValue.NIL);
        }
        for (byte b : second) {
            size = qpdecode(b & 0xff, atom, size, out);
        }
        return two(out.string(), rest(atom, size));
    }

    // ---- eol, dot -----------------------------------------------------------------------------

    private static boolean eolCandidate(int c) {
        return c == '\r' || c == '\n';
    }

    private static Varargs eol(Args args) {
        int context = (int) args.checkInteger(1);
        byte[] input = optBytes(args, 2);
        byte[] marker = args.isNoneOrNil(3) ? CRLF : TcpMethods.bytes(args.checkString(3));
        if (input == null) {
            return two(LuaValue.NIL, LuaValue.valueOf(0));
        }
        Out out = new Out();
        for (byte b : input) {
            int c = b; // C's char is signed on x86: a byte above 127 is negative, never \r or \n
            if (eolCandidate(c)) {
                if (eolCandidate(context)) {
                    if (c == context) {
                        out.add(marker);
                    }
                    context = 0;
                } else {
                    out.add(marker);
                    context = c;
                }
            } else {
                out.add(c);
                context = 0;
            }
        }
        return two(out.string(), LuaValue.valueOf(context));
    }

    private static Varargs dot(Args args) {
        long state = (long) args.checkNumber(1);
        byte[] input = optBytes(args, 2);
        if (input == null) {
            return two(LuaValue.NIL, LuaValue.valueOf(2));
        }
        Out out = new Out();
        for (byte b : input) {
            out.add(b);
            switch (b) {
                case '\r' -> state = 1;
                case '\n' -> state = state == 1 ? 2 : 0;
                case '.' -> {
                    if (state == 2) {
                        out.add('.');
                    }
                    state = 0;
                }
                default -> state = 0;
            }
        }
        return two(out.string(), LuaValue.valueOf((double) state));
    }
}
