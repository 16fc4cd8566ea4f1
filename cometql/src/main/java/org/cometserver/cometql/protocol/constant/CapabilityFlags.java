package org.cometserver.cometql.protocol.constant;

/**
 * Capability flags
 * (<a href="https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html">manual</a>).
 */
public final class CapabilityFlags {
    private CapabilityFlags() {
    }

    public static final int LONG_PASSWORD = 0x0000_0001;
    public static final int FOUND_ROWS = 0x0000_0002;
    public static final int LONG_FLAG = 0x0000_0004;
    public static final int CONNECT_WITH_DB = 0x0000_0008;
    public static final int COMPRESS = 0x0000_0020;
    public static final int PROTOCOL_41 = 0x0000_0200;
    public static final int INTERACTIVE = 0x0000_0400;
    public static final int SSL = 0x0000_0800;
    public static final int TRANSACTIONS = 0x0000_2000;
    public static final int SECURE_CONNECTION = 0x0000_8000;
    public static final int MULTI_STATEMENTS = 0x0001_0000;
    public static final int PLUGIN_AUTH = 0x0008_0000;
    public static final int CONNECT_ATTRS = 0x0010_0000;
    public static final int PLUGIN_AUTH_LENENC_CLIENT_DATA = 0x0020_0000;
    public static final int DEPRECATE_EOF = 0x0100_0000;

    /**
     * What this server advertises: only what it implements. CppComet: advertised 0xC00FFFFF including SSL and
     * COMPRESS it never implemented, so stock clients failed without {@code --skip-ssl}; we leave both out.
     * LONG_PASSWORD also tells MariaDB clients that this is a MySQL-compatible server (no MariaDB extensions).
     * No MULTI_STATEMENTS: one COM_QUERY answers with one result.
     */
    public static final int SERVER_CAPABILITIES = LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | CONNECT_WITH_DB
            | PROTOCOL_41 | INTERACTIVE | TRANSACTIONS | SECURE_CONNECTION | PLUGIN_AUTH | CONNECT_ATTRS
            | PLUGIN_AUTH_LENENC_CLIENT_DATA;

    public static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }
}
