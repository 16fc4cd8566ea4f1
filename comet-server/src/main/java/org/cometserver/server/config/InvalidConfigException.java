package org.cometserver.server.config;

/** A {@code comet.ini} value that cannot be used; the message is one line naming the section and key. */
public final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String section, String key, String reason) {
        super("[" + section + "] " + key + ": " + reason);
    }
}
