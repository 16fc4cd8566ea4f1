package org.cometserver.server.transport.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates the requests of the {@code [ws]} port, none of which needs a body but {@code POST /calls/reject}'s (up to
 * {@link CallRejectRoute#MAX_BODY}): any other request with one, and a larger one, is answered 413 and the connection
 * closed before the body is read (Netty's aggregator would keep a keep-alive connection open and read and drop the
 * body as it comes).
 */
public final class BodyRefusingAggregator extends HttpObjectAggregator {
    private static final Logger log = LoggerFactory.getLogger(BodyRefusingAggregator.class);

    public BodyRefusingAggregator() {
        super(CallRejectRoute.MAX_BODY);
    }

    /** Whether the request may have a body: {@code POST /calls/reject}. */
    static boolean takesBody(HttpRequest request) {
        return request.method().equals(HttpMethod.POST)
                && HttpRouteHandler.pathOf(request.uri()).equals(CallRejectRoute.PATH);
    }

    @Override
    protected boolean isContentLengthInvalid(HttpMessage start, int maxContentLength) {
        if (start instanceof HttpRequest request && takesBody(request)) {
            return super.isContentLengthInvalid(start, maxContentLength);
        }
        try {
            return HttpUtil.getContentLength(start, 0L) > 0 || HttpUtil.isTransferEncodingChunked(start);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        log.debug("{}: HTTP request with a body refused", ctx.channel());
        ctx.writeAndFlush(HttpAnswers.of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, HttpAnswers.HTML, new byte[0],
                false)).addListener(ChannelFutureListener.CLOSE);
    }
}
