package org.cometserver.esl.codec;

import io.netty.handler.codec.DecoderException;

/** A frame that breaks the event-socket framing or a configured limit; the stream cannot be resynchronised after it. */
public final class EslCodecException extends DecoderException {

    public EslCodecException(String message) {
        super(message);
    }
}
