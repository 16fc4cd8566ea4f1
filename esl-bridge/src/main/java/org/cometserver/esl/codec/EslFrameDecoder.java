package org.cometserver.esl.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits the event-socket byte stream into {@link EslMessage}s. The framing, as mod_event_socket writes it:
 * <pre>
 *   frame   = *( header-line LF ) LF [ body ]
 *   header  = name ": " value          (values of the outer frame are not URL-encoded)
 *   body    = exactly Content-Length bytes, present only when that header is
 * </pre>
 * Bodies do not end with a newline in general ({@code api/response} of {@code json_list}, every {@code text/event-json}
 * body): only {@code Content-Length} says where a frame ends. Stray LFs between frames are skipped.
 * The event body itself ({@code text/event-plain} / {@code text/event-json}) is parsed later by {@link EslEventParser}:
 * this class only frames.
 * <p>
 * Limits are checked before anything is allocated; breaking one, or a malformed {@code Content-Length}, throws
 * {@link EslCodecException} once and then discards all further input (the stream cannot be resynchronised, so the
 * handler closes the connection).
 */
public final class EslFrameDecoder extends ByteToMessageDecoder {

    /** mod_event_socket's header blocks are a few hundred bytes; this leaves room for long {@code Reply-Text}s. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
    /** A {@code json_list} of a large conference is tens of KiB; events with many channel variables up to ~100 KiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final int HARD_MAX_BODY_BYTES = 256 * 1024 * 1024;

    private enum State { READ_HEADERS, READ_BODY, DISCARD }

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private State state = State.READ_HEADERS;
    /** Bytes of the current header block already searched for the terminating blank line. */
    private int scanned;
    private EslHeaders headers;
    private int bodyLength;

    public EslFrameDecoder() {
        this(DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES);
    }

    public EslFrameDecoder(int maxHeaderBytes, int maxBodyBytes) {
        if (maxHeaderBytes < 16) {
            throw new IllegalArgumentException("maxHeaderBytes: " + maxHeaderBytes + " (expected: >= 16)");
        }
        if (maxBodyBytes < 0 || maxBodyBytes > HARD_MAX_BODY_BYTES) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: 0.." + HARD_MAX_BODY_BYTES + ")");
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case READ_HEADERS -> readHeaders(in, out);
            case READ_BODY -> readBody(in, out);
            case DISCARD -> in.skipBytes(in.readableBytes());
        }
    }

    private void readHeaders(ByteBuf in, List<Object> out) {
        if (scanned == 0) {
            while (in.isReadable() && in.getByte(in.readerIndex()) == '\n') {
                in.skipBytes(1);
            }
        }
        int start = in.readerIndex();
        int end = in.writerIndex();
        int blankLine = -1;
        for (int i = start + Math.max(0, scanned - 1); i + 1 < end; i++) {
            if (in.getByte(i) == '\n' && in.getByte(i + 1) == '\n') {
                blankLine = i;
                break;
            }
        }
        if (blankLine < 0) {
            scanned = end - start;
            if (scanned > maxHeaderBytes) {
                fail(in, "header block: more than " + scanned + " bytes (expected: <= " + maxHeaderBytes + ")");
            }
            return;
        }
        if (blankLine - start > maxHeaderBytes) {
            fail(in, "header block: " + (blankLine - start) + " bytes (expected: <= " + maxHeaderBytes + ")");
            return;
        }
        headers = parseHeaderLines(in.toString(start, blankLine - start, StandardCharsets.UTF_8));
        in.readerIndex(blankLine + 2);
        scanned = 0;
        String length = headers.get("Content-Length");
        if (length == null) {
            emit(out, new byte[0]);
            return;
        }
        bodyLength = parseLength(length);
        if (bodyLength < 0) {
            fail(in, "Content-Length: '" + length + "' (expected: 0.." + maxBodyBytes + ")");
            return;
        }
        state = State.READ_BODY;
        readBody(in, out);
    }

    private void readBody(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < bodyLength) {
            return;
        }
        byte[] body = new byte[bodyLength];
        in.readBytes(body);
        emit(out, body);
    }

    private void emit(List<Object> out, byte[] body) {
        out.add(new EslMessage(headers, body));
        headers = null;
        bodyLength = 0;
        state = State.READ_HEADERS;
    }

    private int parseLength(String value) {
        if (value.isEmpty() || value.length() > 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n > maxBodyBytes ? -1 : (int) n;
    }

    private void fail(ByteBuf in, String message) {
        state = State.DISCARD;
        in.skipBytes(in.readableBytes());
        throw new EslCodecException(message);
    }

    /**
     * Parses {@code Name: value} lines. A line without a colon is kept as a name with an empty value rather than
     * rejected: FreeSWITCH never sends one, and a lenient reader loses nothing.
     */
    static EslHeaders parseHeaderLines(String block) {
        EslHeaders.Builder builder = EslHeaders.builder();
        int pos = 0;
        while (pos < block.length()) {
            int eol = block.indexOf('\n', pos);
            if (eol < 0) {
                eol = block.length();
            }
            String line = block.substring(pos, eol);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (!line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    builder.add(line, "");
                } else {
                    int valueStart = colon + 1;
                    if (valueStart < line.length() && line.charAt(valueStart) == ' ') {
                        valueStart++;
                    }
                    builder.add(line.substring(0, colon), line.substring(valueStart));
                }
            }
            pos = eol + 1;
        }
        return builder.build();
    }
}
