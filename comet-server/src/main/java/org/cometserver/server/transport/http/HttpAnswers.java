package org.cometserver.server.transport.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.cometserver.server.hub.CometFrames;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * CppComet's plain-HTTP answers on the {@code [ws]} port (docs/CPPCOMET.md §1.3, recordings in
 * {@code ws-08-http-endpoints}): HTTP/1.1, CORS headers, {@code Connection: close}.
 */
final class HttpAnswers {
    static final String HTML = "text/html; charset=UTF-8";
    static final String JSON = "application/json";
    static final String ICON = "image/x-icon";
    static final String TEXT = "text/plain; charset=utf-8";
    /** Prometheus text exposition format. */
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    /**
     * CppComet redirected {@code /favicon.ico} to http://comet-server.com/favicon.ico, an error in the console of
     * every page used offline or on an intranet; we serve a bundled 16×16 icon.
     */
    private static final byte[] FAVICON = resource("favicon.ico");
    private static final String SERVER = "CppComet Server";
    private static final byte[] LOGO_PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Star.Comet</title>"
            + "<link rel='shortcut icon' href='/favicon.ico' type='image/x-icon'></head>"
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
        // CppComet: labelled text/html; it is JSON, and clients parse the body whatever the label
        return of(HttpResponseStatus.OK, JSON, json.getBytes(StandardCharsets.UTF_8), false);
    }

    /** A JSON answer that must not be cached: health and readiness change from one request to the next. */
    static FullHttpResponse json(HttpResponseStatus status, String json) {
        FullHttpResponse response = of(status, JSON, json.getBytes(StandardCharsets.UTF_8), false);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    /** {@code {"error":<text>}} with {@code status}, as the POST routes answer a refusal. */
    static FullHttpResponse jsonError(HttpResponseStatus status, String text) {
        return json(status, CometFrames.sortedJson(Map.of("error", text)));
    }

    /** 429 for an address {@link org.cometserver.server.auth.LoginThrottle} blocks for {@code blocked} more. */
    static FullHttpResponse loginsBlocked(Duration blocked) {
        return jsonError(HttpResponseStatus.TOO_MANY_REQUESTS, "Too many failed logins, retry in "
                + (blocked.toMillis() + 999) / 1000 + " s");
    }

    /**
     * Runs {@code work} (a store read or write) on {@code executor}, never on the event loop, and hands its answer to
     * {@code answer} back on the channel's event loop; 503 at once when the executor is full.
     */
    static void offLoop(ChannelHandlerContext ctx, Executor executor, Supplier<FullHttpResponse> work,
                        Consumer<FullHttpResponse> answer) {
        offLoopLater(ctx, executor, () -> CompletableFuture.completedFuture(work.get()), answer);
    }

    /**
     * As {@link #offLoop}, for work whose answer comes later (another node's verdict): {@code work} starts on
     * {@code executor} and its answer, whenever it completes, goes to {@code answer} on the channel's event loop.
     */
    static void offLoopLater(ChannelHandlerContext ctx, Executor executor,
                             Supplier<CompletionStage<FullHttpResponse>> work, Consumer<FullHttpResponse> answer) {
        try {
            executor.execute(() -> work.get().thenAccept(response -> ctx.executor().execute(
                    () -> answer.accept(response))));
        } catch (RejectedExecutionException e) {
            answer.accept(jsonError(HttpResponseStatus.SERVICE_UNAVAILABLE, "Server is busy, try again later"));
        }
    }

    static FullHttpResponse options() {
        return of(HttpResponseStatus.OK, HTML, "+OK\n".getBytes(StandardCharsets.US_ASCII), true);
    }

    /** The preflight answer of {@code /calls/reject}: also allows the headers the user presents itself with. */
    static FullHttpResponse callOptions() {
        FullHttpResponse response = options();
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "origin, content-type, accept, "
                + "x-comet-dev-id, x-comet-user-id, x-comet-user-key");
        return response;
    }

    /** The preflight answer of {@code POST /conference/guest}: the page sends the token in a header. */
    static FullHttpResponse guestOptions() {
        FullHttpResponse response = options();
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "origin, content-type, accept, "
                + "x-comet-guest-token, x-comet-guest-profile");
        return response;
    }

    static FullHttpResponse logo(HttpResponseStatus status) {
        return of(status, HTML, LOGO_PAGE, true);
    }

    static FullHttpResponse favicon() {
        return of(HttpResponseStatus.OK, ICON, FAVICON, true);
    }

    private static byte[] resource(String name) {
        try (InputStream in = HttpAnswers.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
