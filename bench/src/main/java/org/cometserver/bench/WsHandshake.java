package org.cometserver.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of the RFC 6455 opening handshake, as CppComet's JS API does it: a GET to
 * {@code /ws/sesion=&myid=&devid=0&v=4.08&uuid=<32 chars>&api=js} (docs/CPPCOMET.md §3.1) answered by 101.
 */
final class WsHandshake {
    /** Longest response head accepted; a real 101 answer is ≈200 bytes. */
    static final int MAX_RESPONSE_HEAD = 4096;

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final String UUID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private static final int UUID_LENGTH = 32;

    private WsHandshake() {
    }

    /** An anonymous connection's URL path; CppComet parses it by position, so the order of the keys matters. */
    static String anonymousPath(String uuid) {
        return "/ws/sesion=&myid=&devid=0&v=4.08&uuid=" + uuid + "&api=js";
    }

    /** A 32-character id from the JS API's alphabet (it keeps one per browser in localStorage). */
    static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] uuid = new char[UUID_LENGTH];
        for (int i = 0; i < uuid.length; i++) {
            uuid[i] = UUID_CHARS.charAt(random.nextInt(UUID_CHARS.length()));
        }
        return new String(uuid);
    }

    static String randomKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    static byte[] request(String host, int port, String path, String key) {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Origin: http://" + host + "\r\n"
                + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    /** Index just past the blank line that ends the response head in {@code bytes[0..length)}, or -1. */
    static int headEnd(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Throws unless {@code head} is a 101 answer carrying the accept value for {@code key}. */
    static void checkResponse(String head, String key) throws IOException {
        int lineEnd = head.indexOf("\r\n");
        String status = lineEnd < 0 ? head : head.substring(0, lineEnd);
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + status);
        }
        String accept = acceptValue(key);
        boolean found = head.lines().anyMatch(line -> {
            int colon = line.indexOf(':');
            return colon > 0 && line.substring(0, colon).equalsIgnoreCase("Sec-WebSocket-Accept")
                    && line.substring(colon + 1).strip().equals(accept);
        });
        if (!found) {
            throw new IOException("missing or wrong Sec-WebSocket-Accept in: " + status);
        }
    }

    static String acceptValue(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
