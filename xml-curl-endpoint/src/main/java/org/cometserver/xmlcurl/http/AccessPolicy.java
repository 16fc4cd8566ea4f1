package org.cometserver.xmlcurl.http;

import org.cometserver.xmlcurl.XmlCurlConfig;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * Who may ask for SIP passwords: an IP allowlist, then HTTP basic credentials (mod_xml_curl's
 * {@code gateway-credentials}). CppComet had neither and told operators to firewall the port (§4.4).
 */
public final class AccessPolicy {

    private static final List<CidrBlock> LOOPBACK = List.of(CidrBlock.parse("127.0.0.0/8"), CidrBlock.parse("::1"));
    private static final String BASIC_PREFIX = "basic ";

    private final List<CidrBlock> allowed;
    private final byte[] expectedCredentials;

    private AccessPolicy(List<CidrBlock> allowed, byte[] expectedCredentials) {
        this.allowed = allowed;
        this.expectedCredentials = expectedCredentials;
    }

    public static AccessPolicy from(XmlCurlConfig config) {
        List<CidrBlock> allowed = config.allow().isEmpty()
                ? LOOPBACK
                : config.allow().stream().map(CidrBlock::parse).toList();
        byte[] credentials = config.basicAuthRequired()
                ? (config.user() + ":" + config.password()).getBytes(StandardCharsets.UTF_8)
                : null;
        return new AccessPolicy(allowed, credentials);
    }

    /** Whether the client's address is in the allowlist (loopback only when the list is empty). */
    public boolean allowsAddress(InetAddress remote) {
        return allowed.stream().anyMatch(block -> block.contains(remote));
    }

    /**
     * Whether the request carries the configured basic credentials; always true when none are configured.
     *
     * @param authorization the {@code Authorization} header, or null
     */
    public boolean acceptsCredentials(String authorization) {
        if (expectedCredentials == null) {
            return true;
        }
        byte[] presented = basicCredentials(authorization);
        // constant time, so that the answer's timing does not reveal how much of a guess was right
        return presented != null && MessageDigest.isEqual(presented, expectedCredentials);
    }

    /** The decoded {@code user:password} of a {@code Basic} header, or null when absent or malformed. */
    private static byte[] basicCredentials(String authorization) {
        if (authorization == null || authorization.length() <= BASIC_PREFIX.length()
                || !authorization.regionMatches(true, 0, BASIC_PREFIX, 0, BASIC_PREFIX.length())) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(authorization.substring(BASIC_PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
