package io.loomsocket.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PEM files as OpenSSL writes them, read with the JDK alone: certificates, and private keys in
 * PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}, PBES2 as
 * {@code openssl pkcs8 -topk8} writes it), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC 1 ({@code
 * EC PRIVATE KEY}); the last two are rewrapped as PKCS#8, which is all the JDK's key factories
 * read. OpenSSL's legacy encryption of PKCS#1 and SEC 1 ({@code Proc-Type: 4,ENCRYPTED}) is
 * not read: convert such a key with {@code openssl pkcs8 -topk8}.
 */
public final class Pem {
    /** rsaEncryption, 1.2.840.113549.1.1.1, as DER. */
    private static final byte[] RSA_OID = {
        0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1, as DER. */
    private static final byte[] EC_OID = {
        0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pem() {}

    /** Every certificate of a PEM file, in order. */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        byte[] text = Files.readAllBytes(file);
        if (!new String(text, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
            throw new IOException(file + ": no certificate in it (no BEGIN CERTIFICATE block)");
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text))) {
                out.add((X509Certificate) certificate);
            }
            if (out.isEmpty()) {
                throw new IOException(file + ": no certificate in it");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** The first private key of a PEM file; {@code password} for an encrypted one, else null. */
    public static PrivateKey privateKey(Path file, char[] password) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        for (String label : List.of("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY",
                "EC PRIVATE KEY")) {
            byte[] der = block(text, label);
            if (der == null) {
                continue;
            }
            if (text.contains("Proc-Type: 4,ENCRYPTED")) {
                throw new IOException(file + ": OpenSSL's legacy key encryption is not read;"
                        + " convert the key with openssl pkcs8 -topk8");
            }
            try {
                return switch (label) {
                    case "PRIVATE KEY" -> pkcs8(der);
                    case "ENCRYPTED PRIVATE KEY" -> decrypt(der, password, file);
                    case "RSA PRIVATE KEY" -> pkcs8(wrap(sequence(RSA_OID, new byte[] {0x05, 0x00}), der));
                    default -> pkcs8(wrap(sequence(EC_OID, curveOf(der)), der));
                };
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IOException(file + ": the " + label + " cannot be read: " + e, e);
            }
        }
        throw new IOException(file + ": no private key in it");
    }

    private static PrivateKey decrypt(byte[] der, char[] password, Path file)
            throws IOException, GeneralSecurityException {
        if (password == null) {
            throw new IOException(file + ": the key is encrypted and no password was given");
        }
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        AlgorithmParameters parameters = info.getAlgParameters();
        String algorithm = parameters == null ? info.getAlgName() : parameters.toString();
        SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)),
                parameters);
        try {
            return pkcs8(info.getKeySpec(cipher).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": wrong password, or not a key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The base64 body of the first {@code -----BEGIN label-----} block, or null. */
    static byte[] block(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        int start = text.indexOf(begin);
        if (start < 0) {
            return null;
        }
        int end = text.indexOf("-----END " + label + "-----", start);
        if (end < 0) {
            return null;
        }
        String body = text.substring(start + begin.length(), end);
        StringBuilder base64 = new StringBuilder();
        for (String line : body.split("\r?\n")) {
            if (!line.contains(":")) { // header lines such as Proc-Type
                base64.append(line.trim());
            }
        }
        return Base64.getDecoder().decode(base64.toString());
    }

    /** The named curve of a SEC 1 ECPrivateKey: its [0] parameters, an OID. */
    private static byte[] curveOf(byte[] sec1) {
        int[] at = {0};
        expect(sec1, at, 0x30);
        length(sec1, at);
        while (at[0] < sec1.length) {
            int tag = sec1[at[0]++] & 0xff;
            int len = length(sec1, at);
            if (tag == 0xa0) {
                return java.util.Arrays.copyOfRange(sec1, at[0], at[0] + len);
            }
            at[0] += len;
        }
        throw new IllegalArgumentException("an EC key without its named curve");
    }

    private static void expect(byte[] der, int[] at, int tag) {
        if ((der[at[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("not DER: tag " + tag + " expected");
        }
    }

    private static int length(byte[] der, int[] at) {
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int len = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            len = (len << 8) | (der[at[0]++] & 0xff);
        }
        return len;
    }

    /** PrivateKeyInfo: version 0, the algorithm, the key as an OCTET STRING. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return tagged(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tagged(0x04, key)));
    }

    private static byte[] sequence(byte[]... parts) {
        return tagged(0x30, concat(parts));
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
