package org.cometserver.xmlcurl.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request this endpoint refuses: the status and a one-line reason sent back as the body. */
public final class BadRequestException extends Exception {
    private final HttpResponseStatus status;

    public BadRequestException(HttpResponseStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public HttpResponseStatus status() {
        return status;
    }
}
