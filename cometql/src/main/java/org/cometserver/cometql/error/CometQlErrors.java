package org.cometserver.cometql.error;

/**
 * Catalog of the error codes CometQL answers with. The small numbers are CppComet's own codes
 * (cppcomet-protocol.md §2.7), kept so existing backends that check {@code errno} keep working;
 * codes above 1000 are MySQL's, used where CppComet had no equivalent.
 */
public final class CometQlErrors {
    private CometQlErrors() {
    }

    public static final int UNSPECIFIED = 1;
    public static final int NOT_IMPLEMENTED = 2;
    public static final int SYNTAX = 3;
    public static final int READ_ONLY = 10;
    public static final int TOO_LONG = 11;
    public static final int INVALID_DATA = 12;
    public static final int KEY_REQUIRED = 13;
    public static final int BAD_COLUMN = 14;
    public static final int NOT_EXISTS = 15;
    public static final int AUTH_FAILURE = 16;
    public static final int TOO_SHORT = 17;
    public static final int TOO_MANY_CONDITIONS = 18;
    public static final int TOO_MANY_VALUES = 19;
    public static final int TOO_MANY_COLUMNS = 20;
    public static final int TOO_MANY_NAMES = 21;
    public static final int ACCESS_DENIED = 403;
    public static final int INTERNAL = 500;

    /** MySQL ER_UNKNOWN_COM_ERROR: a command byte we do not implement. */
    public static final int ER_UNKNOWN_COM_ERROR = 1047;
    /** MySQL ER_NET_PACKETS_OUT_OF_ORDER. */
    public static final int ER_NET_PACKETS_OUT_OF_ORDER = 1156;
    /** MySQL ER_NET_PACKET_TOO_LARGE. */
    public static final int ER_NET_PACKET_TOO_LARGE = 1153;
    /** MySQL ER_MALFORMED_PACKET. */
    public static final int ER_MALFORMED_PACKET = 1835;
    /** MySQL ER_UNKNOWN_STMT_HANDLER (unknown prepared statement id). */
    public static final int ER_UNKNOWN_STMT_HANDLER = 1243;
    /** MySQL ER_WRONG_ARGUMENTS (wrong number of parameters for a prepared statement). */
    public static final int ER_WRONG_ARGUMENTS = 1210;
    /** MySQL ER_SERVER_SHUTDOWN. */
    public static final int ER_SERVER_SHUTDOWN = 1053;
    /** MySQL ER_TOO_MANY_ROWS-like: result larger than the configured row limit. */
    public static final int ER_RESULT_TOO_LARGE = 1104;

    /** MySQL ER_HOST_IS_BLOCKED: too many failed logins from the client's address. */
    public static final int ER_HOST_IS_BLOCKED = 1129;
    /** MySQL ER_HOST_NOT_PRIVILEGED: protected mode refuses a non-loopback client. */
    public static final int ER_HOST_NOT_PRIVILEGED = 1130;

    /** MySQL ER_QUERY_INTERRUPTED: {@code KILL QUERY}, or the client went away. */
    public static final int ER_QUERY_INTERRUPTED = 1317;
    /** MySQL ER_QUERY_TIMEOUT: {@code max_execution_time} exceeded. */
    public static final int ER_QUERY_TIMEOUT = 3024;
    /** MySQL ER_NO_SUCH_THREAD. */
    public static final int ER_NO_SUCH_THREAD = 1094;
    /** MySQL ER_KILL_DENIED_ERROR: the thread belongs to another dev_id. */
    public static final int ER_KILL_DENIED = 1095;

    public static CometQlException maxExecutionTimeExceeded() {
        return new CometQlException(ER_QUERY_TIMEOUT, "HY000",
                "Query execution was interrupted, maximum statement execution time exceeded", null);
    }

    public static CometQlException queryInterrupted() {
        return new CometQlException(ER_QUERY_INTERRUPTED, "70100", "Query execution was interrupted", null);
    }

    public static CometQlException syntax() {
        return new CometQlException(SYNTAX, "Syntax error in query");
    }

    public static CometQlException tableDoesNotExist() {
        return new CometQlException(NOT_EXISTS, "Table doesn't exist");
    }

    public static CometQlException readOnly(String table) {
        return new CometQlException(READ_ONLY, "Table `" + table + "` is read only");
    }

    public static CometQlException required(String column) {
        return new CometQlException(INVALID_DATA, "field `" + column + "` is required");
    }

    public static CometQlException internal(String message, Throwable cause) {
        return new CometQlException(INTERNAL, "HY000", message, cause);
    }
}
