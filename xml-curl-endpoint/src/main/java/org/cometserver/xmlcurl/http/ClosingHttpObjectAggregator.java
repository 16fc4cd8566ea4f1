package org.cometserver.xmlcurl.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.cometserver.xmlcurl.spi.DirectoryRequests;
import org.cometserver.xmlcurl.spi.DirectoryResult;

/**
 * Netty's aggregator, but an oversized request is always answered 413 and the connection closed. The stock one keeps
 * a keep-alive connection (every mod_xml_curl request is one) open and discards the body, which leaves a client that
 * keeps sending tied up until the read timeout.
 */
final class ClosingHttpObjectAggregator extends HttpObjectAggregator {
    private final DirectoryRequests requests;

    ClosingHttpObjectAggregator(int maxContentLength, DirectoryRequests requests) {
        super(maxContentLength);
        this.requests = requests;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        requests.answered(DirectoryResult.BAD_REQUEST);
        HttpReplies.sendAndClose(ctx, HttpReplies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "body longer than " + maxContentLength() + " bytes"));
    }
}
