package org.cometserver.esl.conference;

import java.util.Optional;

/**
 * Reads the reply to {@code api global_getvar domain}: FreeSWITCH's {@code $${domain}}, the domain mod_conference and
 * the stock dialplan put into conference names. mod_commands writes the variable's value as the whole body, without a
 * line break, and an empty body when it is unset; a FreeSWITCH without mod_commands answers {@code -ERR ... Command not
 * found!}, an old one {@code -USAGE: <var>}.
 */
public final class DomainReply {

    /** The api command sent during every resync. */
    public static final String COMMAND = "global_getvar domain";

    private DomainReply() {
    }

    /** The domain, or empty when FreeSWITCH has none or refused the command (the node then works without one). */
    public static Optional<String> parse(String body) {
        if (body == null) {
            return Optional.empty();
        }
        String value = body.strip();
        if (value.isEmpty() || value.startsWith("-ERR") || value.startsWith("-USAGE") || value.indexOf('\n') >= 0
                || value.indexOf(' ') >= 0) {
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
