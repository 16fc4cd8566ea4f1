package org.cometserver.xmlcurl.http;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** One entry of the IP allowlist: an address ({@code 192.0.2.7}, {@code ::1}) or a block ({@code 10.0.0.0/8}). */
public final class CidrBlock {
    private final byte[] network;
    private final int prefixLength;

    private CidrBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses an IPv4 or IPv6 address with an optional {@code /prefix}; never resolves a host name.
     *
     * @throws IllegalArgumentException naming the entry when it is not an address or the prefix is out of range
     */
    public static CidrBlock parse(String entry) {
        String text = entry.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("allow: '" + entry + "' is not an IP address or CIDR block");
        }
        int maxPrefix = bytes.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > maxPrefix) {
                throw new IllegalArgumentException(
                        "allow: '" + entry + "' has a prefix length outside 0.." + maxPrefix);
            }
        }
        byte[] ipv4 = unmapIpv4(bytes);
        if (ipv4 != bytes) {
            // ::ffff:a.b.c.d/n is matched as a.b.c.d/(n-96), so that mapped and plain IPv4 clients are treated alike
            if (prefix < 96) {
                throw new IllegalArgumentException("allow: '" + entry + "' needs a prefix length of at least 96");
            }
            return new CidrBlock(ipv4, prefix - 96);
        }
        return new CidrBlock(bytes, prefix);
    }

    /** Whether the address is inside the block; an IPv4-mapped IPv6 address counts as its IPv4 address. */
    public boolean contains(InetAddress address) {
        byte[] candidate = unmapIpv4(address.getAddress());
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    private static byte[] unmapIpv4(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
            return address;
        }
        return Arrays.copyOfRange(address, 12, 16);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
