package io.loomsocket.internal.tls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * LuaSec's parameter table ({@code ssl.newcontext} / {@code ssl.wrap}) read into settings that
 * mean what they mean in LuaSec: no verification unless {@code verify} asks for it, never a
 * host-name check (LuaSec 1.2 makes none), the protocol exactly as named.
 */
public final class LuaSecParams {
    /** The keys LuaSec 1.2 reads; others are refused by name rather than ignored. */
    static final Set<String> KEYS = Set.of("mode", "protocol", "key", "certificate", "password",
            "cafile", "capath", "verify", "options", "ciphers", "ciphersuites", "depth", "alpn",
            "curve", "curveslist", "dhparam", "verifyext", "dane", "certificates");

    /** LuaSec keys with no JSSE counterpart: refused by name rather than ignored. */
    static final Map<String, String> UNSUPPORTED = Map.of(
            "verifyext", "LuaSec's verify extensions (lsec_continue, crl_check, ...) have no JSSE"
                    + " counterpart",
            "dane", "JSSE has no DANE",
            "certificates", "several identities in one context: give key and certificate, and"
                    + " other names' identities with TlsConfig.serverNames");

    /** OpenSSL's curve names and JSSE's named groups. */
    static final Map<String, String> CURVES = Map.of(
            "prime256v1", "secp256r1", "P-256", "secp256r1", "secp256r1", "secp256r1",
            "secp384r1", "secp384r1", "P-384", "secp384r1", "secp521r1", "secp521r1",
            "P-521", "secp521r1", "X25519", "x25519", "X448", "x448");

    /** OpenSSL's names of TLS 1.2 cipher suites and the standard (IANA) names JSSE uses. */
    static final Map<String, String> CIPHERS = Map.ofEntries(
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"));

    /** The TLS 1.3 suites JSSE has, which are also the names OpenSSL uses. */
    static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    /** The TLS 1.3 suites JSSE enables by default, in its order. */
    private static final List<String> DEFAULT_TLS13 =
            List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256");

    private LuaSecParams() {}

    /** Reads LuaSec's table; {@code passwordOf} turns a {@code password} value into chars. */
    public static TlsSettings read(Map<String, ?> params, Function<Object, char[]> passwordOf)
            throws IOException {
        for (String name : params.keySet()) {
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("unknown LuaSec parameter '" + name
                        + "'; LuaSec 1.2 reads " + new java.util.TreeSet<>(KEYS));
            }
        }
        for (String name : params.keySet()) {
            if (UNSUPPORTED.containsKey(name) && params.get(name) != null) {
                throw new IllegalArgumentException("LuaSec parameter '" + name
                        + "' is not supported: " + UNSUPPORTED.get(name));
            }
        }
        TlsSettings s = new TlsSettings();
        Object mode = params.get("mode");
        if ("client".equals(mode)) {
            s.client = true;
        } else if (!"server".equals(mode)) {
            throw new IllegalArgumentException("invalid mode: " + mode
                    + " (LuaSec's are \"client\" and \"server\")");
        }
        s.verifyPeer = false; // LuaSec: no verification unless asked for
        s.verifyHostname = false; // LuaSec 1.2 makes no host-name check at all
        s.protocols = protocols(params.get("protocol"));
        char[] password = params.containsKey("password")
                ? passwordOf.apply(params.get("password")) : null;
        if (params.get("key") != null || params.get("certificate") != null) {
            if (params.get("key") == null || params.get("certificate") == null) {
                throw new IllegalArgumentException("key and certificate go together: got key="
                        + params.get("key") + ", certificate=" + params.get("certificate"));
            }
            s.key = Pem.privateKey(Path.of(text(params, "key")), password);
            s.chain = Pem.certificates(Path.of(text(params, "certificate")));
        }
        List<X509Certificate> trusted = new ArrayList<>();
        if (params.get("cafile") != null) {
            trusted.addAll(Pem.certificates(Path.of(text(params, "cafile"))));
        }
        if (params.get("capath") != null) {
            trusted.addAll(directory(Path.of(text(params, "capath"))));
        }
        s.trusted = trusted; // LuaSec trusts only what it is given, never a default store
        for (String flag : words(params.get("verify"), "verify")) {
            switch (flag) {
                case "none" -> s.verifyPeer = false;
                case "peer" -> s.verifyPeer = true;
                case "fail_if_no_peer_cert" -> s.requirePeerCertificate = true;
                case "client_once" -> { } // JSSE asks once per handshake anyway
                default -> throw new IllegalArgumentException("invalid verify option (" + flag + ")");
            }
        }
        if (!s.verifyPeer) {
            s.requirePeerCertificate = false; // OpenSSL ignores it without "peer"
        }
        for (String option : words(params.get("options"), "options")) {
            applyOption(s, option);
        }
        List<String> suites = new ArrayList<>();
        if (params.get("ciphers") != null) {
            suites.addAll(tls12Ciphers(text(params, "ciphers")));
        }
        if (params.get("ciphersuites") != null) {
            suites.addAll(tls13Suites(text(params, "ciphersuites")));
        } else if (params.get("ciphers") != null) {
            suites.addAll(DEFAULT_TLS13);
        }
        if (params.get("ciphersuites") != null && params.get("ciphers") == null) {
            suites.addAll(jsseDefaultsBefore13());
        }
        if (!suites.isEmpty()) {
            s.cipherSuites = suites.toArray(new String[0]);
        }
        if (params.get("depth") != null) {
            s.depth = ((Number) params.get("depth")).intValue();
        }
        Object curves = params.get("curveslist") != null ? params.get("curveslist")
                : params.get("curve");
        if (curves != null) {
            List<String> groups = new ArrayList<>();
            for (String curve : String.valueOf(curves).split(":")) {
                String group = CURVES.get(curve);
                if (group == null) {
                    throw new IllegalArgumentException("unknown curve '" + curve + "'; JSSE has "
                            + new java.util.TreeSet<>(CURVES.keySet()));
                }
                groups.add(group);
            }
            s.namedGroups = groups.toArray(new String[0]);
        }
        // dhparam: JSSE negotiates the finite-field groups of RFC 7919 itself; taken, no effect.
        Object alpn = params.get("alpn");
        if (alpn instanceof Function<?, ?> selector) {
            @SuppressWarnings("unchecked")
            Function<List<String>, String> typed = (Function<List<String>, String>) selector;
            s.alpnSelector = typed;
        } else if (alpn != null) {
            s.alpn = words(alpn, "alpn");
        }
        return s;
    }

