package org.cometserver.cometql.protocol.constant;

/** Server status flags sent in OK and EOF packets. */
public final class StatusFlags {
    private StatusFlags() {
    }

    public static final int AUTOCOMMIT = 0x0002;
}
