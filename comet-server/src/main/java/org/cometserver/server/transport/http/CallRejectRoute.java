package org.cometserver.server.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.cometserver.server.auth.LoginThrottle;
import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.auth.UserAuthenticator;
import org.cometserver.server.auth.UserAuthenticator.Authorization;
import org.cometserver.server.calls.CallSignal;
import org.cometserver.server.calls.CallSignalException;
import org.cometserver.server.calls.P2pCalls;
import org.cometserver.server.config.WsSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * {@code POST /calls/reject} (docs/CALLS.md, after ConnectyCube's): a user rejects a P2P call without a page open, as
 * a mobile app woken by a push notification does. The body is ConnectyCube's
 * {@code {"recipientId", "sessionID", "platform", "userInfo"}}; the user presents itself with {@code X-Comet-Dev-Id},
 * {@code X-Comet-User-Id} and {@code X-Comet-User-Key} (hash or JWT), checked off the event loop with failures
 * counted per address as the WebSocket logins are. Answers JSON: 200 {@code {}}, 400 malformed, 401 not authorised,
 * 403 Origin not allowed, 404 no such session of the user, 409 refused, 429 address blocked, 503 busy (or, with
 * several nodes, the node holding the session did not answer in time: docs/CALLS.md "Several nodes").
 */
public final class CallRejectRoute {
    private static final Logger log = LoggerFactory.getLogger(CallRejectRoute.class);
    public static final String PATH = "/calls/reject";
    /** Largest body accepted ({@link BodyRefusingAggregator}); larger is 413. */
    public static final int MAX_BODY = 16 * 1024;
    static final String DEV_ID = "X-Comet-Dev-Id";
    static final String USER_ID = "X-Comet-User-Id";
    static final String USER_KEY = "X-Comet-User-Key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final P2pCalls calls;
    private final UserAuthenticator authenticator;
    private final LoginThrottle loginThrottle;
    private final Executor executor;
    private final WsSection ws;
    private final int devIndexSize;

    /** @param executor runs the key check (a store read), as the WebSocket logins do */
    public CallRejectRoute(P2pCalls calls, UserAuthenticator authenticator, LoginThrottle loginThrottle,
                           Executor executor, WsSection ws, int devIndexSize) {
        this.calls = calls;
        this.authenticator = authenticator;
        this.loginThrottle = loginThrottle;
        this.executor = executor;
        this.ws = ws;
        this.devIndexSize = devIndexSize;
    }

    /** The request's answer goes to {@code answer} on the event loop; the request may be released on return. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, Consumer<FullHttpResponse> answer) {
        HttpHeaders headers = request.headers();
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin != null && !ws.allowsOrigin(origin)) {
            answer.accept(HttpAnswers.jsonError(HttpResponseStatus.FORBIDDEN, "Origin " + origin + " is not allowed"));
            return;
        }
        long devId = number(headers.get(DEV_ID), 0);
        long userId = number(headers.get(USER_ID), 0);
        String key = headers.get(USER_KEY, "").strip();
        if (devId < 0 || devId >= devIndexSize || userId < 0) {
            answer.accept(HttpAnswers.jsonError(HttpResponseStatus.BAD_REQUEST, DEV_ID + " and " + USER_ID
                    + " must be numbers (dev_id below [main] dev_index_size)"));
            return;
        }
        if (!UserAuthenticator.presentsKey(userId, key)) {
            answer.accept(HttpAnswers.jsonError(HttpResponseStatus.UNAUTHORIZED, "The user presents itself with "
                    + USER_ID + " and " + USER_KEY + " (its hash or JWT)"));
            return;
        }
        CallSignal reject;
        try {
            reject = CallSignal.parse(signal(request.content().toString(StandardCharsets.UTF_8)));
        } catch (CallSignalException e) {
            answer.accept(HttpAnswers.jsonError(HttpResponseStatus.BAD_REQUEST, e.getMessage()));
            return;
        }
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        HttpAnswers.offLoopLater(ctx, executor, () -> rejectAs(address, (int) devId, userId, key, reject), answer);
    }

    /**
     * On the executor: the key check, then the reject; its answer may come later, from the node owning the session
     * (the same status as on that node, 503 when it did not answer in time).
     */
    private CompletableFuture<FullHttpResponse> rejectAs(InetAddress address, int devId, long userId, String key,
                                                         CallSignal reject) {
        Duration blocked = loginThrottle.blockedFor(address);
        if (!blocked.isZero()) {
            return CompletableFuture.completedFuture(HttpAnswers.loginsBlocked(blocked));
        }
        try {
            Authorization authorization = authenticator.authorize(devId, userId, key);
            if (!authorization.authorized()) {
                loginThrottle.failed(address, "http", "user " + userId);
                return CompletableFuture.completedFuture(HttpAnswers.jsonError(HttpResponseStatus.UNAUTHORIZED,
                        "The key is not the user's hash or JWT"));
            }
            loginThrottle.succeeded(address);
            return calls.reject(devId, userId, reject).handle((taken, failure) -> failure == null
                    ? HttpAnswers.json(HttpResponseStatus.OK, "{}")
                    : refused(failure instanceof CompletionException ? failure.getCause() : failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(refused(e));
        }
    }

    private static FullHttpResponse refused(Throwable failure) {
        if (failure instanceof CallSignalException e) {
            return HttpAnswers.jsonError(switch (e.kind()) {
                case INVALID -> HttpResponseStatus.BAD_REQUEST;
                case UNKNOWN_SESSION -> HttpResponseStatus.NOT_FOUND;
                case REFUSED -> HttpResponseStatus.CONFLICT;
            }, e.getMessage());
        }
        if (failure instanceof BrokerUnavailableException e) {
            log.warn("POST {}: {}", PATH, e.getMessage());
            return HttpAnswers.jsonError(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        log.warn("POST {} failed: {}", PATH, failure.toString());
        return HttpAnswers.jsonError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error");
    }

    /** ConnectyCube's body as a {@code reject} signal addressed to {@code recipientId}. */
    private static String signal(String body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            tree = null;
        }
        if (tree == null || !tree.isObject()) {
            throw new CallSignalException("The body must be a JSON object {recipientId, sessionID, platform, userInfo}",
                    "", "reject");
        }
        if (!tree.hasNonNull("recipientId")) {
            throw new CallSignalException("recipientId is missing", "", "reject");
        }
        ObjectNode signal = JSON.createObjectNode();
        signal.put("signalType", "reject");
        signal.set("sessionID", tree.get("sessionID"));
        signal.set("to", tree.get("recipientId"));
        for (String field : new String[] {"platform", "userInfo"}) {
            if (tree.has(field)) {
                signal.set(field, tree.get(field));
            }
        }
        return signal.toString();
    }

    /** The header's number; {@code absent} without it, -1 when it is not a number. */
    private static long number(String header, long absent) {
        if (header == null || header.isBlank()) {
            return absent;
        }
        String text = header.strip();
        return text.matches("[0-9]{1,18}") ? Long.parseLong(text) : -1;
    }

}
