package org.cometserver.esl;

/**
 * FreeSWITCH answered, but refused: {@link #reply()} is its text as sent, e.g. {@code -ERR Conference 3000 not found},
 * {@code -ERR Non-Existant ID 999} (sic), {@code -ERR NO_ROUTE_DESTINATION}, {@code -ERR invalid} (wrong password).
 */
public final class EslCommandException extends EslException {

    private final String node;
    private final String command;
    private final String reply;

    public EslCommandException(String node, String command, String reply) {
        super("FreeSWITCH " + node + " refused '" + command + "': " + reply);
        this.node = node;
        this.command = command;
        this.reply = reply;
    }

    public String node() {
        return node;
    }

    public String command() {
        return command;
    }

    /** FreeSWITCH's reply, trailing newline removed. */
    public String reply() {
        return reply;
    }
}
