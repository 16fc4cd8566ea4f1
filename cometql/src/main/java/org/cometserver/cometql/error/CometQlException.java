package org.cometserver.cometql.error;

/**
 * The one error type of CometQL: an error code, a SQLSTATE and a message, sent to the client as an ERR packet.
 * Codes are CppComet's (docs/CPPCOMET.md §2.7) where CppComet defines one, else MySQL's ER_* codes.
 */
public class CometQlException extends RuntimeException {
    private final int code;
    private final String sqlState;

    public CometQlException(int code, String message) {
        this(code, "HY000", message, null);
    }

    public CometQlException(int code, String sqlState, String message, Throwable cause) {
        super(message, cause, false, cause != null);
        this.code = code;
        this.sqlState = sqlState;
    }

    public int code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }
}
