package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;

import java.nio.charset.StandardCharsets;

/** {@code [main] max_message_size}: the largest message, in UTF-8 bytes, accepted for publishing or sending. */
final class MessageSizeLimit {
    private final int maxBytes;

    MessageSizeLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Throws CppComet's error 11 {@code Data is too long} when {@code message} is over the limit. */
    void check(String message) {
        // at most 3 UTF-8 bytes per char: only encode when the message could be over the limit
        if ((long) message.length() * 3 > maxBytes && message.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new CometQlException(CometQlErrors.TOO_LONG, "Data is too long");
        }
    }
}
