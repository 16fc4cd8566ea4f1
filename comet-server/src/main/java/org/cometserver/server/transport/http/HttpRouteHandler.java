package org.cometserver.server.transport.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.health.Readiness;
import org.cometserver.server.metrics.CometMetrics;
import org.cometserver.xmlcurl.http.CidrBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The plain-HTTP routes of the {@code [ws]} port (docs/CPPCOMET.md §1.3): {@code /info}, {@code OPTIONS},
 * {@code /favicon.ico}, the logo page, {@code /health}, {@code /ready} and {@code /metrics} (beyond CppComet, for
 * load balancers, orchestrators and Prometheus), our JS client under {@code /js/}, static files from {@code [main] base_dir},
 * {@code POST /calls/reject} (P2P calls, {@link CallRejectRoute}), {@code POST /conference/guest} (guest passes,
 * {@link GuestJoinRoute}), and the logo page with 404 for anything else (other
 * POSTs included: CppComet 4.x has no long polling). WebSocket paths
 * ({@code /ws/}, {@code //ws/}, an optional {@code /comet-server} prefix) go on to the handshake. Every answer closes
 * the connection. Shared by all connections; the WebSocket handler removes it after the upgrade.
 */
@Sharable
public final class HttpRouteHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRouteHandler.class);
    static final String PREFIX = "/comet-server";

    private final String nodeName;
    private final StaticFiles files;
    private final Executor fileExecutor;
    private final Readiness readiness;
    private final CometMetrics metrics;
    private final List<CidrBlock> metricsAllowed;
    /** Null without P2P calls: the path is then 404 like any other POST. */
    private final CallRejectRoute callReject;
    /** Null without a FreeSWITCH node: the path is then 404 like any other POST. */
    private final GuestJoinRoute guestJoin;

    public HttpRouteHandler(CometConfig config, Executor fileExecutor, Readiness readiness, CometMetrics metrics) {
        this(config, fileExecutor, readiness, metrics, null, null);
    }

    /**
     * @param fileExecutor reads {@code base_dir} files off the event loop, and runs {@code /metrics} scrapes
     * @param readiness    answers {@code /ready} from cached state, so on the event loop
     * @param metrics      answers {@code /metrics}; null when {@code [metrics] enabled = false}
     * @param callReject   answers {@code POST /calls/reject}; null leaves it 404
     * @param guestJoin    answers {@code POST /conference/guest}; null leaves it 404
     */
    public HttpRouteHandler(CometConfig config, Executor fileExecutor, Readiness readiness, CometMetrics metrics,
                            CallRejectRoute callReject, GuestJoinRoute guestJoin) {
        super(false);
        this.callReject = callReject;
        this.guestJoin = guestJoin;
        this.readiness = readiness;
        this.metrics = metrics;
        this.metricsAllowed = config.metrics().allowedBlocks();
        this.nodeName = config.main().nodeName();
        this.files = new StaticFiles(config.main().baseDir(), config.contentTypes());
        this.fileExecutor = fileExecutor;
    }

    /** Whether the request path is CppComet's WebSocket endpoint. */
    public static boolean isWebSocketPath(String uri) {
        String path = uri.startsWith("//") ? uri.substring(1) : uri;
        if (path.startsWith(PREFIX + "/")) {
            path = path.substring(PREFIX.length());
        }
        return path.startsWith("/ws/");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            log.debug("{}: bad HTTP request: {}", ctx.channel(), cause.getMessage());
            request.release();
            answer(ctx, HttpAnswers.of(statusOf(cause), HttpAnswers.HTML, new byte[0], false));
            return;
        }
        if (isWebSocketPath(request.uri())) {
            if (request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                ctx.fireChannelRead(request);
            } else {
                // CppComet: a WebSocket path without the upgrade headers is closed without an answer
                request.release();
                ctx.close();
            }
            return;
        }
        try {
            route(ctx, request);
        } finally {
            request.release();
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = pathOf(request.uri());
        if (request.method().equals(HttpMethod.OPTIONS)) {
            // a page's POST /calls/reject sends our headers: its preflight must allow them
            answer(ctx, callReject != null && path.equals(CallRejectRoute.PATH) ? HttpAnswers.callOptions()
                    : guestJoin != null && path.equals(GuestJoinRoute.PATH) ? HttpAnswers.guestOptions()
                    : HttpAnswers.options());
            return;
        }
        if (callReject != null && request.method().equals(HttpMethod.POST) && path.equals(CallRejectRoute.PATH)) {
            callReject.handle(ctx, request, response -> answer(ctx, response));
        } else if (guestJoin != null && request.method().equals(HttpMethod.POST) && path.equals(GuestJoinRoute.PATH)) {
            guestJoin.handle(ctx, request, response -> answer(ctx, response));
        } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            answer(ctx, HttpAnswers.logo(HttpResponseStatus.NOT_FOUND));
        } else if (path.equals("/info")) {
            answer(ctx, HttpAnswers.info(nodeName));
        } else if (path.equals("/health")) {
            // live: this answer comes from an event loop of a running process, which is all liveness means
            answer(ctx, HttpAnswers.json(HttpResponseStatus.OK, "{\"status\":\"UP\"}"));
        } else if (path.equals("/ready")) {
            Readiness.Report report = readiness.check();
            answer(ctx, HttpAnswers.json(report.ready() ? HttpResponseStatus.OK
                    : HttpResponseStatus.SERVICE_UNAVAILABLE, report.toJson()));
        } else if (path.equals("/metrics") && metrics != null) {
            scrape(ctx);
        } else if (path.equals("/favicon.ico")) {
            answer(ctx, HttpAnswers.favicon());
        } else if (path.equals("/")) {
            answer(ctx, HttpAnswers.logo(HttpResponseStatus.OK));
        } else if (path.startsWith(StaticFiles.JS_PREFIX) && files.jsClient(path).isPresent()) {
            StaticFiles.StaticFile file = files.jsClient(path).get();
            answer(ctx, HttpAnswers.of(HttpResponseStatus.OK, file.contentType(), file.body(), true));
        } else if (files.servesBaseDir()) {
            readFile(ctx, path);
        } else {
            answer(ctx, HttpAnswers.logo(HttpResponseStatus.NOT_FOUND));
        }
    }

    private void readFile(ChannelHandlerContext ctx, String path) {
        try {
            fileExecutor.execute(() -> {
                FullHttpResponse response = files.read(path)
                        .map(f -> HttpAnswers.of(HttpResponseStatus.OK, f.contentType(), f.body(), true))
                        .orElseGet(() -> HttpAnswers.logo(HttpResponseStatus.NOT_FOUND));
                ctx.executor().execute(() -> answer(ctx, response));
            });
        } catch (RejectedExecutionException e) {
            log.warn("static file {} not served: executor full", path);
            answer(ctx, HttpAnswers.of(HttpResponseStatus.SERVICE_UNAVAILABLE, HttpAnswers.HTML, new byte[0], false));
        }
    }

    private void scrape(ChannelHandlerContext ctx) {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)
                || metricsAllowed.stream().noneMatch(block -> block.contains(remote.getAddress()))) {
            answer(ctx, HttpAnswers.of(HttpResponseStatus.FORBIDDEN, HttpAnswers.TEXT,
                    "not in [metrics] allow\n".getBytes(StandardCharsets.US_ASCII), false));
            return;
        }
        try {
            // a scrape reads every JVM figure: not on the event loop
            fileExecutor.execute(() -> {
                byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
                ctx.executor().execute(() -> answer(ctx, HttpAnswers.of(HttpResponseStatus.OK,
                        HttpAnswers.PROMETHEUS, body, false)));
            });
        } catch (RejectedExecutionException e) {
            answer(ctx, HttpAnswers.of(HttpResponseStatus.SERVICE_UNAVAILABLE, HttpAnswers.HTML, new byte[0], false));
        }
    }

    /** A request line or headers over the decoder's limits, or anything else it could not parse. */
    private static HttpResponseStatus statusOf(Throwable decoderFailure) {
        if (decoderFailure instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (decoderFailure instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    /** The path without query and without the optional {@code /comet-server} prefix. */
    static String pathOf(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (path.equals(PREFIX) || path.startsWith(PREFIX + "/")) {
            path = path.substring(PREFIX.length());
        }
        return path.isEmpty() ? "/" : path;
    }

    private static void answer(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: HTTP error: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
