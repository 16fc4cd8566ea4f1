package org.cometserver.xmlcurl.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * Every answer of the endpoint: one response, then the connection is closed (one request per connection, as
 * CppComet and as mod_xml_curl uses it: it opens a connection per lookup).
 */
final class HttpReplies {
    /** What FreeSWITCH was answered in the recordings; mod_xml_curl does not look at it. */
    static final String XML = "text/xml";
    private static final String TEXT = "text/plain; charset=UTF-8";

    private HttpReplies() {
    }

    static FullHttpResponse document(String xml) {
        return response(HttpResponseStatus.OK, XML, xml);
    }

    /** An error with its reason as a one-line text body, so that curl and logs show why. */
    static FullHttpResponse error(HttpResponseStatus status, String reason) {
        return response(status, TEXT, status + ": " + reason + "\n");
    }

    static void sendAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
