package org.cometserver.xmlcurl;

import org.cometserver.xmlcurl.http.CidrBlock;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the mod_xml_curl directory endpoint, built by the host from {@code comet.ini} {@code [freeswitch]}.
 *
 * @param ip              bind address ({@code ip}, default {@code 0.0.0.0})
 * @param port            bind port ({@code port}, default 8082; 0: an ephemeral port)
 * @param backlog         listen backlog ({@code backlog}, default 1024)
 * @param allow           client addresses allowed, each an IP or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8});
 *                        empty: loopback only. Others get 403 (CppComet did not check at all)
 * @param user            the user of the HTTP basic credentials FreeSWITCH must send ({@code gateway-credentials});
 *                        empty: no basic auth
 * @param password        the password of those credentials
 * @param path            the path of {@code gateway-url} (default {@code /directory}); CppComet's
 *                        {@code /comet-server-com} prefix in front of it is accepted too
 * @param maxRequestBytes longest request line and largest body accepted (413/414 beyond); FreeSWITCH sends about 1.5 KB
 * @param lookupTimeout   a {@link org.cometserver.xmlcurl.spi.DirectoryUsers} answer later than this is a 503
 * @param readTimeout     a connection that sends no complete request within this is closed
 */
public record XmlCurlConfig(String ip, int port, int backlog, List<String> allow, String user, String password,
                            String path, int maxRequestBytes, Duration lookupTimeout, Duration readTimeout) {

    /** Upper bound of {@link #maxRequestBytes}: the aggregated request is held in memory. */
    public static final int MAX_REQUEST_BYTES_LIMIT = 1024 * 1024;

    public XmlCurlConfig {
        if (ip.isBlank()) {
            throw new IllegalArgumentException("ip: empty (expected: an address to bind, e.g. 0.0.0.0)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
        }
        allow = List.copyOf(allow);
        allow.forEach(CidrBlock::parse);
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("user: basic-auth user names cannot contain ':'");
        }
        if (!user.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException("password: required when user is set");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path: " + path + " (expected: starting with /)");
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > MAX_REQUEST_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxRequestBytes: " + maxRequestBytes + " (expected: 1024.."
                    + MAX_REQUEST_BYTES_LIMIT + ")");
        }
        if (lookupTimeout.isNegative() || lookupTimeout.isZero()) {
            throw new IllegalArgumentException("lookupTimeout: " + lookupTimeout + " (expected: > 0)");
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout: " + readTimeout + " (expected: > 0)");
        }
    }

    /** The {@code comet.ini} defaults: 0.0.0.0:8082, loopback only, no basic auth, {@code /directory}. */
    public static XmlCurlConfig defaults() {
        return new XmlCurlConfig("0.0.0.0", 8082, 1024, List.of(), "", "", "/directory", 64 * 1024,
                Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    public boolean basicAuthRequired() {
        return !user.isEmpty();
    }

    public XmlCurlConfig withListener(String newIp, int newPort) {
        return new XmlCurlConfig(newIp, newPort, backlog, allow, user, password, path, maxRequestBytes, lookupTimeout,
                readTimeout);
    }

    public XmlCurlConfig withAllow(List<String> newAllow) {
        return new XmlCurlConfig(ip, port, backlog, newAllow, user, password, path, maxRequestBytes, lookupTimeout,
                readTimeout);
    }

    public XmlCurlConfig withCredentials(String newUser, String newPassword) {
        return new XmlCurlConfig(ip, port, backlog, allow, newUser, newPassword, path, maxRequestBytes, lookupTimeout,
                readTimeout);
    }

    public XmlCurlConfig withTimeouts(Duration newLookupTimeout, Duration newReadTimeout) {
        return new XmlCurlConfig(ip, port, backlog, allow, user, password, path, maxRequestBytes, newLookupTimeout,
                newReadTimeout);
    }
}
