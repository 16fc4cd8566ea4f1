package org.cometserver.esl.codec;

import java.nio.charset.StandardCharsets;

/**
 * One frame from FreeSWITCH: the outer header lines and, when {@code Content-Length} is present, exactly that many body
 * bytes. The body is kept as bytes so a frame can be written back byte for byte.
 */
public final class EslMessage {

    private static final byte[] NO_BODY = new byte[0];

    private final EslHeaders headers;
    private final byte[] body;

    public EslMessage(EslHeaders headers, byte[] body) {
        this.headers = headers;
        this.body = body == null ? NO_BODY : body;
    }

    public EslHeaders headers() {
        return headers;
    }

    public String contentType() {
        return headers.get("Content-Type");
    }

    /** {@code Reply-Text} of a {@code command/reply}, or null. */
    public String replyText() {
        return headers.get("Reply-Text");
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "EslMessage" + headers + (body.length > 0 ? " body=" + body.length + "B" : "");
    }
}
