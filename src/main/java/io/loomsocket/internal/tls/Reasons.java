package io.loomsocket.internal.tls;

import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * JSSE's failures in LuaSec's words: where a JSSE cause matches one OpenSSL reason, that
 * reason's text (what LuaSec returns, {@code ERR_reason_error_string}); JSSE's own message
 * otherwise. ARCHITECTURE.md and docs/luasec-to-loomsocket.md list the table.
 */
public final class Reasons {
    /** JSSE's alert names (as in "Received fatal alert: NAME") and OpenSSL's reason texts. */
    static final Map<String, String> ALERTS = Map.ofEntries(
            Map.entry("unexpected_message", "sslv3 alert unexpected message"),
            Map.entry("bad_record_mac", "sslv3 alert bad record mac"),
            Map.entry("record_overflow", "tlsv1 alert record overflow"),
            Map.entry("handshake_failure", "sslv3 alert handshake failure"),
            Map.entry("bad_certificate", "sslv3 alert bad certificate"),
            Map.entry("unsupported_certificate", "sslv3 alert unsupported certificate"),
            Map.entry("certificate_revoked", "sslv3 alert certificate revoked"),
            Map.entry("certificate_expired", "sslv3 alert certificate expired"),
            Map.entry("certificate_unknown", "sslv3 alert certificate unknown"),
            Map.entry("illegal_parameter", "sslv3 alert illegal parameter"),
            Map.entry("unknown_ca", "tlsv1 alert unknown ca"),
            Map.entry("access_denied", "tlsv1 alert access denied"),
            Map.entry("decode_error", "tlsv1 alert decode error"),
            Map.entry("decrypt_error", "tlsv1 alert decrypt error"),
            Map.entry("protocol_version", "tlsv1 alert protocol version"),
            Map.entry("insufficient_security", "tlsv1 alert insufficient security"),
            Map.entry("internal_error", "tlsv1 alert internal error"),
            Map.entry("user_canceled", "tlsv1 alert user cancelled"),
            Map.entry("no_renegotiation", "no renegotiation"),
            Map.entry("unrecognized_name", "tlsv1 unrecognized name"),
            Map.entry("no_application_protocol", "tlsv1 alert no application protocol"),
            Map.entry("certificate_required", "tlsv13 alert certificate required"),
            Map.entry("missing_extension", "tlsv13 alert missing extension"));

    /** Phrases of JSSE's own messages, and OpenSSL's reason for the same cause. */
    static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("unsupported or unrecognized ssl message", "wrong version number"),
            Map.entry("unrecognized ssl message", "wrong version number"),
            Map.entry("no cipher suites in common", "no shared cipher"),
            Map.entry("no appropriate cipher suite", "no shared cipher"),
            Map.entry("empty client certificate chain", "peer did not return a certificate"),
            Map.entry("are not accepted by server preferences", "unsupported protocol"),
            Map.entry("no appropriate protocol", "no protocols available"),
            Map.entry("input record too big", "packet length too long"),
            Map.entry("tag mismatch", "decryption failed or bad record mac"),
            Map.entry("bad record mac", "decryption failed or bad record mac"),
            Map.entry("remote host terminated the handshake", "unexpected eof while reading"),
            Map.entry("received close_notify during handshake", "unexpected eof while reading"));

    private Reasons() {}

    /** The text of a JSSE failure, as LuaSec would give it for the same cause. */
    public static String text(SSLException e) {
        if (certificateRejected(e)) {
            return "certificate verify failed";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                lower = lower + " / " + cause.getMessage().toLowerCase(Locale.ROOT);
            }
        }
        int alert = lower.indexOf("received fatal alert: ");
        if (alert >= 0) {
            String name = lower.substring(alert + "received fatal alert: ".length()).split("[ /]")[0];
            String reason = ALERTS.get(name);
            if (reason != null) {
                return reason;
            }
        }
        for (Map.Entry<String, String> phrase : MESSAGES.entrySet()) {
            if (lower.contains(phrase.getKey())) {
                return phrase.getValue();
            }
        }
        return message.isEmpty() ? e.getClass().getSimpleName() : message;
    }

    /** Whether this side refused the peer's certificate (chain, host name, depth). */
    private static boolean certificateRejected(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A socket failure as LuaSec reports it: its errors go through LuaSocket's {@code
     * socket_strerror}, which has no word of its own for EPIPE, so a write to a peer that has
     * gone is "Broken pipe" where LuaSocket's send says "closed".
     */
    static IoFailure asLuaSec(IoFailure failure) {
        if ("Broken pipe".equals(failure.systemText())) {
            return new IoFailure(failure.kind(), "Broken pipe");
        }
        return failure;
    }

    static IoFailure failure(SSLException e) {
        return new IoFailure(TcpException.Kind.OTHER, text(e));
    }

    /** The end of the stream in the middle of the handshake or of the data, no close_notify. */
    static IoFailure unexpectedEof() {
        return new IoFailure(TcpException.Kind.CLOSED, "unexpected eof while reading");
    }

    /** The end of the stream without the peer's close_notify, outside the handshake. */
    static IoFailure endWithoutCloseNotify() {
        return unexpectedEof();
    }
}
