package org.cometserver.xmlcurl.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.ScheduledFuture;
import org.cometserver.xmlcurl.XmlCurlConfig;
import org.cometserver.xmlcurl.directory.DirectoryDocument;
import org.cometserver.xmlcurl.directory.DirectoryRequest;
import org.cometserver.xmlcurl.directory.DirectoryResponder;
import org.cometserver.xmlcurl.spi.DirectoryRequests;
import org.cometserver.xmlcurl.spi.DirectoryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Answers one mod_xml_curl request per connection. Checks run cheapest and least revealing first: client address
 * (403), well-formed HTTP/1.x (400/414/431/505), basic credentials (401), method (405), path (404), parameters
 * (400/415); only then is {@link DirectoryResponder} asked. Its lookup completes off the event loop; the answer is
 * written back on it, or 503 when the lookup fails or outlasts {@link XmlCurlConfig#lookupTimeout()}. Each answer
 * is reported to {@link DirectoryRequests} with its {@link DirectoryResult}.
 */
public final class XmlCurlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(XmlCurlHandler.class);
    // CppComet: §4.4, the directory was also served under this prefix (for a reverse proxy in front of it)
    private static final String CPPCOMET_PATH_PREFIX = "/comet-server-com";
    private static final String BASIC_REALM = "Basic realm=\"comet-server FreeSWITCH directory\"";

    private final XmlCurlConfig config;
    private final AccessPolicy accessPolicy;
    private final DirectoryResponder responder;
    private final DirectoryRequests requests;
    private boolean requestSeen;
    private boolean answered;
    private ScheduledFuture<?> lookupTimer;

    public XmlCurlHandler(XmlCurlConfig config, AccessPolicy accessPolicy, DirectoryResponder responder,
                          DirectoryRequests requests) {
        this.config = config;
        this.accessPolicy = accessPolicy;
        this.responder = responder;
        this.requests = requests;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (requestSeen) {
            // pipelined after the first: the connection closes once the first is answered
            return;
        }
        requestSeen = true;
        ctx.channel().config().setAutoRead(false);
        if (ctx.pipeline().get(ReadTimeoutHandler.class) != null) {
            ctx.pipeline().remove(ReadTimeoutHandler.class);
        }
        try {
            DirectoryRequest directoryRequest = accept(ctx.channel().remoteAddress(), request);
            lookUp(ctx, directoryRequest);
        } catch (BadRequestException e) {
            if (e.status().equals(HttpResponseStatus.FORBIDDEN) || e.status().equals(HttpResponseStatus.UNAUTHORIZED)) {
                // what an operator looks for when FreeSWITCH logs "Received HTTP error 401/403"
                LOG.info("{} {}: {}", ctx.channel().remoteAddress(), e.status().code(), e.getMessage());
            } else {
                LOG.debug("{} {}: {}", ctx.channel().remoteAddress(), e.status().code(), e.getMessage());
            }
            FullHttpResponse response = HttpReplies.error(e.status(), e.getMessage());
            if (e.status().equals(HttpResponseStatus.UNAUTHORIZED)) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, BASIC_REALM);
            } else if (e.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
                response.headers().set(HttpHeaderNames.ALLOW, "GET, POST");
            }
            answer(ctx, response, refusal(e.status()));
        }
    }

    private static DirectoryResult refusal(HttpResponseStatus status) {
        if (status.equals(HttpResponseStatus.FORBIDDEN)) {
            return DirectoryResult.FORBIDDEN;
        }
        return status.equals(HttpResponseStatus.UNAUTHORIZED) ? DirectoryResult.UNAUTHORIZED
                : DirectoryResult.BAD_REQUEST;
    }

    private DirectoryRequest accept(SocketAddress remote, FullHttpRequest request) throws BadRequestException {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null
                || !accessPolicy.allowsAddress(inet.getAddress())) {
            throw new BadRequestException(HttpResponseStatus.FORBIDDEN, "client address not in [freeswitch] allow");
        }
        checkDecoded(request.decoderResult());
        if (request.protocolVersion().majorVersion() != 1) {
            throw new BadRequestException(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    request.protocolVersion() + " (expected HTTP/1.x)");
        }
        if (!accessPolicy.acceptsCredentials(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            throw new BadRequestException(HttpResponseStatus.UNAUTHORIZED, "basic credentials missing or wrong");
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.POST)) {
            throw new BadRequestException(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    request.method() + " (mod_xml_curl sends GET or POST)");
        }
        String path = new QueryStringDecoder(request.uri()).rawPath();
        if (!path.equals(config.path()) && !path.equals(CPPCOMET_PATH_PREFIX + config.path())) {
            throw new BadRequestException(HttpResponseStatus.NOT_FOUND, "no such path (the directory is at "
                    + config.path() + ")");
        }
        return DirectoryRequestParser.parse(request);
    }

    private static void checkDecoded(DecoderResult result) throws BadRequestException {
        if (result.isSuccess()) {
            return;
        }
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpLineException) {
            throw new BadRequestException(HttpResponseStatus.REQUEST_URI_TOO_LONG, cause.getMessage());
        }
        if (cause instanceof TooLongHttpHeaderException) {
            throw new BadRequestException(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, cause.getMessage());
        }
        if (cause instanceof TooLongFrameException) {
            throw new BadRequestException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        }
        throw new BadRequestException(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + cause.getMessage());
    }

    private void lookUp(ChannelHandlerContext ctx, DirectoryRequest request) {
        CompletableFuture<String> document = responder.respond(request);
        if (document.isDone()) {
            finish(ctx, document);
            return;
        }
        lookupTimer = ctx.executor().schedule(() -> {
            LOG.warn("directory lookup of user '{}' took longer than {}: answered 503", request.user(),
                    config.lookupTimeout());
            document.cancel(false);
            answer(ctx, HttpReplies.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "directory lookup timed out"),
                    DirectoryResult.TIMEOUT);
        }, config.lookupTimeout().toNanos(), TimeUnit.NANOSECONDS);
        document.whenComplete((xml, failure) -> ctx.executor().execute(() -> finish(ctx, document)));
    }

    /** Runs on the event loop once the lookup is done. */
    private void finish(ChannelHandlerContext ctx, CompletableFuture<String> document) {
        if (document.isCancelled()) {
            return;
        }
        String xml;
        try {
            xml = document.join();
        } catch (RuntimeException e) {
            LOG.warn("directory lookup failed: answered 503", e.getCause() != null ? e.getCause() : e);
            answer(ctx, HttpReplies.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "directory lookup failed"),
                    DirectoryResult.ERROR);
            return;
        }
        // the responder answers the NOT_FOUND instance itself, so equals ends at its identity test
        answer(ctx, HttpReplies.document(xml),
                DirectoryDocument.NOT_FOUND.equals(xml) ? DirectoryResult.NOT_FOUND : DirectoryResult.FOUND);
    }

    private void answer(ChannelHandlerContext ctx, FullHttpResponse response, DirectoryResult result) {
        if (answered || !ctx.channel().isActive()) {
            response.release();
            return;
        }
        answered = true;
        requests.answered(result);
        if (lookupTimer != null) {
            lookupTimer.cancel(false);
        }
        HttpReplies.sendAndClose(ctx, response);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (lookupTimer != null) {
            lookupTimer.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ReadTimeoutException) {
            LOG.debug("{}: no complete request within {}, closed", ctx.channel().remoteAddress(), config.readTimeout());
        } else if (cause instanceof IOException) {
            LOG.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.error("{}: unexpected failure, connection closed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
