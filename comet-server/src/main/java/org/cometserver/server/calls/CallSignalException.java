package org.cometserver.server.calls;

/**
 * A P2P signal the server refuses: the sender gets an error frame with {@code text}, {@code sessionID} and
 * {@code signalType} (each left out when empty). No stack trace: refusals are ordinary answers, not failures.
 */
public final class CallSignalException extends RuntimeException {
    private final String sessionId;
    private final String signalType;
    private final Kind kind;

    /** What went wrong, for answers that are not error frames ({@code POST /calls/reject}'s status). */
    public enum Kind {
        /** The signal or its fields are malformed. */
        INVALID,
        /** No such session in the sender's dev_id, or the sender or recipient is not in it. */
        UNKNOWN_SESSION,
        /** Well-formed but not allowed now (ended call, limits). */
        REFUSED
    }

    public CallSignalException(String text, String sessionId, String signalType) {
        this(Kind.INVALID, text, sessionId, signalType);
    }

    public CallSignalException(Kind kind, String text, String sessionId, String signalType) {
        super(text, null, false, false);
        this.kind = kind;
        this.sessionId = sessionId;
        this.signalType = signalType;
    }

    public Kind kind() {
        return kind;
    }

    public String sessionId() {
        return sessionId;
    }

    public String signalType() {
        return signalType;
    }
}
