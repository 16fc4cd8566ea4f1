package org.cometserver.server.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.cometserver.server.auth.LoginThrottle;
import org.cometserver.server.config.WsSection;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.logging.RateLimitedLog;
import org.cometserver.server.wiring.GuestJoins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * {@code POST /conference/guest} (docs/GUESTS.md): a page redeems a guest pass, presenting its token in
 * {@code X-Comet-Guest-Token} (and optionally the conference profile in {@code X-Comet-Guest-Profile}); no body.
 * Answers JSON: 200 with the join data ({@link GuestJoins#redeem}), 400 malformed, 403 Origin not allowed,
 * 404 unknown/used/expired pass, 429 address blocked, 503 busy or no FreeSWITCH. A refused token counts as a failed
 * login of the address (the WebSocket and CometQL logins' throttle), so tokens cannot be guessed at speed.
 */
public final class GuestJoinRoute {
    private static final Logger log = LoggerFactory.getLogger(GuestJoinRoute.class);
    public static final String PATH = "/conference/guest";
    static final String TOKEN = "X-Comet-Guest-Token";
    static final String PROFILE = "X-Comet-Guest-Profile";

    private final GuestJoins joins;
    private final LoginThrottle loginThrottle;
    private final Executor executor;
    private final WsSection ws;
    private final RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofMinutes(1), Clock.systemUTC());

    /** @param executor runs the redemption (a store write), as the WebSocket logins do */
    public GuestJoinRoute(GuestJoins joins, LoginThrottle loginThrottle, Executor executor, WsSection ws) {
        this.joins = joins;
        this.loginThrottle = loginThrottle;
        this.executor = executor;
        this.ws = ws;
    }

    /** The request's answer goes to {@code answer} on the event loop; the request may be released on return. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, Consumer<FullHttpResponse> answer) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !ws.allowsOrigin(origin)) {
            answer.accept(HttpAnswers.jsonError(HttpResponseStatus.FORBIDDEN, "Origin " + origin + " is not allowed"));
            return;
        }
        String token = request.headers().get(TOKEN, "").strip();
        String profile = request.headers().get(PROFILE, "").strip();
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        HttpAnswers.offLoop(ctx, executor, () -> redeem(address, token, profile), answer);
    }

    private FullHttpResponse redeem(InetAddress address, String token, String profile) {
        Duration blocked = loginThrottle.blockedFor(address);
        if (!blocked.isZero()) {
            return HttpAnswers.loginsBlocked(blocked);
        }
        try {
            Map<String, Object> join = joins.redeem(token, profile);
            loginThrottle.succeeded(address);
            log.info("guest {} redeemed a pass for room {}", join.get("userId"), join.get("conference_name"));
            return HttpAnswers.json(HttpResponseStatus.OK, CometFrames.sortedJson(join));
        } catch (GuestJoins.RefusedException e) {
            refusals.warn("POST {} refused: {}", PATH, e.getMessage());
            if (e.refusal() == GuestJoins.Refusal.NOT_USABLE) {
                loginThrottle.failed(address, "http", "guest pass");
            }
            return HttpAnswers.jsonError(switch (e.refusal()) {
                case INVALID -> HttpResponseStatus.BAD_REQUEST;
                case NOT_USABLE -> HttpResponseStatus.NOT_FOUND;
                case NO_FREESWITCH -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            }, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("POST {} failed: {}", PATH, e.toString());
            return HttpAnswers.jsonError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error");
        }
    }

}
