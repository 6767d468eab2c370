package io.loomsocket.internal.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;

/** OpenSSL's words for why a chain was refused (X509_verify_cert_error_string), where known. */
final class VerifyText {
    private VerifyText() {}

    static String of(CertificateException e, X509Certificate[] chain) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("chain too long")) {
            return "certificate chain too long";
        }
        if (lower.contains("expired")) {
            return "certificate has expired";
        }
        if (lower.contains("not yet valid")) {
            return "certificate is not yet valid";
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return "Hostname mismatch";
        }
        if (lower.contains("path building failed") || lower.contains("no trusted certificate")) {
            X509Certificate top = chain[chain.length - 1];
            boolean selfSigned = top.getSubjectX500Principal().equals(top.getIssuerX500Principal());
            if (!selfSigned) {
                return "unable to get local issuer certificate";
            }
            return chain.length == 1 ? "self-signed certificate"
                    : "self-signed certificate in certificate chain";
        }
        return message;
    }
}
