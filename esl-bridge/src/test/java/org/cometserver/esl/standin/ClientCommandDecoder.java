package org.cometserver.esl.standin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import org.cometserver.esl.codec.EslHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads client commands as mod_event_socket does: lines up to a blank line; the first is the command, the rest are
 * {@code Name: value} headers. Blank lines between commands are skipped.
 */
final class ClientCommandDecoder extends ByteToMessageDecoder {

    private static final int MAX_COMMAND_BYTES = 64 * 1024;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable() && in.getByte(in.readerIndex()) == '\n') {
            in.skipBytes(1);
        }
        int start = in.readerIndex();
        for (int i = start; i + 1 < in.writerIndex(); i++) {
            if (in.getByte(i) == '\n' && in.getByte(i + 1) == '\n') {
                String block = in.toString(start, i - start, StandardCharsets.UTF_8);
                in.readerIndex(i + 2);
                String[] lines = block.split("\n");
                EslHeaders.Builder headers = EslHeaders.builder();
                for (int l = 1; l < lines.length; l++) {
                    int colon = lines[l].indexOf(':');
                    if (colon > 0) {
                        headers.add(lines[l].substring(0, colon), lines[l].substring(colon + 1).trim());
                    }
                }
                out.add(new ClientCommand(lines[0].strip(), headers.build()));
                return;
            }
        }
        if (in.readableBytes() > MAX_COMMAND_BYTES) {
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("command longer than " + MAX_COMMAND_BYTES + " bytes");
        }
    }
}
