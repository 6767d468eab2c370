package io.loomsocket.internal.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks the peer's chain with the JDK's PKIX trust manager (and, when the engine asks for it,
 * the host name), keeps the outcome in the handshake session for {@code getpeerverification},
 * and refuses the peer only when verification is on: LuaSec's {@code verify = "none"} still
 * computes OpenSSL's verify result, it only does not act on it.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {
    /** The session value that holds the outcome: null when verified, else the reason. */
    static final String OUTCOME = "io.loomsocket.verification";
    static final String VERIFIED = "";

    private final X509ExtendedTrustManager pkix;
    private final boolean enforce;
    /** OpenSSL's verify depth: how many certificates may stand above the peer's; -1: any. */
    private final int depth;

    RecordingTrustManager(X509ExtendedTrustManager pkix, boolean enforce, int depth) {
        this.pkix = pkix;
        this.enforce = enforce;
        this.depth = depth;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine, () -> pkix.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine, () -> pkix.checkClientTrusted(chain, authType, engine));
    }

    private interface Check {
        void run() throws CertificateException;
    }

    private void check(X509Certificate[] chain, SSLEngine engine, Check check)
            throws CertificateException {
        String outcome = VERIFIED;
        CertificateException refused = null;
        try {
            if (depth >= 0 && chain.length - 1 > depth) {
                throw new CertificateException("certificate chain too long");
            }
            try {
                check.run();
            } catch (RuntimeException e) {
                // JSSE's PKIX check with no anchor at all (LuaSec trusting nothing) throws so
                throw new CertificateException("no trusted certificate: " + e.getMessage(), e);
            }
        } catch (CertificateException e) {
            refused = e;
            outcome = VerifyText.of(e, chain);
        }
        SSLSession session = engine.getHandshakeSession();
        if (session != null) {
            session.putValue(OUTCOME, outcome);
        }
        if (refused != null && enforce) {
            throw withAlertCause(refused, outcome);
        }
    }

    /**
     * JSSE picks the alert it sends from the cause of the refusal; a chain that reaches no
     * trusted certificate is OpenSSL's unknown_ca, so it is given the cause that says so.
     */
    private static CertificateException withAlertCause(CertificateException refused,
            String outcome) {
        if (!outcome.startsWith("self-signed") && !outcome.startsWith("unable to get local")) {
            return refused;
        }
        CertificateException wrapped = new CertificateException(refused.getMessage(),
                new java.security.cert.CertPathValidatorException(outcome, refused, null, -1,
                        java.security.cert.PKIXReason.NO_TRUST_ANCHOR));
        return wrapped;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
