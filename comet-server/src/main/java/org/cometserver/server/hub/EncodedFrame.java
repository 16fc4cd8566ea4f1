package org.cometserver.server.hub;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A server → client message already serialised as CppComet JSON (UTF-8). Built once per publication and handed as is
 * to every subscriber; transports wrap the bytes (never copy or modify them).
 */
public final class EncodedFrame {
    private final Supplier<byte[]> encoder;
    private volatile byte[] utf8;

    private EncodedFrame(byte[] utf8, Supplier<byte[]> encoder) {
        this.utf8 = utf8;
        this.encoder = encoder;
    }

    /** Takes ownership of {@code utf8}; the caller must not modify it afterwards. */
    public static EncodedFrame ofUtf8(byte[] utf8) {
        return new EncodedFrame(utf8, null);
    }

    /**
     * A frame serialised on first use, so a publication to a channel nobody listens to costs no JSON. The encoder
     * must be pure: two threads racing on first use may both run it, and either result is kept.
     */
    public static EncodedFrame lazy(Supplier<byte[]> encoder) {
        return new EncodedFrame(null, encoder);
    }

    /** The encoded bytes; shared, so read-only by contract. */
    public byte[] utf8() {
        byte[] bytes = utf8;
        if (bytes == null) {
            bytes = encoder.get();
            utf8 = bytes;
        }
        return bytes;
    }

    public int length() {
        return utf8().length;
    }

    public String text() {
        return new String(utf8(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}
