package org.cometserver.esl;

/** The FreeSWITCH node is not connected (never was, dropped, or is still resynchronising), so nothing was sent or the reply was lost. */
public final class NodeDownException extends EslException {

    private final String node;
    private final String reason;

    public NodeDownException(String node, String reason) {
        super("FreeSWITCH node " + node + " down: " + reason);
        this.node = node;
        this.reason = reason;
    }

    public NodeDownException(String node, String reason, Throwable cause) {
        super("FreeSWITCH node " + node + " down: " + reason, cause);
        this.node = node;
        this.reason = reason;
    }

    /** Why, without the node prefix: {@code connection closed by FreeSWITCH}, {@code auth refused: -ERR invalid}, ... */
    public String reason() {
        return reason;
    }

    public String node() {
        return node;
    }
}
