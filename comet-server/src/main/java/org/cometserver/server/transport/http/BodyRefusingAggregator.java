package org.cometserver.server.transport.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates the requests of the {@code [ws]} port, none of which needs a body: a request with one is answered 413 and
 * the connection closed before the body is read (Netty's aggregator would keep a keep-alive connection open and read
 * and drop the body as it comes).
 */
public final class BodyRefusingAggregator extends HttpObjectAggregator {
    private static final Logger log = LoggerFactory.getLogger(BodyRefusingAggregator.class);

    public BodyRefusingAggregator() {
        super(0);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        log.debug("{}: HTTP request with a body refused", ctx.channel());
        ctx.writeAndFlush(HttpAnswers.of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, HttpAnswers.HTML, new byte[0],
                false)).addListener(ChannelFutureListener.CLOSE);
    }
}
