package org.cometserver.xmlcurl.spi;

import java.util.Locale;

/** How a directory request was answered (see {@link DirectoryRequests}). */
public enum DirectoryResult {
    /** 200 with the user's entry. */
    FOUND,
    /** 200 with FreeSWITCH's {@code not found} document (unknown user, other section, no password). */
    NOT_FOUND,
    /** 401: basic credentials missing or wrong. */
    UNAUTHORIZED,
    /** 403: client address not in {@code [freeswitch] allow}. */
    FORBIDDEN,
    /** 400, 404, 405, 413, 414, 415, 431, 505: a request FreeSWITCH would not send. */
    BAD_REQUEST,
    /** 503: the {@link DirectoryUsers} lookup failed. */
    ERROR,
    /** 503: the lookup outlasted {@code XmlCurlConfig.lookupTimeout}. */
    TIMEOUT;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** The lower-case name ({@code not_found}), for a metrics label. */
    public String tag() {
        return tag;
    }
}
