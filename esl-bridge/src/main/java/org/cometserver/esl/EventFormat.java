package org.cometserver.esl;

/** The event encoding asked for with {@code event plain|json ...}; both carry the same headers. */
public enum EventFormat {
    PLAIN("plain"),
    JSON("json");

    private final String keyword;

    EventFormat(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
