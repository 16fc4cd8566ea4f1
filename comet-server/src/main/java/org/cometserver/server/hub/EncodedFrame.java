package org.cometserver.server.hub;

import java.nio.charset.StandardCharsets;

/**
 * A server → client message already serialised as CppComet JSON (UTF-8). Built once per publication and handed as is
 * to every subscriber; transports wrap the bytes (never copy or modify them).
 */
public final class EncodedFrame {
    private final byte[] utf8;

    private EncodedFrame(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** Takes ownership of {@code utf8}; the caller must not modify it afterwards. */
    public static EncodedFrame ofUtf8(byte[] utf8) {
        return new EncodedFrame(utf8);
    }

    /** The encoded bytes; shared, so read-only by contract. */
    public byte[] utf8() {
        return utf8;
    }

    public int length() {
        return utf8.length;
    }

    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}
