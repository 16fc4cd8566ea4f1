package org.cometserver.esl.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.cometserver.esl.transcript.Transcripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EslFrameDecoderTest {

    static List<String> serverRecordings() {
        return Transcripts.files(".server.raw");
    }

    /** Decoding a whole recording and writing the frames back gives the same bytes: nothing lost, nothing invented. */
    @ParameterizedTest
    @MethodSource("serverRecordings")
    void everyRecordingDecodesAndReencodesByteForByte(String file) {
        byte[] raw = Transcripts.read(file);
        List<EslMessage> frames = decode(raw, raw.length);
        assertArrayEquals(raw, encode(frames), file);
        assertTrue(frames.size() >= 2, file);
    }

    /**
     * Fed in tiny pieces, the same frames come out (splits inside header blocks and bodies): one byte at a time up to
     * 64 KiB, 7-byte pieces beyond (the paranoid leak detector makes single bytes of the 360 KB recordings take minutes).
     */
    @ParameterizedTest
    @MethodSource("serverRecordings")
    void everyRecordingDecodesInTinyPieces(String file) {
        byte[] raw = Transcripts.read(file);
        assertArrayEquals(raw, encode(decode(raw, raw.length <= 65_536 ? 1 : 7)), file);
    }

    /**
     * Two-piece splits: at every offset of recordings up to 1,000 bytes, at 20 spread offsets of the larger ones (every
     * offset of those costs minutes with the paranoid leak detector, and the tiny-pieces test covers them anyway).
     */
    @ParameterizedTest
    @MethodSource("serverRecordings")
    void twoPieceSplits(String file) {
        byte[] raw = Transcripts.read(file);
        int step = raw.length <= 1_000 ? 1 : raw.length / 20;
        for (int split = 1; split < raw.length; split += step) {
            EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(raw, 0, split));
            ch.writeInbound(Unpooled.wrappedBuffer(raw, split, raw.length - split));
            List<EslMessage> frames = drain(ch);
            assertArrayEquals(raw, encode(frames), file + " split at " + split);
            assertFalse(ch.finish());
        }
    }

    @Test
    void bodyWithoutTrailingNewlineIsFollowedDirectlyByTheNextFrame() {
        String wire = "Content-Type: api/response\nContent-Length: 1\n\n2Content-Type: command/reply\nReply-Text: +OK bye\n\n";
        List<EslMessage> frames = decode(wire.getBytes(StandardCharsets.UTF_8), 3);
        assertEquals(2, frames.size());
        assertEquals("2", frames.get(0).bodyText());
        assertEquals("+OK bye", frames.get(1).replyText());
    }

    @Test
    void headerValuesKeepColonsAndRepeatedNames() {
        EslHeaders h = EslFrameDecoder.parseHeaderLines("Reply-Text: +OK Job-UUID: abc\nA: 1\nA: 2");
        assertEquals("+OK Job-UUID: abc", h.get("Reply-Text"));
        assertEquals(List.of(Map.entry("Reply-Text", "+OK Job-UUID: abc"), Map.entry("A", "1"), Map.entry("A", "2")), h.entries());
    }

    @Test
    void oversizedHeaderBlockIsRefusedBeforeBuffering() {
        EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder(64, 1024));
        byte[] junk = "X".repeat(100).getBytes(StandardCharsets.UTF_8);
        assertThrows(EslCodecException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(junk)));
        // Everything after a framing error is discarded: the stream cannot be trusted any more.
        ch.writeInbound(Unpooled.copiedBuffer("Content-Type: auth/request\n\n", StandardCharsets.UTF_8));
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void contentLengthOverTheLimitOrNotANumberIsRefused() {
        EmbeddedChannel big = new EmbeddedChannel(new EslFrameDecoder(1024, 10));
        assertThrows(EslCodecException.class, () -> big.writeInbound(
                Unpooled.copiedBuffer("Content-Length: 11\n\n", StandardCharsets.UTF_8)));
        big.finishAndReleaseAll();
        EmbeddedChannel bad = new EmbeddedChannel(new EslFrameDecoder());
        assertThrows(EslCodecException.class, () -> bad.writeInbound(
                Unpooled.copiedBuffer("Content-Length: -1\n\n", StandardCharsets.UTF_8)));
        bad.finishAndReleaseAll();
    }

    @Test
    void commandEncoderWritesLineHeadersAndBlankLine() {
        EmbeddedChannel ch = new EmbeddedChannel(EslCommandEncoder.INSTANCE);
        ch.writeOutbound(new EslCommand("bgapi conference 3000 list",
                EslHeaders.builder().add("Job-UUID", "11111111-2222-3333-4444-555555555555").build()));
        ByteBuf out = ch.readOutbound();
        assertEquals("bgapi conference 3000 list\nJob-UUID: 11111111-2222-3333-4444-555555555555\n\n",
                out.toString(StandardCharsets.UTF_8));
        out.release();
        assertFalse(ch.finish());
    }

    @Test
    void commandsWithLineBreaksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EslCommand.of("api status\n\napi version"));
        assertThrows(IllegalArgumentException.class, () -> new EslCommand("bgapi x",
                EslHeaders.builder().add("Job-UUID", "a\rb").build()));
    }

    static List<EslMessage> decode(byte[] raw, int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(new EslFrameDecoder());
        List<EslMessage> frames = new ArrayList<>();
        for (int pos = 0; pos < raw.length; pos += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(raw, pos, Math.min(chunk, raw.length - pos)));
            frames.addAll(drain(ch));
        }
        assertFalse(ch.finish(), "bytes left over");
        return frames;
    }

    private static List<EslMessage> drain(EmbeddedChannel ch) {
        List<EslMessage> frames = new ArrayList<>();
        EslMessage m;
        while ((m = ch.readInbound()) != null) {
            frames.add(m);
        }
        return frames;
    }

    /** Writes frames back in FreeSWITCH's form: header lines, blank line, body. */
    static byte[] encode(List<EslMessage> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (EslMessage f : frames) {
            for (Map.Entry<String, String> h : f.headers().entries()) {
                out.writeBytes((h.getKey() + ": " + h.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write('\n');
            out.writeBytes(f.body());
        }
        return out.toByteArray();
    }
}
