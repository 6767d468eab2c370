package io.loomsocket.internal.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Numeric addresses as {@code inet_ntop} prints them: IPv6 in the compressed form of RFC 5952
 * ({@code "::1"}, not the JDK's {@code "0:0:0:0:0:0:0:1"}), with glibc's dotted quad for
 * IPv4-compatible and IPv4-mapped addresses, and without a scope.
 */
public final class AddressText {
    private AddressText() {}

    public static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        if (bestStart == 0 && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xFFFF))) {
            // glibc prints IPv4-compatible and IPv4-mapped addresses with a dotted quad.
            return (bestLength == 5 ? "::ffff:" : "::") + (bytes[12] & 0xFF) + "."
                    + (bytes[13] & 0xFF) + "." + (bytes[14] & 0xFF) + "." + (bytes[15] & 0xFF);
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
