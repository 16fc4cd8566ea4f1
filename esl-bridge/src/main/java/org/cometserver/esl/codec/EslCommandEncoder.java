package org.cometserver.esl.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes an {@link EslCommand} as {@code line LF *(name ": " value LF) LF}. Stateless, so one instance serves all. */
@ChannelHandler.Sharable
public final class EslCommandEncoder extends MessageToByteEncoder<EslCommand> {

    public static final EslCommandEncoder INSTANCE = new EslCommandEncoder();

    private EslCommandEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, EslCommand command, ByteBuf out) {
        out.writeCharSequence(command.line(), StandardCharsets.UTF_8);
        out.writeByte('\n');
        for (Map.Entry<String, String> h : command.headers().entries()) {
            out.writeCharSequence(h.getKey(), StandardCharsets.UTF_8);
            out.writeByte(':').writeByte(' ');
            out.writeCharSequence(h.getValue(), StandardCharsets.UTF_8);
            out.writeByte('\n');
        }
        out.writeByte('\n');
    }
}
