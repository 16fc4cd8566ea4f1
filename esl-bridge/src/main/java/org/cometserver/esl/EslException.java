package org.cometserver.esl;

/** Base of the failures this module reports through its futures. */
public class EslException extends RuntimeException {

    public EslException(String message) {
        super(message);
    }

    public EslException(String message, Throwable cause) {
        super(message, cause);
    }
}
