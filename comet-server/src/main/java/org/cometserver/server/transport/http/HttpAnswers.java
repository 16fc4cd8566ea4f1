package org.cometserver.server.transport.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * CppComet's plain-HTTP answers on the {@code [ws]} port (cppcomet-protocol.md §1.3, recordings in
 * {@code ws-08-http-endpoints}): HTTP/1.1, CORS headers, {@code Connection: close}.
 */
final class HttpAnswers {
    static final String HTML = "text/html; charset=UTF-8";
    /** CppComet: the favicon request is redirected here with the odd status line {@code 301 OK}. */
    static final String FAVICON = "http://comet-server.com/favicon.ico";
    private static final String SERVER = "CppComet Server";
    private static final byte[] LOGO_PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Star.Comet</title>"
            + "<link rel='shortcut icon' href='https://comet-server.com/favicon.ico' type='image/x-icon'></head>"
            + "<body><div style='font-size: 30px; font-weight: bold;'>CppComet community 4.09 (AGPL license)</div>"
            + "For more information, see <a href='http://comet-server.com' target='_blank'>comet-server.com</a>"
            + "</body></html>").getBytes(StandardCharsets.UTF_8);

    private HttpAnswers() {
    }

    static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body, boolean cached) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.set(HttpHeaderNames.SERVER, SERVER);
        headers.set("Comet-Server", SERVER);
        // CppComet: its header had 4 trailing spaces after the '*'; clients trim them, so we do not copy them
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST, GET");
        headers.set(HttpHeaderNames.ALLOW, "POST, GET");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "origin, content-type, accept");
        if (cached) {
            headers.set(HttpHeaderNames.CACHE_CONTROL, "max-age=3600");
        }
        headers.set(HttpHeaderNames.CONNECTION, "close");
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    /** {@code {"status":"ok","node":"<node_name, first 10 chars, padded with _ to 10>"}}. */
    static FullHttpResponse info(String nodeName) {
        StringBuilder node = new StringBuilder(nodeName.length() > 10 ? nodeName.substring(0, 10) : nodeName);
        while (node.length() < 10) {
            node.append('_');
        }
        String json = "{\"status\":\"ok\",\"node\":\"" + node.toString().replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}";
        return of(HttpResponseStatus.OK, HTML, json.getBytes(StandardCharsets.UTF_8), false);
    }

    static FullHttpResponse options() {
        return of(HttpResponseStatus.OK, HTML, "+OK\n".getBytes(StandardCharsets.US_ASCII), true);
    }

    static FullHttpResponse logo(HttpResponseStatus status) {
        return of(status, HTML, LOGO_PAGE, true);
    }

    static FullHttpResponse favicon() {
        FullHttpResponse response = of(new HttpResponseStatus(301, "OK"), HTML, new byte[0], true);
        response.headers().set(HttpHeaderNames.LOCATION, FAVICON);
        return response;
    }
}
