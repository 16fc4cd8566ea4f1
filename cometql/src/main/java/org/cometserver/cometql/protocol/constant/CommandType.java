package org.cometserver.cometql.protocol.constant;

/**
 * Command bytes of the command phase
 * (<a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html">manual</a>).
 * Only commands this server knows are listed; any other byte is {@link #UNKNOWN}.
 */
public enum CommandType {
    QUIT(0x01),
    INIT_DB(0x02),
    QUERY(0x03),
    FIELD_LIST(0x04),
    STATISTICS(0x09),
    PING(0x0e),
    STMT_PREPARE(0x16),
    STMT_EXECUTE(0x17),
    STMT_SEND_LONG_DATA(0x18),
    STMT_CLOSE(0x19),
    STMT_RESET(0x1a),
    SET_OPTION(0x1b),
    RESET_CONNECTION(0x1f),
    UNKNOWN(-1);

    private static final CommandType[] BY_CODE = new CommandType[256];

    static {
        java.util.Arrays.fill(BY_CODE, UNKNOWN);
        for (CommandType type : values()) {
            if (type.code >= 0) {
                BY_CODE[type.code] = type;
            }
        }
    }

    private final int code;

    CommandType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The command of a command byte (0..255), {@link #UNKNOWN} for bytes we do not implement. */
    public static CommandType of(int code) {
        return BY_CODE[code & 0xff];
    }
}
