package org.cometserver.esl.codec;

/**
 * An event as FreeSWITCH fired it: its headers (URL-decoded when they came as {@code text/event-plain}) in order, and its
 * own body if it has one (a {@code BACKGROUND_JOB}'s command result), else null.
 */
public record EslEvent(EslHeaders headers, String body) {

    public static final String BACKGROUND_JOB = "BACKGROUND_JOB";
    public static final String CUSTOM = "CUSTOM";

    public String name() {
        return headers.get("Event-Name");
    }

    /** {@code Event-Subclass} of a {@code CUSTOM} event, e.g. {@code conference::maintenance}. */
    public String subclass() {
        return headers.get("Event-Subclass");
    }

    public String get(String header) {
        return headers.get(header);
    }

    public boolean is(String eventName, String subclass) {
        return eventName.equals(name()) && (subclass == null || subclass.equals(subclass()));
    }
}
