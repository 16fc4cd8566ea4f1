package org.cometserver.cometql.error;

/**
 * Catalog of the error codes CometQL answers with. The small numbers are CppComet's own codes
 * (docs/CPPCOMET.md §2.7), kept so existing backends that check {@code errno} keep working;
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

    /** MySQL ER_PARSE_ERROR. */
    public static final int ER_PARSE_ERROR = 1064;
    /** MySQL ER_STACK_OVERRUN_NEED_MORE: a statement nested too deeply to plan. */
    public static final int ER_STACK_OVERRUN = 1436;
    /** MySQL ER_DIVISION_BY_ZERO. */
    public static final int ER_DIVISION_BY_ZERO = 1365;
    /** MySQL ER_WARN_ALLOWED_PACKET_OVERFLOWED: a value or row larger than max_allowed_packet. */
    public static final int ER_PACKET_OVERFLOWED = 1301;
    /** MySQL ER_OUT_OF_RESOURCES. */
    public static final int ER_OUT_OF_RESOURCES = 1041;
    /** MySQL ER_UNKNOWN_ERROR: a backend's dependency did not answer ({@code BackendUnavailableException}). */
    public static final int ER_UNKNOWN_ERROR = 1105;

    /**
     * The client error a JVM failure while planning or running a statement stands for — nesting too deep for the
     * stack, a division by zero, a result too large for memory — or null when it is a bug.
     */
    public static CometQlException ofStatementFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StackOverflowError) {
                return new CometQlException(ER_STACK_OVERRUN, "HY000",
                        "Thread stack overrun: the statement is nested too deeply; split it or use IN (…)", null);
            }
            if (t instanceof ArithmeticException && String.valueOf(t.getMessage()).contains("by zero")) {
                return new CometQlException(ER_DIVISION_BY_ZERO, "22012", "Division by 0", null);
            }
            if (t instanceof org.cometserver.cometql.spi.BackendUnavailableException) {
                return new CometQlException(ER_UNKNOWN_ERROR, "HY000", t.getMessage(), null);
            }
            if (t instanceof OutOfMemoryError) {
                return new CometQlException(ER_OUT_OF_RESOURCES, "HY001",
                        "Out of memory: the statement needs more memory than the server has", null);
            }
        }
        return null;
    }

    public static CometQlException parseError(String near) {
        return new CometQlException(ER_PARSE_ERROR, "42000", "You have an error in your SQL syntax near '" + near
                + "'", null);
    }

    public static CometQlException packetOverflowed(String what, int maxPacketSize) {
        return new CometQlException(ER_PACKET_OVERFLOWED, "HY000", "Result of " + what
                + " was larger than max_allowed_packet (" + maxPacketSize + ") - truncated", null);
    }

    public static CometQlException maxExecutionTimeExceeded() {
        return new CometQlException(ER_QUERY_TIMEOUT, "HY000",
                "Query execution was interrupted, maximum statement execution time exceeded", null);
    }

    public static CometQlException serverShutdown() {
        return new CometQlException(ER_SERVER_SHUTDOWN, "08S01", "Server shutdown in progress", null);
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

    /** What a client sees of a bug or a store failure (the details are in the server log only). */
    public static CometQlException internalError() {
        return new CometQlException(INTERNAL, "HY000", "Internal error", null);
    }

    public static CometQlException internal(String message, Throwable cause) {
        return new CometQlException(INTERNAL, "HY000", message, cause);
    }
}
