package io.loomsocket.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server's certificate chosen by the name the client asked for (SNI), as LuaSec's {@code
 * sni} method chooses a context: each name has a key manager of its own, and a name with none
 * (or no name) gets the default one. Aliases carry the name they belong to, so that the engine's
 * later calls for the key and chain reach the same key manager.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private static final char SEPARATOR = '\u0000';

    private final X509ExtendedKeyManager fallback;
    private final Map<String, X509ExtendedKeyManager> byName;

    SniKeyManager(X509ExtendedKeyManager fallback, Map<String, X509ExtendedKeyManager> byName) {
        this.fallback = fallback;
        this.byName = byName;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String name = requestedName(engine);
        X509ExtendedKeyManager chosen = name == null ? null : byName.get(name);
        if (chosen == null) {
            chosen = fallback;
            name = "";
        }
        if (chosen == null) {
            return null;
        }
        String alias = chosen.chooseEngineServerAlias(keyType, issuers, engine);
        return alias == null ? null : name + SEPARATOR + alias;
    }

    static String requestedName(SSLEngine engine) {
        SSLSession session = engine.getHandshakeSession();
        if (!(session instanceof ExtendedSSLSession extended)) {
            return null;
        }
        List<SNIServerName> names = extended.getRequestedServerNames();
        for (SNIServerName name : names) {
            if (name instanceof SNIHostName host) {
                return host.getAsciiName().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private X509ExtendedKeyManager managerOf(String alias) {
        int cut = alias == null ? -1 : alias.indexOf(SEPARATOR);
        if (cut < 0) {
            return fallback;
        }
        String name = alias.substring(0, cut);
        return name.isEmpty() ? fallback : byName.get(name);
    }

    private static String inner(String alias) {
        int cut = alias == null ? -1 : alias.indexOf(SEPARATOR);
        return cut < 0 ? alias : alias.substring(cut + 1);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        X509ExtendedKeyManager manager = managerOf(alias);
        return manager == null ? null : manager.getCertificateChain(inner(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        X509ExtendedKeyManager manager = managerOf(alias);
        return manager == null ? null : manager.getPrivateKey(inner(alias));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fallback == null ? null : fallback.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return fallback == null ? null : fallback.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return fallback == null ? null : fallback.chooseEngineClientAlias(keyType, issuers, engine);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return fallback == null ? null : fallback.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fallback == null ? null : fallback.chooseServerAlias(keyType, issuers, socket);
    }
}
