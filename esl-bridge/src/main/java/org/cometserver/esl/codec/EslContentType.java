package org.cometserver.esl.codec;

/** The {@code Content-Type} values FreeSWITCH's mod_event_socket writes on an inbound connection. */
public final class EslContentType {

    /** The greeting: the server waits for {@code auth <password>}. */
    public static final String AUTH_REQUEST = "auth/request";
    /** Reply to a socket command ({@code auth}, {@code event}, {@code bgapi}, ...): the result is in {@code Reply-Text}. */
    public static final String COMMAND_REPLY = "command/reply";
    /** Reply to {@code api}: the result is the body; errors are bodies starting with {@code -ERR}. */
    public static final String API_RESPONSE = "api/response";
    public static final String EVENT_PLAIN = "text/event-plain";
    public static final String EVENT_JSON = "text/event-json";
    public static final String EVENT_XML = "text/event-xml";
    /** Sent before FreeSWITCH closes the socket (after {@code exit}, a refused password, or a shutdown). */
    public static final String DISCONNECT_NOTICE = "text/disconnect-notice";
    /** Sent when the client's address is refused by the event socket's ACL; the socket is then closed. */
    public static final String RUDE_REJECTION = "text/rude-rejection";

    private EslContentType() {
    }
}
