package org.cometserver.cometql.protocol.constant;

/** Collation ids used on the wire. */
public final class CharacterSet {
    private CharacterSet() {
    }

    /** utf8(mb3)_general_ci: CppComet's column charset, also our handshake default. */
    public static final int UTF8_GENERAL_CI = 33;
}
