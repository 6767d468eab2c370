package io.loomsocket.tls;

import io.loomsocket.Loopback;
import io.loomsocket.Tls;
import io.loomsocket.TlsClient;
import io.loomsocket.TlsConfig;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A loopback pair wrapped in TLS on both ends, handshake done. */
public record TlsPair(TlsClient client, TlsClient server) implements AutoCloseable {
    public static TlsConfig serverConfig() throws IOException {
        TestCerts certs = TestCerts.get();
        return TlsConfig.server(certs.serverCert(), certs.serverKey());
    }

    public static TlsConfig clientConfig() throws IOException {
        return TlsConfig.client().trust(TestCerts.get().ca()).serverName("localhost");
    }

    public static TlsPair open() throws Exception {
        return open(clientConfig(), serverConfig());
    }

    public static TlsPair open(TlsConfig clientConfig, TlsConfig serverConfig) throws Exception {
        Loopback pair = Loopback.open();
        TlsClient client = Tls.wrap(pair.client(), clientConfig);
        TlsClient server = Tls.wrap(pair.peer(), serverConfig);
        client.settimeout(10);
        server.settimeout(10);
        CompletableFuture<Void> serverSide = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try {
                server.dohandshake();
                serverSide.complete(null);
            } catch (Throwable t) {
                serverSide.completeExceptionally(t);
            }
        });
        try {
            client.dohandshake();
            serverSide.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            pair.close();
            throw e;
        }
        client.settimeout(-1);
        server.settimeout(-1);
        return new TlsPair(client, server);
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