    /** LuaSec's protocol names: each means exactly that version, "any" all JSSE has on. */
    static String[] protocols(Object protocol) {
        String name = protocol == null ? "any" : String.valueOf(protocol);
        return switch (name) {
            case "any", "sslv23" -> new String[] {"TLSv1.3", "TLSv1.2"};
            case "tlsv1_3" -> new String[] {"TLSv1.3"};
            case "tlsv1_2" -> new String[] {"TLSv1.2"};
            case "tlsv1_1" -> new String[] {"TLSv1.1"};
            case "tlsv1" -> new String[] {"TLSv1"};
            default -> throw new IllegalArgumentException("invalid protocol (" + name + ")");
        };
    }

    private static void applyOption(TlsSettings s, String option) {
        switch (option) {
            case "no_tlsv1_3" -> s.protocols = without(s.protocols, "TLSv1.3");
            case "no_tlsv1_2" -> s.protocols = without(s.protocols, "TLSv1.2");
            case "no_tlsv1_1" -> s.protocols = without(s.protocols, "TLSv1.1");
            case "no_tlsv1" -> s.protocols = without(s.protocols, "TLSv1");
            case "cipher_server_preference" -> s.serverCipherOrder = true;
            // Workarounds and tunings whose JSSE counterpart is JSSE's own behaviour:
            case "all", "no_sslv2", "no_sslv3", "no_compression", "single_ecdh_use",
                    "single_dh_use", "no_ticket", "no_renegotiation", "no_session_resumption_on_renegotiation",
                    "ignore_unexpected_eof" -> { }
            default -> throw new IllegalArgumentException("invalid option (" + option + ")");
        }
    }

    private static String[] without(String[] protocols, String version) {
        return java.util.Arrays.stream(protocols).filter(p -> !p.equals(version))
                .toArray(String[]::new);
    }

    /** OpenSSL's cipher list for TLS 1.2: names mapped, keywords such as HIGH keep JSSE's. */
    static List<String> tls12Ciphers(String list) {
        Set<String> out = new LinkedHashSet<>();
        boolean keyword = false;
        for (String entry : list.split("[:, ]+")) {
            if (entry.isEmpty() || entry.startsWith("!") || entry.startsWith("-")
                    || entry.startsWith("+") || entry.startsWith("@")) {
                continue;
            }
            String standard = entry.startsWith("TLS_") ? entry : CIPHERS.get(entry);
            if (standard != null) {
                out.add(standard);
            } else if (entry.equals(entry.toUpperCase(Locale.ROOT)) && !entry.contains("-")) {
                keyword = true; // HIGH, DEFAULT, ALL, ECDHE, ...: JSSE's defaults
            } else {
                throw new IllegalArgumentException("unknown cipher '" + entry
                        + "' (give OpenSSL's name of a suite JSSE has, or its standard name)");
            }
        }
        if (out.isEmpty() && keyword) {
            return jsseDefaultsBefore13();
        }
        return new ArrayList<>(out);
    }

    /** JSSE's default suites for TLS 1.2 and before. */
    private static List<String> jsseDefaultsBefore13() {
        try {
            List<String> out = new ArrayList<>();
            for (String suite : javax.net.ssl.SSLContext.getDefault().getDefaultSSLParameters()
                    .getCipherSuites()) {
                if (!TLS13_SUITES.contains(suite)) {
                    out.add(suite);
                }
            }
            return out;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    static List<String> tls13Suites(String list) {
        List<String> out = new ArrayList<>();
        for (String entry : list.split("[:, ]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            if (!TLS13_SUITES.contains(entry)) {
                throw new IllegalArgumentException("unknown TLS 1.3 cipher suite '" + entry
                        + "'; JSSE has " + TLS13_SUITES);
            }
            out.add(entry);
        }
        return out;
    }

    /** A string, or a list of strings (a Lua array), as LuaSec takes both. */
    static List<String> words(Object value, String name) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof Collection<?> items) {
            List<String> out = new ArrayList<>();
            for (Object item : items) {
                out.add(String.valueOf(item));
            }
            return out;
        }
        if (value instanceof String[] items) {
            return List.of(items);
        }
        throw new IllegalArgumentException(name + ": a string or a list of strings expected, got "
                + value);
    }

    private static String text(Map<String, ?> params, String name) {
        Object value = params.get(name);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(name + ": a file name expected, got " + value);
        }
        return text;
    }

    /** Every certificate of the PEM files in a directory (OpenSSL's capath). */
    static List<X509Certificate> directory(Path dir) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    try {
                        out.addAll(Pem.certificates(file));
                    } catch (IOException notACertificate) {
                        // OpenSSL's capath skips what is not a certificate too
                    }
                }
            }
        }
        return out;
    }
}
