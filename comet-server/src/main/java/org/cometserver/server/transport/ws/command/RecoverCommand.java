package org.cometserver.server.transport.ws.command;

import org.cometserver.server.broker.HistoryPage;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.StreamPosition;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsServices;
import org.cometserver.server.transport.ws.WsSession;
import org.cometserver.server.wiring.Publisher;

import java.util.regex.Pattern;

/**
 * {@code recover\n<channel>\n<epoch>\n<offset>}: the publications of a subscribed channel the connection missed
 * after that position, oldest first, as ordinary channel frames, then the {@code _recovery} closing frame;
 * {@code recover\n<channel>\n\n} only learns the channel's position (docs/CLUSTER.md "Recovery after a reconnect").
 * At most the longest history ({@code [cometql] max_history_length}) is sent: a longer gap is not recovered.
 */
final class RecoverCommand implements WsCommand {
    /** Epochs are short base-36 words (the local broker) or ids of the same alphabet (Redis). */
    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern OFFSET = Pattern.compile("[0-9]{1,18}");

    @Override
    public void execute(WsSession session, String args) {
        WsServices services = session.services();
        long now = services.now();
        String channel = ChannelNames.line(args, 0);
        String epoch = ChannelNames.line(args, 1);
        String offset = ChannelNames.line(args, 2);
        if (!ChannelNames.isValid(channel)) {
            session.write(WsFrames.error("[recover] Invalid channel name.", now));
            return;
        }
        boolean learn = epoch.isEmpty() && offset.isEmpty();
        if (!learn && (!EPOCH.matcher(epoch).matches() || !OFFSET.matcher(offset).matches())) {
            session.write(WsFrames.error("[recover] Invalid position: expected recover\\n<channel>\\n<epoch>\\n"
                    + "<offset>", now));
            return;
        }
        Publisher publisher = services.publisher();
        if (publisher == null) {
            session.write(WsFrames.error("Unknown command", now));
            return;
        }
        if (!services.hub().subscriptions(session).contains(channel)) {
            session.write(WsFrames.error("[recover] Not subscribed to the channel " + channel, now));
            return;
        }
        StreamPosition since = learn ? null : new StreamPosition(Long.parseLong(offset), epoch);
        int limit = publisher.maxHistoryLength();
        // learning the position reads nothing but the top (a first subscription does not replay old history)
        session.onLoop(publisher.broker().history(session.devId(), channel, since, learn ? 0 : limit),
                page -> answer(session, channel, page, limit),
                failure -> session.write(WsFrames.error("[recover] History is not available now, try again later",
                        services.now())));
    }

    private static void answer(WsSession session, String channel, HistoryPage page, int limit) {
        for (Publication publication : page.publications()) {
            session.write(CometFrames.publication(publication));
        }
        // a gap longer than one answer: the client would skip what was not sent, so it reloads instead
        boolean cut = page.publications().size() >= limit && !page.publications().isEmpty()
                && page.publications().get(page.publications().size() - 1).position() != null
                && page.publications().get(page.publications().size() - 1).position().offset() < page.top().offset();
        session.write(WsFrames.recovered(channel, page.top(), page.recovered() && !cut, session.services().now()));
    }
}
