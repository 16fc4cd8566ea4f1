package org.cometserver.server.transport.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.AttributeKey;
import org.cometserver.server.auth.UserAuthenticator;
import org.cometserver.server.auth.UserAuthenticator.Authorization;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.transport.HandshakeCompleted;
import org.cometserver.server.transport.http.HttpRouteHandler;
import org.cometserver.server.transport.ws.command.SubscriptionCommand;
import org.cometserver.server.transport.ws.command.WsCommandTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The upgraded connection (docs/CPPCOMET.md §3.1): on {@link HandshakeComplete} parses CppComet's URL, checks the
 * Origin and logs a user presenting a key in off the event loop (an anonymous connection needs no lookup); then
 * registers the {@link WsSession} with the hub, greets with {@code serverInfo}, replays the user's queued private
 * messages ({@link QueueReceipts}) and runs client commands. Commands that arrive during a login wait (reading is
 * paused meanwhile).
 */
public final class WsFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(WsFrameHandler.class);
    /** Frames decoded from the bytes already read when reading was paused for the login. */
    static final int MAX_PENDING_COMMANDS = 64;
    static final int FORBIDDEN_ORIGIN = 423;
    /** Where {@link WebSocketServerProtocolHandler} keeps the handshaker (its own key, looked up by name). */
    private static final AttributeKey<WebSocketServerHandshaker> HANDSHAKER =
            AttributeKey.valueOf(WebSocketServerHandshaker.class, "HANDSHAKER");

    private final WsServices services;
    private final WsCommandTable commands;
    /** Commands that arrived during the login; created only then (an idle connection should cost little). */
    private ArrayDeque<String> pending;
    /** The fragmented message being joined, if any. */
    private WsFragments fragments;
    private WsSession session;
    private boolean registered;

    public WsFrameHandler(WsServices services, WsCommandTable commands) {
        this.services = services;
        this.commands = commands;
    }

    @Override
    @SuppressWarnings("deprecation") // getAndRemove: an attribute set to null would stay on every connection (issue #13)
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HandshakeComplete handshake) {
            // from the head, so that handlers in front of this one (the connection guard) learn it too
            ctx.pipeline().fireUserEventTriggered(HandshakeCompleted.INSTANCE);
            if (ctx.pipeline().get(HttpRouteHandler.class) != null) {
                ctx.pipeline().remove(HttpRouteHandler.class);
            }
            // From here on Netty's protocol handler would only answer pings and closes, which channelRead0 does; it
            // and the handshaker it keeps (the request URI, subprotocols) would cost every idle connection ~400 bytes
            // and every write a pass through one more outbound handler.
            ctx.pipeline().remove(WebSocketServerProtocolHandler.class);
            ctx.channel().attr(HANDSHAKER).getAndRemove();
            started(ctx, handshake.requestUri(), handshake.requestHeaders());
        } else if (event == Disconnect.EXPIRED) {
            // [ws] maxUptime: a browser gets the restart code, so CppComet's and our JS clients reconnect
            if (session != null) {
                session.close(Disconnect.EXPIRED);
            } else {
                ctx.close();
            }
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    private void started(ChannelHandlerContext ctx, String uri, HttpHeaders headers) {
        WsUrl url;
        try {
            url = WsUrl.parse(uri, services.main().devIndexSize());
        } catch (WsUrl.Invalid e) {
            log.debug("{}: refused URL {}: {}", ctx.channel(), uri, e.getMessage());
            WsUrl unknown = new WsUrl("", 0, 0, e.majorVersion(), "");
            newSession(ctx, unknown, Authorization.ANONYMOUS, headers)
                    .writeAndClose(WsFrames.closingError(e.getMessage(), e.code(), services.now()),
                            Disconnect.BAD_REQUEST);
            return;
        }
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (!services.ws().allowsOrigin(origin)) {
            newSession(ctx, url, Authorization.ANONYMOUS, headers).writeAndClose(WsFrames.closingError(
                    "Error code 423(Origin " + origin + " is not allowed)", FORBIDDEN_ORIGIN, services.now()),
                    Disconnect.BAD_REQUEST);
            return;
        }
        if (!UserAuthenticator.presentsKey(url.userId(), url.session())) {
            // nothing to look up: greeted at once, without the store executor's hop (issue #9)
            loggedIn(ctx, url, headers, Login.ANONYMOUS);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        try {
            services.storeExecutor().execute(() -> login(ctx, url, headers));
        } catch (RejectedExecutionException e) {
            log.warn("{}: login refused, store executor full", ctx.channel());
            ctx.close();
        }
    }

    /** A login with a key; runs on the store executor, continues on the event loop. */
    private void login(ChannelHandlerContext ctx, WsUrl url, HttpHeaders headers) {
        InetAddress address = remoteAddress(ctx);
        Duration blocked = services.loginThrottle().blockedFor(address);
        if (!blocked.isZero()) {
            ctx.executor().execute(() -> refuseBlocked(ctx, url, headers, blocked));
            return;
        }
        Login login;
        try {
            Authorization authorization = services.authenticator().authorize(url.devId(), url.userId(),
                    url.session());
            if (authorization.authorized()) {
                services.loginThrottle().succeeded(address);
            } else if (authorization.keyRefused()) {
                services.loginThrottle().failed(address, "ws", "user " + url.userId());
            }
            List<ReplayedMessage> queued = authorization.authorized()
                    ? ReplayedMessage.of(services.store().messageQueue().since(url.devId(), url.userId(), 0,
                    services.now()))
                    : List.of();
            login = new Login(authorization, queued);
        } catch (RuntimeException e) {
            log.warn("{}: login failed: {}", ctx.channel(), e.toString());
            ctx.close();
            return;
        }
        ctx.executor().execute(() -> {
            if (ctx.channel().isActive()) {
                loggedIn(ctx, url, headers, login);
            }
        });
    }

    private record Login(Authorization authorization, List<ReplayedMessage> queued) {
        static final Login ANONYMOUS = new Login(Authorization.ANONYMOUS, List.of());
    }

    /** The address failed too many logins: its key is not even checked. */
    private void refuseBlocked(ChannelHandlerContext ctx, WsUrl url, HttpHeaders headers, Duration blocked) {
        long seconds = (blocked.toMillis() + 999) / 1000;
        log.debug("{}: login of user {} refused, address blocked for {} s", ctx.channel(), url.userId(), seconds);
        newSession(ctx, url, Authorization.ANONYMOUS, headers).writeAndClose(WsFrames.closingError(
                "Too many failed logins, retry in " + seconds + " s", Disconnect.LOGIN_BLOCKED.code(), services.now()),
                Disconnect.LOGIN_BLOCKED);
    }

    private void loggedIn(ChannelHandlerContext ctx, WsUrl url, HttpHeaders headers, Login login) {
        session = newSession(ctx, url, login.authorization(), headers);
        if (!services.hub().connect(url.devId(), session)) {
            session.writeAndClose(WsFrames.closingError("Too many connections of this user (at most "
                    + Hub.MAX_CONNECTIONS_PER_USER + ")", Disconnect.TOO_MANY_CONNECTIONS.code(), services.now()),
                    Disconnect.TOO_MANY_CONNECTIONS);
            return;
        }
        registered = true;
        // frames published to the session from now on are queued behind these: this task runs on its event loop
        session.writeAndFlush(WsFrames.serverInfo(session.authorized(), session.hash(), services.now()));
        if (session.authorized()) {
            session.replayQueue(login.queued());
            catchUp(login.queued().isEmpty() ? 0 : login.queued().get(login.queued().size() - 1).seq());
        }
        while (pending != null && !pending.isEmpty() && !session.isClosing()) {
            commands.execute(session, pending.poll());
        }
        ctx.channel().config().setAutoRead(true);
    }

    /**
     * Messages queued between the login's read and the registration would otherwise wait for the next login. Every
     * queued message is replayed (CppComet replayed 10 and dropped the rest, §3.6).
     */
    private void catchUp(long afterSeq) {
        WsSession user = session;
        user.offLoop(() -> ReplayedMessage.of(services.store().messageQueue().since(user.devId(), user.userId(),
                afterSeq, services.now())), user::replayQueue);
    }

    private WsSession newSession(ChannelHandlerContext ctx, WsUrl url, Authorization authorization,
                                 HttpHeaders headers) {
        return new WsSession(ctx.channel(), services, url, authorization.authorized(), authorization.hash(),
                new WsSession.ClientHeaders(shared(headers, HttpHeaderNames.USER_AGENT),
                        shared(headers, HttpHeaderNames.ORIGIN), shared(headers, HttpHeaderNames.ACCEPT_LANGUAGE)));
    }

    /**
     * A header's value as one copy shared by every connection sending it: a site's pages have one origin and a few
     * browsers, so an idle connection need not keep its own (issue #13: 56 bytes and more each). Interned strings are
     * dropped by the JVM once no connection holds them; a value is at most {@link WsChannelInitializer#MAX_HEADERS}.
     */
    private static String shared(HttpHeaders headers, CharSequence name) {
        return headers.get(name, "").intern();
    }

    private static InetAddress remoteAddress(ChannelHandlerContext ctx) {
        return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            return;
        }
        if (frame instanceof PongWebSocketFrame && session != null) {
            session.pongReceived(frame.content());
            return;
        }
        if (frame instanceof CloseWebSocketFrame close) {
            closeReceived(ctx, close);
            return;
        }
        if (frame instanceof ContinuationWebSocketFrame) {
            continued(ctx, frame);
            return;
        }
        boolean text = frame instanceof TextWebSocketFrame;
        // CppComet: a binary frame carries a command too (it then closed the connection; we keep it)
        if (!text && !(frame instanceof BinaryWebSocketFrame)) {
            return;
        }
        if (!frame.isFinalFragment()) {
            fragments = new WsFragments(ctx.alloc(), text, services.main().maxMessageSize());
            continued(ctx, frame);
            return;
        }
        message(ctx, frame.content(), text);
    }

    /** A fragment of the message being joined (Netty's decoder lets no continuation through outside one). */
    private void continued(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!fragments.add(frame.content())) {
            // the connection stays: its remaining fragments are dropped, as Netty's aggregator did
            tooLong(ctx);
        }
        if (!frame.isFinalFragment()) {
            return;
        }
        WsFragments complete = fragments;
        fragments = null;
        ByteBuf joined = complete.take();
        if (joined != null) {
            try {
                message(ctx, joined, complete.text());
            } finally {
                joined.release();
            }
        }
    }

    /** A whole message; UTF-8 is checked here, once per message, rather than by a validator on every connection. */
    private void message(ChannelHandlerContext ctx, ByteBuf content, boolean text) {
        if (content.readableBytes() > services.main().maxMessageSize()) {
            tooLong(ctx);
            return;
        }
        if (text && !ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
            closeForBadFrame(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "text message is not UTF-8");
            return;
        }
        String command = content.toString(StandardCharsets.UTF_8);
        if (registered) {
            commands.execute(session, command);
        } else if (pending == null || pending.size() < MAX_PENDING_COMMANDS) {
            if (pending == null) {
                pending = new ArrayDeque<>();
            }
            pending.add(command);
        } else {
            ctx.close();
        }
    }

    /** RFC 6455 §7.1.7: fail the connection with {@code status} (a Close frame, then the TCP close). */
    private void closeForBadFrame(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        log.debug("{}: bad frame: {}", ctx.channel(), reason);
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * RFC 6455 §5.5.1: echo the close, then end the TCP connection (unless our own close is under way). A code no
     * endpoint may send (§7.4) is answered with 1002.
     */
    private void closeReceived(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        if (session != null && session.isClosing()) {
            return;
        }
        WebSocketFrame answer = close.retainedDuplicate();
        if (!mayBeSent(close.statusCode())) {
            log.debug("{}: invalid close code {}", ctx.channel(), close.statusCode());
            answer.release();
            answer = new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR);
        }
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * RFC 6455 §7.4: no code (-1), the defined and IANA-registered codes, 3000–4999. Netty's own check, applied by its
     * decoder, lets every code from 3000 up through.
     */
    private static boolean mayBeSent(int closeCode) {
        return closeCode == -1 || closeCode >= 1000 && closeCode <= 1003 || closeCode >= 1007 && closeCode <= 1014
                || closeCode >= 3000 && closeCode <= 4999;
    }

    private void tooLong(ChannelHandlerContext ctx) {
        EncodedFrame error = WsFrames.error("Message is too long",
                Map.of("max_message_size", services.main().maxMessageSize()), services.now());
        if (session != null) {
            session.write(error);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        dropFragments();
        if (registered) {
            unregister();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropFragments();
    }

    /** The peer went away between the fragments of a message: nothing to report. */
    private void dropFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }

    private void unregister() {
        registered = false;
        SubscriptionCommand.leaveAll(session);
        services.hub().disconnect(session);
        if (services.calls() != null) {
            // after the hub, so that the hang-ups this causes are not offered to the closed connection
            services.calls().disconnected(session);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            if (session != null && corrupted.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG) {
                tooLong(ctx);
            }
            closeForBadFrame(ctx, corrupted.closeStatus(), cause.getMessage());
        } else if (cause instanceof ClosedChannelException) {
            // frames written with the void promise after the close (a cut-off slow reader) fail here: nothing to do
            log.debug("{}: write after close", ctx.channel());
        } else {
            log.warn("{}: closing after unexpected error", ctx.channel(), cause);
            ctx.close();
        }
    }
}
