package org.cometserver.esl.conference;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.cometserver.esl.codec.EslEvent;
import org.cometserver.esl.codec.EslEventParser;
import org.cometserver.esl.codec.EslFrameDecoder;
import org.cometserver.esl.codec.EslMessage;
import org.cometserver.esl.transcript.Transcripts;

import java.util.ArrayList;
import java.util.List;

/** Frames and events of a recording, decoded with the production codec. */
final class RecordedEvents {

    private RecordedEvents() {
    }

    static List<EslMessage> frames(String file) {
        EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(Transcripts.read(file)));
        List<EslMessage> frames = new ArrayList<>();
        EslMessage m;
        while ((m = ch.readInbound()) != null) {
            frames.add(m);
        }
        ch.finishAndReleaseAll();
        return frames;
    }

    static List<EslEvent> events(String file) {
        return frames(file).stream().filter(EslEventParser::isEvent).map(EslEventParser::parse).toList();
    }
}
