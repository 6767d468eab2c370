package io.loomsocket.internal.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** What a finished handshake left in the session, read for the API. */
public final class TlsSessionInfo {
    private TlsSessionInfo() {}

    public static List<X509Certificate> peerChain(SSLSession session) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    out.add(x509);
                }
            }
            return out;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    /** "" when verified, else OpenSSL's reason. */
    public static String verification(SSLSession session, boolean handshakeDone) {
        if (!handshakeDone) {
            return "no peer certificate";
        }
        Object outcome = session.getValue(RecordingTrustManager.OUTCOME);
        if (outcome instanceof String text) {
            return text;
        }
        // No check ran: the peer sent no certificate, or the caller's own context checked it.
        return peerChain(session).isEmpty() ? "no peer certificate" : "";
    }

    public static String serverName(SSLEngine engine, SSLSession session) {
        List<SNIServerName> names;
        if (engine.getUseClientMode()) {
            SSLParameters parameters = engine.getSSLParameters();
            names = parameters.getServerNames();
        } else if (session instanceof ExtendedSSLSession extended) {
            names = extended.getRequestedServerNames();
        } else {
            return null;
        }
        if (names == null) {
            return null;
        }
        for (SNIServerName name : names) {
            if (name instanceof SNIHostName host) {
                return host.getAsciiName();
            }
        }
        return null;
    }
}
