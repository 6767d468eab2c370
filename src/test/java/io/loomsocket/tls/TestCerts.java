package io.loomsocket.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keys and certificates made with OpenSSL when the tests first ask for them, in a temporary
 * directory removed when the JVM exits: no key is ever committed. One CA (ECDSA P-256) signs a
 * server certificate for localhost and 127.0.0.1 in ECDSA and in RSA, and a client
 * certificate; a second CA that nobody trusts signs a stranger's certificate.
 */
public final class TestCerts {
    private static volatile TestCerts made;

    public final Path dir;

    private TestCerts(Path dir) {
        this.dir = dir;
    }

    /** The CA's certificate. */
    public Path ca() { return dir.resolve("ca.pem"); }
    /** The ECDSA server certificate (localhost, 127.0.0.1, ::1) and its PKCS#8 key. */
    public Path serverCert() { return dir.resolve("server-ec.pem"); }
    public Path serverKey() { return dir.resolve("server-ec.key"); }
    /** The RSA server certificate and its key in PKCS#8, PKCS#1 and encrypted PKCS#8. */
    public Path rsaCert() { return dir.resolve("server-rsa.pem"); }
    public Path rsaKey() { return dir.resolve("server-rsa.key"); }
    public Path rsaKeyPkcs1() { return dir.resolve("server-rsa-pkcs1.key"); }
    public Path rsaKeyEncrypted() { return dir.resolve("server-rsa-enc.key"); }
    /** The ECDSA key in SEC 1 (EC PRIVATE KEY). */
    public Path serverKeySec1() { return dir.resolve("server-ec-sec1.key"); }
    /** A certificate for the name other.test only (SNI, host-name checks). */
    public Path otherCert() { return dir.resolve("other.pem"); }
    public Path otherKey() { return dir.resolve("other.key"); }
    /** A client certificate signed by the CA, and one by an untrusted CA. */
    public Path clientCert() { return dir.resolve("client.pem"); }
    public Path clientKey() { return dir.resolve("client.key"); }
    public Path strangerCert() { return dir.resolve("stranger.pem"); }
    public Path strangerKey() { return dir.resolve("stranger.key"); }
    /** A self-signed server certificate (no CA). */
    public Path selfSignedCert() { return dir.resolve("self.pem"); }
    public Path selfSignedKey() { return dir.resolve("self.key"); }
    public static final String PASSWORD = "test-password";

    public static TestCerts get() {
        TestCerts ready = made;
        if (ready != null) {
            return ready;
        }
        synchronizedMake();
        return made;
    }

    private static final java.util.concurrent.locks.ReentrantLock LOCK =
            new java.util.concurrent.locks.ReentrantLock();

    private static void synchronizedMake() {
        LOCK.lock();
        try {
            if (made == null) {
                Path dir = Files.createTempDirectory("loomsocket-tls-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                make(dir);
                made = new TestCerts(dir);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot make test certificates with openssl", e);
        } finally {
            LOCK.unlock();
        }
    }

    private static void make(Path dir) throws IOException, InterruptedException {
        String ec = "ec -pkeyopt ec_paramgen_curve:P-256";
        openssl(dir, "req -x509 -newkey " + ec + " -nodes -keyout ca.key -out ca.pem -days 3"
                + " -subj /CN=loomsocket-test-ca");
        openssl(dir, "req -x509 -newkey " + ec + " -nodes -keyout stranger-ca.key"
                + " -out stranger-ca.pem -days 3 -subj /CN=stranger-ca");
        Files.writeString(dir.resolve("server.ext"),
                "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n");
        Files.writeString(dir.resolve("other.ext"), "subjectAltName=DNS:other.test\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        leaf(dir, "server-ec", "-newkey " + ec, "localhost", "ca", "server.ext");
        leaf(dir, "server-rsa", "-newkey rsa:2048", "localhost", "ca", "server.ext");
        leaf(dir, "other", "-newkey " + ec, "other.test", "ca", "other.ext");
        leaf(dir, "client", "-newkey " + ec, "test-client", "ca", "client.ext");
        leaf(dir, "stranger", "-newkey " + ec, "stranger", "stranger-ca", "client.ext");
        openssl(dir, "req -x509 -newkey " + ec + " -nodes -keyout self.key -out self.pem -days 3"
                + " -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1");
        openssl(dir, "pkey -in server-rsa.key -traditional -out server-rsa-pkcs1.key");
        openssl(dir, "pkey -in server-ec.key -traditional -out server-ec-sec1.key");
        openssl(dir, "pkcs8 -topk8 -v2 aes-256-cbc -in server-rsa.key -out server-rsa-enc.key"
                + " -passout pass:" + PASSWORD);
    }

    private static void leaf(Path dir, String name, String newKey, String cn, String ca,
            String ext) throws IOException, InterruptedException {
        openssl(dir, "req " + newKey + " -nodes -keyout " + name + ".key -out " + name + ".csr"
                + " -subj /CN=" + cn);
        openssl(dir, "x509 -req -in " + name + ".csr -CA " + ca + ".pem -CAkey " + ca + ".key"
                + " -CAcreateserial -out " + name + ".pem -days 3 -extfile " + ext);
    }

    static void openssl(Path dir, String args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args.split(" ")));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + args + " failed: " + output);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
