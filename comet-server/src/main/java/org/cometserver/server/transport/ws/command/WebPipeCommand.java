package org.cometserver.server.transport.ws.command;

import org.cometserver.server.logging.RateLimitedLog;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsServices;
import org.cometserver.server.transport.ws.WsSession;
import org.cometserver.server.wiring.Publisher;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code web_pipe2\n<pipe>\n<event>\n<auth_type>\n<message>}: a browser publishes to a {@code web_*} channel
 * (docs/CPPCOMET.md §3.4). Every other subscriber gets the message with the sender's user id, the sender gets a
 * delivery report on {@code _answer_to_<pipe>} once it is published (and kept when the channel keeps history).
 * <p>
 * CppComet ran the message through {@code mysql_real_escape_string} before putting it in JSON (§3.9), which made
 * apostrophes break its own JS client; we send it unescaped (the JS API parses either form). The report's
 * {@code number_messages} is the real number of receivers (CppComet counted only frames of 126 bytes or more).
 */
final class WebPipeCommand implements WsCommand {
    private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(WebPipeCommand.class),
            Duration.ofMinutes(1), Clock.systemUTC());
    static final String WEB_PREFIX = "web_";
    static final String WEBAUTH_PREFIX = "webauth_";
    /** CppComet: {@code @web_x} publishes to {@code web_x} without the sender's id. */
    static final String ANONYMOUS_PREFIX = "@web_";
    private static final Map<String, Integer> FAILED = Map.of("number_messages", -1);

    @Override
    public void execute(WsSession session, String args) {
        WsServices services = session.services();
        long now = services.now();
        String rawPipe = ChannelNames.line(args, 0);
        String pipe = rawPipe;
        long senderId = session.userId();
        if (pipe.startsWith(ANONYMOUS_PREFIX)) {
            pipe = pipe.substring(1);
            senderId = 0;
        }
        if (!pipe.startsWith(WEB_PREFIX) && !pipe.startsWith(WEBAUTH_PREFIX)) {
            session.write(WsFrames.error("[pipe_msg2] Invalid channel name. The channel should begin with web_",
                    FAILED, now));
            return;
        }
        if (!ChannelNames.isValid(pipe)) {
            session.write(WsFrames.error("The channel name can only contain characters A-Za-z0-9_-", FAILED, now));
            return;
        }
        String event = ChannelNames.line(args, 1);
        if (!ChannelNames.isValid(event)) {
            session.write(WsFrames.error("The event name can only contain characters A-Za-z0-9_-", now));
            return;
        }
        // auth_type is exactly one character on its own line (the JS API sends '*')
        int authTypeStart = rawPipe.length() + event.length() + 2;
        if (args.length() < authTypeStart + 2 || args.charAt(authTypeStart) == '\n'
                || args.charAt(authTypeStart + 1) != '\n') {
            session.write(WsFrames.error("Invalid value auth_type", FAILED, now));
            return;
        }
        if (pipe.startsWith(WEBAUTH_PREFIX) && !session.authorized()) {
            session.write(WsFrames.error("[webauth_pipe_msg2] Invalid user auth. In to channel with name like"
                    + " webauth_* can not send messages anonim users", FAILED, now));
            return;
        }
        String message = args.substring(authTypeStart + 2);
        Publisher publisher = services.publisher();
        String reportedPipe = pipe;
        session.onLoop(publisher.publishWeb(session.devId(), pipe, event, message, senderId, session),
                delivered -> session.write(WsFrames.webDeliveryReport(reportedPipe, message, delivered,
                        services.now())),
                failure -> {
                    log.warn("web_pipe2 to {} failed: {}", reportedPipe, failure.toString());
                    session.write(WsFrames.error("The message was not published, try again later", FAILED,
                            services.now()));
                });
    }
}
