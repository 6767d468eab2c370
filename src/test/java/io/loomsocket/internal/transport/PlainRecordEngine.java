package io.loomsocket.internal.transport;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * An {@link SSLEngine} with no handshake and no cipher: a record is a TLS header and the
 * plaintext as it is. For the schedule tests of the TLS layer, which explore its locks and
 * waits, not JSSE (whose crypto the model checker would instrument and crawl through).
 */
final class PlainRecordEngine extends SSLEngine {
    private static final int HEADER = 5;
    private static final int MAX_PLAINTEXT = 16 * 1024;
    private boolean outboundDone;
    private boolean inboundDone;

    /** The record {@code plaintext} makes. */
    static byte[] record(byte[] plaintext) {
        byte[] record = new byte[HEADER + plaintext.length];
        record[0] = 23;
        record[1] = 3;
        record[2] = 3;
        record[3] = (byte) (plaintext.length >> 8);
        record[4] = (byte) plaintext.length;
        System.arraycopy(plaintext, 0, record, HEADER, plaintext.length);
        return record;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) {
        ByteBuffer src = srcs[offset];
        int count = Math.min(src.remaining(), MAX_PLAINTEXT);
        if (dst.remaining() < HEADER + count) {
            return new SSLEngineResult(Status.BUFFER_OVERFLOW, HandshakeStatus.NOT_HANDSHAKING,
                    0, 0);
        }
        byte[] plaintext = new byte[count];
        src.get(plaintext);
        dst.put(record(plaintext));
        return new SSLEngineResult(Status.OK, HandshakeStatus.NOT_HANDSHAKING, count,
                HEADER + count);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) {
        if (src.remaining() < HEADER) {
            return new SSLEngineResult(Status.BUFFER_UNDERFLOW, HandshakeStatus.NOT_HANDSHAKING,
                    0, 0);
        }
        int start = src.position();
        int count = (src.get(start + 3) & 0xFF) << 8 | (src.get(start + 4) & 0xFF);
        if (src.remaining() < HEADER + count) {
            return new SSLEngineResult(Status.BUFFER_UNDERFLOW, HandshakeStatus.NOT_HANDSHAKING,
                    0, 0);
        }
        ByteBuffer dst = dsts[offset];
        if (dst.remaining() < count) {
            return new SSLEngineResult(Status.BUFFER_OVERFLOW, HandshakeStatus.NOT_HANDSHAKING,
                    0, 0);
        }
        src.position(start + HEADER);
        ByteBuffer payload = src.slice(src.position(), count);
        dst.put(payload);
        src.position(start + HEADER + count);
        return new SSLEngineResult(Status.OK, HandshakeStatus.NOT_HANDSHAKING, HEADER + count,
                count);
    }

    @Override
    public Runnable getDelegatedTask() {
        return null;
    }

    @Override
    public void closeInbound() {
        inboundDone = true;
    }

    @Override
    public boolean isInboundDone() {
        return inboundDone;
    }

    @Override
    public void closeOutbound() {
        outboundDone = true;
    }

    @Override
    public boolean isOutboundDone() {
        return outboundDone;
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return new String[0];
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return new String[0];
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {}

    @Override
    public String[] getSupportedProtocols() {
        return new String[] {"TLSv1.3"};
    }

    @Override
    public String[] getEnabledProtocols() {
        return new String[] {"TLSv1.3"};
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {}

    @Override
    public SSLSession getSession() {
        return SESSION;
    }

    @Override
    public void beginHandshake() {}

    @Override
    public HandshakeStatus getHandshakeStatus() {
        return HandshakeStatus.NOT_HANDSHAKING;
    }

    @Override
    public void setUseClientMode(boolean mode) {}

    @Override
    public boolean getUseClientMode() {
        return true;
    }

    @Override
    public void setNeedClientAuth(boolean need) {}

    @Override
    public boolean getNeedClientAuth() {
        return false;
    }

    @Override
    public void setWantClientAuth(boolean want) {}

    @Override
    public boolean getWantClientAuth() {
        return false;
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {}

    @Override
    public boolean getEnableSessionCreation() {
        return true;
    }

    /** The one session: its sizes are JSSE's defaults, its protocol TLS 1.3. */
    private static final SSLSession SESSION = new SSLSession() {
        @Override
        public byte[] getId() {
            return new byte[0];
        }

        @Override
        public SSLSessionContext getSessionContext() {
            return null;
        }

        @Override
        public long getCreationTime() {
            return 0;
        }

        @Override
        public long getLastAccessedTime() {
            return 0;
        }

        @Override
        public void invalidate() {}

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public void putValue(String name, Object value) {}

        @Override
        public Object getValue(String name) {
            return null;
        }

        @Override
        public void removeValue(String name) {}

        @Override
        public String[] getValueNames() {
            return new String[0];
        }

        @Override
        public Certificate[] getPeerCertificates() {
            return new Certificate[0];
        }

        @Override
        public Certificate[] getLocalCertificates() {
            return null;
        }

        @Override
        public Principal getPeerPrincipal() {
            return null;
        }

        @Override
        public Principal getLocalPrincipal() {
            return null;
        }

        @Override
        public String getCipherSuite() {
            return "TLS_NULL";
        }

        @Override
        public String getProtocol() {
            return "TLSv1.3";
        }

        @Override
        public String getPeerHost() {
            return null;
        }

        @Override
        public int getPeerPort() {
            return -1;
        }

        @Override
        public int getPacketBufferSize() {
            return 16709;
        }

        @Override
        public int getApplicationBufferSize() {
            return 16384;
        }
    };
}
