package dev.dtk.gateway.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose word the gateway takes: addresses and CIDR ranges (IPv4 or IPv6
 * literals; host names are refused, so that nothing depends on DNS). Only a connection from one of
 * them may say, with forwarded headers, under which host and scheme the caller reached the gateway;
 * and a proxy carries many callers, so it has no per-address connection limit.
 */
public final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Range(byte[] network, int prefixBits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Nobody is trusted. */
    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses entries such as {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code ::1} or {@code fd00::/8}; a bad
     * entry is an {@link IllegalArgumentException} that names it.
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            ranges.add(range(entry.trim()));
        }
        return new TrustedProxies(ranges);
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] network = literal(address, entry);
        int bits = network.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > network.length * 8) {
                throw bad(entry, "the prefix length must be 0-" + network.length * 8);
            }
        }
        return new Range(network, bits);
    }

    /** The bytes of an IP literal, never looking a name up. */
    private static byte[] literal(String address, String entry) {
        if (IPV4.matcher(address).matches()) {
            String[] parts = address.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    throw bad(entry, "not an IP address");
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (!address.contains(":")) {
            throw bad(entry, "use an IP address or a CIDR range such as 10.0.0.0/8, not a host name");
        }
        try {
            return InetAddress.getByName(address).getAddress(); // an IPv6 literal: no lookup
        } catch (UnknownHostException e) {
            throw bad(entry, "not an IP address");
        }
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("trustedProxies: '" + entry + "': " + why);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (null: unknown) is one of the trusted proxies. */
    public boolean trusts(InetAddress address) {
        if (address == null || ranges.isEmpty()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }
}
